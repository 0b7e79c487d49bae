"""The window's start-up: `run(args)` opens the window, or with `--screenshot FILE.png` renders it offscreen.

main.py calls it when no subcommand is given; it is the only place that creates the QApplication. The
screenshot path renders the window exactly as it would look maximised on a screen of `--screen WxH`, in a
chosen `--theme`, with the analysis panels named by `--panel` open.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import os
import sys

from PySide6 import QtCore, QtWidgets

from app.presets import PRESET_NAMES
from app.themes import THEME_NAMES
from ui.collector import install as install_collector
from ui.i18n import translate
from ui.language import TRANSLATORS, check_language, resolve, saved_choice
from ui.main_window import APPLICATION, ORGANISATION, MainWindow, app_settings
from ui.qt_guard import guarded
from ui.qt_theme import ThemeStyle
from ui.workers import WarmUp, running, share_gil_finely

SCREENSHOT_SCREEN = (1600, 1000)
WARM_UP_FALLBACK_MS = 2000  # start loading what the first launch needs by then even if no paint was seen


def _fail(message: str) -> int:
    """One line naming the problem on stderr, and the command line's usage status."""
    sys.stderr.write(f"main.py: error: {message}\n")
    return 2


def _quiet_offscreen(mode, context, message: str) -> None:
    """Pass Qt's messages on, except the offscreen platform's notice that it cannot propagate size hints."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class AfterFirstPaint(QtCore.QObject):
    """Call `function` once, as soon as `widget` has first been painted (or after `fallback_ms`, whichever is first)."""

    def __init__(self, widget: QtWidgets.QWidget, function, fallback_ms: int = WARM_UP_FALLBACK_MS):
        super().__init__(widget)
        self._widget = widget
        self._function = function
        widget.installEventFilter(self)
        self._fallback = QtCore.QTimer(self, singleShot=True, interval=fallback_ms)
        self._fallback.timeout.connect(self._run)
        self._fallback.start()

    @guarded
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self._widget and event.type() == QtCore.QEvent.Type.Paint and self._function is not None:
            QtCore.QTimer.singleShot(0, self._run)  # once this paint is over
        return False

    def _run(self) -> None:
        function, self._function = self._function, None
        if function is None:
            return
        self._fallback.stop()
        self._widget.removeEventFilter(self)
        function()


def warm_up() -> None:
    """Build matplotlib's mathtext parser, load what the first launch needs (the compiled kernel, scipy's elliptic
    functions, the numpy engine if numba is off), then the point dipole's derived equations: run in a background
    thread once the window is on screen, so that neither the start, nor the first launch, nor the first look at
    the equations or at a formula waits for it.
    A launch made meanwhile uses the numpy engine (see physics.integration.batch)."""
    try:  # matplotlib's mathtext parser, built by the first formula drawn (0.12-0.15 s of the GUI thread before)
        from app.figures.text_metrics import warm_up_mathtext

        warm_up_mathtext()
    except Exception:  # the first formula builds it then
        pass
    try:
        from physics.integration.batch import preload

        engine = preload()
        import scipy.special  # noqa: F401 - the trust readout's exact paths

        if engine != "numba":
            import physics.integration.numpy_engine  # noqa: F401
    except Exception:  # the first launch then loads (and reports) it itself
        pass
    try:  # the equations sympy derives, which the Custom potential page and About show: 0.4-0.55 s the first time
        from physics.derivation import dipole_model

        dipole_model()
    except Exception:  # the page derives them itself then
        pass


def parse_screen(text: str | None) -> tuple[int, int] | None:
    """'1280x720' → (1280, 720); raises ValueError with the reason."""
    if text is None:
        return None
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise ValueError(f"--screen {text!r}: give the screen's size as WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (640 <= width <= 7680 and 480 <= height <= 4320):
        raise ValueError(f"--screen {text!r}: the size must be from 640x480 to 7680x4320")
    return width, height


def check_panels(names: list[str] | None) -> list[str]:
    """The side panel pages to bring to the front (the last named ends in front): page names, or 'all' for
    every analysis panel."""
    from ui.side_area import PAGE_TITLES, PANEL_PAGES

    chosen: list[str] = []
    for name in names or ():
        for page in PANEL_PAGES if name == "all" else (name,):
            if page not in PAGE_TITLES and page != "challenge":  # challenge: Simulation ▸ Challenge… (ui/challenge.py)
                raise ValueError(f"--panel {name!r}: unknown panel; use one of {', '.join(PAGE_TITLES)}, challenge or all")
            if page in chosen:
                chosen.remove(page)
            chosen.append(page)
    return chosen


def run(args) -> int:
    """Open the window, or render it into a PNG when args.screenshot is set; returns the exit status."""
    screenshot = getattr(args, "screenshot", None)
    preset = getattr(args, "preset", None)
    session = getattr(args, "session", None)
    theme = getattr(args, "window_theme", None)
    if preset is not None and preset not in PRESET_NAMES:
        return _fail(f"--preset {preset!r}: unknown preset; use one of {', '.join(PRESET_NAMES)}")
    if theme is not None and theme not in THEME_NAMES:
        return _fail(f"--theme {theme!r}: unknown theme; use one of {', '.join(THEME_NAMES)}")
    try:
        screen = parse_screen(getattr(args, "screen", None))
        panels = check_panels(getattr(args, "window_panels", None))
        language = check_language(getattr(args, "window_language", None))
    except ValueError as exc:
        return _fail(str(exc))
    if screenshot is not None:
        from app.cli import CliError, check_output_path

        try:
            check_output_path(screenshot, (".png",), "--screenshot")
        except CliError as exc:
            return _fail(str(exc))
    if "QT_QPA_PLATFORM" not in os.environ and sys.platform.startswith("linux") and not _has_display():
        if screenshot is None:
            # Qt would abort with a long message: say what to do instead
            return _fail("no display to open the window on (DISPLAY is not set): use --screenshot FILE.png to render it offscreen")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from app.files.session import load_session
    from app.state import SimulationState

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        QtCore.qInstallMessageHandler(_quiet_offscreen)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    from ui.desktop import app_icon

    app.setWindowIcon(app_icon())  # every window's icon, and the task bar's
    app.setDesktopFileName("dipole-lab")  # Wayland and the task bar match the window to dipole-lab.desktop
    app.setStyle(ThemeStyle())  # Fusion, the one style that honours a theme's palette on every platform
    share_gil_finely()  # the window's draws wait for the GIL behind workers for 0.5 ms, not 5
    from ui.recovery import check_settings, offer_recovery

    state = SimulationState()
    if screenshot:
        import ui.compute

        ui.compute.WAIT_SECONDS = None  # a screenshot shows the paths of what it was asked for, however long they take
    settings = None if screenshot else app_settings()
    TRANSLATORS.choice = language or saved_choice(settings)  # --lang, else View ▸ Language, else the system's
    TRANSLATORS.install(resolve(TRANSLATORS.choice))
    settings_notice = check_settings(settings)  # unreadable settings fall back to the defaults, with a notice
    window = MainWindow(state, settings=settings, screen_size=screen if screenshot else None)
    if preset is not None:
        window.load_preset(preset)
    if session is not None:
        try:
            load_session(session, state)
        except (OSError, ValueError) as exc:
            window.disconnect_state()
            return _fail(f"--session: {exc}")
        window.caption.setText(translate("MainWindow", "<b>Session</b> {name}").format(name=html.escape(os.path.basename(session))))
        window.files.mark_saved(session)
        if screenshot is None:
            window.files.add_recent(session)
    if theme is not None:
        state.set_theme(theme)
    for name in panels:
        window.play.open_challenge() if name == "challenge" else window.show_page(name)
    if screenshot is not None:
        return save_screenshot(app, window, screenshot, screen or SCREENSHOT_SCREEN)
    window.show()
    window.recovery = offer_recovery(window, state, settings_notice)  # clean up, offer a crashed run's autosave, autosave
    collector = install_collector(app)  # the garbage collector's long walks at quiet moments (ui/collector.py)
    # no settle while an animation plays or a worker computes (a settle is a full collection: a hitch on screen)
    collector.busy = lambda: window.player.playing or bool(running())
    # in a daemon thread (WarmUp); a first compile (fresh install) shows in the status bar until it ends
    warm = WarmUp(window, warm_up)
    warm.ended.connect(lambda _seconds: collector.settle_when_quiet())  # what it made lives as long as the window
    window.warm_up = AfterFirstPaint(window.canvas, warm.start)
    return app.exec()


def exit_now(status: int) -> None:
    """End the process as soon as the window has closed (main.py, after `run`).

    Everything the app keeps was written before the event loop returned (settings synced on close, the
    autosave removed on aboutToQuit); what is left is the interpreter taking apart sympy, numba, matplotlib
    and Qt object by object, 1.5-2 s on a two-core machine. So run the exit handlers, flush, and end here.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed or broken stream must not keep the process
            stream.flush()
    os._exit(status)


def save_screenshot(app: QtWidgets.QApplication, window: MainWindow, path: str, screen: tuple[int, int] = SCREENSHOT_SCREEN) -> int:
    """Run the setup to its end, grab the whole window as it looks maximised on `screen` into a PNG (written
    atomically) and close it."""
    from app.files import atomic_path

    window.confirm_close = False  # nobody is there to answer "Save changes?": closing must not wait
    window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.fit_screen(*screen)
    window.show()
    app.processEvents()
    window.state.set_time(window.state.duration)
    app.processEvents()
    window.flush_views()
    app.processEvents()
    # what the panels make in workers (the Custom potential page's equations) belongs in the picture; and a worker
    # still running when the process ends takes it down with it (Qt aborts on a running QThread's destruction)
    from ui.workers import wait_for_all

    wait_for_all()
    app.processEvents()
    window.flush_views()
    app.processEvents()
    pixmap = window.grab()
    try:
        with atomic_path(path) as tmp:
            if not pixmap.save(str(tmp), "PNG"):
                raise OSError("Qt could not write the image")
    except OSError as exc:
        window.close()
        return _fail(f"--screenshot {path!r}: cannot write: {exc}")
    window.close()
    return 0
