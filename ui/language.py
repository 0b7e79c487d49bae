"""The window's language: which one (system, English, 简体中文), its Qt translators, its figure font, and the
live switch of View ▸ Language.

The language is chosen once before the window is built (`--lang`, else the setting View ▸ Language saved,
else the system's locale) and installed with `install`: the app's own translation
(ui/translations/dipole_lab_<code>.qm) and Qt's for its standard buttons. Figures follow through
app.i18n's translator, but only when matplotlib has a font that draws Chinese (`cjk_font`): otherwise
they stay English and the window says why once.

A switch while the window is open (`LanguageMenu`) retranslates every text the window shows: static text
(titles, buttons, menus, tooltips) is looked up in the catalogue read from the .ts file (the text in the
old language, a template such as "t = {t}" matched with its numbers, gives the text in the new one), and
what the views rebuild from the model (readouts, lists, figures) is rebuilt by one theme_changed.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from app import i18n as app_i18n
from app.i18n import QT_TRANSLATE_NOOP
from ui.i18n import translate

TRANSLATIONS = Path(__file__).with_name("translations")
SETTING = "view/language"
SYSTEM = "system"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)
# each language's name in itself (a language menu shows endonyms); "System" is translated
ENDONYMS = {ENGLISH: "English", CHINESE: "简体中文"}
# fonts that draw Simplified Chinese, Windows, macOS then Linux families; the first matplotlib has is used
CJK_FONTS = (
    "Microsoft YaHei", "SimHei", "DengXian", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN", "AR PL UKai CN",
)


# the themes' names in the window (app/themes.py names them in lower case for the command line)
THEME_TITLES = {"default": QT_TRANSLATE_NOOP("Themes", "Default"), "presentation": QT_TRANSLATE_NOOP("Themes", "Presentation"),
                "print": QT_TRANSLATE_NOOP("Themes", "Print")}


def theme_title(name: str) -> str:
    """A theme's name in the window's language."""
    return translate("Themes", THEME_TITLES[name]) if name in THEME_TITLES else name.capitalize()


def preset_title(preset) -> str:
    """A preset's title in the window's language (app/presets.py marks it)."""
    return translate("Presets", preset.title)


def preset_description(preset) -> str:
    """A preset's description in the window's language (app/presets.py marks it)."""
    return translate("Presets", preset.description)


# the matplotlib navigation toolbar's buttons (matplotlib's NavigationToolbar2.toolitems): text → tooltip
TOOLBAR = {
    "Home": (QT_TRANSLATE_NOOP("Toolbar", "Home"), QT_TRANSLATE_NOOP("Toolbar", "Reset original view")),
    "Back": (QT_TRANSLATE_NOOP("Toolbar", "Back"), QT_TRANSLATE_NOOP("Toolbar", "Back to previous view")),
    "Forward": (QT_TRANSLATE_NOOP("Toolbar", "Forward"), QT_TRANSLATE_NOOP("Toolbar", "Forward to next view")),
    "Pan": (QT_TRANSLATE_NOOP("Toolbar", "Pan"),
            QT_TRANSLATE_NOOP("Toolbar", "Left button pans, Right button zooms\nx/y fixes axis, CTRL fixes aspect")),
    "Zoom": (QT_TRANSLATE_NOOP("Toolbar", "Zoom"), QT_TRANSLATE_NOOP("Toolbar", "Zoom to rectangle\nx/y fixes axis")),
    "Subplots": (QT_TRANSLATE_NOOP("Toolbar", "Subplots"), QT_TRANSLATE_NOOP("Toolbar", "Configure subplots")),
    "Customize": (QT_TRANSLATE_NOOP("Toolbar", "Customize"), QT_TRANSLATE_NOOP("Toolbar", "Edit axis, curve and image parameters")),
    "Save": (QT_TRANSLATE_NOOP("Toolbar", "Save"), QT_TRANSLATE_NOOP("Toolbar", "Save the figure")),
}


def translate_toolbar(toolbar: QtWidgets.QToolBar) -> None:
    """matplotlib's navigation toolbar (its own English texts) in the window's language."""
    for action in toolbar.actions():
        if action.text() in TOOLBAR:
            text, tip = TOOLBAR[action.text()]
            action.setText(translate("Toolbar", text))
            action.setToolTip(translate("Toolbar", tip))


def check_language(code: str | None) -> str | None:
    """`code` (system, en, zh_CN; zh-CN and zh are accepted) or ValueError naming the choices."""
    if code is None:
        return None
    normal = {"system": SYSTEM, "en": ENGLISH, "en_us": ENGLISH, "en_gb": ENGLISH, "zh": CHINESE, "zh_cn": CHINESE,
              "zh_hans": CHINESE}.get(code.strip().lower().replace("-", "_"))
    if normal is None:
        raise ValueError(f"--lang {code!r}: unknown language; use one of system, en, zh_CN")
    return normal


def system_language(locale: QtCore.QLocale | None = None) -> str:
    """zh_CN for a Simplified Chinese locale, else English."""
    locale = locale or QtCore.QLocale.system()
    if locale.language() == QtCore.QLocale.Language.Chinese and locale.script() != QtCore.QLocale.Script.TraditionalChineseScript:
        return CHINESE
    return ENGLISH


def saved_choice(settings: QtCore.QSettings | None) -> str:
    """The choice View ▸ Language saved (system when none, or an unknown one)."""
    value = settings.value(SETTING) if settings is not None else None
    return value if value in (SYSTEM, *LANGUAGES) else SYSTEM


def resolve(choice: str) -> str:
    """The language a choice means here (system → the locale's)."""
    return system_language() if choice == SYSTEM else choice


class Translators:
    """The translators installed on the application for one language at a time."""

    def __init__(self):
        self.language = ENGLISH
        self.choice = SYSTEM  # what was asked for (system, en, zh_CN): View ▸ Language shows it
        self._installed: list[QtCore.QTranslator] = []
        self.font_notice = ""  # why figures stay English, when they do; said once

    def install(self, language: str) -> str:
        """Install `language` (en or zh_CN); returns the language installed (English when its file is missing)."""
        app = QtCore.QCoreApplication.instance()
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed = []
        if language != ENGLISH:
            own = QtCore.QTranslator(app)
            if not own.load(str(TRANSLATIONS / f"dipole_lab_{language}.qm")):
                language = ENGLISH
            else:
                self._installed.append(own)
                qt = QtCore.QTranslator(app)
                qt_dir = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
                if qt.load(f"qtbase_{language}", qt_dir):  # the standard buttons: OK, Cancel, Save…
                    self._installed.append(qt)
        for translator in self._installed:
            app.installTranslator(translator)
        self.language = language
        self.font_notice = ""
        figures_translated = False
        # the CJK font goes into matplotlib's fonts whatever the language: a figure's texts keep the fonts they
        # were made with, so a figure made in English can be redrawn in Chinese after View ▸ Language
        font = use_cjk_font()
        if language != ENGLISH:
            if font is None:
                self.font_notice = translate(
                    "Language", "Figures stay in English: no font that draws Chinese was found "
                    "(install one, e.g. Noto Sans CJK SC or WenQuanYi Micro Hei)")
            else:
                figures_translated = True
        app_i18n.set_translator(_figure_translator if figures_translated else None)
        return language


def _figure_translator(context: str, text: str) -> str:
    return QtCore.QCoreApplication.translate(context, text)


def cjk_font() -> str | None:
    """The first font of CJK_FONTS that matplotlib knows, or None."""
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in known), None)


