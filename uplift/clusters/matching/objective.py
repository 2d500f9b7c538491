"""Scoring of a cluster assignment, shared by the engine and the benchmark.

Independent of any solver: given the schools, an assignment ``{school_id: cluster_key or None}`` and the
parameters, it recomputes every cluster from scratch (mean need, meeting school, distances) and lists every
broken rule.

Objective (minimised)::

    sum over clusters  [ sum_i ||need_i - mean_need||^2  +  lam * sum_i km(i, meeting school)  +  cluster_cost ]
    + penalty * (number of unassigned schools)

Rules: every cluster has MIN_SIZE..MAX_SIZE schools of one phase; its meeting school is the member with the least
summed straight-line distance to the other members (ties: the member listed first in ``schools``); every member is
within ``max_km`` of the meeting school; at most ``max_clusters`` clusters when that is set.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

MIN_SIZE = 3
MAX_SIZE = 6
NEED_DIMS = ("leadership", "curriculum", "teaching", "staff_development", "inclusion", "careers", "impact")
NEED_LABELS = ("Leadership", "Curriculum", "Teaching", "Staff development", "Inclusion", "Careers", "Impact")
# Distances are compared with this slack (km) so that rounding never turns a valid cluster into a violation.
KM_EPS = 1e-9


@dataclass(frozen=True)
class SchoolInput:
    """One applying school. ``needs`` holds 7 floats in 0..3 in the order of ``NEED_DIMS``."""

    id: Hashable
    phase: str
    easting: float
    northing: float
    needs: tuple[float, ...]


@dataclass(frozen=True)
class MatchParams:
    max_km: float = 25.0
    lam: float = 0.1
    penalty: float = 10.0
    cluster_cost: float = 0.0
    seed: int = 0
    time_limit: float = 60.0
    max_clusters: int | None = None
    # optional extra effort: ruin-and-recreate rounds per cluster after local search (~1% better per round, slower)
    polish: float = 0.0


@dataclass
class ClusterScore:
    key: Hashable
    members: list  # school ids, in input order
    phase: str
    meeting: Hashable
    km: dict  # school id -> km to meeting school
    mean_need: tuple[float, ...]
    spread: float  # sum of squared need distances from the mean
    distance_km: float
    cost: float  # spread + lam * distance_km + cluster_cost
    problems: list[str] = field(default_factory=list)


def phase_key(phase: str) -> str:
    return (phase or "").strip().lower()


def meeting_index(coords_km: np.ndarray) -> tuple[int, np.ndarray]:
    """Index of the meeting school among ``coords_km`` (k x 2) and each member's km to it.

    The meeting school is the member with the least summed distance to the others; ties go to the first.
    """
    diff = coords_km[:, None, :] - coords_km[None, :, :]
    dist = np.sqrt((diff**2).sum(axis=2))
    c = int(np.argmin(dist.sum(axis=1)))
    return c, dist[c]


def evaluate_cluster(key: Hashable, members: Sequence[SchoolInput], params: MatchParams) -> ClusterScore:
    """Cost and rule problems of one cluster (members in input order)."""
    coords = np.array([[s.easting, s.northing] for s in members], dtype=float).reshape(-1, 2) / 1000.0
    needs = np.array([s.needs for s in members], dtype=float).reshape(-1, len(NEED_DIMS))
    problems: list[str] = []
    k = len(members)
    if not MIN_SIZE <= k <= MAX_SIZE:
        problems.append(f"cluster {key}: has {k} schools, outside {MIN_SIZE}..{MAX_SIZE}")
    phases = sorted({phase_key(s.phase) for s in members})
    if len(phases) > 1:
        problems.append(f"cluster {key}: mixes phases ({', '.join(phases)})")
    if k == 0:
        return ClusterScore(key, [], "", None, {}, (0.0,) * len(NEED_DIMS), 0.0, 0.0, 0.0, problems)
    c, km = meeting_index(coords)
    mean = needs.mean(axis=0)
    spread = float(((needs - mean) ** 2).sum())
    dist_km = float(km.sum())
    for s, d in zip(members, km, strict=True):
        if d > params.max_km + KM_EPS:
            problems.append(
                f"cluster {key}: school {s.id} is {d:.1f} km from meeting school {members[c].id} "
                f"(max {params.max_km:g} km)"
            )
    cost = spread + params.lam * dist_km + params.cluster_cost
    return ClusterScore(
        key=key,
        members=[s.id for s in members],
        phase=members[0].phase,
        meeting=members[c].id,
        km={s.id: float(d) for s, d in zip(members, km, strict=True)},
        mean_need=tuple(float(v) for v in mean),
        spread=spread,
        distance_km=dist_km,
        cost=cost,
        problems=problems,
    )


def group_clusters(schools: Sequence[SchoolInput], assignment: Mapping[Hashable, Hashable | None]) -> dict:
    """``{cluster_key: [SchoolInput, ...]}`` in input order; schools missing or mapped to None/'' are unassigned."""
    groups: dict = {}
    for s in schools:
        key = assignment.get(s.id)
        if key is None or key == "":
            continue
        groups.setdefault(key, []).append(s)
    return groups


def score_details(
    schools: Sequence[SchoolInput], assignment: Mapping[Hashable, Hashable | None], params: MatchParams
) -> tuple[float, list[str], dict, list[ClusterScore]]:
    """Objective, violations, breakdown and the per-cluster scores."""
    violations: list[str] = []
    ids = [s.id for s in schools]
    known = set(ids)
    if len(known) != len(ids):
        violations.append("duplicate school ids in the input")
    for sid in assignment:
        if sid not in known:
            violations.append(f"assignment names unknown school {sid}")
    clusters = [evaluate_cluster(key, members, params) for key, members in group_clusters(schools, assignment).items()]
    for cs in clusters:
        violations.extend(cs.problems)
    if params.max_clusters is not None and len(clusters) > params.max_clusters:
        violations.append(f"{len(clusters)} clusters exceed the maximum of {params.max_clusters}")
    n_assigned = sum(len(cs.members) for cs in clusters)
    n_unassigned = len(schools) - n_assigned
    spread = sum(cs.spread for cs in clusters)
    dist_km = sum(cs.distance_km for cs in clusters)
    objective = spread + params.lam * dist_km + params.penalty * n_unassigned + params.cluster_cost * len(clusters)
    breakdown = {
        "need_spread": spread,
        "distance_km": dist_km,
        "distance_cost": params.lam * dist_km,
        "unassigned": n_unassigned,
        "unassigned_cost": params.penalty * n_unassigned,
        "clusters": len(clusters),
        "cluster_cost_total": params.cluster_cost * len(clusters),
        "assigned": n_assigned,
    }
    if not math.isfinite(objective):
        violations.append("objective is not finite")
    return objective, violations, breakdown, clusters


def score(
    schools: Sequence[SchoolInput], assignment: Mapping[Hashable, Hashable | None], params: MatchParams
) -> tuple[float, list[str]]:
    """``(objective, violations)``; ``violations`` is empty exactly when every rule holds."""
    objective, violations, _, _ = score_details(schools, assignment, params)
    return objective, violations
