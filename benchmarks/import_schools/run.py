"""Benchmark: importing the real GIAS register (22,010 schools) on SQLite and PostgreSQL.

Run from the repo root (PostgreSQL must accept the URL given; trust auth locally):

    .venv/bin/python -m benchmarks.import_schools.run
    .venv/bin/python -m benchmarks.import_schools.run --backends sqlite --repeat 1
    .venv/bin/python -m benchmarks.import_schools.run --postgres postgres://postgres@127.0.0.1:5432/postgres

For each backend and each repeat, a fresh empty database is created and migrated, then:

- ``service``: ``schools_import`` is timed in-process, first into the empty database, then re-importing the same
  file (every school unchanged);
- ``command``: ``manage.py import_schools`` is run as a subprocess on another fresh database and its whole wall
  time measured (interpreter start, Django set-up, reading, writing), first import and re-import.

DEBUG is off, as in production. The file is read from ../shared/data (outside the repository) unless --file says
otherwise; it is never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "england_schools_gias_layout.csv.gz"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def child(path: str) -> None:
    """In a process whose DATABASE_URL is a fresh database: migrate, then time two imports."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
    django.setup()
    from django.core.management import call_command

    from uplift.schools.importer import schools_import

    call_command("migrate", verbosity=0)
    timings = {}
    for run in ("first", "again"):
        start, cpu = time.perf_counter(), time.process_time()
        result = schools_import(path=Path(path))
        timings[run] = {
            "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
            "summary": result.summary(),
        }
    print(json.dumps(timings))


def environment(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "UPLIFT_ENV": "development", "DEBUG": "0"}


@contextmanager
def fresh_database(backend: str, postgres_url: str) -> Iterator[str]:
    """A DATABASE_URL for a new, empty database, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/bench.sqlite3"
        return
    import psycopg

    name = f"uplift_bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_service(backend: str, postgres_url: str, path: Path) -> dict[str, dict[str, object]]:
    with fresh_database(backend, postgres_url) as url:
        output = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "benchmarks.import_schools.run", "--child", str(path)],
            cwd=ROOT,
            env=environment(url),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_command(backend: str, postgres_url: str, path: Path) -> dict[str, dict[str, object]]:
    with fresh_database(backend, postgres_url) as url:
        env = environment(url)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        timings = {}
        for run in ("first", "again"):
            start, cpu = time.perf_counter(), _children_cpu()
            done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
                [sys.executable, "manage.py", "import_schools", str(path)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            timings[run] = {
                "seconds": time.perf_counter() - start,
                "cpu": _children_cpu() - cpu,
                "summary": done.stdout.strip(),
            }
    return timings


def _children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"File: {args.file} ({args.file.stat().st_size / 1e6:.1f} MB gzipped); {args.repeat} runs each")
    print(f"Load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("Seconds as wall (CPU): best / median")
    print(f"{'backend':<9} {'measure':<8} {'first import':>28} {'re-import':>28}")
    for backend in args.backends:
        for measure, runner in (("service", run_service), ("command", run_command)):
            runs = [runner(backend, args.postgres, args.file) for _ in range(args.repeat)]
            cells = []
            for which in ("first", "again"):
                ordered = sorted(runs, key=lambda run: float(run[which]["seconds"]))
                best, median = ordered[0][which], ordered[len(ordered) // 2][which]
                cells.append(
                    f"{best['seconds']:.2f} ({best['cpu']:.2f}) / {median['seconds']:.2f} ({median['cpu']:.2f})"
                )
            print(f"{backend:<9} {measure:<8} {cells[0]:>28} {cells[1]:>28}")
        print(f"{'':<9} first:   {runs[0]['first']['summary']}")
        print(f"{'':<9} again:   {runs[0]['again']['summary']}")
    print(f"Load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
