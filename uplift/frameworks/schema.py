"""The quality framework as data: parse and validate a framework YAML file.

A framework file (see ``data/uplift-cqf-v1.yaml``) describes dimensions, each split into aspects,
each aspect with one statement per level (1..5), suggested improvement actions, suggested evidence
and CPD topic tags. Level ``threshold_level`` (4 in the CQF) is the Quality Mark threshold and is
flagged with ``threshold: true`` on every aspect.

This module is pure Python (no Django imports) so that it can be used by the Django loader, by
management commands and by tests alike. ``parse_framework`` collects *every* problem it finds and
raises a single ``FrameworkError`` listing them, each naming where it is, so an author fixing a file
sees all of its mistakes at once.

Migrating between versions
--------------------------
When a new version of a framework is published, its file may carry a top-level ``mapping:`` list
that tells the loader how to carry schools' judgements from the previous version forward::

    mapping:
      - {from: [old-slug], to: [new-slug], kind: renamed}
      - {from: [old-a, old-b], to: [new-c], kind: merged}
      - {from: [old-d], to: [new-e, new-f], kind: split}

Here we check the shape of each entry (``kept``/``renamed``: one to one, ``split``: one to two or
more, ``merged``: two or more to one), that every ``to`` slug is an aspect of *this* file, and that
no aspect (new or old) appears in more than one entry. The ``from`` slugs belong to the previous
version, which this module does not see: **the Django loader checks them** against the version it
replaces. An aspect of the new version that the mapping does not mention but whose slug existed in
the previous version is treated as ``kept`` by the loader.

An aspect may also carry ``changed: true``, meaning its statements changed substantively in this
version; the app then shows "updated since you last reviewed" to schools that judged it before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ACTIONS_RANGE",
    "ASPECTS_PER_DIMENSION",
    "DATA_DIR",
    "EVIDENCE_RANGE",
    "LEVELS",
    "MAPPING_KINDS",
    "MAX_CPD_TOPICS_PER_LEVEL",
    "PHASES",
    "AspectSpec",
    "DimensionSpec",
    "FrameworkError",
    "FrameworkSpec",
    "LevelSpec",
    "MappingEntry",
    "load_framework_file",
    "parse_framework",
]

#: Folder holding the shipped framework files.
DATA_DIR = Path(__file__).resolve().parent / "data"

#: Every framework has exactly these levels, in this order.
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
#: Phases a statement may be written for separately.
PHASES: tuple[str, ...] = ("primary", "secondary")
#: Kinds of entry in a version-to-version ``mapping``.
MAPPING_KINDS: tuple[str, ...] = ("kept", "renamed", "split", "merged")
#: Inclusive bounds on the number of aspects in one dimension.
ASPECTS_PER_DIMENSION: tuple[int, int] = (3, 5)
#: Inclusive bounds on the number of suggested actions / evidence items per level.
ACTIONS_RANGE: tuple[int, int] = (2, 4)
EVIDENCE_RANGE: tuple[int, int] = (2, 4)
MAX_CPD_TOPICS_PER_LEVEL = 3

_FRAMEWORK_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ASPECT_SLUG_RE = _FRAMEWORK_SLUG_RE
_TOPIC_SLUG_RE = _FRAMEWORK_SLUG_RE
# Dimension slugs are identifiers such as ``staff_development``.
_DIMENSION_SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

_TOP_KEYS = {
    "slug",
    "version",
    "title",
    "published",
    "threshold_level",
    "levels",
    "cpd_topics",
    "dimensions",
    "mapping",
}
_DIMENSION_KEYS = {"slug", "title", "summary", "aspects"}
_ASPECT_KEYS = {"slug", "title", "summary", "levels", "changed"}
_LEVEL_KEYS = {"level", "statement", "actions", "evidence", "cpd_topics", "threshold"}
_MAPPING_KEYS = {"from", "to", "kind"}


class FrameworkError(ValueError):
    """A framework file is invalid. ``problems`` lists every problem found, each naming where."""

    def __init__(self, problems: list[str], *, source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" {self.source}" if self.source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"invalid framework{where} ({count} {noun}):"]
        lines.extend(f"- {problem}" for problem in self.problems)
        return "\n".join(lines)


@dataclass(frozen=True)
class LevelSpec:
    """One level (1..5) of one aspect.

    A statement is either the same for every school (``statement``) or written separately for
    primary and secondary schools (``primary`` and ``secondary``, with ``statement`` None).
    """

    level: int
    statement: str | None
    primary: str | None
    secondary: str | None
    actions: tuple[str, ...]
    evidence: tuple[str, ...]
    cpd_topics: tuple[str, ...]
    is_threshold: bool

    @property
    def is_phase_specific(self) -> bool:
        """True when the statement differs between primary and secondary schools."""
        return self.statement is None

    def statement_for(self, phase: str | None) -> str:
        """The statement a school of ``phase`` should read.

        ``phase`` is ``"primary"``, ``"secondary"`` or None (phase unknown, or an all-through
        school): None gives both phase statements, labelled, one per line.
        """
        if self.statement is not None:
            if phase is not None and phase not in PHASES:
                raise ValueError(f"unknown phase {phase!r}; expected one of {PHASES} or None")
            return self.statement
        if phase == "primary":
            return self.primary or ""
        if phase == "secondary":
            return self.secondary or ""
        if phase is None:
            return f"Primary: {self.primary}\nSecondary: {self.secondary}"
        raise ValueError(f"unknown phase {phase!r}; expected one of {PHASES} or None")


@dataclass(frozen=True)
class AspectSpec:
    """An aspect (benchmark) of a dimension, with its five levels in order."""

    slug: str
    title: str
    summary: str
    dimension_slug: str
    levels: tuple[LevelSpec, ...]
    changed: bool = False

    def level(self, number: int) -> LevelSpec:
        """The level with this number (1..5); KeyError if there is none."""
        for spec in self.levels:
            if spec.level == number:
                return spec
        raise KeyError(number)

    @property
    def threshold(self) -> LevelSpec:
        """The level flagged as the Quality Mark threshold."""
        return next(spec for spec in self.levels if spec.is_threshold)


@dataclass(frozen=True)
class DimensionSpec:
    """One of the framework's dimensions, with its aspects in order."""

    slug: str
    title: str
    summary: str
    aspects: tuple[AspectSpec, ...]


