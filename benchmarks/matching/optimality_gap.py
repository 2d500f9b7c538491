"""Optimality gap on small patches of the England instance: ours vs. the exact optimum.

The exact optimum enumerates every valid cluster of 3-6 schools in a patch of the nearest N primary schools to a
random point and solves the set packing (each school in at most one cluster, the rest pay the penalty) with SCIP
through OR-Tools (installed with k-means-constrained, see benchmarks/requirements.txt).

    .venv/bin/python -m benchmarks.matching.optimality_gap --seed 1 --size 18 --patches 3
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np

from benchmarks.matching.instances import instance
from uplift.clusters.matching import MatchParams, match
from uplift.clusters.matching.objective import evaluate_cluster


def exact_optimum(schools, params: MatchParams) -> float:
    from ortools.linear_solver import pywraplp

    cols = []
    for k in range(3, 7):
        for comb in itertools.combinations(range(len(schools)), k):
            cs = evaluate_cluster("x", [schools[i] for i in comb], params)
            if not cs.problems and cs.cost < params.penalty * k:
                cols.append((comb, cs.cost - params.penalty * k))
    solver = pywraplp.Solver.CreateSolver("SCIP")
    x = [solver.BoolVar(f"x{j}") for j in range(len(cols))]
    for i in range(len(schools)):
        solver.Add(sum(x[j] for j, (comb, _) in enumerate(cols) if i in comb) <= 1)
    solver.Minimize(sum(v * x[j] for j, (_, v) in enumerate(cols)))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("SCIP did not prove optimality")
    return solver.Objective().Value() + params.penalty * len(schools)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size", type=int, default=18)
    ap.add_argument("--patches", type=int, default=3)
    args = ap.parse_args(argv)
    schools = [s for s in instance("england") if s.phase == "Primary"]
    coords = np.array([[s.easting, s.northing] for s in schools]) / 1000.0
    rng = np.random.default_rng(args.seed)
    params = MatchParams()
    for _ in range(args.patches):
        centre = coords[rng.integers(len(coords))]
        d = np.sqrt(((coords - centre) ** 2).sum(axis=1))
        pick = np.argsort(d)[: args.size]
        patch = [schools[i] for i in pick]
        ours = match(patch, params).objective
        opt = exact_optimum(patch, params)
        gap = 100 * (ours / opt - 1)
        print(f"patch radius {d[pick].max():.1f} km: ours {ours:.3f}, optimum {opt:.3f}, gap {gap:.2f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
