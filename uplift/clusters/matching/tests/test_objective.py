import pytest

from uplift.clusters.matching import MatchParams, score

from .helpers import school


def test_score_of_a_known_cluster():
    s = [school("A", 0, 0, [0]), school("B", 3, 0, [1]), school("C", 0, 4, [2])]
    obj, violations = score(s, {"A": "x", "B": "x", "C": "x"}, MatchParams())
    # mean need 1 in every dim: spread = 7 * (1 + 0 + 1); meeting A (3 + 4 km)
    assert violations == []
    assert obj == pytest.approx(14 + 0.1 * 7)


def test_unassigned_pay_penalty_and_clusters_pay_cost():
    s = [school("A", 0, 0, [1]), school("B", 1, 0, [1]), school("C", 0, 1, [1]), school("D", 5, 5, [1])]
    obj, violations = score(s, {"A": 1, "B": 1, "C": 1, "D": None}, MatchParams(cluster_cost=2.5))
    assert violations == []
    assert obj == pytest.approx(0.1 * 2 + 10 + 2.5)


def test_every_broken_rule_is_listed():
    s = [
        school("A", 0, 0, [1]),
        school("B", 1, 0, [1]),
        school("C", 0, 1, [1], phase="Secondary"),
        school("D", 100, 0, [1]),
        school("E", 0, 2, [1]),
    ]
    _, violations = score(s, {"A": 1, "B": 1, "C": 1, "D": 2, "E": 2, "Z": 3}, MatchParams(max_clusters=1))
    text = "\n".join(violations)
    assert "mixes phases" in text
    assert "has 2 schools" in text
    assert "km from meeting school" in text
    assert "unknown school Z" in text
    assert "exceed the maximum of 1" in text


def test_distance_rule_uses_meeting_school():
    # line of 4 at 0, 20, 40, 60 km: meeting school is at 20 (tie with 40, first wins): 60 km member breaks it
    s = [school(f"S{i}", 20 * i, 0, [1]) for i in range(4)]
    _, violations = score(s, {x.id: 1 for x in s}, MatchParams())
    assert len(violations) == 1 and "S3 is 40.0 km" in violations[0]
