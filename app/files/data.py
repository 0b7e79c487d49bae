"""Trajectory data files: CSV, JSON and NPZ with the columns t,x,y,vx,vy,r,theta,vr,omega,energy,C."""

from __future__ import annotations

import io
import json
import math

import numpy as np

from app.files import atomic_path, write_text_atomic
from physics.integration.contract import COLUMNS, Trajectory

DATA_FORMATS = (".csv", ".json", ".npz")


def summary(trajectory: Trajectory, fate=None, potential: dict | None = None) -> dict:
    """The one-object summary printed by `simulate --json` and stored beside the columns.

    `potential` (name, U, T, params) is given for potentials other than the point dipole; C is None where
    the potential has no such invariant.
    """
    tr = trajectory
    out = {
        "stop_reason": tr.stop_reason,
        "t_end": tr.t_end,
        "energy": float(tr.energy[0]),
        "C": None if math.isnan(tr.C[0]) else float(tr.C[0]),
        "predicted_fate": None,
        "samples": int(len(tr.t)),
    }
    if fate is not None:
        out["predicted_fate"] = {
            "kind": fate.kind,
            "fall_time": fate.fall_time,
            "closest_approach": fate.closest_approach,
            "swing": fate.swing,
            "description": fate.describe(),
        }
    out["energy_drift"] = float(np.max(np.abs(tr.energy - tr.energy[0])))
    out["C_drift"] = None if math.isnan(tr.C[0]) else float(np.max(np.abs(tr.C - tr.C[0])))
    out["k"] = tr.k
    out["launch"] = {"r0": tr.launch.r0, "theta0": tr.launch.theta0, "vr0": tr.launch.vr0, "omega0": tr.launch.omega0}
    if tr.message:
        out["message"] = tr.message
    if potential is not None:
        out["potential"] = potential
    return out


def csv_text(columns: dict[str, np.ndarray], names=COLUMNS) -> str:
    buffer = io.StringIO()
    buffer.write(",".join(names) + "\n")
    table = np.column_stack([np.asarray(columns[n], dtype=float) for n in names])
    if np.isnan(table).any():
        # an empty cell where a column has no value (C for a potential without that invariant)
        for row in table:
            buffer.write(",".join("" if math.isnan(v) else f"{v:.17g}" for v in row) + "\n")
    else:
        np.savetxt(buffer, table, delimiter=",", fmt="%.17g")
    return buffer.getvalue()


CHECK_ROWS = 2_000  # rows of a CSV between two calls of write_trajectories' check (about 10 ms)


def write_trajectory(path: str, trajectory: Trajectory, fate=None, potential: dict | None = None) -> None:
    """Write one trajectory as CSV (header and columns), JSON or NPZ (columns plus the summary)."""
    write_columns(path, trajectory.columns, COLUMNS, summary(trajectory, fate, potential))


def write_columns(path: str, columns: dict[str, np.ndarray], names, info: dict) -> None:
    """One run's columns (`names`, the CSV's order) and its summary as CSV, JSON or NPZ, written atomically
    (the plane's write_trajectory and app/space/data.py's write_space_trajectory)."""
    lower = str(path).lower()
    if lower.endswith(".csv"):
        write_text_atomic(path, csv_text(columns, names))
    elif lower.endswith(".json"):
        doc = {"columns": list(names), **{n: json_list(v) for n, v in columns.items()}, "summary": info}
        write_text_atomic(path, json.dumps(doc, allow_nan=False) + "\n")
    elif lower.endswith(".npz"):
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            np.savez(handle, **columns, summary=json.dumps(info, allow_nan=False))
    else:
        raise ValueError(f"unknown data format for {path!r}: use one of {', '.join(DATA_FORMATS)}")


def write_trajectories(path: str, trajectories: list[Trajectory], ids: list[int] | None = None, check=None) -> None:
    """Every particle's samples in one file, with a leading `particle` column (CSV, JSON or NPZ): `ids`, the
    numbers the window shows (#1, #2, ...), or 1, 2, ... in order. check(), if given, is called as the table is
    made (every CHECK_ROWS rows, and before writing): what it raises stops the export with nothing written."""
    check = check or (lambda: None)
    lower = str(path).lower()
    names = ("particle",) + COLUMNS
    ids = list(range(1, len(trajectories) + 1)) if ids is None else [int(i) for i in ids]
    parts = []
    for i, tr in zip(ids, trajectories):
        cols = {"particle": np.full(len(tr.t), i, dtype=float), **tr.columns}
        parts.append(cols)
    if parts:
        merged = {n: np.concatenate([p[n] for p in parts]) for n in names}
    else:
        merged = {n: np.empty(0) for n in names}
    if lower.endswith(".csv"):
        buffer = io.StringIO()
        buffer.write(",".join(names) + "\n")
        for i in range(len(merged["t"])):
            if i % CHECK_ROWS == 0:
                check()
            row = [str(int(merged["particle"][i]))] + [_cell(float(merged[n][i])) for n in COLUMNS]
            buffer.write(",".join(row) + "\n")
        check()
        write_text_atomic(path, buffer.getvalue())
    elif lower.endswith(".json"):
        doc = {
            "columns": list(names),
            "particles": [
                {"particle": i, **{n: json_list(v) for n, v in tr.columns.items()}, "summary": summary(tr)}
                for i, tr in zip(ids, trajectories)
            ],
        }
        text = json.dumps(doc, allow_nan=False) + "\n"
        check()
        write_text_atomic(path, text)
    elif lower.endswith(".npz"):
        check()
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            merged["particle"] = merged["particle"].astype(int)
            np.savez(handle, **merged)
    else:
        raise ValueError(f"unknown data format for {path!r}: use one of {', '.join(DATA_FORMATS)}")


def _cell(value: float) -> str:
    """A CSV cell: empty where there is no value (C for a potential without that invariant)."""
    return "" if math.isnan(value) else repr(value)


def json_list(values: np.ndarray) -> list:
    """The values as a JSON list: None (null) where a value is not finite."""
    return [None if not math.isfinite(v) else v for v in np.asarray(values, dtype=float).tolist()]
