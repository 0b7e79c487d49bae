"""The panels host the app/figures drawings: they follow the theme, export what they show, and never cut their text."""

import pytest
from matplotlib.colors import to_hex
from PySide6 import QtCore, QtGui, QtWidgets

from app.figures.export import export_panel
from physics.launch import LaunchState
from ui.panels.pendulum import PendulumPanel
from ui.panels.potential import PotentialPanel
from ui.panels.regime import RegimePanel
from ui.panels.scattering import ScatteringPanel
from ui.readouts import PlotsPanel, ReadoutPanel


@pytest.fixture(autouse=True)
def numpy_engine(monkeypatch):
    monkeypatch.setenv("DIPOLE_LAB_NO_NUMBA", "1")


@pytest.fixture
def launched(state):
    state.add_launches([LaunchState(1.0, 0.0, 0.0, 1.3), LaunchState(1.0, 0.0, -0.4, 0.8)])
    return state


def shown(qtbot, widget, size=(420, 320)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("cls", [RegimePanel, PendulumPanel, PlotsPanel])
def test_a_panel_figure_follows_the_theme_and_exports_what_it_shows(qtbot, launched, tmp_path, cls):
    panel = shown(qtbot, cls(launched))
    launched.set_theme("presentation")
    qtbot.waitUntil(lambda: to_hex(panel.figure.get_facecolor()) == "#000000", timeout=3000)
    assert all(to_hex(ax.get_facecolor()) == "#000000" for ax in panel.figure.axes)
    name, options = panel.figure_for_export()
    out = tmp_path / f"{name}.png"
    export_panel(launched, name, out, size=(480, 320), **options)
    assert out.stat().st_size > 1000
    launched.set_theme("print")
    qtbot.waitUntil(lambda: to_hex(panel.figure.get_facecolor()) == "#ffffff", timeout=3000)


def test_the_scattering_panel_exports_the_beam_it_shows(qtbot, launched, tmp_path):
    panel = shown(qtbot, ScatteringPanel(launched), (600, 420))
    assert panel.figure_for_export() == ("scattering", {})
    panel.n.setValue(7)
    panel.start.setValue(12.0)
    with qtbot.waitSignal(panel.computed, timeout=30000):
        panel.run()
    name, options = panel.figure_for_export()
    assert options["scattering"].result is panel.result and options["scattering"].k == launched.k
    launched.set_k(-2.0)  # the export still draws the beam at the k it was fired with, as the panel does
    assert panel.figure_for_export()[1]["scattering"].k == 1.0
    launched.set_theme("presentation")
    assert to_hex(panel.figure.get_facecolor()) == "#000000"
    export_panel(launched, name, tmp_path / "beam.svg", **options)
    assert (tmp_path / "beam.svg").stat().st_size > 1000


def test_the_potential_panel_typesets_in_the_theme(qtbot, launched):
    panel = shown(qtbot, PotentialPanel(launched))
    with qtbot.waitSignal(panel.typeset, timeout=20000):  # typeset in a worker
        launched.set_theme("presentation")
    assert to_hex(panel.figure.get_facecolor()) == "#000000"
    assert {to_hex(t.get_color()) for t in panel.figure.texts} == {"#ffffff"}


def text_fits(label: QtWidgets.QLabel) -> bool:
    """The label's whole text fits the room it was given (wrapped at its width)."""
    doc = QtGui.QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text()) if "<" in label.text() else doc.setPlainText(label.text())
    doc.setTextWidth(label.contentsRect().width())
    return doc.idealWidth() <= label.contentsRect().width() + 1 and doc.size().height() <= label.contentsRect().height() + 2


@pytest.mark.parametrize("width", [180, 260, 420])
def test_readout_rows_wrap_instead_of_being_cut(qtbot, launched, width):
    launched.add_launch(LaunchState(2.0, 1.0, 0.4, 0.3), "a charge with a rather long label")  # escapes: closest approach
    launched.select(launched.particles[-1].id)
    panel = shown(qtbot, ReadoutPanel(launched), (width, 500))
    panel.resize(width, panel.heightForWidth(width) if panel.hasHeightForWidth() else panel.sizeHint().height() + 200)
    QtWidgets.QApplication.processEvents()
    assert "closest approach r = " in panel.labels["fate"].text()
    assert panel.minimumSizeHint().width() <= width  # it asks for no more room than a narrow side page has
    assert panel.width() == width
    for key, label in panel.labels.items():
        assert text_fits(label), (key, label.text(), label.contentsRect())


def test_predict_buttons_keep_their_text_on_a_narrow_plot(qtbot, launched):
    from ui.predict import PredictOverlay

    parent = QtWidgets.QWidget()
    parent.resize(320, 400)
    overlay = PredictOverlay(parent)
    qtbot.addWidget(parent)
    parent.show()
    overlay.ask("What will this charge do?", "no predictions yet")
    overlay.place()
    QtWidgets.QApplication.processEvents()
    for button in overlay.buttons.values():
        need = button.fontMetrics().horizontalAdvance(button.text())
        assert button.width() >= need, button.text()
        assert overlay.geometry().contains(button.geometry().translated(overlay.pos()).topLeft())
    assert overlay.geometry().right() <= parent.width()
    parent.resize(1200, 600)
    overlay.place()
    QtWidgets.QApplication.processEvents()
    tops = {button.geometry().top() for button in overlay.buttons.values()}
    assert len(tops) == 1  # room enough: side by side again
    assert QtCore.QRect(0, 0, 1200, 600).contains(overlay.geometry())


def test_a_shown_panel_follows_a_k_drag_at_a_few_frames_a_second_and_ends_on_the_last_k(qtbot, launched):
    import time

    panel = shown(qtbot, PendulumPanel(launched))
    qtbot.wait(300)
    seen = []
    panel.refresh = lambda: seen.append(launched.k)
    ks = [1.0 + 0.02 * i for i in range(1, 31)]
    started = time.monotonic()
    for k in ks:  # a drag: a new k every 20 ms or so
        launched.set_k(k)
        qtbot.wait(20)
    elapsed = time.monotonic() - started
    qtbot.waitUntil(lambda: seen and seen[-1] == ks[-1], timeout=3000)
    # not one redraw per step (30): at most one per REFRESH_GAP_MS, so the plot keeps its frames
    assert len(seen) <= elapsed * 1000 / panel.REFRESH_GAP_MS + 2, (len(seen), elapsed)


def test_trust_values_keep_the_panels_font_when_the_theme_enlarges_it(qtbot, launched):
    from ui.panels.trust import TrustPanel

    panel = shown(qtbot, TrustPanel(launched))
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # as the presentation theme does
    panel.setFont(font)
    panel.refresh()
    QtWidgets.QApplication.processEvents()
    value = panel.values["energy"]
    assert value.fontInfo().pointSizeF() == pytest.approx(font.pointSizeF(), rel=0.1)
    assert value.font().bold()
