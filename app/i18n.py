"""Text that app/ gives the window, marked for Qt's translation tools without importing Qt.

app/ never imports Qt, yet some of its text reaches the window: the presets' titles and descriptions, the
themes' names, the labels of the figures. Two markers make ``pyside6-lupdate`` find that text:

- ``QT_TRANSLATE_NOOP("Presets", "text")`` returns the text unchanged; the window translates it where it
  shows it (``ui.i18n.translate("Presets", text)``). Use it for data (presets, theme names).
- ``translate("Figures", "text")`` translates at draw time through the translator the window installs with
  `set_translator` (ui/language.py does, when the window is in a language that the figures' fonts can
  draw). The command line never installs one, so its figures and data stay English: a scripting contract.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str, str], str] | None = None


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name Qt's tools look for
    """Mark `text` for translation in `context`; return it unchanged."""
    return text


def set_translator(translator: Callable[[str, str], str] | None) -> None:
    """Translate figure text with `translator(context, text)` from now on (None: English)."""
    global _translator
    _translator = translator


def active() -> bool:
    """Whether figure text is being translated."""
    return _translator is not None


def translate(context: str, text: str) -> str:
    """`text` in the window's language for figures, or as written when no translator is installed."""
    return text if _translator is None else _translator(context, text)
