import itertools

import pytest

from uplift.clusters.matching import MatchParams, match, score
from uplift.clusters.matching.objective import evaluate_cluster

from .helpers import random_instance, school


def assignment_of(proposal):
    return {sid: c.id for c in proposal.clusters for sid in c.members}


def brute_force_optimum(schools, params):
    """Exact optimum for a tiny single-phase instance: best set partition, each block a cluster or unassigned."""
    best = float("inf")
    items = list(schools)

    def block_cost(block):
        cost = params.penalty * len(block)
        if 3 <= len(block) <= 6:
            cs = evaluate_cluster("b", block, params)
            if not cs.problems:
                cost = min(cost, cs.cost)
        return cost

    def rec(rest, acc):
        nonlocal best
        if acc >= best:
            return
        if not rest:
            best = acc
            return
        first, others = rest[0], rest[1:]
        for r in range(len(others) + 1):
            for combo in itertools.combinations(others, r):
                block = [first, *combo]
                left = [s for s in others if s not in combo]
                rec(left, acc + block_cost(block))

    rec(items, 0.0)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_rules_hold_on_random_instances(seed):
    schools = random_instance(150, seed, spread_km=80)
    params = MatchParams(seed=seed, time_limit=2)
    p = match(schools, params)
    objective, violations = score(schools, assignment_of(p), params)
    assert violations == []
    assert objective == pytest.approx(p.objective)
    assert p.breakdown["violations"] == []
    # every school is either in exactly one cluster or unassigned with a reason
    clustered = [sid for c in p.clusters for sid in c.members]
    assert len(clustered) == len(set(clustered))
    assert set(clustered) | set(p.unassigned) == {s.id for s in schools}
    assert not set(clustered) & set(p.unassigned)
    assert all(p.unassigned.values())


def test_two_tight_groups_far_apart():
    a = [school(f"A{i}", x, y, [0, 3, 3, 0, 0, 0, 0]) for i, (x, y) in enumerate([(0, 0), (1, 0), (0, 1)])]
    b = [school(f"B{i}", x, y, [3, 0, 0, 0, 0, 0, 3]) for i, (x, y) in enumerate([(100, 0), (101, 0), (100, 1)])]
    p = match(a + b, MatchParams())
    groups = sorted(sorted(c.members) for c in p.clusters)
    assert groups == [["A0", "A1", "A2"], ["B0", "B1", "B2"]]
    assert p.unassigned == {}
    ca = next(c for c in p.clusters if "A0" in c.members)
    assert ca.focus == ["Curriculum", "Teaching"]
    assert ca.meeting_school == "A0"
    assert ca.km_to_meeting["A1"] == pytest.approx(1.0)
    assert ca.member_reasons["A1"] == "shares focus on Curriculum and Teaching; 1.0 km from the meeting school"
    assert p.objective == pytest.approx(2 * 0.1 * 2.0)


def test_one_town_split_by_needs_not_by_distance():
    # six schools within 2 km; two need profiles interleaved in space: optimum groups by need
    pos = [(0, 0), (0.5, 0), (1, 0), (1.5, 0), (2, 0), (2.5, 0)]
    needs = [[3, 3, 0, 0, 0, 0, 0], [0, 0, 0, 0, 3, 3, 0]]
    schools = [school(f"S{i}", x, y, needs[i % 2]) for i, (x, y) in enumerate(pos)]
    p = match(schools, MatchParams())
    groups = sorted(sorted(c.members) for c in p.clusters)
    assert groups == [["S0", "S2", "S4"], ["S1", "S3", "S5"]]


@pytest.mark.parametrize("seed", range(5))
def test_matches_brute_force_optimum_on_tiny_instances(seed):
    schools = random_instance(8, 100 + seed, spread_km=40, phases=("Primary",))
    params = MatchParams(seed=seed)
    p = match(schools, params)
    assert p.objective == pytest.approx(brute_force_optimum(schools, params), abs=1e-6)


