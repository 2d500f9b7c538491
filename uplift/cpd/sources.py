"""The activities that write verified CPD into the ledger, registered by the apps that own them.

The ledger sits low in the layers (below clusters and their support apps), so it never imports them. Each app
that records CPD (drop-ins, coaching, workgroups; later courses and network meetings) calls
``uplift.cpd.services.entries_sync_source`` or ``entry_record_from_source`` from its own services, and
registers here, from its ``AppConfig.ready``, how to record everything it already holds: ``cpd_backfill``
runs each registered backfill (idempotent: recording an activity again changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: Records every past activity of one kind; returns how many entries it created or changed.
Backfill = Callable[[], int]


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    backfill: Backfill


sources: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add (or replace: ``ready`` may run twice in tests) the source of one kind."""
    sources[source.kind] = source
