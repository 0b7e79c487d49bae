"""UI tests run offscreen (tests/conftest.py); matplotlib's Qt toolbar still reads a deprecated Qt attribute.

Shared fixtures: `fresh_settings` (empty test-only settings before and after), `state` and `window`
(a shown MainWindow around that state); a test module opts in to fresh settings with
`pytestmark = pytest.mark.usefixtures("fresh_settings")`.
"""

import pytest

from app.state import SimulationState


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore:Enum value 'Qt.+AA_UseHighDpiPixmaps:DeprecationWarning")


@pytest.fixture
def fresh_settings():
    """Each test starts from empty (test-only) settings, so a layout saved by one never reaches the next."""
    from ui.main_window import app_settings

    app_settings().clear()
    yield
    app_settings().clear()


@pytest.fixture
def state():
    return SimulationState(k=1.0)


@pytest.fixture
def window(qtbot, state):
    from ui.main_window import MainWindow, app_settings

    w = MainWindow(state, settings=app_settings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.disconnect_state()


@pytest.fixture
def gated_derivation(monkeypatch):
    """Every derivation of a potential waits for the test to `set()` the returned gate (5 s at most).

    `gate.on_gui_thread` records, for each call, whether it ran on the GUI thread.
    """
    import threading

    from app import potentials

    real = potentials.prepare_potential
    gate = threading.Event()
    gate.on_gui_thread = []

    def slow(*args, **kwargs):
        gate.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        gate.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(potentials, "prepare_potential", slow)
    import ui.panels.potential  # it imported the name itself

    monkeypatch.setattr(ui.panels.potential, "prepare_potential", slow)
    yield gate
    gate.set()
    from ui.workers import wait_for_all

    wait_for_all(30000)


@pytest.fixture(autouse=True)
def computed_at_once(monkeypatch):
    """A window's paths arrive before the change that asked for them returns (ui/compute.py waits for them):
    the tests read them right after a change. tests/ui/test_compute.py sets its own wait."""
    import ui.compute

    monkeypatch.setattr(ui.compute, "WAIT_SECONDS", None)
