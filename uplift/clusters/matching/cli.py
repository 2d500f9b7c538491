"""Command line: ``python -m uplift.clusters.matching --input IN.csv --output OUT.csv [options]``.

Also the body of ``manage.py match_clusters`` (which calls ``main(argv)``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .csvio import MatchingInputError, read_schools, write_proposal
from .engine import match
from .objective import MatchParams

_DEFAULTS = MatchParams()


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Group applying schools into Computing Clusters.")
    p.add_argument("--input", required=True, help="IN.csv (school_id,phase,easting,northing,need_*)")
    p.add_argument("--output", required=True, help="OUT.csv to write (school_id,cluster_id,...)")
    p.add_argument("--max-km", type=float, default=_DEFAULTS.max_km, help="max km from the meeting school")
    p.add_argument("--lam", type=float, default=_DEFAULTS.lam, help="objective weight per km")
    p.add_argument("--penalty", type=float, default=_DEFAULTS.penalty, help="objective cost per unassigned school")
    p.add_argument("--cluster-cost", type=float, default=_DEFAULTS.cluster_cost, help="objective cost per cluster")
    p.add_argument("--max-clusters", type=int, default=None, help="maximum number of clusters (funded)")
    p.add_argument("--seed", type=int, default=_DEFAULTS.seed)
    p.add_argument("--time-limit", type=float, default=_DEFAULTS.time_limit, help="seconds of improvement")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


def main(argv: Sequence[str] | None = None, *, stdout=None, stderr=None, prog: str | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser(prog).parse_args(list(argv) if argv is not None else None)
    for name in ("max_km", "lam", "penalty", "cluster_cost", "time_limit"):
        if getattr(args, name) < 0:
            print(f"error: --{name.replace('_', '-')} must not be negative", file=err)
            return 2
    if args.max_km <= 0:
        print("error: --max-km must be positive", file=err)
        return 2
    if args.max_clusters is not None and args.max_clusters < 0:
        print("error: --max-clusters must not be negative", file=err)
        return 2
    try:
        schools = read_schools(args.input)
    except MatchingInputError as exc:
        print(f"error: {args.input}: {exc}", file=err)
        return 1
    params = MatchParams(
        max_km=args.max_km,
        lam=args.lam,
        penalty=args.penalty,
        cluster_cost=args.cluster_cost,
        seed=args.seed,
        time_limit=args.time_limit,
        max_clusters=args.max_clusters,
    )

    def progress(fraction: float, message: str) -> None:
        if not args.quiet:
            print(f"[{fraction * 100:5.1f}%] {message}", file=out, flush=True)

    proposal = match(schools, params, on_progress=progress)
    try:
        write_proposal(args.output, schools, proposal)
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=err)
        return 1
    b = proposal.breakdown
    print(
        f"{len(schools)} schools -> {len(proposal.clusters)} clusters, {len(proposal.unassigned)} unassigned "
        f"(at least {b['lower_bound_unassigned']} cannot be in any valid cluster)",
        file=out,
    )
    print(
        f"objective {proposal.objective:.2f} = need spread {b['need_spread']:.2f} + distance "
        f"{b['distance_cost']:.2f} ({b['distance_km']:.1f} km) + unassigned {b['unassigned_cost']:.2f} "
        f"+ clusters {b['cluster_cost_total']:.2f}",
        file=out,
    )
    print(f"wrote {args.output} in {b['runtime_s']:.1f} s", file=out)
    return 0