class _NoBoldNotice(logging.Filter):
    """matplotlib says on stderr that a CJK fallback font has no bold weight each time bold text is laid out:
    expected (it has one weight), and the command line's errors must stay one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.getMessage().startswith("findfont: Failed to find font weight") and any(
            name in record.getMessage() for name in CJK_FONTS))


def use_cjk_font() -> str | None:
    """Let matplotlib draw Chinese with a CJK font after its own (latin, Greek and maths stay in DejaVu Sans)."""
    import matplotlib

    font = cjk_font()
    if font is not None:
        quiet = logging.getLogger("matplotlib.font_manager")
        if not any(isinstance(f, _NoBoldNotice) for f in quiet.filters):
            quiet.addFilter(_NoBoldNotice())
        # a list of families, not the generic "sans-serif" (which matplotlib resolves to one font): each glyph
        # comes from the first family that has it, so the CJK font fills in only what DejaVu Sans lacks
        families = [name for name in matplotlib.rcParams["font.family"] if name not in (font, "sans-serif")]
        matplotlib.rcParams["font.family"] = [*families, "DejaVu Sans", font] if "DejaVu Sans" not in families else [*families, font]
    return font


TRANSLATORS = Translators()


# --- the catalogue and the live switch ------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translation: str


def catalogue(language: str) -> list[Entry]:
    """Every message of the language's .ts file (empty for English, whose text is the source)."""
    path = TRANSLATIONS / f"dipole_lab_{language}.ts"
    if language == ENGLISH or not path.exists():
        return []
    entries = []
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            entries.append(Entry(name, message.findtext("source", ""), translation.text or ""))
    return entries


