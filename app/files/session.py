"""Saved sessions: a versioned JSON file with k, the launches, the view, the display options, the theme and the settings.

    {"format": "dipole-lab-session", "version": 1, "k": 1.0,
     "launches": [{"r0": 1.0, "theta0": 1.5708, "vr0": 0.0, "omega0": 0.0, "label": "", "visible": true, "color": "#0072B2"}],
     "view": {...}, "display": {...}, "theme": "default", "settings": {...}, "time": 0.0}

A session with launches in the 3-D view ("space": k, the launches with z, t_max, samples, the camera) is version 4.
A session with probes (display.probes, a list of [x, y] points) is version 3; otherwise a session with
another potential than the point dipole is version 2 and has one more field, with the
typed texts (null for the default T) and the parameter values besides k:

    "potential": {"name": "finite-dipole", "U": "(k/d)*(...)", "T": null, "params": {"d": 0.4}}

Loading checks the whole file before anything changes: a file from a newer version, a corrupt or
truncated file, a wrong type or an out-of-range value raises `SessionError` with one line naming the
file, the field (`launches[2].r0`) and the reason, and the state is left as it was.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, fields

from app.files import write_text_atomic
from app.potentials import MAX_PARAM, Potential
from app.probes import probes_from_json
from app.space.scene import SpaceSetup
from app.state import K_LIMIT, KEEP, TRAILS, DisplayOptions
from app.themes import THEME_NAMES
from physics.field import ViewBox, view_side_problem
from physics.integration.contract import METHODS, IntegrationSettings, r0_problem
from physics.launch import LaunchState
from physics.messages import one_line

SESSION_FORMAT = "dipole-lab-session"
SESSION_VERSION = 4  # 2 added "potential", 3 "display.probes", 4 "space"; each file is written with the lowest version that holds it
MAX_SESSION_BYTES = 4 * 1024 * 1024
MAX_LAUNCHES = 1000
MAX_TOTAL_SAMPLES = 5_000_000  # launches × samples: bounds the memory a file can ask for
MAX_LABEL = 200
MAX_COORD = 1e6
MAX_SPEED = 1e6

LAUNCH_KEYS = ("r0", "theta0", "vr0", "omega0", "label", "visible", "color")
VIEW_KEYS = ("xmin", "xmax", "ymin", "ymax")
DISPLAY_KEYS = tuple(f.name for f in fields(DisplayOptions))
SETTINGS_KEYS = tuple(f.name for f in fields(IntegrationSettings))
TOP_KEYS = ("format", "version", "k", "launches", "view", "display", "theme", "settings", "time", "potential", "space")
POTENTIAL_KEYS = ("name", "U", "T", "params")
MAX_PARAMS = 20
DEFAULT_SETTINGS = IntegrationSettings(t_max=20.0, samples=1001)


class SessionError(ValueError):
    """A session file that cannot be read or saved; the message is one line naming the file and the field."""


@dataclass(frozen=True)
class SessionLaunch:
    """One saved charge: its initial conditions and how it is shown (color None: the theme's palette)."""

    launch: LaunchState
    label: str = ""
    visible: bool = True
    color: str | None = None


@dataclass(frozen=True)
class Session:
    """Everything a session file holds, checked, but not yet applied to a state."""

    k: float
    launches: tuple[SessionLaunch, ...] = ()
    view: ViewBox = ViewBox(-3.0, 3.0, -2.0, 2.0)
    display: DisplayOptions = DisplayOptions()
    theme: str = "default"
    settings: IntegrationSettings = DEFAULT_SETTINGS
    time: float | None = None
    potential: Potential | None = None  # None: the point dipole
    space: SpaceSetup | None = None  # the 3-D view's launches (version 4); None: none were made


def session_from_state(state) -> Session:
    """The session a state is showing now."""
    return Session(
        k=state.k,
        launches=tuple(SessionLaunch(p.launch, p.label, p.visible, p.color) for p in state.particles),
        view=state.view,
        display=state.display,
        theme=state.theme,
        settings=state.settings,
        time=state.time,
        potential=None if state.is_point_dipole else state.potential,
        space=getattr(state, "space_setup", None),  # set by the 3-D view (ui/space/window.py)
    )


def session_to_dict(state_or_session) -> dict:
    """The JSON document of a state (or of a Session)."""
    s = state_or_session if isinstance(state_or_session, Session) else session_from_state(state_or_session)
    doc = {
        "format": SESSION_FORMAT,
        "version": 3 if s.display.probes else 1 if s.potential is None else 2,  # readable by older versions when it can be
        "k": float(s.k),
        "launches": [
            {
                "r0": float(sl.launch.r0),
                "theta0": float(sl.launch.theta0),
                "vr0": float(sl.launch.vr0),
                "omega0": float(sl.launch.omega0),
                "label": sl.label,
                "visible": bool(sl.visible),
                **({"color": sl.color} if sl.color is not None else {}),
            }
            for sl in s.launches
        ],
        "view": {name: float(getattr(s.view, name)) for name in VIEW_KEYS},
        "display": {name: getattr(s.display, name) for name in DISPLAY_KEYS},
        "theme": s.theme,
        "settings": {name: getattr(s.settings, name) for name in SETTINGS_KEYS},
    }
    if s.time is not None:
        doc["time"] = float(s.time)
    if s.space is not None:
        doc["version"] = 4
        doc["space"] = s.space.to_dict()
    if s.potential is not None:
        doc["potential"] = {
            "name": s.potential.name,
            "U": s.potential.U_text,
            "T": s.potential.T_text,
            "params": {name: float(value) for name, value in s.potential.params},
        }
    return doc


def save_session(path: str | os.PathLike, state) -> None:
    """Write the state's session to path atomically (a temporary file, then a rename)."""
    try:
        text = json.dumps(session_to_dict(state), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError as exc:
        raise SessionError(f"{path}: cannot save: {exc}") from None
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise SessionError(f"{path}: cannot save: {exc.strerror or exc}") from None


def load_session(path: str | os.PathLike, state) -> Session:
    """Check the whole file, then apply it to state in one undoable step; raise SessionError and change nothing if it is bad."""
    session = read_session(path)
    apply_session(state, session, _printable(str(path)))
    return session


def prepare_session_potential(session: Session, source: str = "session"):
    """The session's potential, derived and compiled (slow: a worker thread may call this); None for the point dipole.

    Derives in a subprocess with a time limit; SessionError names the field if the potential is refused.
    """
    if session.potential is None:
        return None
    from app.potentials import prepare_potential

    p = session.potential
    try:
        prepared = prepare_potential(p.U_text, p.T_text, p.param_dict, name=p.name)
    except ValueError as exc:
        raise SessionError(f"{source}: potential: {one_line(str(exc), 120)}") from None
    return None if prepared.is_point_dipole else prepared


_DERIVE = object()


def apply_session(state, session: Session, source: str = "session", prepared=_DERIVE) -> None:
    """Replace the state's setup with a checked Session (one undoable step).

    A potential other than the point dipole is derived first (prepare_session_potential), unless `prepared`
    gives what that returned (the window derives in a worker thread); if that fails, SessionError names the
    field and the state is left as it was.
    """
    if prepared is _DERIVE:
        prepared = prepare_session_potential(session, source)
    state.replace_all(
        session.k,
        [(sl.launch, sl.label, sl.visible) for sl in session.launches],
        display=session.display,
        view=session.view,
        theme=session.theme,
        settings=session.settings,
        potential=prepared if prepared is not None or not state.is_point_dipole else KEEP,
        space=session.space,  # the 3-D view opens on it (ui/space/window.py); undone with the rest
    )
    # replace_all gives each particle the theme's colour; put back the saved ones
    for particle, sl in zip(state.particles, session.launches):
        if sl.color is not None and sl.color != particle.color:
            state.set_color(particle.id, sl.color)
    if session.time is not None:
        state.set_time(session.time)


def read_session(path: str | os.PathLike) -> Session:
    """Read and check a session file without changing anything; raise SessionError naming the field and the problem."""
    name = _printable(str(path))
    try:
        size = os.stat(path).st_size
        if size > MAX_SESSION_BYTES:
            raise SessionError(f"{name}: is {size / 1e6:.1f} MB, larger than a session file can be ({MAX_SESSION_BYTES // (1024 * 1024)} MB)")
        with open(path, "rb") as handle:
            data = handle.read(MAX_SESSION_BYTES + 1)
    except OSError as exc:
        raise SessionError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_SESSION_BYTES:
        raise SessionError(f"{name}: is larger than a session file can be ({MAX_SESSION_BYTES // (1024 * 1024)} MB)")
    return session_from_bytes(data, name)


def session_from_bytes(data: bytes, source: str = "session") -> Session:
    """Decode, parse and check the bytes of a session file."""
    source = _printable(source)
    if not data.strip():
        raise SessionError(f"{source}: is empty, not a session file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SessionError(f"{source}: is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    try:
        doc = json.loads(text, parse_constant=_json_constant, parse_int=_json_int, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise SessionError(f"{source}: {one_line(exc.args[0], 40)}: appears twice in one object") from None
    except RecursionError:
        raise SessionError(f"{source}: is nested too deeply to be a session file") from None
    except json.JSONDecodeError as exc:
        cut_in_string = exc.msg.startswith("Unterminated string") and '"' not in text[exc.pos + 1 :]
        if not text[exc.pos :].strip() or cut_in_string:
            raise SessionError(f"{source}: ends too early (truncated?) at line {exc.lineno}, column {exc.colno}") from None
        reason = exc.msg.removesuffix(" at")  # "Unterminated string starting at" + " at line …" would say "at" twice
        raise SessionError(f"{source}: is not valid JSON: {reason} at line {exc.lineno}, column {exc.colno}") from None
    except ValueError as exc:
        raise SessionError(f"{source}: is not valid JSON: {one_line(str(exc), 120)}") from None
    return session_from_dict(doc, source)


def session_from_dict(doc, source: str = "session") -> Session:
    """Check a parsed session document field by field; raise SessionError naming the first bad one."""
    return _Checker(source).session(doc)


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _json_constant(text: str) -> float:
    # NaN and Infinity are not JSON; read them as floats so the field check names where they are
    return float(text)


def _json_int(text: str):
    # a thousand-digit integer would exceed every range anyway: read it as a (possibly infinite) float
    return int(text) if len(text) <= 18 else float(text)


def _printable(name: str) -> str:
    """A file name for a one-line message: line breaks and other control characters shown as '?'."""
    return "".join(c if c.isprintable() else "?" for c in name)


def _show(value) -> str:
    """A value as the user wrote it in JSON, kept short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return f"{value:.6g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return repr(one_line(value, 40))
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class _Checker:
    """Field-by-field checks; each failure is one line: `file: field: reason`."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, reason: str):
        raise SessionError(f"{self.source}: {where}: {reason}" if where else f"{self.source}: {reason}")

    def number(self, value, where: str, lo: float | None = None, hi: float | None = None, lo_open: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(where, f"must be a number, got {_show(value)}")
        value = float(value)
        if not math.isfinite(value):
            self.fail(where, f"must be a finite number, got {_show(value)}")
        if lo is not None and (value < lo or (lo_open and value == lo)):
            self.fail(where, f"must be {'greater than' if lo_open else 'at least'} {lo:g}, got {_show(value)}")
        if hi is not None and value > hi:
            self.fail(where, f"must be at most {hi:g}, got {_show(value)}")
        return value

    def integer(self, value, where: str, lo: int, hi: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            else:
                self.fail(where, f"must be a whole number, got {_show(value)}")
        if not lo <= value <= hi:
            self.fail(where, f"must be a whole number from {lo} to {hi}, got {value}")
        return value

    def boolean(self, value, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, f"must be true or false, got {_show(value)}")
        return value

    def text(self, value, where: str, limit: int = MAX_LABEL) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, got {_show(value)}")
        if len(value) > limit:
            self.fail(where, f"is {len(value)} characters long, at most {limit} are allowed")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            self.fail(where, "must not contain control characters (line breaks, tabs, …)")
        return value

    def choice(self, value, where: str, options: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in options:
            self.fail(where, f"must be one of {', '.join(options)}, got {_show(value)}")
        return value

    def obj(self, value, where: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"must be an object, got {_show(value)}")
        for key in value:
            if key not in allowed:
                shown = one_line(_printable(key), 40)  # a key may be long or hold line breaks: the message stays one short line
                place = f"{where}.{shown}" if where else shown
                self.fail(place, f"is not a session field (expected one of {', '.join(allowed)})")
        for key in required:
            if key not in value:
                self.fail(f"{where}.{key}" if where else key, "is missing")
        return value

    def session(self, doc) -> Session:
        if not isinstance(doc, dict):
            self.fail("", f"does not hold a session (expected a JSON object, got {_show(doc)})")
        if doc.get("format") != SESSION_FORMAT:
            if "format" not in doc:
                self.fail("format", f"is missing: this is not a Dipole Lab session file (expected \"format\": \"{SESSION_FORMAT}\")")
            self.fail("format", f"must be {SESSION_FORMAT!r}, got {_show(doc['format'])}: this is not a Dipole Lab session file")
        if "version" not in doc:
            self.fail("version", "is missing")
        version = doc["version"]
        if isinstance(version, bool) or not isinstance(version, int):
            self.fail("version", f"must be a whole number, got {_show(version)}")
        if version > SESSION_VERSION:
            self.fail("version", f"is {version}: the file was saved by a newer Dipole Lab; this one reads version {SESSION_VERSION}")
        if version < 1:
            self.fail("version", f"must be at least 1, got {version}")
        self.obj(doc, "", TOP_KEYS, required=("k", "launches"))
        k = self.number(doc["k"], "k", -K_LIMIT, K_LIMIT)
        settings = self.settings(doc.get("settings", {}))
        launches = self.launches(doc["launches"], settings)
        view = self.view(doc.get("view", {"xmin": -3.0, "xmax": 3.0, "ymin": -2.0, "ymax": 2.0}))
        display = self.display(doc.get("display", {}))
        theme = self.choice(doc.get("theme", "default"), "theme", THEME_NAMES)
        time = self.number(doc["time"], "time", 0.0, MAX_COORD) if "time" in doc else None
        if "potential" in doc and version < 2:
            self.fail("potential", f"is a field of version 2 sessions, but the file says version {version}")
        if display.probes and version < 3:
            self.fail("display.probes", f"is a field of version 3 sessions, but the file says version {version}")
        potential = self.potential(doc["potential"]) if doc.get("potential") is not None else None
        space = None
        if "space" in doc:
            if version < 4:
                self.fail("space", f"is a field of version 4 sessions, but the file says version {version}")
            try:
                space = SpaceSetup.from_dict(doc["space"])
            except ValueError as exc:
                self.fail("space", str(exc))
        return Session(k, launches, view, display, theme, settings, time, potential, space)

    def potential(self, value) -> Potential:
        """The typed texts go through the same whitelist parser as the window's fields (nothing is evaluated)."""
        d = self.obj(value, "potential", POTENTIAL_KEYS)
        name = self.text(d.get("name", "custom"), "potential.name", limit=60)
        texts = {}
        for key in ("U", "T"):
            text = d.get(key)
            if text is not None:
                from physics.expressions import MAX_LENGTH, parse_expression

                text = self.text(text, f"potential.{key}", limit=MAX_LENGTH)
                try:
                    parse_expression(text, kind=key)
                except ValueError as exc:
                    self.fail(f"potential.{key}", one_line(str(exc), 120))
            texts[key] = text
        raw = d.get("params", {})
        if not isinstance(raw, dict):
            self.fail("potential.params", f"must be an object, got {_show(raw)}")
        if len(raw) > MAX_PARAMS:
            self.fail("potential.params", f"has {len(raw)} entries, at most {MAX_PARAMS} are allowed")
        params = {}
        for key, number in raw.items():
            where = f"potential.params.{one_line(_printable(key), 40)}"
            if not key.isidentifier() or key == "k":
                self.fail(where, "must be a plain parameter name other than k (k is a field of its own)")
            params[key] = self.number(number, where, -MAX_PARAM, MAX_PARAM)
        return Potential(name, texts["U"], texts["T"], tuple(sorted(params.items())))

    def settings(self, value) -> IntegrationSettings:
        d = self.obj(value, "settings", SETTINGS_KEYS)
        base = DEFAULT_SETTINGS
        t_max = self.number(d.get("t_max", base.t_max), "settings.t_max", 0.0, MAX_COORD, lo_open=True)
        samples = self.integer(d.get("samples", base.samples), "settings.samples", 2, 1_000_000)
        r_min = self.number(d.get("r_min", base.r_min), "settings.r_min", 0.0, MAX_COORD, lo_open=True)
        r_max = self.number(d.get("r_max", base.r_max), "settings.r_max", 0.0, 1e9, lo_open=True)
        rtol = self.number(d.get("rtol", base.rtol), "settings.rtol", 1e-14, 0.1)
        atol = self.number(d.get("atol", base.atol), "settings.atol", 1e-300, 1.0)
        method = self.choice(d.get("method", base.method), "settings.method", METHODS)
        if r_min >= r_max:
            self.fail("settings.r_min", f"must be smaller than settings.r_max ({r_max:g}), got {r_min:g}")
        return IntegrationSettings(t_max=t_max, samples=samples, r_min=r_min, r_max=r_max, rtol=rtol, atol=atol, method=method)

    def launches(self, value, settings: IntegrationSettings) -> tuple[SessionLaunch, ...]:
        if not isinstance(value, list):
            self.fail("launches", f"must be a list, got {_show(value)}")
        if len(value) > MAX_LAUNCHES:
            self.fail("launches", f"has {len(value)} launches, at most {MAX_LAUNCHES} are allowed")
        if len(value) * settings.samples > MAX_TOTAL_SAMPLES:
            self.fail("settings.samples", f"{settings.samples} samples for each of {len(value)} launches is more than {MAX_TOTAL_SAMPLES} in all")
        return tuple(self.launch(item, f"launches[{i}]", settings) for i, item in enumerate(value))

    def launch(self, value, where: str, settings: IntegrationSettings) -> SessionLaunch:
        from matplotlib.colors import is_color_like

        d = self.obj(value, where, LAUNCH_KEYS, required=("r0", "theta0", "vr0", "omega0"))
        r0 = self.number(d["r0"], f"{where}.r0", 0.0, MAX_COORD, lo_open=True)
        if problem := r0_problem(r0, settings.r_min, settings.r_max):
            self.fail(f"{where}.r0", f"{problem} (settings)")
        theta0 = self.number(d["theta0"], f"{where}.theta0", -MAX_COORD, MAX_COORD)
        vr0 = self.number(d["vr0"], f"{where}.vr0", -MAX_SPEED, MAX_SPEED)
        omega0 = self.number(d["omega0"], f"{where}.omega0", -MAX_COORD, MAX_COORD)
        if math.hypot(vr0, r0 * omega0) > MAX_SPEED:
            self.fail(f"{where}.omega0", f"makes the launch speed {math.hypot(vr0, r0 * omega0):.3g}, more than {MAX_SPEED:g}")
        label = self.text(d.get("label", ""), f"{where}.label")
        visible = self.boolean(d.get("visible", True), f"{where}.visible")
        color = d.get("color")
        if color is not None:
            color = self.text(color, f"{where}.color", limit=40)
            if not is_color_like(color):
                self.fail(f"{where}.color", f"is not a colour (use e.g. \"#0072B2\"), got {_show(color)}")
        return SessionLaunch(LaunchState(r0, theta0, vr0, omega0), label, visible, color)

    def view(self, value) -> ViewBox:
        d = self.obj(value, "view", VIEW_KEYS, required=VIEW_KEYS)
        xmin, xmax, ymin, ymax = (self.number(d[n], f"view.{n}", -MAX_COORD, MAX_COORD) for n in VIEW_KEYS)
        if not xmax - xmin > 1e-9:
            self.fail("view.xmax", f"must be greater than view.xmin ({xmin:g}), got {xmax:g}")
        if not ymax - ymin > 1e-9:
            self.fail("view.ymax", f"must be greater than view.ymin ({ymin:g}), got {ymax:g}")
        for axis, lo, hi in (("x", xmin, xmax), ("y", ymin, ymax)):
            problem = view_side_problem(lo, hi)
            if problem:
                self.fail(f"view.{axis}min", f"the view's {axis} side {problem}")
        return ViewBox(xmin, xmax, ymin, ymax)

    def display(self, value) -> DisplayOptions:
        d = self.obj(value, "display", DISPLAY_KEYS)
        base = DisplayOptions()
        out = {}
        for f in fields(DisplayOptions):
            where = f"display.{f.name}"
            v = d.get(f.name, getattr(base, f.name))
            default = getattr(base, f.name)
            if isinstance(default, bool):
                out[f.name] = self.boolean(v, where)
            elif isinstance(default, int):
                out[f.name] = self.integer(v, where, 0, 60)
            elif f.name == "trail":
                out[f.name] = self.choice(v, where, TRAILS)
            elif f.name == "probes":
                try:
                    out[f.name] = probes_from_json(v) if f.name in d else default
                except ValueError as exc:
                    self.fail(where, one_line(str(exc), 120))
            elif isinstance(default, float):
                out[f.name] = self.number(v, where, 0.0, MAX_COORD, lo_open=True)
            else:
                out[f.name] = v
        try:
            return DisplayOptions(**out)
        except (TypeError, ValueError) as exc:
            self.fail("display", one_line(str(exc), 120))

