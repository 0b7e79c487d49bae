"""The batch engine's kernel, loaded before a command's work (numba compiles it once per install)."""

from __future__ import annotations

import sys
from pathlib import Path

FAST_ENGINE_SECONDS = 10  # a first compile of the batch kernel on a quiet two-core machine (4-25 s measured)


def prepare_fast_engine(model=None, stream=None, settings=None) -> str:
    """Load the batch engine's kernel before a command's work; when numba must compile it first, say so in one line.

    Returns the engine that will run for `settings` ("numba", "numpy" or "loop"); only "numba" loads
    anything. The caller's clock runs through the wait.
    """
    from physics.integration.batch import choose_engine, preload
    from physics.integration.generated import model_for

    engine = choose_engine(settings)
    if engine != "numba":
        return engine
    if not _kernel_cached(model_for(model)):
        once = "once per install" if model is None else "once for this potential"
        print(f"preparing the fast engine, {once}, about {FAST_ENGINE_SECONDS} s", file=stream or sys.stderr, flush=True)
    return preload(model)


def _kernel_cached(generated) -> bool:
    """Whether numba's on-disk cache holds the model's compiled kernel (its index files sit in __pycache__)."""
    path = getattr(generated, "path", None)
    if path is None:
        return False
    path = Path(path)
    return any((path.parent / "__pycache__").glob(f"{path.stem}.*.nbi"))
