"""One line for every message (physics/messages.py), the rule the command line, the sessions and the window share."""

from physics.messages import one_line


def test_line_breaks_and_runs_of_spaces_become_one_space():
    assert one_line("a\n  b\t\tc\r\n") == "a b c"


def test_a_long_text_is_cut_to_the_limit_with_an_ellipsis():
    text = one_line("x" * 500, 40)
    assert len(text) == 40 and text.endswith("…")
    assert one_line("x" * 40, 40) == "x" * 40


def test_an_os_error_gives_its_reason_without_the_path():
    assert one_line(OSError(28, "No space left on device", "/some/where")) == "No space left on device"


def test_an_exception_without_a_message_gives_its_type():
    assert one_line(ZeroDivisionError()) == "ZeroDivisionError"
    assert one_line(ValueError("bad\nvalue")) == "bad value"
