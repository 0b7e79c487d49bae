"""Data files of launches in space: the columns t,x,y,z,vx,vy,vz,r,vr,energy,C,L_axis as CSV, JSON or NPZ."""

from __future__ import annotations

import json

import numpy as np

from app.files import atomic_path, write_text_atomic
from app.files.data import DATA_FORMATS, csv_text, json_list, write_columns
from physics.space.motion import COLUMNS


def space_summary(trajectory, fate=None) -> dict:
    """The summary `simulate --z0 --vz0 --json` prints: the planar one's keys, and L_axis."""
    tr = trajectory
    out = {
        "stop_reason": tr.stop_reason,
        "t_end": tr.t_end,
        "energy": float(tr.energy[0]),
        "C": float(tr.C[0]),
        "L_axis": float(tr.L_axis[0]),
        "predicted_fate": None,
        "samples": int(len(tr.t)),
    }
    if fate is not None:
        out["predicted_fate"] = {"kind": fate.kind, "fall_time": fate.fall_time, "closest_approach": fate.closest_approach,
                                 "swing": fate.swing, "description": fate.describe()}
    for name in ("energy", "C", "L_axis"):
        values = getattr(tr, name)
        out[f"{'energy' if name == 'energy' else name}_drift"] = float(np.max(np.abs(values - values[0])))
    out["k"] = tr.k
    la = tr.launch
    out["launch"] = {name: getattr(la, name) for name in ("x0", "y0", "z0", "vx0", "vy0", "vz0")}
    if tr.message:
        out["message"] = tr.message
    return out


def write_space_trajectory(path: str, trajectory, fate=None) -> None:
    """One launch in space as CSV (header and columns), JSON or NPZ (columns plus the summary), written atomically."""
    write_columns(path, trajectory.columns, COLUMNS, space_summary(trajectory, fate))


def write_space_trajectories(path: str, trajectories, ids=None) -> None:
    """Every launch's samples in one file with a leading `particle` column (CSV, JSON or NPZ)."""
    lower = str(path).lower()
    ids = list(range(1, len(trajectories) + 1)) if ids is None else [int(i) for i in ids]
    names = ("particle",) + COLUMNS
    parts = [{"particle": np.full(len(tr.t), i, dtype=float), **tr.columns} for i, tr in zip(ids, trajectories)]
    merged = {n: np.concatenate([p[n] for p in parts]) if parts else np.empty(0) for n in names}
    if lower.endswith(".csv"):
        write_text_atomic(path, csv_text(merged, names))
    elif lower.endswith(".json"):
        doc = {"columns": list(names), "particles": [
            {"particle": i, **{n: json_list(v) for n, v in tr.columns.items()}, "summary": space_summary(tr)}
            for i, tr in zip(ids, trajectories)]}
        write_text_atomic(path, json.dumps(doc, allow_nan=False) + "\n")
    elif lower.endswith(".npz"):
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            merged["particle"] = merged["particle"].astype(int)
            np.savez(handle, **merged)
    else:
        raise ValueError(f"unknown data format for {path!r}: use one of {', '.join(DATA_FORMATS)}")


def write_space_sweep(path: str, trajectories, k: float, info: dict) -> None:
    """A sweep's NPZ: every column of shape (launches, samples), plus stop_reason, t_end, k and the JSON summary."""
    arrays = {name: np.array([getattr(tr, name) for tr in trajectories]) for name in COLUMNS}
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        np.savez(handle, **arrays, stop_reason=np.array([tr.stop_reason for tr in trajectories], dtype=str),
                 t_end=np.array([tr.t_end for tr in trajectories]), k=np.float64(k), summary=json.dumps(info, allow_nan=False))
