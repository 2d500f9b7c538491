"""Benchmark: server time of the assessment pages with 5,000 schools' assessments in the database.

Run from the repo root (see README.md beside this file):

    .venv/bin/python -m benchmarks.assessment_pages.run --database sqlite
    .venv/bin/python -m benchmarks.assessment_pages.run --database postgres

Set-up (skipped where already done, so a second run only measures): migrate, import the real register
(../shared/data/england_schools_gias_layout.csv.gz), load the shipped framework, ``seed_scale --schools N``,
then one lead per sampled school. Measuring: Django's test Client in this process, signed in as the
school's lead, after warm-up; the time is the whole ``client.get`` (URL resolving, middleware, view,
queries, template) — the server's work without the network. Queries are counted per request.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT.parent / "shared" / "data" / "england_schools_gias_layout.csv.gz"
FRAMEWORK_FILE = ROOT / "uplift" / "frameworks" / "data" / "uplift-cqf-v1.yaml"
DATABASES = {
    # Outside the repository: the file grows to about 100 MB.
    "sqlite": f"sqlite:///{Path(os.environ.get('BENCH_SQLITE', '/tmp/uplift_bench.sqlite3'))}",  # noqa: S108
    "postgres": os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/uplift_bench"),
}
GOAL_MS = 100.0


def configure(database: str) -> None:
    """Point Django at the benchmark database (before anything imports settings)."""
    os.environ["DATABASE_URL"] = DATABASES[database]
    os.environ.setdefault("UPLIFT_ENV", "development")
    os.environ["DEBUG"] = "0"  # as in production: no debug toolbar-like overhead, cached templates
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
    if database == "postgres":
        ensure_postgres_database(DATABASES["postgres"])
    import django

    django.setup()


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Created PostgreSQL database {name}")


def step(label: str, started: float) -> None:
    print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)


def set_up(schools: int, seed: int) -> None:
    from django.core.management import call_command

    from uplift.assessments.models import Assessment
    from uplift.frameworks.models import Framework
    from uplift.schools.models import School

    print("Set-up", flush=True)
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    step("migrate", started)
    if School.objects.count() < 20000:
        started = time.monotonic()
        call_command("import_schools", str(REGISTER), quiet_rows=True)
        step("import_schools (the register)", started)
    if Framework.objects.current() is None:
        started = time.monotonic()
        call_command("load_framework", str(FRAMEWORK_FILE))
        step("load_framework", started)
    if Assessment.objects.filter(is_current=True).count() < schools:
        started = time.monotonic()
        call_command("seed_scale", schools=schools, seed=seed)
        step(f"seed_scale --schools {schools}", started)


def leads_for(sample: int, seed: int) -> list[tuple[object, object]]:
    """(school, lead) for ``sample`` seeded schools: a bench lead is made (once) for each."""
    from uplift.accounts.models import SchoolMembership, SchoolRole, User
    from uplift.assessments.models import Assessment
    from uplift.schools.models import School

    current = Assessment.objects.filter(is_current=True).order_by("school__urn")
    seeded = list(current.values_list("school_id", flat=True))
    picked = random.Random(seed).sample(seeded, min(sample, len(seeded)))
    pairs = []
    for school in School.objects.filter(pk__in=picked).order_by("urn"):
        user, created = User.objects.get_or_create(
            email=f"bench-lead-{school.urn}@bench.uplift.test", defaults={"full_name": f"Bench Lead {school.urn}"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        SchoolMembership.objects.get_or_create(user=user, school=school, defaults={"role": SchoolRole.LEAD})
        pairs.append((school, user))
    return pairs


def measure(name: str, urls: list[tuple[object, str]], clients: dict, warmup: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for user, url in urls[:warmup]:
        response = clients[user].get(url)
        assert response.status_code == 200, (url, response.status_code)
    times: list[float] = []
    cpu: list[float] = []
    queries: list[int] = []
    for user, url in urls[warmup:]:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = clients[user].get(url)
            elapsed = (time.perf_counter() - started) * 1000
            elapsed_cpu = (time.process_time() - started_cpu) * 1000
        assert response.status_code == 200, (url, response.status_code)
        times.append(elapsed)
        cpu.append(elapsed_cpu)
        queries.append(len(captured))
    return {
        "page": name,
        "n": len(times),
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "max": max(times),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": percentile(cpu, 95),
        "queries": f"{min(queries)}–{max(queries)}" if min(queries) != max(queries) else str(queries[0]),
    }


def measure_cold_profile(pairs: list, clients: dict, framework: object, count: int) -> dict:
    """The profile when its cached national and regional averages have expired (every 5 minutes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from uplift.assessments.profile import averages_clear

    times: list[float] = []
    cpu: list[float] = []
    queries: list[int] = []
    for school, user in pairs[:count]:
        averages_clear(framework)
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = clients[user].get(reverse("assessments:profile", args=[school.urn]))
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
        queries.append(len(captured))
    return {
        "page": "profile, averages not cached",
        "n": len(times),
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "max": max(times),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": percentile(cpu, 95),
        "queries": f"{min(queries)}–{max(queries)}" if min(queries) != max(queries) else str(queries[0]),
    }


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered)) - 1)]


