"""The Chinese window: every text translated, the .ts file in step with the sources, the live switch, the fonts.

One window is built in zh_CN for the module (the runtime walk, then the switch to English and back on it).
"""

import re

import pytest
from PySide6 import QtCore, QtWidgets

from app import i18n as app_i18n
from ui import language
from ui.language import CHINESE, ENGLISH, SYSTEM, TRANSLATORS, localise, window_texts
from ui.translations import update

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
# what stays as it is in Chinese: proper names, file formats, units and symbols, keys, the language menu's endonyms,
# the names of the integrators and of Python's maths functions, and the numbers and symbols around them
KEPT = ("Dipole Lab", "English", "简体中文", "PNG", "SVG", "PDF", "CSV", "JSON", "NPZ", "NumPy", "MP4", "H.264", "GIF", "DPI",
        "rtol", "atol", "DOP853", "RK45", "Radau", "LSODA", "Esc", "Ctrl", "Shift", "Space", "Home", "PgUp", "PgDown", "Del",
        "sympy", "sin", "cos", "exp", "sqrt", "theta", "r_dot", "theta_dot", "r_min", "r_max", "t_max", "L_axis", "E0",
        "(rad)", "vx", "vy", "vz", "v_r", "v_z", "dr/dt", "dθ/dt", "vr0", "omega0")
SYMBOL = re.compile(r"[A-Za-z]{2,}")


def english_left(text: str) -> bool:
    """Whether `text` still reads as English: letters in words, once the kept names are taken out, and no Chinese."""
    if CJK.search(text):
        return False
    rest = re.sub(r"<[^>]+>", " ", text)  # rich text's tags
    for kept in KEPT:
        rest = rest.replace(kept, " ")
    return bool(SYMBOL.search(rest))


def test_english_left_tells_english_from_chinese_and_symbols():
    assert english_left("Field lines") and english_left("&File") and english_left("<b>Readout</b>")
    assert not english_left("电场线") and not english_left("k = 0") and not english_left("E = 1.5, C = −0.2")
    assert not english_left("Dipole Lab") and not english_left("PNG") and not english_left("#3  r²")


def test_the_chinese_translation_is_complete_and_in_step_with_the_sources():
    """No unfinished or empty entry, no text of the sources missing from the .ts (lupdate into a temporary
    file), none left over, and the .qm compiled from it."""
    assert update.problems(CHINESE) == []


def test_each_translation_keeps_its_placeholders_mnemonic_lines_and_tags():
    """A translation has the source's {placeholders} (format would fail or lose a number), a mnemonic if the
    source has one, as many line breaks, and the same rich-text tags."""
    placeholder = re.compile(r"\{[^{}]*\}")

    def mnemonic(text):
        return "&" in text.replace("&&", "").replace("&lt;", "").replace("&gt;", "")

    wrong = []
    for context, source, text in update.messages(update.ts_path(CHINESE)):
        if text is None:
            continue
        if (sorted(placeholder.findall(source)) != sorted(placeholder.findall(text)) or mnemonic(source) != mnemonic(text)
                or source.count("\n") != text.count("\n")
                or any(tag not in text for tag in re.findall(r"</?\w+>", source))):
            wrong.append(f"[{context}] {source!r} -> {text!r}")
    assert wrong == []


@pytest.fixture(scope="module")
def chinese_window(qapp):
    from app.state import SimulationState
    from ui.main_window import MainWindow

    TRANSLATORS.install(CHINESE)
    window = None
    try:
        state = SimulationState(k=1.0)
        window = MainWindow(state, settings=None)
        window.show()
        window.load_preset("capture-escape")  # particles in the list, a readout, a caption
        state.select(state.particles[0].id)
        QtWidgets.QApplication.processEvents()
        yield window
    finally:  # the other tests' windows are English
        if window is not None:
            window.disconnect_state()
            window.close()
            window.deleteLater()
        TRANSLATORS.install(ENGLISH)
        TRANSLATORS.choice = SYSTEM