PREFIX = 4  # characters of a template's first words that index it
_LETTERS = re.compile(r"[^\W\d_]")
KNOWN_TEXTS = 20000  # texts remembered by a Retranslator (then it starts again)
_PLACEHOLDER = re.compile(r"\{(\w+)(?:[!:][^{}]*)?\}")


class Retranslator:
    """Text in one language → the same text in another, from the catalogue: exact texts, and templates with
    placeholders ("t = {t:.2f}") whose values are carried over as they are shown."""

    def __init__(self, old: str, new: str):
        self.exact: dict[str, str] = {}
        self.templates: list[tuple[tuple[str, ...], re.Pattern, str]] = []  # (literal pieces, pattern, translation)
        self._known: dict[str, str | None] = {}  # texts already looked up (a list of many particles repeats them)
        entries = catalogue(CHINESE)  # the one translated language: English is every entry's source
        for entry in entries:
            before = entry.source if old == ENGLISH else entry.translation
            after = entry.source if new == ENGLISH else entry.translation
            if not before or before == after:
                continue
            self.exact.setdefault(before, after)
            if "&" in before:  # the same text shown without its mnemonic (shortcut lists, tooltips)
                self.exact.setdefault(_strip_mnemonic(before), _strip_mnemonic(after))
            if _PLACEHOLDER.search(before):
                pattern = _template_pattern(before)
                if pattern is not None:
                    pieces = tuple(piece for piece in _PLACEHOLDER.sub("\0", before).split("\0") if piece.strip())
                    self.templates.append((pieces, pattern, after))
        self.templates.sort(key=lambda item: -len(item[1].pattern))  # the most specific first
        # templates that start with words, by their first PREFIX characters; the others are tried for every text
        self._by_start: dict[str, list] = {}
        self._open: list = []
        for template in self.templates:
            pattern = template[1].pattern
            start = re.match(r"(?:\\.|[^\\(])*", pattern).group(0)  # the escaped literal before the first group
            start = re.sub(r"\\(.)", r"\1", start)
            (self._by_start.setdefault(start[:PREFIX], []) if len(start) >= PREFIX else self._open).append(template)

    def _match(self, text: str) -> tuple[re.Match, str] | None:
        """The first template that `text` is an instance of (whether it holds the template's words is checked first: fast)."""
        if not _LETTERS.search(text):
            return None  # a number or a symbol is shown as it is
        candidates = self._by_start.get(text[:PREFIX], [])
        for pieces, pattern, after in (*candidates, *self._open) if candidates else self._open:
            if all(piece in text for piece in pieces):
                match = pattern.fullmatch(text)
                if match:
                    return match, after
        return None

    def _value(self, value: str, depth: int = 0) -> str:
        """A value shown in a template, in the new language when the catalogue knows it (as rich text, escaped)."""
        if value in self.exact:
            return self.exact[value]
        plain = _unescaped(value)
        if plain != value and plain in self.exact:
            return html.escape(self.exact[plain], quote=False)
        found = self._match(value) if depth < 2 and value else None
        if found is not None:
            match, after = found
            return _fill(after, {name: self._value(v, depth + 1) for name, v in match.groupdict().items()})
        return value

    def __call__(self, text: str) -> str | None:
        """The text in the new language, or None when the catalogue does not know it."""
        if not text:
            return None
        if text in self.exact:
            return self.exact[text]
        if text in self._known:
            return self._known[text]
        found = self._match(text)
        out = None
        if found is not None:  # the values shown are carried over, translated themselves when the catalogue knows them
            match, after = found
            out = _fill(after, {name: self._value(value) for name, value in match.groupdict().items()})
        if len(self._known) > KNOWN_TEXTS:
            self._known.clear()
        self._known[text] = out
        return out


