"""Start-up and exit of the window process (ui/startup.py, main.py)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ui.startup import check_panels, parse_screen

ROOT = Path(__file__).resolve().parents[2]


def test_closing_the_window_ends_the_process_at_once_after_the_exit_handlers(tmp_path):
    """The window's process runs the exit handlers (settings, temporary folders) and then ends, without the
    interpreter's teardown of every module (1.5-2 s): an object's __del__ at teardown never runs."""
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import atexit, os, sys
        sys.path.insert(0, {str(ROOT)!r})
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import ui.startup

        class Teardown:
            def __del__(self):
                open({str(tmp_path / "teardown")!r}, "w").close()

        keep = Teardown()
        atexit.register(lambda: open({str(tmp_path / "atexit")!r}, "w").close())

        def run(args):
            from PySide6 import QtCore, QtWidgets
            from app.state import SimulationState
            from ui.main_window import MainWindow
            app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
            window = MainWindow(SimulationState())
            window.show()
            QtCore.QTimer.singleShot(0, window.close)
            return app.exec() + 7

        ui.startup.run = run
        from main import main
        sys.exit(main([], end_process=True))
    """))
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                            env={"DIPOLE_LAB_TEST": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 7, result.stderr
    assert (tmp_path / "atexit").exists()
    assert not (tmp_path / "teardown").exists()


def test_screen_sizes_and_panel_names_are_checked():
    assert parse_screen("1280x720") == (1280, 720)
    assert parse_screen("1024×768") == (1024, 768)
    for bad in ("1280", "axb", "100x100", "99999x720"):
        with pytest.raises(ValueError, match="--screen"):
            parse_screen(bad)
    assert check_panels(["regime", "regime"]) == ["regime"]
    assert set(check_panels(["all"])) >= {"regime", "pendulum", "scattering", "graphs"}
    with pytest.raises(ValueError, match="--panel 'nonesuch'"):
        check_panels(["nonesuch"])


def test_screenshot_at_a_classroom_size_in_a_theme_with_a_panel(tmp_path, capsys):
    import argparse

    from PySide6 import QtGui

    from ui.startup import run

    def shoot(**args):
        return run(argparse.Namespace(**{"screenshot": str(tmp_path / "shot.png"), "preset": "fan", "session": None, **args}))

    assert shoot(screen="1024x768", window_theme="presentation", window_panels=["regime"]) == 0
    image = QtGui.QImage(str(tmp_path / "shot.png"))
    assert (image.width(), image.height()) == (1024, 768)
    corner = QtGui.QColor(image.pixel(3, image.height() - 3))  # the status bar
    assert corner.lightness() < 60  # the presentation theme is dark to the window's edge
    assert shoot(screen="big") == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--screen" in err


def test_the_window_takes_the_gil_back_from_workers_within_half_a_millisecond(tmp_path):
    """The GUI thread lets go of the GIL in every text it lays out (FreeType) and every Qt call; at Python's 5 ms
    slice a worker running pure Python made each such call wait up to 5 ms (bench/bench_gil_share.py: a panel's
    draw 20 times slower beside one, 4 times at 0.5 ms). run() sets the finer slice before the window exists."""
    import argparse

    from ui.startup import run
    from ui.workers import GIL_SWITCH_SECONDS

    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        assert run(argparse.Namespace(screenshot=str(tmp_path / "shot.png"), preset=None, session=None)) == 0
        assert sys.getswitchinterval() == pytest.approx(GIL_SWITCH_SECONDS)
        assert GIL_SWITCH_SECONDS <= 0.001
    finally:
        sys.setswitchinterval(before)