def _dialogs(window):
    from ui.dialogs.export import AnimationExportDialog, FigureExportDialog
    from ui.dialogs.launch import LaunchDialog

    return [LaunchDialog(window.state, window), FigureExportDialog("/tmp/a.png", "default", parent=window,
                                                                    panel=("面板", "regime")),
            AnimationExportDialog("/tmp/a.mp4", "default", parent=window), window.shortcuts_dialog()]


def test_the_chinese_window_shows_no_english(chinese_window):
    """Every title, label, button, menu, action, item, tab, placeholder, tooltip, status tip and name for screen
    readers of the window, its side panel's pages and its dialogs is in Chinese (the kept names aside)."""
    window = chinese_window
    left = [f"{t.where}: {t.text!r}" for t in window_texts(window) if english_left(t.text)]
    for dialog in _dialogs(window):
        left += [f"{t.where}: {t.text!r}" for t in window_texts(dialog) if english_left(t.text)]
        dialog.setParent(None)  # gone before the next test walks the window
        dialog.deleteLater()
    QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    assert left == []


def test_the_chinese_figures_are_in_chinese_when_a_font_draws_it(chinese_window):
    """The plot's and the panels' labels, titles and legends follow the language when matplotlib has a CJK font."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    if not app_i18n.active():
        pytest.skip("no font that draws Chinese on this machine: the figures stay English by design")
    texts = []
    for page in ("particles", "graphs"):  # a page's figure is drawn when it is shown, as the student looks at it
        chinese_window.show_page(page)
        QtWidgets.QApplication.processEvents()
        chinese_window.flush_views()
        for canvas in chinese_window.findChildren(FigureCanvasQTAgg):
            if not canvas.isVisible():
                continue
            for ax in canvas.figure.axes:
                texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.texts)]
            for legend in canvas.figure.legends:
                texts += [t.get_text() for t in legend.get_texts()]
    chinese_window.show_page("particles")  # the window as the other tests of this module find it
    assert any(CJK.search(t) for t in texts)
    formulas = ("2Et² + 2r₀ṙ₀t + r₀²",)
    assert [t for t in texts if english_left(t) and t not in formulas] == []


def test_view_language_switches_the_open_window_and_remembers(chinese_window, tmp_path):
    """View ▸ Language ▸ English puts every text of the open window back in English, 简体中文 in Chinese again,
    and the choice is saved in the settings."""
    window = chinese_window
    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    window.language._settings = settings
    try:
        window.language.actions[ENGLISH].trigger()
        QtWidgets.QApplication.processEvents()
        assert settings.value(language.SETTING) == ENGLISH and TRANSLATORS.language == ENGLISH
        # (accessible names aside: Qt names its own dock buttons in the language it started in)
        assert [t.text for t in window_texts(window) if CJK.search(t.text) and t.text != "简体中文" and "accessibleName" not in t.where] == []
        assert window.file_menu.title() == "&File" and window.caption.text().startswith("<b>Capture and escape")
        assert window.windowTitle().startswith("Untitled")  # composed text is composed again (refresh_texts)
        window.language.actions[CHINESE].trigger()
        QtWidgets.QApplication.processEvents()
        assert settings.value(language.SETTING) == CHINESE and window.file_menu.title() == "文件(&F)"
        assert [t.where for t in window_texts(window) if english_left(t.text) and "accessibleName" not in t.where] == []
        assert language.saved_choice(settings) == CHINESE
    finally:
        window.language._settings = None


def test_the_physics_texts_are_found_in_the_catalogue(chinese_window):
    """What physics/ writes for people (fates, outcomes, refusals) is shown in Chinese, numbers kept: a template
    in ui/physics_text.py that no longer matches physics/'s English fails here."""
    import math

    from physics.exact import classify
    from physics.integration.scipy_engine import invariants
    from physics.launch import LaunchState
    from physics.outcome import outcome_text

    launches = [LaunchState(1.0, 0.0, 0.0, 1.30), LaunchState(1.0, 0.0, 0.0, 1.50), LaunchState(1.0, math.pi / 2, 0.0, 0.0),
                LaunchState(1.5, 0.0, 0.0, 0.0)]
    for launch in launches:
        fate = classify(launch, *invariants(launch, 1.0), 1.0)
        for text in (fate.describe(), outcome_text(fate)):
            assert CJK.search(localise(text)), text
    from physics.expressions import parse_expression

    for typed in ("", "k*cos(thta)/r", "k*sin/r", "r_dot*k"):
        with pytest.raises(ValueError) as refusal:
            parse_expression(typed, kind="U")
        assert CJK.search(localise(str(refusal.value))), str(refusal.value)
    assert localise("falls into the dipole at t = 1.25") == "在 t = 1.25 时落入偶极子"
    assert localise("not in the catalogue") == "not in the catalogue"


