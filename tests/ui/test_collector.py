"""The garbage collector's long walks at quiet moments (ui/collector.py): after a settle the automatic collections walk
only what was made since, nothing set aside is lost for good, and the window settles only when nobody is at it."""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from ui import collector


class Node:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self):
        self.me = self


@pytest.fixture(autouse=True)
def unfrozen():
    yield
    gc.unfreeze()  # the rest of the test process as it was


def test_after_a_settle_a_collection_walks_only_what_was_made_since():
    many = [Node() for _ in range(20_000)]
    collector.settle()
    assert gc.get_freeze_count() >= 20_000
    assert len(gc.get_objects()) < 1000  # what the collections walk now
    del many


def test_what_was_set_aside_and_became_garbage_goes_at_the_next_settle():
    node = Node()
    gone = weakref.ref(node)
    collector.settle()
    del node
    gc.collect()
    assert gone() is not None  # set aside: the automatic collections do not see it
    collector.settle()
    assert gone() is None


def _input(widget):
    QtWidgets.QApplication.sendEvent(widget, QtGui.QKeyEvent(QtCore.QEvent.Type.KeyPress, QtCore.Qt.Key.Key_A,
                                                              QtCore.Qt.KeyboardModifier.NoModifier))


def test_the_window_settles_when_nobody_is_at_it_and_not_too_often(qtbot, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: clock[0])
    app = QtWidgets.QApplication.instance()
    quiet = collector.QuietCollector(app)
    widget = QtWidgets.QLineEdit()
    qtbot.addWidget(widget)
    try:
        _input(widget)
        clock[0] += collector.QUIET_SECONDS / 2
        quiet._check()
        assert quiet.settles == 0  # a key a moment ago: somebody is at it
        clock[0] += collector.QUIET_SECONDS
        quiet._check()
        assert quiet.settles == 1
        clock[0] += collector.SETTLE_EVERY_SECONDS / 2
        quiet._check()
        assert quiet.settles == 1  # not again so soon
        quiet.settle_when_quiet()  # the warm-up has made the model: settle at the next quiet moment
        quiet._check()
        assert quiet.settles == 2
        clock[0] += collector.SETTLE_EVERY_SECONDS
        _input(widget)
        quiet._check()
        assert quiet.settles == 2
        clock[0] += collector.QUIET_SECONDS
        quiet.busy = lambda: True  # an animation plays, a worker computes: a settle would be a hitch on screen
        quiet._check()
        assert quiet.settles == 2
        quiet.busy = lambda: False
        quiet._check()
        assert quiet.settles == 3
    finally:
        app.removeEventFilter(quiet)
        quiet.deleteLater()


def test_the_window_settles_once_its_warm_up_is_over(qtbot, monkeypatch):
    """run() makes the collector, and asks it to settle at the next quiet moment once the warm-up (the model derived,
    the fast engine loaded) has ended: what it made lives as long as the window."""
    import argparse

    from ui import startup

    asked = []
    monkeypatch.setattr(collector.QuietCollector, "settle_when_quiet", lambda self: asked.append(True))
    monkeypatch.setattr(QtWidgets.QApplication, "exec", lambda *a: 0)  # the window is left open: closed below
    monkeypatch.setattr(startup, "warm_up", lambda: None)
    app = QtWidgets.QApplication.instance()
    before = set(app.topLevelWidgets())
    assert startup.run(argparse.Namespace(screenshot=None, preset=None, session=None)) == 0
    window = next(w for w in app.topLevelWidgets() if w not in before and type(w).__name__ == "MainWindow")
    try:
        quiet = app.findChild(collector.QuietCollector)
        assert quiet is not None
        qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
        assert not quiet.busy()
        window.player.play()  # an animation on screen: not a moment to settle
        assert quiet.busy()
        window.player.pause()
    finally:
        window.confirm_close = False
        window.close()
        quiet = app.findChild(collector.QuietCollector)
        if quiet is not None:  # the rest of the tests run without it
            app.removeEventFilter(quiet)
            quiet._timer.stop()
            quiet.setParent(None)
            quiet.deleteLater()
