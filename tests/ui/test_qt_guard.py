"""ui/qt_guard.py: an exception in an event filter is reported after the event, never raised into Qt."""

from __future__ import annotations

import sys

from PySide6 import QtCore, QtWidgets

from ui.qt_guard import guarded


class _Failing(QtCore.QObject):
    def __init__(self):
        super().__init__()
        self.calls = 0

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QtCore.QEvent.Type.ToolTipChange:
            self.calls += 1
            raise RuntimeError("a filter that fails")
        return False


def test_a_failing_filter_lets_the_event_through_and_reports_after_it(qtbot, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, trace: reported.append((kind, str(error))))
    label = QtWidgets.QLabel("x")
    qtbot.addWidget(label)
    failing = _Failing()
    label.installEventFilter(failing)
    label.setToolTip("first")  # would raise out of setToolTip (or worse) without the guard
    label.setToolTip("second")
    assert label.toolTip() == "second" and failing.calls == 2
    assert reported == []  # not inside the event
    qtbot.waitUntil(lambda: len(reported) == 2, timeout=2000)
    assert reported[0] == (RuntimeError, "a filter that fails")


def test_every_event_filter_of_the_window_is_guarded():
    import ast
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "ui"
    unguarded = []
    for path in sorted(ui.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "eventFilter" \
                    and not any(isinstance(d, ast.Name) and d.id == "guarded" for d in node.decorator_list):
                unguarded.append(f"{path.name}:{node.lineno}")
    assert unguarded == []
