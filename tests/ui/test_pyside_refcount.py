"""Guards against PySide6 pitfalls: releases that drop a reference to None on every void-returning call, and layout items.

PySide6 6.12.0 on Python 3.11 loses one reference to None per call (about 2,000 over the loop below),
which aborts the interpreter after a few thousand events; requirements.txt pins a release without it.
"""

import sys

import PySide6
from PySide6 import QtWidgets

CALLS = 1000


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def test_installed_pyside6_is_below_6_12():
    assert _version(PySide6.__version__) < (6, 12), f"PySide6 {PySide6.__version__}: the requirements pin <6.12"


def test_void_calls_keep_none_refcount(qtbot):
    label = QtWidgets.QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.update()
        label.setText("x")
    after = sys.getrefcount(None)
    assert before - after <= 50, f"sys.getrefcount(None) fell by {before - after} over {2 * CALLS} void calls"


def test_qtest_events_keep_none_refcount(qtbot):
    """The monkey test (test_fuzz.py) sends thousands of QTest events: 6.12.0 lost a reference to None on each one."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    button = QtWidgets.QPushButton("x")
    edit = QtWidgets.QLineEdit()
    for widget in (button, edit):
        qtbot.addWidget(widget)
        widget.show()
    before = sys.getrefcount(None)
    for _ in range(200):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        QTest.keyClick(edit, Qt.Key.Key_A)
    after = sys.getrefcount(None)
    assert before - after <= 50, f"sys.getrefcount(None) fell by {before - after} over 200 QTest clicks and 200 key presses"


def test_layout_items_are_kept_by_pyside_so_the_window_never_asks_for_them(qtbot):
    """PySide keeps the wrapper of every item QLayout.itemAt hands out for the layout's lifetime, and Qt deletes an
    item when its widget leaves the layout: the stale wrapper then stands for whatever Qt puts at that address next
    (the GUI monkey read a new status bar as a QWidgetItem; a call through such a wrapper can crash). So ui/ finds
    its widgets with indexOf and never touches layout items."""
    import gc
    import re
    from pathlib import Path

    holder = QtWidgets.QWidget()
    qtbot.addWidget(holder)
    row = QtWidgets.QHBoxLayout(holder)
    row.addWidget(QtWidgets.QLabel("a"))
    first = id(row.itemAt(0))
    gc.collect()
    assert id(row.itemAt(0)) == first  # the same wrapper: the layout holds it (the reason for the rule below)
    ui = Path(__file__).resolve().parents[2] / "ui"
    calls = [f"{path.relative_to(ui.parent)}:{n}" for path in sorted(ui.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.(itemAt|takeAt|itemAtPosition)\(", line.split("#")[0])]
    assert calls == []
