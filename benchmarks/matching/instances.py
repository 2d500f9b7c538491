"""Benchmark instances: real school locations (GIAS layout, read at run time from ../shared/data) with synthetic
needs that vary smoothly across the map plus noise.

Phases kept: "Primary", "Secondary", "All-through" (rows with both Easting and Northing). "Middle deemed
primary/secondary", "16 plus", "Nursery", "Not applicable" and blank phases are excluded.
"""

from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path

import numpy as np

from uplift.clusters.matching.objective import NEED_DIMS, SchoolInput

PHASES = ("Primary", "Secondary", "All-through")
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "england_schools_gias_layout.csv.gz"


def data_path() -> Path:
    env = os.environ.get("UPLIFT_GIAS_LAYOUT")
    if env:
        return Path(env)
    for cand in (
        DEFAULT_DATA,
        Path("../shared/data/england_schools_gias_layout.csv.gz"),
        Path("/work/shared/data/england_schools_gias_layout.csv.gz"),
    ):
        if cand.exists():
            return cand
    raise FileNotFoundError("england_schools_gias_layout.csv.gz not found; set UPLIFT_GIAS_LAYOUT")


def load_locations() -> list[tuple[str, str, float, float]]:
    rows = []
    with gzip.open(data_path(), "rt", encoding="cp1252", newline="") as fh:
        for r in csv.DictReader(fh):
            phase = (r.get("PhaseOfEducation (name)") or "").strip()
            if phase not in PHASES or not r.get("Easting") or not r.get("Northing"):
                continue
            rows.append((r["URN"], phase, float(r["Easting"]), float(r["Northing"])))
    rows.sort(key=lambda t: int(t[0]))
    return rows


def synthetic_needs(e: np.ndarray, n: np.ndarray, seed: int) -> np.ndarray:
    """Per dimension: 1.5 + sum of 6 random Gaussian bumps over England (sigma 40-160 km) + N(0, 0.3), clipped."""
    rng = np.random.default_rng(seed)
    out = np.empty((len(e), len(NEED_DIMS)))
    for d in range(len(NEED_DIMS)):
        field = np.full(len(e), 1.5)
        for _ in range(6):
            ce, cn = rng.uniform(130_000, 660_000), rng.uniform(0, 660_000)
            sigma = rng.uniform(40_000, 160_000)
            amp = rng.uniform(-1.2, 1.2)
            field += amp * np.exp(-((e - ce) ** 2 + (n - cn) ** 2) / (2 * sigma**2))
        out[:, d] = field + rng.normal(0.0, 0.3, len(e))
    return np.clip(out, 0.0, 3.0)


def instance(name: str) -> list[SchoolInput]:
    """``england`` (all ~14k schools) or ``sample2000-s<seed>`` (2,000 random schools)."""
    locs = load_locations()
    if name.startswith("sample2000-s"):
        seed = int(name.split("-s", 1)[1])
        pick = np.sort(np.random.default_rng(1000 + seed).choice(len(locs), size=2000, replace=False))
        locs = [locs[i] for i in pick]
        need_seed = seed
    elif name == "england":
        need_seed = 0
    else:
        raise ValueError(f"unknown instance {name}")
    e = np.array([t[2] for t in locs])
    n = np.array([t[3] for t in locs])
    needs = synthetic_needs(e, n, 7 + need_seed)
    return [
        SchoolInput(id=t[0], phase=t[1], easting=t[2], northing=t[3], needs=tuple(map(float, x)))
        for t, x in zip(locs, needs, strict=True)
    ]