@dataclass(frozen=True)
class MappingEntry:
    """How judgements on previous-version aspects (``from_slugs``) carry to this version."""

    kind: str
    from_slugs: tuple[str, ...]
    to_slugs: tuple[str, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    """A whole, validated framework version."""

    slug: str
    version: int
    title: str
    published: dt.date
    threshold_level: int
    level_names: Mapping[int, str] = field(hash=False)
    cpd_topics: Mapping[str, str] = field(hash=False)
    dimensions: tuple[DimensionSpec, ...]
    mapping: tuple[MappingEntry, ...] = ()

    @property
    def aspects(self) -> tuple[AspectSpec, ...]:
        """Every aspect, in dimension order then file order."""
        return tuple(aspect for dimension in self.dimensions for aspect in dimension.aspects)

    def dimension(self, slug: str) -> DimensionSpec:
        """The dimension with this slug; KeyError if there is none."""
        for dimension in self.dimensions:
            if dimension.slug == slug:
                return dimension
        raise KeyError(slug)

    def aspect(self, slug: str) -> AspectSpec:
        """The aspect with this slug; KeyError if there is none."""
        for aspect in self.aspects:
            if aspect.slug == slug:
                return aspect
        raise KeyError(slug)

    def mapping_for(self, new_slug: str) -> MappingEntry | None:
        """The mapping entry that names ``new_slug`` in its ``to`` list, if any."""
        for entry in self.mapping:
            if new_slug in entry.to_slugs:
                return entry
        return None


# --- parsing -------------------------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys instead of silently keeping the last."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:  # unhashable key: the base constructor reports it
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_framework_file(path: str | Path) -> FrameworkSpec:
    """Read and validate a framework YAML file (UTF-8). Raises FrameworkError naming the file."""
    path = Path(path)
    return parse_framework(path.read_text(encoding="utf-8"), source=str(path))


def parse_framework(text: str, *, source: str | None = None) -> FrameworkSpec:
    """Parse and validate framework YAML text.

    Returns a FrameworkSpec, or raises FrameworkError listing every problem found. ``source`` (a
    file name, say) only appears in the error message.
    """
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise FrameworkError([f"not valid YAML: {_one_line(exc)}"], source=source) from exc
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        raise FrameworkError([f"the top level must be a mapping of framework fields, not {found}"], source=source)
    builder = _Builder()
    spec = builder.framework(data)
    if builder.problems or spec is None:
        raise FrameworkError(builder.problems, source=source)
    return spec


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _is_int(value: object) -> bool:
    # YAML booleans are ints in Python; a level or version of ``true`` is a mistake.
    return isinstance(value, int) and not isinstance(value, bool)


def _nonempty_str(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


class _Builder:
    """Walks the parsed YAML, recording problems and building specs where it can."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        # Set once the top level is read; used when checking every level.
        self.topics: dict[str, str] = {}
        self.threshold: int | None = None

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def unknown_keys(self, where: str, data: dict, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                self.problem(where, f"unknown key {key!r}")

    def text(self, where: str, data: dict, key: str) -> str:
        value = data.get(key)
        if value is None:
            self.problem(where, f"{key} is missing")
            return ""
        if not _nonempty_str(value):
            self.problem(where, f"{key} must be a non-empty string")
            return ""
        return value.strip()

    def string_list(self, where: str, data: dict, key: str, bounds: tuple[int, int]) -> list[str]:
        low, high = bounds
        value = data.get(key)
        if value is None:
            self.problem(where, f"{key} is missing")
            return []
        if not isinstance(value, list):
            self.problem(where, f"{key} must be a list of strings")
            return []
        items = []
        for index, item in enumerate(value, start=1):
            if _nonempty_str(item):
                items.append(item.strip())
            else:
                self.problem(where, f"{key} item {index} must be a non-empty string")
        if not low <= len(value) <= high:
            self.problem(where, f"{key} has {len(value)} items; it needs {low} to {high}")
        return items

    # -- top level --

    def framework(self, data: dict) -> FrameworkSpec | None:
        self.unknown_keys("", data, _TOP_KEYS)
        slug = self.text("", data, "slug")
        if slug and not _FRAMEWORK_SLUG_RE.match(slug):
            self.problem("", f"slug {slug!r} must be lowercase words joined by hyphens")
        title = self.text("", data, "title")

        version = data.get("version")
        if version is None:
            self.problem("", "version is not set")
        elif not _is_int(version) or version < 1:
            self.problem("", f"version must be a positive integer, not {version!r}")

        published = self.published(data.get("published"))
        level_names = self.level_names(data.get("levels"))

        threshold = data.get("threshold_level")
        if threshold is None:
            self.problem("", "threshold_level is not set")
        elif not _is_int(threshold) or threshold not in LEVELS:
            self.problem("", f"threshold_level must be one of the levels 1..5, not {threshold!r}")
            threshold = None

        topics = self.cpd_topics(data.get("cpd_topics", {}))
        self.topics, self.threshold = topics, threshold
        dimensions = self.dimensions(data.get("dimensions"))
        mapping = self.mapping(data.get("mapping", []), dimensions)

        if self.problems:
            return None
        return FrameworkSpec(
            slug=slug,
            version=version,
            title=title,
            published=published,
            threshold_level=threshold,
            level_names=level_names,
            cpd_topics=topics,
            dimensions=tuple(dimensions),
            mapping=tuple(mapping),
        )

    def published(self, value: object) -> dt.date | None:
        if value is None:
            self.problem("", "published is not set")
            return None
        if isinstance(value, dt.datetime):
            self.problem("", "published must be a date (YYYY-MM-DD), not a date and time")
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem("", f"published must be a date (YYYY-MM-DD), not {value!r}")
        return None

    def level_names(self, value: object) -> dict[int, str]:
        if value is None:
            self.problem("", "levels (the names of levels 1..5) is missing")
            return {}
        if not isinstance(value, dict):
            self.problem("", "levels must be a mapping of level number to name")
            return {}
        names: dict[int, str] = {}
        for key, name in value.items():
            if not _is_int(key) or key not in LEVELS:
                self.problem("levels", f"{key!r} is not a level; levels are 1..5")
            elif not _nonempty_str(name):
                self.problem("levels", f"level {key} needs a non-empty name")
            else:
                names[key] = name.strip()
        for number in LEVELS:
            if number not in value:
                self.problem("levels", f"level {number} has no name")
        return dict(sorted(names.items()))

    def cpd_topics(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            self.problem("", "cpd_topics must be a mapping of topic slug to title")
            return {}
        topics: dict[str, str] = {}
        for slug, title in value.items():
            if not isinstance(slug, str) or not _TOPIC_SLUG_RE.match(slug):
                self.problem("cpd_topics", f"{slug!r} must be lowercase words joined by hyphens")
            elif not _nonempty_str(title):
                self.problem("cpd_topics", f"topic {slug!r} needs a non-empty title")
            else:
                topics[slug] = title.strip()
        return topics

    # -- dimensions and aspects --

    def dimensions(self, value: object) -> list[DimensionSpec]:
        if value is None:
            self.problem("", "dimensions is missing")
            return []
        if not isinstance(value, list) or not value:
            self.problem("", "dimensions must be a non-empty list")
            return []
        dimensions: list[DimensionSpec] = []
        dimension_seen: set[str] = set()
        aspect_owner: dict[str, str] = {}
        for index, data in enumerate(value, start=1):
            where = f"dimension #{index}"
            if not isinstance(data, dict):
                self.problem(where, "must be a mapping")
                continue
            slug = data.get("slug")
            if _nonempty_str(slug):
                where = f"dimension {slug!r}"
                if not _DIMENSION_SLUG_RE.match(slug):
                    self.problem(where, "slug must be lowercase words joined by underscores")
                if slug in dimension_seen:
                    self.problem("", f"duplicate dimension slug {slug!r}")
                dimension_seen.add(slug)
            else:
                self.problem(where, "slug is missing")
                slug = ""
            self.unknown_keys(where, data, _DIMENSION_KEYS)
            title = self.text(where, data, "title")
            summary = self.text(where, data, "summary")
            aspects = self.aspects(where, slug, data.get("aspects"))
            for aspect in aspects:
                owner = aspect_owner.get(aspect.slug)
                if owner is None:
                    aspect_owner[aspect.slug] = slug
                elif owner == slug:
                    self.problem("", f"duplicate aspect slug {aspect.slug!r} (twice in dimension {slug!r})")
                else:
                    self.problem(
                        "",
                        f"duplicate aspect slug {aspect.slug!r} (dimensions {owner!r} and {slug!r})",
                    )
            dimensions.append(DimensionSpec(slug, title, summary, tuple(aspects)))
        return dimensions

    def aspects(self, where: str, dimension_slug: str, value: object) -> list[AspectSpec]:
        low, high = ASPECTS_PER_DIMENSION
        if not isinstance(value, list):
            self.problem(where, "aspects must be a list")
            return []
        if not low <= len(value) <= high:
            self.problems.append(f"{where} has {len(value)} aspects; a dimension needs {low} to {high}")
        aspects = []
        for index, data in enumerate(value, start=1):
            aspect = self.aspect(where, index, dimension_slug, data)
            if aspect is not None:
                aspects.append(aspect)
        return aspects

    def aspect(self, dimension_where: str, index: int, dimension_slug: str, data: object) -> AspectSpec | None:
        where = f"{dimension_where}, aspect #{index}"
        if not isinstance(data, dict):
            self.problem(where, "must be a mapping")
            return None
        slug = data.get("slug")
        if _nonempty_str(slug):
            where = f"{dimension_where}, aspect {slug!r}"
            if not _ASPECT_SLUG_RE.match(slug):
                self.problem(where, "slug must be lowercase words joined by hyphens")
        else:
            self.problem(where, "slug is missing")
            slug = ""
        self.unknown_keys(where, data, _ASPECT_KEYS)
        title = self.text(where, data, "title")
        summary = self.text(where, data, "summary")
        changed = data.get("changed", False)
        if not isinstance(changed, bool):
            self.problem(where, f"changed must be true or false, not {changed!r}")
            changed = False
        levels = self.levels(where, data.get("levels"))
        return AspectSpec(slug, title, summary, dimension_slug, tuple(levels), changed)

    def levels(self, where: str, value: object) -> list[LevelSpec]:
        threshold = self.threshold
        if not isinstance(value, list):
            self.problem(where, "levels must be a list of the levels 1..5")
            return []
        levels: list[LevelSpec] = []
        numbers: list[int] = []
        for index, data in enumerate(value, start=1):
            if not isinstance(data, dict):
                self.problem(where, f"level entry #{index} must be a mapping")
                continue
            number = data.get("level")
            if not _is_int(number) or number not in LEVELS:
                self.problem(where, f"level entry #{index} has level {number!r}; levels are 1..5")
                continue
            if number in numbers:
                self.problem(where, f"level {number} appears more than once")
                continue
            numbers.append(number)
            spec = self.level(f"{where}, level {number}", number, data)
            levels.append(spec)
        for number in LEVELS:
            if number not in numbers:
                self.problem(where, f"level {number} is missing")
        if numbers != sorted(numbers):
            self.problem(where, "levels must be listed in order 1..5")
        flagged = any(spec.is_threshold for spec in levels if spec.level == threshold)
        if threshold is not None and threshold in numbers and not flagged:
            self.problem(f"{where}, level {threshold}", f"threshold must be flagged on level {threshold}")
        return sorted(levels, key=lambda spec: spec.level)

    def level(self, where: str, number: int, data: dict) -> LevelSpec:
        topics, threshold = self.topics, self.threshold
        self.unknown_keys(where, data, _LEVEL_KEYS)
        statement, primary, secondary = self.statement(where, data.get("statement"))
        actions = self.string_list(where, data, "actions", ACTIONS_RANGE)
        evidence = self.string_list(where, data, "evidence", EVIDENCE_RANGE)

        tags: list[str] = []
        raw_tags = data.get("cpd_topics", [])
        if not isinstance(raw_tags, list):
            self.problem(where, "cpd_topics must be a list of topic slugs")
            raw_tags = []
        for tag in raw_tags:
            if not isinstance(tag, str) or tag not in topics:
                self.problem(where, f"unknown cpd topic {tag!r}")
            elif tag in tags:
                self.problem(where, f"cpd topic {tag!r} is listed twice")
            else:
                tags.append(tag)
        if len(raw_tags) > MAX_CPD_TOPICS_PER_LEVEL:
            self.problem(
                where,
                f"{len(raw_tags)} cpd topics; at most {MAX_CPD_TOPICS_PER_LEVEL} are allowed",
            )

        flagged = data.get("threshold", False)
        if not isinstance(flagged, bool):
            self.problem(where, f"threshold must be true or false, not {flagged!r}")
            flagged = False
        if flagged and threshold is not None and number != threshold:
            self.problem(where, f"threshold must be flagged on level {threshold} only")
            flagged = False
        return LevelSpec(
            level=number,
            statement=statement,
            primary=primary,
            secondary=secondary,
            actions=tuple(actions),
            evidence=tuple(evidence),
            cpd_topics=tuple(tags),
            is_threshold=flagged,
        )

    def statement(self, where: str, value: object) -> tuple[str | None, str | None, str | None]:
        if value is None:
            self.problem(where, "statement is missing")
            return "", None, None
        if isinstance(value, str):
            if not value.strip():
                self.problem(where, "statement is empty")
            return value.strip(), None, None
        if isinstance(value, dict):
            ok = True
            for key in value:
                if key not in PHASES:
                    self.problem(where, f"statement has key {key!r}; a phase statement has only {PHASES}")
                    ok = False
            texts: dict[str, str] = {}
            for phase in PHASES:
                text = value.get(phase)
                if text is None:
                    self.problem(where, f"statement has no {phase} version")
                    ok = False
                elif not _nonempty_str(text):
                    self.problem(where, f"{phase} statement is empty")
                    ok = False
                else:
                    texts[phase] = text.strip()
            if not ok:
                return "", None, None
            return None, texts["primary"], texts["secondary"]
        self.problem(where, "statement must be a string or a mapping of primary and secondary")
        return "", None, None

    # -- version mapping --

    def mapping(self, value: object, dimensions: list[DimensionSpec]) -> list[MappingEntry]:
        if not isinstance(value, list):
            self.problem("", "mapping must be a list of {from, to, kind} entries")
            return []
        known = {aspect.slug for dimension in dimensions for aspect in dimension.aspects}
        # slug -> number of the first entry naming it, for new (to) and old (from) aspects
        new_seen: dict[str, int] = {}
        old_seen: dict[str, int] = {}
        entries: list[MappingEntry] = []
        for index, data in enumerate(value, start=1):
            entry = self.mapping_entry(index, data, known, new_seen, old_seen)
            if entry is not None:
                entries.append(entry)
        return entries

    def mapping_entry(
        self,
        index: int,
        data: object,
        known: set[str],
        new_seen: dict[str, int],
        old_seen: dict[str, int],
    ) -> MappingEntry | None:
        where = f"mapping entry #{index}"
        if not isinstance(data, dict):
            self.problem(where, "must be a mapping with from, to and kind")
            return None
        self.unknown_keys(where, data, _MAPPING_KEYS)
        kind = data.get("kind")
        if kind not in MAPPING_KINDS:
            self.problem(where, f"kind must be one of {', '.join(MAPPING_KINDS)}, not {kind!r}")
        sources = self.slug_list(where, data, "from")
        targets = self.slug_list(where, data, "to")
        for target in targets:
            if target not in known:
                self.problem(where, f"'to' aspect {target!r} is not an aspect of this file")
        for label, slugs, seen in (("new", targets, new_seen), ("old", sources, old_seen)):
            for slug in slugs:
                if slug in seen:
                    self.problem(where, f"{label} aspect {slug!r} already appears in entry #{seen[slug]}")
                else:
                    seen[slug] = index
        if kind not in MAPPING_KINDS:
            return None
        if sources and targets:
            self.mapping_shape(where, kind, sources, targets)
        return MappingEntry(kind, tuple(sources), tuple(targets))

    def slug_list(self, where: str, data: dict, key: str) -> list[str]:
        value = data.get(key)
        if isinstance(value, str):  # allow `from: old-slug` as shorthand for a one-item list
            value = [value]
        if not isinstance(value, list) or not value:
            self.problem(where, f"'{key}' must be a non-empty list of aspect slugs")
            return []
        slugs: list[str] = []
        for slug in value:
            if not isinstance(slug, str) or not _ASPECT_SLUG_RE.match(slug):
                self.problem(where, f"'{key}' has {slug!r}, which is not an aspect slug")
            elif slug in slugs:
                self.problem(where, f"'{key}' lists {slug!r} twice")
            else:
                slugs.append(slug)
        return slugs

    def mapping_shape(self, where: str, kind: str, sources: list[str], targets: list[str]) -> None:
        n_from, n_to = len(sources), len(targets)
        if kind in ("kept", "renamed"):
            if n_from != 1 or n_to != 1:
                self.problem(where, f"{kind} maps 1 aspect to 1, not {n_from} to {n_to}")
            elif kind == "kept" and sources != targets:
                self.problem(where, "kept keeps the slug; use renamed when the slug changes")
            elif kind == "renamed" and sources == targets:
                self.problem(where, "renamed needs a new slug; use kept when it is unchanged")
        elif kind == "split":
            if n_from != 1 or n_to < 2:
                self.problem(where, f"split maps 1 aspect to 2 or more, not {n_from} to {n_to}")
        elif kind == "merged" and (n_from < 2 or n_to != 1):
            self.problem(where, f"merged maps 2 or more aspects to 1, not {n_from} to {n_to}")
