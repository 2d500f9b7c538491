"""Small, valid framework files for tests: every dimension, three aspects each, plain statements."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from uplift.frameworks.schema import FrameworkSpec, parse_framework

DIMENSIONS = ["leadership", "curriculum", "teaching", "staff_development", "inclusion", "careers", "impact"]


def default_aspects() -> dict[str, list[str]]:
    """{dimension slug: [aspect slugs]}: three aspects per dimension, e.g. ``leadership-1``."""
    return {dimension: [f"{dimension.replace('_', '-')}-{n}" for n in (1, 2, 3)] for dimension in DIMENSIONS}


def framework_data(
    *,
    version: int = 1,
    aspects: dict[str, list[str]] | None = None,
    changed: Iterable[str] = (),
    mapping: list[dict] | None = None,
    slug: str = "test-cqf",
) -> dict:
    """The parsed-YAML shape of a framework file (edit it to make an invalid one)."""
    aspects = aspects or default_aspects()
    changed = set(changed)

    def level(aspect: str, number: int) -> dict:
        data = {
            "level": number,
            "statement": f"{aspect} statement at level {number}",
            "actions": [f"{aspect} action {number}a", f"{aspect} action {number}b"],
            "evidence": [f"{aspect} evidence {number}a", f"{aspect} evidence {number}b"],
            "cpd_topics": ["subject-leadership"],
        }
        if number == 4:
            data["threshold"] = True
        return data

    def aspect(slug: str) -> dict:
        data = {
            "slug": slug,
            "title": slug.replace("-", " ").capitalize(),
            "summary": f"What {slug} is about.",
            "levels": [level(slug, number) for number in range(1, 6)],
        }
        if slug in changed:
            data["changed"] = True
        return data

    data = {
        "slug": slug,
        "version": version,
        "title": "Test framework",
        "published": "2026-09-01",
        "threshold_level": 4,
        "levels": {1: "Introductory", 2: "Developing", 3: "Established", 4: "Quality Mark standard", 5: "Beyond"},
        "cpd_topics": {"subject-leadership": "Leading computing"},
        "dimensions": [
            {
                "slug": dimension,
                "title": dimension.replace("_", " ").capitalize(),
                "summary": f"All about {dimension}.",
                "aspects": [aspect(slug) for slug in slugs],
            }
            for dimension, slugs in aspects.items()
        ],
    }
    if mapping:
        data["mapping"] = mapping
    return data


def framework_yaml(**kwargs: object) -> str:
    return yaml.safe_dump(framework_data(**kwargs), sort_keys=False)  # type: ignore[arg-type]


def framework_spec(**kwargs: object) -> FrameworkSpec:
    return parse_framework(framework_yaml(**kwargs))
