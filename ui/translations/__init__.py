"""The window's translations: Qt Linguist .ts files (the source, edited by people) and the .qm files compiled from them.

`python -m ui.translations.update` finds every translate()/QT_TRANSLATE_NOOP() text in ui/ and app/ (pyside6-lupdate),
adds the new ones to each .ts file and compiles the .qm files (pyside6-lrelease). The glossary the Chinese
translation keeps to is in docs/translation-glossary.md.
"""
