"""Small instance builders for the matching tests."""

from __future__ import annotations

import random

from uplift.clusters.matching import SchoolInput


def school(sid, x_km, y_km, needs, phase="Primary"):
    needs = tuple(float(v) for v in needs)
    if len(needs) == 1:
        needs = needs * 7
    return SchoolInput(id=sid, phase=phase, easting=400_000 + x_km * 1000, northing=300_000 + y_km * 1000, needs=needs)


def random_instance(n, seed, spread_km=60.0, phases=("Primary", "Secondary")):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            school(
                f"S{i}",
                rng.uniform(0, spread_km),
                rng.uniform(0, spread_km),
                [rng.uniform(0, 3) for _ in range(7)],
                phase=rng.choice(phases),
            )
        )
    return out