def _unescaped(text: str) -> str:
    return html.unescape(text)


def _fill(template: str, values: dict[str, str]) -> str:
    """The template with each placeholder replaced by the text shown for it."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _template_pattern(template: str) -> re.Pattern | None:
    parts, names, last = [], set(), 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.*?)")
        names.add(name)
        last = match.end()
    parts.append(re.escape(template[last:]))
    try:
        return re.compile("".join(parts), re.DOTALL)
    except re.error:
        return None


@dataclass
class Text:
    """One text the window shows: where it is (for messages), what it is, and how to set it."""

    where: str
    text: str
    set: object  # a callable taking the new text


def _strip_mnemonic(text: str) -> str:
    return re.sub(r"\(&.\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


def window_texts(root: QtWidgets.QWidget, tooltips: bool = True) -> list[Text]:
    """Every text `root` and its children show: titles, labels, buttons, menus and actions, items of lists,
    combo boxes, tables and tabs, placeholders, tooltips and status tips, accessible names."""
    found: list[Text] = []

    def add(where, text, setter):
        if text:
            found.append(Text(where, text, setter))

    widgets = [root, *root.findChildren(QtWidgets.QWidget)]
    for widget in widgets:
        kind = type(widget).__name__
        name = f"{kind}({widget.objectName() or widget.accessibleName()})"
        if widget.isWindow() or isinstance(widget, QtWidgets.QDockWidget):
            add(f"{name}.windowTitle", widget.windowTitle(), widget.setWindowTitle)
        if tooltips:
            add(f"{name}.toolTip", widget.toolTip(), widget.setToolTip)
            add(f"{name}.statusTip", widget.statusTip(), widget.setStatusTip)
            add(f"{name}.whatsThis", widget.whatsThis(), widget.setWhatsThis)
            add(f"{name}.accessibleName", widget.accessibleName(), widget.setAccessibleName)
        if isinstance(widget, (QtWidgets.QLabel, QtWidgets.QAbstractButton)):
            add(f"{name}.text", widget.text(), widget.setText)
        elif isinstance(widget, (QtWidgets.QGroupBox, QtWidgets.QMenu)):
            add(f"{name}.title", widget.title(), widget.setTitle)
        elif isinstance(widget, QtWidgets.QLineEdit):
            add(f"{name}.placeholderText", widget.placeholderText(), widget.setPlaceholderText)
        elif isinstance(widget, QtWidgets.QComboBox):
            for i in range(widget.count()):
                add(f"{name}.item{i}", widget.itemText(i), lambda t, w=widget, i=i: w.setItemText(i, t))
        elif isinstance(widget, QtWidgets.QTabBar):
            for i in range(widget.count()):
                add(f"{name}.tab{i}", widget.tabText(i), lambda t, w=widget, i=i: w.setTabText(i, t))
        elif isinstance(widget, QtWidgets.QListWidget):
            for i in range(widget.count()):
                item = widget.item(i)
                add(f"{name}.item{i}", item.text(), item.setText)
                if tooltips:
                    add(f"{name}.item{i}.toolTip", item.toolTip(), item.setToolTip)
        elif isinstance(widget, QtWidgets.QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                if header is not None:
                    add(f"{name}.header{column}", header.text(), header.setText)
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    if item is not None:
                        add(f"{name}.cell{row},{column}", item.text(), item.setText)
        if isinstance(widget, QtWidgets.QAbstractSpinBox) and hasattr(widget, "suffix"):
            add(f"{name}.suffix", widget.suffix(), widget.setSuffix)
            add(f"{name}.prefix", widget.prefix(), widget.setPrefix)
            add(f"{name}.specialValueText", widget.specialValueText(), widget.setSpecialValueText)
    actions = {id(a): a for w in widgets for a in w.actions()}
    actions.update({id(a): a for a in root.findChildren(QtGui.QAction)})
    for action in actions.values():
        if action.isSeparator():
            continue
        name = f"QAction({action.objectName() or _strip_mnemonic(action.text())})"
        text = action.text()
        add(f"{name}.text", text, action.setText)
        if tooltips:
            tip = action.toolTip()
            if tip and tip != _strip_mnemonic(text).replace("…", "").strip() and tip != _strip_mnemonic(text):
                add(f"{name}.toolTip", tip, action.setToolTip)
            add(f"{name}.statusTip", action.statusTip(), action.setStatusTip)
    return found


def retranslate(root: QtWidgets.QWidget, old: str, new: str) -> int:
    """Put every text of `root` that the catalogue knows into the new language; returns how many changed."""
    change = _retranslator(old, new)
    changed = 0
    for text in window_texts(root):
        after = change(text.text)
        if after is not None and after != text.text:
            text.set(after)
            changed += 1
    return changed


_retranslators: dict[tuple[str, str], Retranslator] = {}


def _retranslator(old: str, new: str) -> Retranslator:
    """The Retranslator from one language to another (read from the catalogue once)."""
    if (old, new) not in _retranslators:
        _retranslators[old, new] = Retranslator(old, new)
    return _retranslators[old, new]


def localise(text: str) -> str:
    """English text from physics/ or app/ (a fate, an outcome, a refusal) in the window's language, when the
    catalogue has it (ui/physics_text.py marks the templates); otherwise as it is."""
    language = TRANSLATORS.language
    if language == ENGLISH or not text:
        return text
    return _retranslator(ENGLISH, language)(text) or text


def figure_text(text: str) -> str:
    """English text from physics/ or app/ for a figure: localised when the figures are translated (a CJK font), else as it is."""
    return localise(text) if app_i18n.active() else text


class LanguageMenu(QtCore.QObject):
    """View ▸ Language: System, English, 简体中文; the choice is saved and applied at once."""

    def __init__(self, window: QtWidgets.QMainWindow, menu: QtWidgets.QMenu, settings: QtCore.QSettings | None):
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.menu = menu.addMenu(translate("MainWindow", "&Language"))
        self.menu.setObjectName("language_menu")
        group = QtGui.QActionGroup(self)
        self.actions: dict[str, QtGui.QAction] = {}
        for choice in (SYSTEM, *LANGUAGES):
            text = translate("Language", "System") if choice == SYSTEM else ENDONYMS[choice]
            action = QtGui.QAction(text, self, checkable=True)
            action.setObjectName(f"language_{choice}")
            action.triggered.connect(lambda _on=False, choice=choice: self.choose(choice))
            group.addAction(action)
            self.menu.addAction(action)
            self.actions[choice] = action
        self.actions[TRANSLATORS.choice if TRANSLATORS.choice in self.actions else SYSTEM].setChecked(True)
        self._notice_said = False
        QtCore.QTimer.singleShot(0, self.say_font_notice)

    def say_font_notice(self) -> None:
        """Say once why the figures stay English (no CJK font), in the status bar."""
        if TRANSLATORS.font_notice and not self._notice_said:
            self._notice_said = True
            self._window.statusBar().showMessage(TRANSLATORS.font_notice, 15000)

    def choose(self, choice: str) -> None:
        """Save the choice and show the window in its language now."""
        if self._settings is not None:
            self._settings.setValue(SETTING, choice)
        self.actions[choice].setChecked(True)
        TRANSLATORS.choice = choice
        old = TRANSLATORS.language
        new = TRANSLATORS.install(resolve(choice))
        if new == old:
            return
        change = _retranslator(old, new)
        for window in QtWidgets.QApplication.topLevelWidgets():  # the main window, the 3-D view, a floating side panel
            retranslate(window, old, new)
            for part in (window, *window.findChildren(QtCore.QObject)):  # the parts that compose their text rebuild it
                if hasattr(part, "refresh_texts"):
                    part.refresh_texts()
            if isinstance(window, QtWidgets.QMainWindow) and window.statusBar().currentMessage():
                message = change(window.statusBar().currentMessage())
                if message is not None:
                    window.statusBar().showMessage(message)
        state = getattr(self._window, "state", None)
        if state is not None:
            state.theme_changed.emit(state.theme)  # the views that build text from the model (and the figures) rebuild it
        self._notice_said = False
        self.say_font_notice()
