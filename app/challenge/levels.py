"""Challenge levels: JSON files that say where the targets and the forbidden zones are, what k is and how many tries.

    {
      "format": "dipole-lab-level", "version": 1,
      "title": "Behind the dipole", "text": "what the student reads",
      "order": 2,                                   (optional: the place among the levels, else by file name)
      "k": 1.0,                                     (the level sets k; or {"min": -3, "max": 3, "start": 1}: the student chooses)
      "tries": 5,
      "view": [-3, 3, -2, 2],                       (xmin, xmax, ymin, ymax; optional)
      "start": {"circle": [x, y, radius]},          (optional: where launches must start; or {"rect": [xmin, xmax, ymin, ymax]})
      "targets": [{"circle": [x, y, radius]}],      (one or more: reaching any of them wins)
      "forbidden": [{"rect": [xmin, xmax, ymin, ymax]}]   (optional: touching one loses the try)
    }

A teacher's file with a mistake is refused with one line that names the file and the problem (LevelError).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

FORMAT = "dipole-lab-level"
VERSION = 1
MAX_BYTES = 100_000
MAX_SHAPES = 20
MAX_TRIES = 99
COORD_LIMIT = 1000.0
K_LIMIT = 1e6
LEVELS_DIR = Path(__file__).with_name("levels")
KEYS = {"format", "version", "title", "text", "order", "k", "tries", "view", "start", "targets", "forbidden"}


class LevelError(ValueError):
    """A level file that cannot be played: the message is one line naming the file and the problem."""


@dataclass(frozen=True)
class Shape:
    """A circle (x, y, radius) or a rectangle (xmin, xmax, ymin, ymax) on the plot."""

    kind: str  # "circle" or "rect"
    values: tuple[float, ...]

    def contains(self, x: float, y: float) -> bool:
        if self.kind == "circle":
            cx, cy, radius = self.values
            return math.hypot(x - cx, y - cy) <= radius
        xmin, xmax, ymin, ymax = self.values
        return xmin <= x <= xmax and ymin <= y <= ymax

    def distance(self, x: float, y: float) -> float:
        """How far (x, y) is from the shape (0 inside)."""
        if self.kind == "circle":
            cx, cy, radius = self.values
            return max(0.0, math.hypot(x - cx, y - cy) - radius)
        xmin, xmax, ymin, ymax = self.values
        return math.hypot(max(xmin - x, 0.0, x - xmax), max(ymin - y, 0.0, y - ymax))

    def first_entry(self, x0: float, y0: float, x1: float, y1: float) -> float | None:
        """The fraction s in [0, 1] of the segment (x0, y0) → (x1, y1) where it first touches the shape, else None."""
        dx, dy = x1 - x0, y1 - y0
        if self.kind == "circle":
            cx, cy, radius = self.values
            fx, fy = x0 - cx, y0 - cy
            c = fx * fx + fy * fy - radius * radius
            if c <= 0:
                return 0.0
            a = dx * dx + dy * dy
            b = 2 * (fx * dx + fy * dy)
            disc = b * b - 4 * a * c
            if a == 0 or disc < 0:
                return None
            s = (-b - math.sqrt(disc)) / (2 * a)
            return s if 0.0 <= s <= 1.0 else None
        xmin, xmax, ymin, ymax = self.values
        lo, hi = 0.0, 1.0  # Liang–Barsky clipping of the segment to the rectangle
        for p, q in ((-dx, x0 - xmin), (dx, xmax - x0), (-dy, y0 - ymin), (dy, ymax - y0)):
            if p == 0:
                if q < 0:
                    return None
                continue
            s = q / p
            if p < 0:
                lo = max(lo, s)
            else:
                hi = min(hi, s)
            if lo > hi:
                return None
        return lo


@dataclass(frozen=True)
class Level:
    """One challenge level (see the module's docstring for the file it comes from)."""

    title: str
    text: str
    tries: int
    targets: tuple[Shape, ...]
    forbidden: tuple[Shape, ...] = ()
    start: Shape | None = None
    k: float | None = 1.0  # None: the student chooses k within k_range
    k_range: tuple[float, float] | None = None
    k_start: float = 1.0
    view: tuple[float, float, float, float] | None = None
    order: float = 0.0
    source: str = ""  # the file it was read from

    @property
    def student_chooses_k(self) -> bool:
        return self.k is None

    def allows_k(self, k: float) -> bool:
        if self.k is not None:
            return math.isclose(k, self.k, rel_tol=1e-9, abs_tol=1e-12)
        lo, hi = self.k_range
        return lo <= k <= hi

    @property
    def initial_k(self) -> float:
        return self.k if self.k is not None else self.k_start


def _number(value, what: str, limit: float = COORD_LIMIT) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if abs(value) > limit:
        raise ValueError(f"{what} must be at most {limit:g} in size, got {value!r}")
    return float(value)


def _shape(value, what: str) -> Shape:
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in ("circle", "rect"):
        raise ValueError(f'{what} must be {{"circle": [x, y, radius]}} or {{"rect": [xmin, xmax, ymin, ymax]}}, got {value!r}')
    kind, numbers = next(iter(value.items()))
    size = 3 if kind == "circle" else 4
    if not isinstance(numbers, list) or len(numbers) != size:
        raise ValueError(f"{what}: a {kind} takes {size} numbers, got {numbers!r}")
    numbers = tuple(_number(n, what) for n in numbers)
    if kind == "circle" and numbers[2] <= 0:
        raise ValueError(f"{what}: the radius must be positive, got {numbers[2]:g}")
    if kind == "rect" and (numbers[0] >= numbers[1] or numbers[2] >= numbers[3]):
        raise ValueError(f"{what}: a rect is [xmin, xmax, ymin, ymax] with xmin < xmax and ymin < ymax, got {list(numbers)}")
    return Shape(kind, numbers)


def _shapes(value, what: str, required: bool) -> tuple[Shape, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise ValueError(f"{what} must be a list of shapes{' with at least one' if required else ''}, got {value!r}")
    if len(value) > MAX_SHAPES:
        raise ValueError(f"{what} may hold at most {MAX_SHAPES} shapes, got {len(value)}")
    return tuple(_shape(item, f"{what}[{i}]") for i, item in enumerate(value))


def parse_level(data, source: str = "") -> Level:
    """A Level from the decoded JSON of a level file; ValueError naming the problem if it is not one."""
    if not isinstance(data, dict):
        raise ValueError("a level file holds one JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f'"format" must be "{FORMAT}", got {data.get("format")!r}')
    if data.get("version") != VERSION:
        raise ValueError(f'"version" must be {VERSION}, got {data.get("version")!r}')
    if unknown := sorted(set(data) - KEYS):
        raise ValueError(f"unknown key {unknown[0]!r} (a level has {', '.join(sorted(KEYS))})")
    title, text = data.get("title"), data.get("text", "")
    if not isinstance(title, str) or not title.strip() or len(title) > 100:
        raise ValueError(f'"title" must be a text of 1 to 100 characters, got {title!r}')
    if not isinstance(text, str) or len(text) > 2000:
        raise ValueError('"text" must be a text of at most 2000 characters')
    tries = data.get("tries")
    if isinstance(tries, bool) or not isinstance(tries, int) or not 1 <= tries <= MAX_TRIES:
        raise ValueError(f'"tries" must be a whole number from 1 to {MAX_TRIES}, got {tries!r}')
    k, k_range, k_start = data.get("k"), None, 1.0
    if isinstance(k, dict):
        if set(k) - {"min", "max", "start"} or not {"min", "max"} <= set(k):
            raise ValueError(f'"k" must be a number or {{"min": ..., "max": ..., "start": ...}}, got {k!r}')
        lo, hi = _number(k["min"], '"k" min', K_LIMIT), _number(k["max"], '"k" max', K_LIMIT)
        if lo >= hi:
            raise ValueError(f'"k": min must be less than max, got {lo:g} and {hi:g}')
        k_start = _number(k.get("start", min(max(1.0, lo), hi)), '"k" start', K_LIMIT)
        if not lo <= k_start <= hi:
            raise ValueError(f'"k": start must lie from min to max, got {k_start:g}')
        k, k_range = None, (lo, hi)
    else:
        k = _number(k, '"k"', K_LIMIT)
    view = data.get("view")
    if view is not None:
        if not isinstance(view, list) or len(view) != 4:
            raise ValueError(f'"view" must be [xmin, xmax, ymin, ymax], got {view!r}')
        view = tuple(_number(v, '"view"') for v in view)
        if view[0] >= view[1] or view[2] >= view[3]:
            raise ValueError(f'"view" must have xmin < xmax and ymin < ymax, got {list(view)}')
    start = data.get("start")
    start = _shape(start, '"start"') if start is not None else None
    targets = _shapes(data.get("targets"), '"targets"', required=True)
    forbidden = _shapes(data.get("forbidden"), '"forbidden"', required=False)
    for i, target in enumerate(targets):
        v = target.values
        x, y = v[:2] if target.kind == "circle" else ((v[0] + v[1]) / 2, (v[2] + v[3]) / 2)
        if any(zone.contains(x, y) for zone in forbidden):
            raise ValueError(f'"targets"[{i}] lies in a forbidden zone: it could never be hit')
    order = data.get("order", 0)
    order = _number(order, '"order"')
    return Level(title=title.strip(), text=text, tries=tries, targets=targets, forbidden=forbidden, start=start, k=k,
                 k_range=k_range, k_start=k_start, view=view, order=order, source=source)


def load_level(path) -> Level:
    """Read and check one level file; LevelError with one line naming the file and the problem."""
    name = os.path.basename(str(path))
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LevelError(f"{name}: cannot read it: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise LevelError(f"{name}: larger than {MAX_BYTES // 1000} kB: not a level file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise LevelError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise LevelError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        return parse_level(data, source=str(path))
    except ValueError as exc:
        raise LevelError(f"{name}: {exc}") from None


def load_levels(folder) -> tuple[list[Level], list[str]]:
    """Every *.json level in a folder, in order (their "order", then file name), and one message per bad file."""
    levels, problems = [], []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            levels.append(load_level(path))
        except LevelError as exc:
            problems.append(str(exc))
    levels.sort(key=lambda level: (level.order, os.path.basename(level.source)))
    return levels, problems


def builtin_levels() -> list[Level]:
    """The levels that ship with Dipole Lab (app/challenge/levels/*.json); a bad one is a bug (tests check them all)."""
    levels, problems = load_levels(LEVELS_DIR)
    if problems:
        raise LevelError(problems[0])
    return levels