def run(args: argparse.Namespace) -> None:
    configure(args.database)
    if not args.skip_setup:
        set_up(args.schools, args.seed)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from uplift.assessments.models import Assessment
    from uplift.frameworks.models import Aspect, Framework
    from uplift.schools.models import School

    pairs = leads_for(args.sample, args.seed)
    clients = {}
    for _school, user in pairs:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[user] = client
    framework = Framework.objects.current()
    aspect_slugs = list(Aspect.objects.filter(framework=framework).order_by("order").values_list("slug", flat=True))
    rng = random.Random(args.seed)
    total = args.requests + args.warmup

    def urls(make: object) -> list[tuple[object, str]]:
        return [(user, make(school)) for school, user in (rng.choice(pairs) for _ in range(total))]

    pages = {
        "task list (assessments:overview)": urls(lambda s: reverse("assessments:overview", args=[s.urn])),
        "aspect page (assessments:aspect)": urls(
            lambda s: reverse("assessments:aspect", args=[s.urn, rng.choice(aspect_slugs)])
        ),
        "profile (assessments:profile)": urls(lambda s: reverse("assessments:profile", args=[s.urn])),
    }
    if args.pages:
        pages = {name: value for name, value in pages.items() if any(key in name for key in args.pages)}
    print(
        f"\nMeasuring on {connection.vendor} ({Assessment.objects.filter(is_current=True).count()} current "
        f"assessments, {School.objects.count()} schools); {args.requests} requests per page after {args.warmup} "
        f"warm-up, over {len(pairs)} schools",
        flush=True,
    )
    load_before = os.getloadavg()[0]
    rows = [measure(name, page_urls, clients, args.warmup) for name, page_urls in pages.items()]
    rows.append(measure_cold_profile(pairs, clients, framework, args.cold))
    load_after = os.getloadavg()[0]
    print(
        f"\n| page | database | requests | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | queries/request "
        f"| p95 < {GOAL_MS:.0f} ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        ok = "yes" if row["p95"] < GOAL_MS else "**no**"
        print(
            f"| {row['page']} | {connection.vendor} | {row['n']} | {row['p50']:.1f} | {row['p95']:.1f} | "
            f"{row['max']:.1f} | {row['cpu_p50']:.1f} | {row['cpu_p95']:.1f} | {row['queries']} | {ok} |"
        )
    print(
        f"\n{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"1-minute load average {load_before:.1f} before, {load_after:.1f} after"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=sorted(DATABASES), default="sqlite")
    parser.add_argument("--schools", type=int, default=5000, help="schools given assessments (seed_scale)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=50, help="schools whose pages are requested")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="requests per page before measuring")
    parser.add_argument("--cold", type=int, default=20, help="profile requests with the averages' cache emptied")
    parser.add_argument("--pages", nargs="*", help="only pages whose name contains one of these words")
    parser.add_argument("--skip-setup", action="store_true", help="measure only (the database is ready)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
