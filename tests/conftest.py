"""Test setup: Qt runs offscreen, matplotlib uses its Agg-based backends, no display needed."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
# keep the settings and caches of test runs away from the user's own
os.environ.setdefault("DIPOLE_LAB_TEST", "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="module")
def english_after_each_module():
    """A module that chose Chinese (View ▸ Language, `--screenshot --lang zh_CN` run in process) leaves the next module in
    English (within a module, tests may share a language on purpose): the translators are installed on the application, which outlives the test."""
    yield
    language = sys.modules.get("ui.language")
    if language is not None and language.TRANSLATORS.language != language.ENGLISH:
        language.TRANSLATORS.install(language.ENGLISH)
        language.TRANSLATORS.choice = language.SYSTEM