def test_without_a_cjk_font_the_figures_stay_english_and_the_window_says_why(monkeypatch, chinese_window):
    monkeypatch.setattr(language, "cjk_font", lambda: None)
    try:
        TRANSLATORS.install(CHINESE)
        assert not app_i18n.active() and "Noto Sans CJK SC" in TRANSLATORS.font_notice
        assert app_i18n.translate("Figures", "orbits") == "orbits"
        chinese_window.language._notice_said = False
        chinese_window.language.say_font_notice()
        assert chinese_window.statusBar().currentMessage() == TRANSLATORS.font_notice
    finally:
        monkeypatch.undo()
        TRANSLATORS.install(CHINESE)


def test_lang_flag_names_the_language_or_refuses():
    from app.cli import build_parser

    assert build_parser().parse_args(["--lang", "zh_CN"]).window_language == "zh_CN"
    assert language.check_language("zh-CN") == CHINESE and language.check_language("en") == ENGLISH
    with pytest.raises(ValueError, match="--lang 'fr'"):
        language.check_language("fr")


def test_system_language_follows_the_locale():
    assert language.system_language(QtCore.QLocale("zh_CN")) == CHINESE
    assert language.system_language(QtCore.QLocale("zh_TW")) == ENGLISH
    assert language.system_language(QtCore.QLocale("de_DE")) == ENGLISH


def test_the_cjk_font_is_a_fallback_in_english_too(qapp):
    """A figure's texts keep the fonts they were made with: the CJK font is a fallback from the start, so a
    figure made in English draws Chinese after View ▸ Language (no empty boxes)."""
    import matplotlib

    font = language.cjk_font()
    if font is None:
        pytest.skip("no font that draws Chinese on this machine")
    TRANSLATORS.install(ENGLISH)
    try:
        assert matplotlib.rcParams["font.family"][-1] == font and not app_i18n.active()
    finally:
        TRANSLATORS.install(ENGLISH)


def test_refusals_of_a_pasted_setup_or_a_session_file_read_in_chinese(chinese_window, monkeypatch):
    """Edit ▸ Paste setup and File ▸ Open show why a text or file is refused in the window's language (they showed
    the English of app/files under a Chinese title); the file name and Python's own reason stay as they are."""
    shown = []
    monkeypatch.setattr("ui.share_setup.show_error", lambda _window, title, text: shown.append((title, text)))
    before = TRANSLATORS.language
    TRANSLATORS.install(CHINESE)  # an earlier test may have switched the window's language
    try:
        _refusals_read_in_chinese(chinese_window, shown)
    finally:
        TRANSLATORS.install(before)


def _refusals_read_in_chinese(chinese_window, shown):
    from app.files.session import SessionError
    from app.files.share import setup_from_text

    chinese_window.sharing.paste_text("hello")
    assert len(shown) == 1 and shown[0][1].startswith("粘贴的设置：")
    for text in ("hello", "", "dipole-lab-setup:1:@@@"):
        with pytest.raises(SessionError) as refused:
            setup_from_text(text)
        said = localise(str(refused.value))
        assert said.startswith("粘贴的设置：") and not english_left(said.replace("Dipole Lab", "").replace("dipole-lab-setup", "")), said
    assert localise("a.json: is empty, not a session file") == "a.json：是空文件，不是会话文件"
    assert localise("a.json: is not valid JSON: Expecting value at line 3, column 7") == "a.json：不是有效的 JSON：第 3 行第 7 列，Expecting value"
    assert all(not english_left(text.replace("Dipole Lab", "").replace("dipole-lab-setup", "")) for _, text in shown), shown
