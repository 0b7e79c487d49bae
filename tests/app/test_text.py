"""Numbers in captions and labels (app/text.py)."""

from app.text import MINUS, number


def test_a_real_minus_and_no_negative_zero():
    assert number(-1.5) == f"{MINUS}1.5"
    assert number(-0.0) == "0"
    assert number(-1e-5, ".3f") == "0.000"
    assert number(2.0) == "2"
    assert "-" not in number(-2.5e-17)


def test_captions_never_say_minus_zero():
    from app.export import caption_text
    from app.state import SimulationState
    from physics.launch import LaunchState

    state = SimulationState(k=-1.0)
    state.add_launch(LaunchState(1.0, 0.5, -0.0, 0.3))
    text = caption_text(state)
    assert f"{MINUS}0 " not in text + " " and f"{MINUS}0," not in text
    assert f"k = {MINUS}1" in text


def test_exported_data_numbers_particles_as_the_window_shows_them(tmp_path):
    import numpy as np

    from app.export import export_data
    from app.state import SimulationState
    from physics.launch import LaunchState

    state = SimulationState()
    state.add_launches([LaunchState(1.5, 0.5, 0.0, 0.3), LaunchState(1.5, 1.0, 0.0, 0.3), LaunchState(2.0, 1.0, 0.1, 0.2)])
    state.remove(state.particles[0].id)  # the window now shows #2 and #3
    export_data(state, tmp_path / "d.npz")
    with np.load(tmp_path / "d.npz") as data:
        assert sorted(set(data["particle"].tolist())) == [2, 3]
    export_data(state, tmp_path / "d.csv")
    first = (tmp_path / "d.csv").read_text().splitlines()[1]
    assert first.startswith("2,")


def test_read_number_takes_finite_numbers_only_and_says_why_not():
    import pytest

    from app.text import read_number

    assert read_number(" -1.5e3 ") == -1500.0
    with pytest.raises(ValueError, match=r"^r0 must be a number, got 'abc'$"):
        read_number("abc", "r0")
    with pytest.raises(ValueError, match=r"^must be a finite number, got 'inf'$"):
        read_number("inf")
    with pytest.raises(ValueError, match="got 'x{40}'$"):
        read_number("x" * 100)


def test_read_choice_names_the_choices_it_refuses():
    import pytest

    from app.text import read_choice

    assert read_choice({"a": 1, "b": 2}, "b", "thing") == 2
    with pytest.raises(ValueError, match=r"^unknown thing 'c': use one of a, b$"):
        read_choice({"a": 1, "b": 2}, "c", "thing")
