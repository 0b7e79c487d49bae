"""Bring the .ts files in step with the sources and compile them: `python -m ui.translations.update`.

pyside6-lupdate reads every Python file of ui/ and app/ and adds each new translate("Context", "text") and
QT_TRANSLATE_NOOP("Context", "text") to the .ts files as unfinished (texts no longer in the sources are
dropped); pyside6-lrelease then writes the .qm files the window loads. Translate the unfinished entries
(Qt Linguist, or any editor: a <translation> per <source>) and run this again.
`--check` only reports what is unfinished or out of step, with exit status 1 (the tests check the same).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCE_DIRS = ("ui", "app")
LANGUAGES = ("zh_CN",)


def ts_path(language: str) -> Path:
    return HERE / f"dipole_lab_{language}.ts"


def qm_path(language: str) -> Path:
    return HERE / f"dipole_lab_{language}.qm"


def tool(name: str) -> str:
    """The path of a Qt tool PySide6 ships (pyside6-lupdate, pyside6-lrelease)."""
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / name, Path(PySide6.__file__).parent / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"update: cannot find pyside6-{name}: install PySide6 (pip install -r requirements-dev.txt)")


def source_files() -> list[str]:
    """Every Python file that may hold window text (relative to the repository, sorted)."""
    files = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                files.append(str(path.relative_to(ROOT)))
    return files


def lupdate(ts: Path) -> None:
    """Add the sources' texts to `ts` (created when missing), dropping texts the sources no longer have.

    The tools write in place: they write a temporary copy, which then replaces the file (a window starting
    meanwhile never reads half a file)."""
    with _replacing(ts) as tmp:
        if ts.exists():
            shutil.copyfile(ts, tmp)
        subprocess.run([tool("lupdate"), *source_files(), "-ts", str(tmp), "-no-obsolete", "-locations", "none", "-silent"],
                       cwd=ROOT, check=True)


def lrelease(ts: Path, qm: Path) -> None:
    with _replacing(qm) as tmp:
        subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(tmp)], cwd=ROOT, check=True)


@contextlib.contextmanager
def _replacing(path: Path):
    """A temporary path beside `path` (same suffix) that replaces it if the block succeeds."""
    tmp = path.with_name(f".{path.stem}-{os.getpid()}.tmp{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def messages(ts: Path) -> list[tuple[str, str, str | None]]:
    """(context, source, translation or None when unfinished or empty) of every message of a .ts file."""
    out = []
    for context in ElementTree.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") is None and (translation.text or "").strip()
            out.append((name, message.findtext("source", ""), translation.text if done else None))
    return out


def sources_now() -> set[tuple[str, str]]:
    """(context, source) of every text the sources hold now (lupdate into a temporary file)."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "fresh.ts"
        lupdate(fresh)
        return {(context, source) for context, source, _ in messages(fresh)}


def problems(language: str) -> list[str]:
    """What keeps the language's .ts from being complete and in step with the sources (empty when it is)."""
    ts = ts_path(language)
    if not ts.exists():
        return [f"{ts.name} is missing: run python -m ui.translations.update"]
    found = messages(ts)
    have = {(context, source) for context, source, _ in found}
    now = sources_now()
    out = [f"untranslated in {ts.name}: [{context}] {source!r}" for context, source, text in found if text is None]
    out += [f"new in the sources, not in {ts.name}: [{context}] {source!r}" for context, source in sorted(now - have)]
    out += [f"in {ts.name}, no longer in the sources: [{context}] {source!r}" for context, source in sorted(have - now)]
    qm = qm_path(language)
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / qm.name
        lrelease(ts, fresh)
        if not qm.exists() or qm.read_bytes() != fresh.read_bytes():
            out.append(f"{qm.name} is not compiled from {ts.name}: run python -m ui.translations.update")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.translations.update", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report unfinished or out-of-step texts (exit status 1)")
    args = parser.parse_args(argv)
    status = 0
    for language in LANGUAGES:
        if args.check:
            found = problems(language)
            for line in found:
                print(line)
            status |= bool(found)
            continue
        ts, qm = ts_path(language), qm_path(language)
        lupdate(ts)
        lrelease(ts, qm)
        unfinished = [m for m in messages(ts) if m[2] is None]
        print(f"{ts.name}: {len(messages(ts))} texts, {len(unfinished)} to translate; wrote {qm.name}")
    return status


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
