"""``manage.py match_clusters --input IN.csv --output OUT.csv [options]``: the matching engine from the command
line, a thin wrapper over ``uplift.clusters.matching.cli.main`` (see that module for the file formats)."""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandError

from uplift.clusters.matching import cli
from uplift.clusters.matching.objective import MatchParams

_DEFAULTS = MatchParams()


class Command(BaseCommand):
    help = (
        "Group applying schools (IN.csv: school_id,phase,easting,northing,need_leadership..need_impact) into "
        "Computing Clusters of 3-6 same-phase schools, and write OUT.csv (school_id,cluster_id,...)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", required=True, help="IN.csv (school_id,phase,easting,northing,need_*)")
        parser.add_argument("--output", required=True, help="OUT.csv to write (school_id,cluster_id,...)")
        parser.add_argument("--max-km", type=float, default=_DEFAULTS.max_km, help="max km from the meeting school")
        parser.add_argument("--lam", type=float, default=_DEFAULTS.lam, help="objective weight per km")
        parser.add_argument("--penalty", type=float, default=_DEFAULTS.penalty, help="cost per unassigned school")
        parser.add_argument("--cluster-cost", type=float, default=_DEFAULTS.cluster_cost, help="cost per cluster")
        parser.add_argument("--max-clusters", type=int, default=None, help="maximum number of clusters (funded)")
        parser.add_argument("--seed", type=int, default=_DEFAULTS.seed)
        parser.add_argument("--time-limit", type=float, default=_DEFAULTS.time_limit, help="seconds of improvement")
        parser.add_argument("--quiet", action="store_true", help="no progress lines")

    def handle(self, *args: object, **options: object) -> None:
        argv = [
            "--input",
            str(options["input"]),
            "--output",
            str(options["output"]),
            "--max-km",
            repr(options["max_km"]),
            "--lam",
            repr(options["lam"]),
            "--penalty",
            repr(options["penalty"]),
            "--cluster-cost",
            repr(options["cluster_cost"]),
            "--seed",
            str(options["seed"]),
            "--time-limit",
            repr(options["time_limit"]),
        ]
        if options["max_clusters"] is not None:
            argv += ["--max-clusters", str(options["max_clusters"])]
        if options["quiet"]:
            argv.append("--quiet")
        errors = io.StringIO()
        code = cli.main(argv, stdout=self.stdout, stderr=errors, prog="manage.py match_clusters")
        if code != 0:
            message = errors.getvalue().strip().removeprefix("error: ")
            raise CommandError(message or f"matching failed (exit status {code})", returncode=code)
