"""The player bar's time slider is never squeezed: it takes a row of its own when the bar is narrow
(a 1024-pixel projector in the presentation theme with the side panel open left it 10 pixels)."""

from app.state import SimulationState
from ui.player import MIN_SCRUB, Player, PlayerBar


def test_the_slider_takes_a_row_of_its_own_when_narrow_and_comes_back_when_wide(qtbot):
    state = SimulationState()
    bar = PlayerBar(state, Player(state))
    qtbot.addWidget(bar)
    bar.show()
    bar.resize(1200, 40)
    qtbot.waitUntil(lambda: not bar.scrub_has_own_row, timeout=2000)
    assert bar._scrub.width() >= MIN_SCRUB
    bar.resize(420, 40)
    qtbot.waitUntil(lambda: bar.scrub_has_own_row, timeout=2000)
    qtbot.waitUntil(lambda: bar._scrub.width() >= 300, timeout=2000)  # the whole width, less the margins
    assert bar._time.isVisible() and bar._time.width() >= bar._time.minimumWidth()
    bar.resize(1200, 60)
    qtbot.waitUntil(lambda: not bar.scrub_has_own_row, timeout=2000)
    bar.disconnect_state()
