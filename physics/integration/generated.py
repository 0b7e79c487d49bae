"""sympy's equations of motion printed into a module on disk: loaded at start without sympy, compiled by numba.

For a model (T, U) the right-hand side in Sundman time, the accelerations, the energy, C, the
potential and the field are printed from physics.derivation's sympy expressions (sympy's cse and
NumPyPrinter, as lambdify does) into `dipole_lab_model_<key>.py` under the cache folder, together
with the DOP853 kernel of numba_kernel.py and the constants it takes from contract.py. The key is a hash of T, U and the code that
derives, prints and integrates, so the file is rewritten whenever any of them changes. Later starts
import that file instead of running sympy, and numba compiles the kernel with cache=True, so its
machine code is stored beside the file and compiled once per install.

Cache folder: $DIPOLE_LAB_CACHE, else $XDG_CACHE_HOME/dipole-lab (~/.cache/dipole-lab). Files are
written atomically (temporary file + os.replace); a corrupt file is regenerated, and an unwritable
folder only costs the time to regenerate and recompile. DIPOLE_LAB_NO_NUMBA=1 turns numba off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.abc
import importlib.util
import inspect
import keyword
import os
import sys
import threading
import time
import types
import warnings
from pathlib import Path

from physics.files import write_text_atomic

CODE_VERSION = 1
ENV_CACHE = "DIPOLE_LAB_CACHE"
ENV_NO_NUMBA = "DIPOLE_LAB_NO_NUMBA"
MODULE_PREFIX = "dipole_lab_model_"
STALE_AFTER = 30 * 86400.0  # seconds after which another version's generated module is removed
_HERE = Path(__file__).resolve().parent
_TEMPLATE = _HERE / "numba_kernel.py"
# the files whose text decides what a generated module contains
_CODE_FILES = (Path(__file__).resolve(), _TEMPLATE, _HERE / "contract.py", _HERE.parent / "derivation.py")
_BEGIN, _END = "# <generated>\n", "# </generated>\n"
_RESERVED = {"numpy", "np", "math", "p", "r", "theta", "r_dot", "theta_dot", "u", "w"}

_lock = threading.Lock()  # guards _models and the files
_models: dict[str, GeneratedModel] = {}


def cache_dir() -> Path:
    """Where generated modules and numba's compiled code are kept."""
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    root = Path(base).expanduser() if base else Path.home() / ".cache"
    # test runs (tests/conftest.py sets DIPOLE_LAB_TEST) keep away from the user's own cache
    return root / ("dipole-lab-test" if os.environ.get("DIPOLE_LAB_TEST") else "dipole-lab")


def numba_enabled() -> bool:
    """True when numba can be imported and DIPOLE_LAB_NO_NUMBA is not set."""
    if os.environ.get(ENV_NO_NUMBA, "").strip().lower() not in ("", "0", "false", "no"):
        return False
    return _numba_importable()


@functools.cache
def _numba_importable() -> bool:
    try:
        import numba  # noqa: F401
    except Exception:  # ImportError, or a numba that does not match numpy
        return False
    return True


@functools.cache
def _code_fingerprint() -> bytes:
    digest = hashlib.sha256(f"dipole-lab generated model v{CODE_VERSION}\0".encode())
    for path in _CODE_FILES:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(path.name.encode())
        digest.update(b"\0")
    return digest.digest()


def model_key(T=None, U=None) -> str:
    """Hash of T, U and the code version naming a model's module; None for both means the point dipole.

    The default model's key needs no sympy (its T and U are written in derivation.py, which is hashed).
    """
    tag = b"default"
    if T is not None or U is not None:
        import sympy as sp

        from physics import derivation as d

        T = d.DEFAULT_T if T is None else T
        U = d.DEFAULT_U if U is None else U
        if not (T == d.DEFAULT_T and U == d.DEFAULT_U):
            tag = (sp.srepr(T) + "\0" + sp.srepr(U)).encode()
    return hashlib.sha256(_code_fingerprint() + tag).hexdigest()[:32]