def test_deterministic_for_a_seed():
    schools = random_instance(300, 7, spread_km=100)
    params = MatchParams(seed=3, time_limit=5)
    p1, p2 = match(schools, params), match(schools, params)
    assert assignment_of(p1) == assignment_of(p2)
    assert p1.unassigned == p2.unassigned
    assert p1.objective == p2.objective


def test_clusters_never_mix_phases():
    schools = random_instance(120, 11, spread_km=20)
    phase = {s.id: s.phase for s in schools}
    p = match(schools, MatchParams(time_limit=2))
    assert p.clusters
    for c in p.clusters:
        assert len({phase[sid] for sid in c.members}) == 1
        assert c.phase == phase[c.members[0]]


def test_isolated_school_is_unassigned_with_reason():
    town = [school(f"T{i}", i * 0.5, 0, [1]) for i in range(3)]
    far = school("FAR", 200, 200, [1])
    other_phase = school("SEC", 0.2, 0.2, [1], phase="Secondary")
    p = match([*town, far, other_phase], MatchParams())
    assert p.unassigned["FAR"] == "no other primary school within 25 km"
    assert p.unassigned["SEC"] == "no other secondary school within 25 km"
    assert p.breakdown["lower_bound_unassigned"] == 2


def test_pair_without_a_third_is_structurally_unassigned():
    pair = [school("P1", 0, 0, [1]), school("P2", 10, 0, [1])]
    # Q is 20 km from P2 but 30 km from P1: {P1,P2,Q} is valid (meeting P2), so none is structural
    chain = [school("C1", 100, 0, [1]), school("C2", 110, 0, [1]), school("C3", 130, 0, [1])]
    p = match(pair + chain, MatchParams())
    assert "only one other primary school (P2)" in p.unassigned["P1"]
    assert p.breakdown["lower_bound_unassigned"] == 2
    assert [sorted(c.members) for c in p.clusters] == [["C1", "C2", "C3"]]
    assert p.clusters[0].meeting_school == "C2"


def test_costly_school_left_out_when_joining_costs_more_than_penalty():
    town = [school(f"T{i}", i * 0.5, 0, [0]) for i in range(3)]
    odd = school("ODD", 0.2, 0.3, [3])  # 7 dims x 3^2 away from the others: joining costs ~47 > 10
    p = match([*town, odd], MatchParams())
    assert "ODD" in p.unassigned
    assert "more than the 10 for leaving it unassigned" in p.unassigned["ODD"]


def test_max_clusters_respected_and_keeps_best_savings():
    schools = random_instance(200, 5, spread_km=60, phases=("Primary",))
    free = match(schools, MatchParams(time_limit=10))
    limit = len(free.clusters) // 2
    params = MatchParams(time_limit=10, max_clusters=limit)
    p = match(schools, params)
    assert len(p.clusters) <= limit
    assert score(schools, assignment_of(p), params)[1] == []
    assert p.objective >= free.objective - 1e-9
    assert any("funded maximum" in r for r in p.unassigned.values())


def test_max_clusters_zero_leaves_everyone_unassigned():
    schools = random_instance(30, 1, spread_km=10, phases=("Primary",))
    p = match(schools, MatchParams(max_clusters=0))
    assert p.clusters == []
    assert len(p.unassigned) == 30


def test_progress_callback_and_time_limit():
    schools = random_instance(400, 2, spread_km=100)
    seen = []
    p = match(schools, MatchParams(time_limit=0.0), on_progress=lambda f, m: seen.append((f, m)))
    assert seen[0][0] == 0.0 and seen[-1][0] == 1.0
    assert all(0.0 <= f <= 1.0 for f, _ in seen)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert p.breakdown["violations"] == []


def test_cluster_cost_encourages_larger_clusters():
    schools = random_instance(120, 9, spread_km=15, phases=("Primary",))
    small = match(schools, MatchParams(time_limit=10))
    large = match(schools, MatchParams(time_limit=10, cluster_cost=8))
    assert len(large.clusters) < len(small.clusters)


def test_empty_and_tiny_inputs():
    assert match([], MatchParams()).clusters == []
    p = match([school("A", 0, 0, [1]), school("B", 1, 0, [1])], MatchParams())
    assert p.clusters == [] and set(p.unassigned) == {"A", "B"}
