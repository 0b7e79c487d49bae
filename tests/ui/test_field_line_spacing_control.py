"""The Layers page's 'Line density shows |E|' box: box → state.display.field_line_spacing, state → box with no echo."""

from ui.controls import DipoleControls


def test_the_spacing_box_sets_the_display_and_follows_it(qtbot, state):
    controls = DipoleControls(state)
    qtbot.addWidget(controls)
    assert not controls.strength_spacing.isChecked()
    controls.strength_spacing.setChecked(True)
    assert state.display.field_line_spacing == "strength"
    emitted = []
    state.display_changed.connect(emitted.append)
    state.set_display(field_line_spacing="flux")
    assert not controls.strength_spacing.isChecked()
    assert len(emitted) == 1  # shown without writing back
    state.set_display(field_lines=False)
    assert not controls.strength_spacing.isEnabled()