class GeneratedModel:
    """A NumericModel (see contract.py) from its generated module: the same calls as derivation.LambdifiedModel.

    accel, sundman, energy, C (None without a second invariant), potential and field take numpy
    arrays. `equations` runs sympy only when asked; `kernel()` is the numba-compiled integrator.
    """

    def __init__(self, key: str, module: types.ModuleType, path: Path | None, equations=None, TU=None):
        self.key = key
        self.module = module
        self.path = path  # None when the module lives only in memory (unwritable cache)
        self.param_names: tuple[str, ...] = tuple(module.PARAMS)
        self.accel = module.accel
        self.sundman = module.sundman
        self.energy = module.energy
        self.C = module.C
        self.potential = module.potential
        self.field = module.field
        self._equations = equations
        self._TU = TU  # (T, U) to derive the equations from when asked, None for the point dipole
        self._kernel = None
        self._kernel_error: str | None = None
        self._compile_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"GeneratedModel(key={self.key!r}, params={self.param_names}, path={str(self.path)!r})"

    @property
    def equations(self):
        """The sympy Equations (derived on first use when the module came from the cache)."""
        if self._equations is None:
            self._equations = _derive(self._TU)
        return self._equations

    @property
    def kernel_loaded(self) -> bool:
        """True once kernel() has its module: a call returns it at once."""
        return self._kernel is not None

    @property
    def kernel_error(self) -> str | None:
        """Why the compiled kernel is not available, once kernel() has failed."""
        return self._kernel_error

    def kernel(self, wait: bool = True, compile: bool = True):
        """The module with integrate_range compiled by numba, or None if numba cannot be used.

        The first call compiles (or loads numba's cache). With wait=False a call made while another
        thread compiles returns None at once, so that caller can use the numpy engine meanwhile. With
        compile=False it returns the module only if it is loaded already: never compiles or loads it.
        """
        if not numba_enabled() or self._kernel_error is not None:
            return None
        if self._kernel is not None:
            return self._kernel
        if not compile:
            return None
        if not self._compile_lock.acquire(blocking=wait):
            return None
        try:
            if self._kernel is None and self._kernel_error is None:
                try:
                    self._kernel = self._compile()
                except Exception as exc:  # a potential numba cannot type, a broken install, ...
                    self._kernel_error = f"{type(exc).__name__}: {exc}"
        finally:
            self._compile_lock.release()
        return self._kernel

    def run(self, y0s, p, cfg, out, stop, evaluations, threads: int = 1) -> None:
        """Integrate every row of y0s with the compiled kernel (see numba_kernel.integrate_range).

        The kernel releases the GIL, so `threads` > 1 shares the launches among that many threads.
        """
        mod = self.kernel()
        if mod is None:
            raise RuntimeError(self._kernel_error or "numba is not available")
        n = y0s.shape[0]
        threads = max(1, min(int(threads), n))
        if threads == 1:
            mod.integrate_range(y0s, p, cfg, out, stop, evaluations, 0, n)
            return
        from concurrent.futures import ThreadPoolExecutor

        bounds = [n * i // threads for i in range(threads + 1)]
        with ThreadPoolExecutor(max_workers=threads) as pool:
            jobs = [pool.submit(mod.integrate_range, y0s, p, cfg, out, stop, evaluations, a, b) for a, b in zip(bounds, bounds[1:])]
            for job in jobs:
                job.result()

    def _compile(self):
        import numba
        import numpy as np

        from physics.integration.contract import IntegrationSettings, config

        mod = self.module
        options = {"cache": self.path is not None, "nogil": True, "error_model": "numpy"}
        with _quiet_numba():
            for name in mod.JIT_FUNCTIONS:
                setattr(mod, name, numba.njit(**options)(getattr(mod, name)))
            # compile (or load from the cache) now, on a tiny launch, so that failures show here
            y0 = np.array([[1.0, 0.5, 0.0, 0.1, 0.0]])
            p = np.ones(len(self.param_names))
            cfg = config(IntegrationSettings(t_max=0.01, r_min=0.1, r_max=10.0, rtol=1e-6, atol=1e-9), 1e5)
            out = np.empty((mod.N_OUT, 1, 3))
            codes, evaluations = np.empty(1, np.int64), np.empty(1, np.int64)
            self._call_with_cache_repair(mod.integrate_range, y0, p, cfg, out, codes, evaluations, 0, 1)
        return mod

    def _call_with_cache_repair(self, function, *args):
        try:
            function(*args)
        except Exception:
            # a corrupt index or data file in numba's cache: remove this module's files and compile afresh
            if self.path is None or not _remove_numba_cache(self.path):
                raise
            function(*args)


@contextlib.contextmanager
def _quiet_numba():
    with warnings.catch_warnings():
        try:
            from numba.core.errors import NumbaWarning

            warnings.simplefilter("ignore", NumbaWarning)
        except ImportError:
            pass
        yield


def _remove_numba_cache(path: Path) -> bool:
    removed = False
    folder = path.parent / "__pycache__"
    for pattern in (f"{path.stem}.*.nbi", f"{path.stem}.*.nbc"):
        for entry in folder.glob(pattern):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed = True
    return removed


def default_model() -> GeneratedModel:
    """The point-dipole model, from the cached module (sympy runs only if the cache is missing)."""
    return _load(model_key(), None)


def model_for(model=None) -> GeneratedModel:
    """The GeneratedModel of a derivation.LambdifiedModel (or of the point dipole for None)."""
    if model is None:
        return default_model()
    if isinstance(model, GeneratedModel):
        return model
    return _load(_key_of(model), model.equations)


def loaded_model(model=None) -> GeneratedModel | None:
    """model_for's GeneratedModel if it is loaded already, else None: never generates, loads or waits."""
    if isinstance(model, GeneratedModel):
        return model
    return _models.get(model_key() if model is None else _key_of(model))


def _key_of(model) -> str:
    """The module key of a derivation.LambdifiedModel."""
    return model_key(model.equations.T, model.equations.U)


def load_model(T=None, U=None) -> GeneratedModel:
    """The GeneratedModel of a kinetic energy T and potential U (sympy expressions; None for the defaults)."""
    if T is None and U is None:
        return default_model()
    from physics import derivation as d

    T = d.DEFAULT_T if T is None else T
    U = d.DEFAULT_U if U is None else U
    return _load(model_key(T, U), None, (T, U))


def module_path(key: str, folder: Path | None = None) -> Path:
    return (cache_dir() if folder is None else folder) / f"{MODULE_PREFIX}{key}.py"


def _load(key: str, equations, TU=None) -> GeneratedModel:
    model = _models.get(key)
    if model is not None:
        return model
    with _lock:
        if key in _models:
            return _models[key]
        path = module_path(key)
        module = _import_generated(path, key)
        if module is None:
            if equations is None:
                equations = _derive(TU)
            source = generate_source(equations, key)
            written = _write_atomic(path, source)
            if written:
                _prune(path.parent, keep=path)
            module = _import_generated(path, key) if written else None
            if module is None:
                path = None
                module = _module_from_source(source, key, f"<{MODULE_PREFIX}{key}>")
        model = GeneratedModel(key, module, path, equations, TU)
        _models[key] = model
        return model


def _derive(TU):
    from physics import derivation as d

    if TU is None or (TU[0] == d.DEFAULT_T and TU[1] == d.DEFAULT_U):
        return d.lambdified_model(d.DEFAULT_T, d.DEFAULT_U).equations
    return d.lambdified_model(*TU).equations


class _SourceLoader(importlib.abc.SourceLoader):
    """Loads a generated module from its text, never from a .pyc (one could outlive a rewritten file
    of the same size and mtime); `path` is the file numba keys its cache on, or a name in <>."""

    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path

    def get_filename(self, fullname: str) -> str:
        return self.path

    def get_data(self, path: str) -> bytes:
        return self.text.encode("utf-8")


def _module_from_source(source: str, key: str, filename: str) -> types.ModuleType:
    name = MODULE_PREFIX + key
    loader = _SourceLoader(source, filename)
    spec = importlib.util.spec_from_file_location(name, filename, loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    if module.__dict__.get("KEY") != key or module.__dict__.get("CODE_VERSION") != CODE_VERSION:
        raise ValueError(f"{filename} is not the module for key {key}")
    for name_ in ("PARAMS", "accel", "sundman", "energy", "C", "potential", "field", "JIT_FUNCTIONS", "integrate_range"):
        if name_ not in module.__dict__:
            raise ValueError(f"{filename} lacks {name_}")
    sys.modules[name] = module
    return module


def _import_generated(path: Path, key: str) -> types.ModuleType | None:
    """The module in `path`, or None if it is missing, unreadable or not what `key` names."""
    try:
        return _module_from_source(path.read_text(encoding="utf-8"), key, str(path))
    except Exception:
        return None


def _prune(folder: Path, keep: Path) -> None:
    """Remove generated modules (and numba's files for them) written more than STALE_AFTER seconds ago.

    Every change of the code gives new keys, so old versions would pile up; one still in use is only
    regenerated. (A module's mtime is never refreshed on use: numba's cache is keyed on it.)
    """
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in folder.glob(f"{MODULE_PREFIX}*.py"):
            with contextlib.suppress(OSError):
                if entry != keep and now - entry.stat().st_mtime > STALE_AFTER:
                    entry.unlink()
                    for compiled_file in (folder / "__pycache__").glob(f"{entry.stem}.*"):
                        compiled_file.unlink()


def _write_atomic(path: Path, text: str) -> bool:
    """Write the generated module whole or not at all; False when the cache folder cannot take it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)
    except OSError:
        return False
    return True


def _safe_name(symbol, index: int) -> str:
    name = symbol.name
    if name.isidentifier() and not keyword.iskeyword(name) and name not in _RESERVED and not name.startswith(("x", "_")):
        return name
    return f"param_{index}"


def generate_source(eq, key: str) -> str:
    """The text of the generated module for an Equations: printed functions plus the DOP853 kernel."""
    import sympy as sp
    from scipy.integrate._ivp import dop853_coefficients as dop
    from sympy.printing.numpy import NumPyPrinter

    from physics import derivation as d
    from physics.integration import contract

    names = [_safe_name(s, i) for i, s in enumerate(eq.params)]
    rename = {s: sp.Symbol(n, real=True) for s, n in zip(eq.params, names) if n != s.name}
    params = [sp.Symbol(n, real=True) if s in rename else s for s, n in zip(eq.params, names)]
    printer = NumPyPrinter({"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False})

    def function(name, args, exprs, single=False, unpack=None, as_tuple=False):
        exprs = [e.xreplace(rename) for e in exprs]
        replacements, reduced = sp.cse(exprs)
        arg_names = [printer.doprint(a) for a in args]
        lines = [f"def {name}({', '.join(arg_names)}):"]
        for i, p in enumerate(unpack or ()):
            lines.append(f"    {p} = p[{i}]")
        for sym, value in replacements:
            lines.append(f"    {printer.doprint(sym)} = {printer.doprint(value)}")
        body = [printer.doprint(e) for e in reduced]
        if single:
            lines.append(f"    return {body[0]}")
        elif as_tuple:
            lines.append(f"    return ({', '.join(body)},)")
        else:
            lines.append(f"    return [{', '.join(body)}]")
        return "\n".join(lines) + "\n"

    r, theta, r_dot, theta_dot, u, w = d.r, d.theta, d.r_dot, d.theta_dot, d.u, d.w
    state = [r, theta, r_dot, theta_dot, *params]
    sstate = [r, theta, u, w, *params]
    pos = [r, theta, *params]
    sundman = list(d.sundman_expressions(eq))
    p_array = sp.Symbol("p")
    unpack = [printer.doprint(s) for s in params]
    field = [-sp.diff(eq.U, r), -sp.diff(eq.U, theta) / r]
    blocks = [
        f"KEY = {key!r}",
        f"CODE_VERSION = {CODE_VERSION!r}",
        f"PARAMS = {tuple(eq.param_names)!r}",
        f"HAS_C = {eq.C is not None!r}",
        f"T_TEXT = {sp.sstr(eq.T)!r}",
        f"U_TEXT = {sp.sstr(eq.U)!r}",
        "",
        "# scipy's DOP853 tables (Hairer's coefficients)",
        f"_A = np.array({dop.A.tolist()!r})",
        f"_B = np.array({dop.B.tolist()!r})",
        f"_E3 = np.array({dop.E3.tolist()!r})",
        f"_E5 = np.array({dop.E5.tolist()!r})",
        f"_D = np.array({dop.D.tolist()!r})",
        "",
        "",
        function("accel", state, [eq.r_ddot, eq.theta_ddot]),
        "",
        function("sundman", sstate, sundman),
        "",
        function("energy", state, [eq.energy], single=True),
        "",
        function("C", state, [eq.C], single=True) if eq.C is not None else "C = None\n",
        "",
        function("potential", pos, [eq.U], single=True),
        "",
        function("field", pos, field),
        "",
        function("_sundman_p", [r, theta, u, w, p_array], sundman, unpack=unpack, as_tuple=True),
        "",
        function("_energy_p", [r, theta, r_dot, theta_dot, p_array], [eq.energy], single=True, unpack=unpack),
        "",
        function("_C_p", [r, theta, r_dot, theta_dot, p_array], [eq.C if eq.C is not None else sp.nan], single=True, unpack=unpack),
        "",
    ]
    blocks += ["# the constants and the stall rule of physics/integration/contract.py"]
    blocks += [f"{name} = {value!r}" for name, value in contract.kernel_constants().items()]
    blocks += ["", "", *(inspect.getsource(f) for f in contract.KERNEL_FUNCTIONS)]
    template = _TEMPLATE.read_text(encoding="utf-8")
    head, rest = template.split(_BEGIN, 1)
    _, tail = rest.split(_END, 1)
    banner = (
        "# Generated by physics/integration/generated.py from sympy's derivation of T and U: do not edit.\n"
        f"# T = {sp.sstr(eq.T)}\n# U = {sp.sstr(eq.U)}\n"
    )
    return banner + head + _BEGIN + "import numpy\n\n" + "\n".join(blocks) + "\n" + _END + tail
