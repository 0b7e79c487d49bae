"""Every command the README shows runs as written (issue 16): code blocks and the commands quoted in the text.

Each `python main.py …` (or `dipole-lab …`, the installed name of the same thing) runs in-process through
main.main in an empty folder that has the repository's examples/ and an empty docs/, so the paths read as
they do from a checkout and nothing in the repository is written. Commands that open the window run with
`--screenshot` added (offscreen). One change for time: `animate` runs with `--duration 0.5` instead of the
README's (or the default) seconds (the frames are the same code, fewer of them). Installing, testing and linting commands
(pip, pytest, ruff, .ci/run, apt-get, xdg-*) are not run here: they change the machine or run this suite.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ("python main.py", "dipole-lab")
OUTPUT_FLAGS = ("--out", "--screenshot")
pytestmark = pytest.mark.filterwarnings("ignore:Enum value 'Qt.+AA_UseHighDpiPixmaps:DeprecationWarning")  # matplotlib's Qt toolbar


def readme_commands(text: str) -> list[str]:
    """The app's commands in the README: lines of indented code blocks, parts of `&&` chains, `quoted` spans."""
    found = []
    for line in text.splitlines():
        if line.startswith("    "):
            found += [part.strip() for part in line.split("&&")]
    found += re.findall(r"`([^`\n]+)`", text)
    out = []
    for command in found:
        command = command.split(" # ", 1)[0].strip()
        if command.startswith(APP) and command not in out:
            out.append(command)
    return out


COMMANDS = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_shows_the_commands_we_expect_to_run():
    assert len(COMMANDS) >= 20
    assert any("examples/fan.csv" in c for c in COMMANDS) and any("examples/lesson.json" in c for c in COMMANDS)
    for command in COMMANDS:  # every file a command reads is one the repository ships
        for word in shlex.split(command):
            if word.startswith("examples/"):
                assert (ROOT / word).is_file(), f"{command}: {word} is not in the repository"


def argv_of(command: str) -> list[str]:
    words = shlex.split(command)
    words = words[2:] if words[:2] == ["python", "main.py"] else words[1:]
    if "animate" in words:  # the same frames, fewer of them
        if "--duration" in words:
            words[words.index("--duration") + 1] = "0.5"
        else:
            words += ["--duration", "0.5"]
    return words


@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_command_runs_as_written(command, tmp_path, monkeypatch, capsys):
    import main
    from app.cli import parse_args

    os.symlink(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    argv = argv_of(command)
    if parse_args(argv).command is None and "--screenshot" not in argv:
        argv += ["--screenshot", "window.png"]  # the window, offscreen
    if "--help" in argv:
        with pytest.raises(SystemExit) as info:
            main.main(argv)
        assert info.value.code == 0
        return
    status = main.main(argv)
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "error" not in captured.err.lower() and "Traceback" not in captured.err
    for flag in OUTPUT_FLAGS:
        if flag in argv:
            written = tmp_path / argv[argv.index(flag) + 1]
            assert written.is_file() and written.stat().st_size > 0, f"{command}: wrote no {written.name}"
