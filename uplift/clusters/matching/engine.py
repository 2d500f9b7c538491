"""Cluster-matching engine: groups applying schools into Computing Clusters.

Pure Python + numpy/scipy, no Django. See ``objective.py`` for the exact objective and rules.

Algorithm, per phase:

1. Spatial index (``scipy.spatial.cKDTree``): each school's K nearest same-phase schools.
2. Structural check: a school can be in *some* valid cluster iff a valid 3-school cluster contains it, which holds
   iff it has >= 2 same-phase schools within ``max_km``, or exactly one, which itself has another one within
   ``max_km`` (a 3-cluster is valid iff its two shortest sides are <= ``max_km``). Schools failing it are unassignable
   in every solution: their count is an exact lower bound on the unassigned.
3. Construction: every candidate 3-cluster "centre + 2 of its K nearest within max_km" is costed at once with numpy
   (~n*K^2/2 candidates); candidates are packed greedily by cost.
4. Improvement (local search until no move improves or the time limit): for a cluster and each neighbouring cluster,
   the union (<= 12 schools) is re-partitioned *optimally* into one or two valid clusters by enumerating all
   bipartitions at once with numpy (covers moves, swaps, merges, splits); unassigned schools are inserted into a
   nearby cluster or a pair of nearby clusters (re-partitioned around them), or form a new cluster with other
   unassigned schools. A pair is re-examined only when one of its clusters changed.
5. ``max_clusters``: if binding, the search is rerun with a rising per-cluster charge (encouraging merges), then the
   clusters saving the most objective are kept.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from .objective import (
    KM_EPS,
    MAX_SIZE,
    MIN_SIZE,
    NEED_DIMS,
    NEED_LABELS,
    MatchParams,
    SchoolInput,
    phase_key,
    score_details,
)

__all__ = ["Cluster", "MatchParams", "Proposal", "SchoolInput", "match"]

ProgressFn = Callable[[float, str], None]
KNN = 12  # neighbours per school used for candidate clusters and cluster adjacency
_MAX_UNION = 2 * MAX_SIZE
ADJ_K = KNN  # cluster adjacency: clusters of the members' nearest neighbours


@dataclass
class Cluster:
    id: str
    phase: str
    members: list  # school ids
    meeting_school: Hashable
    km_to_meeting: dict  # school id -> km
    focus: list[str]  # 1-3 dimension labels of highest mean need
    mean_need: dict  # dimension -> mean need
    member_reasons: dict  # school id -> short reason
    cost: float


@dataclass
class Proposal:
    clusters: list[Cluster]
    unassigned: dict  # school id -> reason
    objective: float
    breakdown: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------------------
# Subset tables: for a union of m schools, every subset of MIN_SIZE..MAX_SIZE schools (as bit codes and a 0/1 matrix).
# --------------------------------------------------------------------------------------------------------------
_TABLES: dict[int, tuple] = {}
# unions up to this size also consider two clusters plus unassigned leftovers (exact); larger unions consider one
# cluster plus leftovers, or two clusters covering the whole union (or with leftovers when it holds unassigned schools)
_FULL_SEARCH_MAX = 9


def _table(m: int) -> tuple:
    """(codes, masks, sizes, is_zero, complement) for all subsets of range(m) with MIN_SIZE..MAX_SIZE members;
    ``complement[i]`` is the row of the complement subset, or -1."""
    if m not in _TABLES:
        codes = np.array([c for c in range(1 << m) if MIN_SIZE <= c.bit_count() <= MAX_SIZE], dtype=np.int64)
        masks = ((codes[:, None] >> np.arange(m)[None, :]) & 1).astype(float)
        comp = ((1 << m) - 1) ^ codes
        pos = np.minimum(np.searchsorted(codes, comp), len(codes) - 1)
        complement = np.where(codes[pos] == comp, pos, -1)
        _TABLES[m] = (codes, masks, masks.sum(axis=1), masks == 0, complement)
    return _TABLES[m]


def _subset_min(values: np.ndarray, m: int) -> np.ndarray:
    """h[C] = min over subsets T of C of values[T] (values indexed by bit code, length 2**m)."""
    h = values.copy()
    for b in range(m):
        v = h.reshape(-1, 2, 1 << b)
        np.minimum(v[:, 1, :], v[:, 0, :], out=v[:, 1, :])
    return h


class _PhaseSolver:
    """Local-search state for the schools of one phase (indices 0..n-1)."""

    def __init__(self, coords_km: np.ndarray, needs: np.ndarray, params: MatchParams, rng: np.random.Generator):
        self.P = coords_km
        self.X = needs
        self.sq = (needs**2).sum(axis=1)
        self.n = len(coords_km)
        self.params = params
        self.R = params.max_km
        self.lam = params.lam
        self.cc = params.cluster_cost
        self.rng = rng
        self.labels = np.full(self.n, -1, dtype=np.int64)
        self.clusters: dict[int, tuple[int, ...]] = {}
        self.cost: dict[int, float] = {}
        self.next_id = 0
        self.allow_new = True
        self.evaluated: set[tuple] = set()
        self.sum_cost = 0.0
        self.n_assigned = 0
        self.log: list | None = None
        self._neighbours()
        self.n_free = int(self.coverable.sum())  # unassigned schools that some valid cluster could hold

    # ---- geometry -------------------------------------------------------------------------------------------
    def _neighbours(self) -> None:
        n = self.n
        k = min(KNN, n - 1)
        self.k = k
        if k <= 0:
            self.nbr = np.zeros((n, 0), dtype=np.int64)
            self.nd = np.zeros((n, 0))
            self.deg = np.zeros(n, dtype=np.int64)
            self.coverable = np.zeros(n, dtype=bool)
            return
        tree = cKDTree(self.P)
        d, idx = tree.query(self.P, k=k + 1)
        d = d.reshape(n, k + 1)
        idx = idx.reshape(n, k + 1)
        # drop the school itself (not always first when schools share a postcode)
        is_self = idx == np.arange(n)[:, None]
        order = np.argsort(is_self, axis=1, kind="stable")[:, :k]
        self.nbr = np.take_along_axis(idx, order, axis=1)
        self.nd = np.take_along_axis(d, order, axis=1)
        # exact degree within max_km (can exceed k in dense areas)
        r = self.R + KM_EPS
        counts = np.asarray(tree.query_ball_point(self.P, r, return_length=True), dtype=np.int64) - 1
        self.deg = counts
        within = self.nd <= r
        first_nbr = np.where(within[:, 0], self.nbr[:, 0], -1)
        cov = counts >= 2
        one = counts == 1
        cov |= one & (first_nbr >= 0) & (counts[np.maximum(first_nbr, 0)] >= 2)
        self.coverable = cov

    def _dist(self, idx: Sequence[int]) -> np.ndarray:
        p = self.P[list(idx)]
        diff = p[:, None, :] - p[None, :, :]
        return np.sqrt((diff**2).sum(axis=2))

    def cluster_cost(self, members: Sequence[int]) -> float:
        """Cost of one cluster, ``inf`` when it breaks a rule."""
        m = list(members)
        k = len(m)
        if not MIN_SIZE <= k <= MAX_SIZE:
            return float("inf")
        D = self._dist(m)
        s = D.sum(axis=1)
        c = int(np.argmin(s))
        if D[c].max() > self.R + KM_EPS:
            return float("inf")
        x = self.X[m]
        spread = float(self.sq[m].sum() - (x.sum(axis=0) ** 2).sum() / k)
        return spread + self.lam * float(s[c]) + self.cc

    def best_partition(self, union: Sequence[int], kmax: int = 2, leftovers: bool = False):
        """Best use of the schools in ``union`` (at most 12): up to ``kmax`` (1 or 2) valid clusters, the rest
        unassigned. Returns (cost including the penalty of the unassigned, [clusters]). Exact by enumeration when
        ``leftovers`` or the union has at most _FULL_SEARCH_MAX schools; otherwise two clusters must cover it."""
        u = list(union)
        m = len(u)
        pen = self.params.penalty
        if m < MIN_SIZE or m > _MAX_UNION or kmax <= 0:
            return pen * m, []
        codes, masks, k, is_zero, complement = _table(m)
        D = self._dist(u)
        x = self.X[u]
        sums = masks @ x
        spread = masks @ self.sq[u] - (sums**2).sum(axis=1) / k
        Rsum = masks @ D
        Rsum[is_zero] = np.inf
        c = Rsum.argmin(axis=1)
        rows = np.arange(len(codes))
        minr = Rsum[rows, c]
        maxd = (D[c] * masks).max(axis=1)
        val = spread + self.lam * minr + self.cc - pen * k  # change of objective vs. leaving them unassigned
        val[maxd > self.R + KM_EPS] = np.inf
        j1 = int(val.argmin())
        best, choice = 0.0, ()
        if val[j1] < best - 1e-12:
            best, choice = float(val[j1]), (j1,)
        if kmax >= 2 and m >= 2 * MIN_SIZE and not leftovers and m > _FULL_SEARCH_MAX:
            ok = complement >= 0
            if ok.any():
                rows_ok = np.flatnonzero(ok)
                two = val[rows_ok] + val[complement[rows_ok]]
                j = int(two.argmin())
                if two[j] < best - 1e-12:
                    best, choice = float(two[j]), (int(rows_ok[j]), int(complement[rows_ok[j]]))
        elif kmax >= 2 and m >= 2 * MIN_SIZE:
            full = (1 << m) - 1
            h = np.full(1 << m, np.inf)
            h[codes] = val
            h = _subset_min(h, m)
            two = val + h[full ^ codes]
            j = int(np.argmin(two))
            if two[j] < best - 1e-12:
                rest = (codes & codes[j]) == 0
                j2 = int(np.flatnonzero(rest)[np.argmin(val[rest])])
                best, choice = float(two[j]), (j, j2)
        parts = [tuple(sorted(v for v, f in zip(u, masks[j], strict=True) if f)) for j in choice]
        return pen * m + best, parts

    # ---- state changes (with an undo log for the perturbation phase) -----------------------------------------------
    def add_cluster(self, members: Sequence[int], cost: float | None = None, cid: int | None = None) -> int:
        if cid is None:
            cid = self.next_id
            self.next_id += 1
        mem = tuple(sorted(members))
        c = self.cluster_cost(mem) if cost is None else cost
        self.clusters[cid] = mem
        self.cost[cid] = c
        self.labels[list(mem)] = cid
        self.sum_cost += c
        self.n_assigned += len(mem)
        self.n_free -= int(self.coverable[list(mem)].sum())
        if self.log is not None:
            self.log.append((True, cid, mem, c))
        return cid

    def remove_cluster(self, cid: int) -> tuple[int, ...]:
        mem = self.clusters.pop(cid)
        c = self.cost.pop(cid)
        self.labels[list(mem)] = -1
        self.sum_cost -= c
        self.n_assigned -= len(mem)
        self.n_free += int(self.coverable[list(mem)].sum())
        if self.log is not None:
            self.log.append((False, cid, mem, c))
        return mem

    def undo(self, log: list) -> None:
        saved, self.log = self.log, None
        for added, cid, mem, c in reversed(log):
            if added:
                self.remove_cluster(cid)
            else:
                self.add_cluster(mem, c, cid)
        self.log = saved

    def reprice(self, cluster_cost: float) -> None:
        """Change the per-cluster charge (used to meet ``max_clusters``) and recost every cluster."""
        self.cc = cluster_cost
        for cid, mem in self.clusters.items():
            self.cost[cid] = self.cluster_cost(mem)
        self.sum_cost = sum(self.cost.values())
        self.evaluated.clear()

    def adjacent(self, cid: int) -> list[int]:
        mem = list(self.clusters[cid])
        labs = np.unique(self.labels[self.nbr[mem, :ADJ_K].ravel()])
        return [int(c) for c in labs if c >= 0 and c != cid]

    def total(self) -> float:
        return self.sum_cost + self.params.penalty * (self.n - self.n_assigned)

    # ---- construction -------------------------------------------------------------------------------------------
    def construct(self, subset: np.ndarray | None = None, noise: float = 0.0) -> list[int]:
        """Greedy packing of candidate 3-clusters (a centre and two of its nearest neighbours within max_km) by cost,
        over unassigned schools (only those in ``subset`` if given; costs jittered by ``noise`` for perturbation).
        Returns the new cluster ids."""
        n, k = self.n, self.k
        if n < MIN_SIZE or k < 2:
            return []
        r = self.R + KM_EPS
        pi, pj = np.array(list(itertools.combinations(range(k), 2))).T
        allowed = self.labels < 0
        if subset is not None:
            inside = np.zeros(n, dtype=bool)
            inside[subset] = True
            allowed &= inside
        centres = np.flatnonzero(allowed & self.coverable)
        chunks = []
        for start in range(0, len(centres), 2048):
            a = centres[start : start + 2048]
            nb, nd = self.nbr[a], self.nd[a]
            ok = (nd[:, pi] <= r) & (nd[:, pj] <= r) & allowed[nb[:, pi]] & allowed[nb[:, pj]]
            rows, cols = np.nonzero(ok)
            A = a[rows]
            J = nb[rows, pi[cols]]
            K = nb[rows, pj[cols]]
            daj = nd[rows, pi[cols]]
            dak = nd[rows, pj[cols]]
            djk = np.sqrt(((self.P[J] - self.P[K]) ** 2).sum(axis=1))
            longest = np.maximum(np.maximum(daj, dak), djk)
            dist = daj + dak + djk - longest  # meeting school = vertex opposite the longest side
            sm = self.X[A] + self.X[J] + self.X[K]
            spread = self.sq[A] + self.sq[J] + self.sq[K] - (sm**2).sum(axis=1) / 3.0
            cost = spread + self.lam * dist + self.cc
            keep = cost < 3 * self.params.penalty
            chunks.append((A[keep].astype(np.int32), J[keep].astype(np.int32), K[keep].astype(np.int32), cost[keep]))
        if not chunks:
            return []
        A, J, K, cost = (np.concatenate(x) for x in zip(*chunks, strict=True))
        key = cost * (1.0 + noise * self.rng.random(len(cost))) if noise > 0 else cost
        order = np.lexsort((A, key))
        used = (~allowed).tolist()
        new = []
        for a, j, kk, c in zip(
            A[order].tolist(), J[order].tolist(), K[order].tolist(), cost[order].tolist(), strict=True
        ):
            if used[a] or used[j] or used[kk]:
                continue
            used[a] = used[j] = used[kk] = True
            new.append(self.add_cluster((a, j, kk), c))
        return new

    # ---- local search -------------------------------------------------------------------------------------------
    def free_near(self, members: Sequence[int], room: int) -> list[int]:
        """Up to ``room`` unassigned (but assignable) schools among the nearest neighbours of ``members``."""
        if room <= 0 or self.n_free <= 0:
            return []
        cand = self.nbr[list(members)].ravel()
        free = cand[(self.labels[cand] < 0) & self.coverable[cand]]
        if len(free) == 0:
            return []
        return [int(v) for v in dict.fromkeys(free.tolist()) if v not in members][:room]

    def _apply(self, olds: Sequence[int], parts: Sequence[Sequence[int]]) -> list[int]:
        for o in olds:
            self.remove_cluster(o)
        return [self.add_cluster(p) for p in parts]

    def improve_clusters(  # noqa: PLR0912
        self, deadline: float, tick: Callable[[], None], start: Sequence[int] | None = None, cascade: bool = True
    ) -> int:
        """Re-partition each cluster with each neighbouring cluster (plus unassigned schools nearby) until no
        improvement or the deadline. Returns the number of moves applied."""
        pen = self.params.penalty
        moves = 0
        if start is None:
            ids = list(self.clusters)
            self.rng.shuffle(ids)
        else:
            ids = list(dict.fromkeys(start))
        queue = deque(ids)
        queued = set(ids)
        steps = 0
        while queue:
            steps += 1
            if steps % 32 == 0:
                if time.monotonic() > deadline:
                    break
                tick()
            a = queue.popleft()
            queued.discard(a)
            if a not in self.clusters:
                continue
            mem_a = self.clusters[a]
            cur_a = self.cost[a]
            best_delta, best = -1e-9, None
            # the cluster alone with unassigned schools nearby: split, eject, absorb
            free = tuple(self.free_near(mem_a, _MAX_UNION - len(mem_a)))
            key = (a, a, free)
            if key not in self.evaluated and (free or len(mem_a) > MIN_SIZE):
                self.evaluated.add(key)
                c, parts = self.best_partition(mem_a + free, kmax=2 if self.allow_new else 1, leftovers=bool(free))
                delta = c - cur_a - pen * len(free)
                if delta < best_delta:
                    best_delta, best = delta, ((a,), parts)
            for b in self.adjacent(a):
                mem_b = self.clusters[b]
                union = mem_a + mem_b
                free = tuple(self.free_near(union, _MAX_UNION - len(union)))
                key = (min(a, b), max(a, b), free)
                if key in self.evaluated:
                    continue
                self.evaluated.add(key)
                c, parts = self.best_partition(union + free, kmax=2, leftovers=bool(free))
                delta = c - cur_a - self.cost[b] - pen * len(free)
                if delta < best_delta:
                    best_delta, best = delta, ((a, b), parts)
            if best is None:
                continue
            for nid in self._apply(*best):
                for x in (nid, *self.adjacent(nid)) if cascade else (nid,):
                    if x not in queued:
                        queue.append(x)
                        queued.add(x)
            moves += 1
        return moves

    def improve_unassigned(self, deadline: float, only: Sequence[int] | None = None) -> int:  # noqa: PLR0912
        """Place unassigned (assignable) schools: with nearby unassigned schools and/or one or two nearby clusters
        re-partitioned around them. Returns the number of moves applied."""
        pen = self.params.penalty
        moves = 0
        if only is None:
            cand_u = [int(u) for u in np.flatnonzero((self.labels < 0) & self.coverable)]
            self.rng.shuffle(cand_u)
        else:
            cand_u = [int(u) for u in only if self.labels[u] < 0 and self.coverable[u]]
        kmax_new = 2 if self.allow_new else 1
        for u in cand_u:
            if time.monotonic() > deadline:
                break
            if self.labels[u] >= 0:
                continue
            nb = self.nbr[u][self.nd[u] <= 2 * self.R + KM_EPS]
            labs = sorted({int(c) for c in self.labels[nb] if c >= 0})
            best_delta, best = -1e-9, None
            if self.allow_new:
                free = (u, *self.free_near((u,), _MAX_UNION - 1))
                c, parts = self.best_partition(free, kmax=2, leftovers=True)
                if c - pen * len(free) < best_delta:
                    best_delta, best = c - pen * len(free), ((), parts)
            for b in labs:
                base = (*self.clusters[b], u)
                free = (*base, *self.free_near(base, _MAX_UNION - len(base)))
                c, parts = self.best_partition(free, kmax=kmax_new, leftovers=True)
                delta = c - self.cost[b] - pen * (len(free) - len(self.clusters[b]))
                if delta < best_delta:
                    best_delta, best = delta, ((b,), parts)
            for b, c2 in itertools.combinations(labs, 2):
                union = (*self.clusters[b], *self.clusters[c2], u)
                if len(union) > _MAX_UNION:
                    continue
                c, parts = self.best_partition(union, kmax=2, leftovers=True)
                delta = c - self.cost[b] - self.cost[c2] - pen
                if delta < best_delta:
                    best_delta, best = delta, ((b, c2), parts)
            if best is None:
                continue
            self._apply(*best)
            moves += 1
        return moves

    def perturb(self, deadline: float, iterations: int, tick: Callable[[], None]) -> int:
        """Ruin and recreate: dissolve a random cluster and its neighbours, rebuild them by jittered greedy packing
        and local search; keep the change only if the objective improves. Returns the number of improvements."""
        better = 0
        never = float("inf")
        for it in range(iterations):
            if not self.clusters or time.monotonic() > deadline:
                break
            if it % 16 == 0:
                tick()
            ids = sorted(self.clusters)
            c0 = ids[int(self.rng.integers(len(ids)))]
            near = self.adjacent(c0)
            self.rng.shuffle(near)
            region = [c0, *near[: int(self.rng.integers(2, 6))]]
            before = self.total()
            self.log = []
            schools = [v for c in region for v in self.clusters[c]]
            schools += self.free_near(schools, 6)
            for c in region:
                self.remove_cluster(c)
            new = self.construct(np.array(schools), noise=0.3)
            self.improve_unassigned(never, only=schools)
            new = [c for c in new if c in self.clusters] + [int(self.labels[v]) for v in schools if self.labels[v] >= 0]
            self.improve_clusters(never, lambda: None, start=new, cascade=False)
            log, self.log = self.log, None
            if self.total() < before - 1e-9:
                better += 1
            else:
                self.undo(log)
        return better


def focus_dimensions(mean: np.ndarray) -> list[int]:
    """1-3 dimensions of highest mean need: the top one, plus the next ones within 0.5 of it."""
    order = sorted(range(len(mean)), key=lambda d: (-mean[d], d))
    top = mean[order[0]]
    out = [order[0]]
    for d in order[1:3]:
        if mean[d] >= top - 0.5 and mean[d] > 0:
            out.append(d)
    return out


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def match(
    schools: Sequence[SchoolInput], params: MatchParams | None = None, *, on_progress: ProgressFn | None = None
) -> Proposal:
    """Group ``schools`` into clusters; deterministic for ``params.seed``; stops improving at ``params.time_limit``."""
    params = params or MatchParams()
    t0 = time.monotonic()
    deadline = t0 + max(0.0, params.time_limit)
    # with a cluster limit, keep a third of the time for meeting it
    search_deadline = t0 + max(0.0, params.time_limit) * (1.0 if params.max_clusters is None else 2.0 / 3.0)
    progress = on_progress or (lambda f, m: None)
    schools = list(schools)
    ids = [s.id for s in schools]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate school ids")
    progress(0.0, f"Matching {len(schools)} schools")

    by_phase: dict[str, list[int]] = {}
    for i, s in enumerate(schools):
        by_phase.setdefault(phase_key(s.phase), []).append(i)
    phases = sorted(by_phase, key=lambda p: (-len(by_phase[p]), p))
    total_n = max(1, len(schools))
    done_n = 0
    solvers: dict[str, tuple[_PhaseSolver, list[int]]] = {}
    rng_root = np.random.default_rng(params.seed)
    seeds = rng_root.integers(0, 2**63 - 1, size=max(1, len(phases)))
    for pi, ph in enumerate(phases):
        idx = by_phase[ph]
        coords = np.array([[schools[i].easting, schools[i].northing] for i in idx], dtype=float) / 1000.0
        needs = np.array([schools[i].needs for i in idx], dtype=float).reshape(len(idx), len(NEED_DIMS))
        solver = _PhaseSolver(coords, needs, params, np.random.default_rng(int(seeds[pi])))
        solvers[ph] = (solver, idx)
        share = len(idx) / total_n
        base = 0.05 + 0.85 * done_n / total_n
        label = schools[idx[0]].phase or "(no phase)"
        progress(base, f"{label}: building candidate clusters for {len(idx)} schools")
        solver.construct()
        # time left is shared between phases in proportion to their size
        remaining_n = total_n - done_n
        ph_deadline = time.monotonic() + max(0.0, search_deadline - time.monotonic()) * len(idx) / max(1, remaining_n)
        last = [0.0]
        ph_start = time.monotonic()

        def tick(
            solver=solver, base=base, share=share, label=label, ph_start=ph_start, ph_deadline=ph_deadline, last=last
        ) -> None:
            now = time.monotonic()
            if now - last[0] < 0.25:
                return
            last[0] = now
            used = (now - ph_start) / max(1e-9, ph_deadline - ph_start)
            progress(
                base + 0.85 * share * min(0.95, used),
                f"{label}: improving {len(solver.clusters)} clusters, objective {solver.total():.1f}",
            )

        _search(solver, ph_deadline, tick)
        done_n += len(idx)
        progress(0.05 + 0.85 * done_n / total_n, f"{label}: {len(solver.clusters)} clusters")

    if params.max_clusters is not None:
        _enforce_max_clusters(solvers, params, deadline, progress)

    progress(0.95, "Explaining the proposal")
    proposal = _build_proposal(schools, solvers, params)
    proposal.breakdown["runtime_s"] = time.monotonic() - t0
    progress(
        1.0,
        f"Done: {len(proposal.clusters)} clusters, {len(proposal.unassigned)} unassigned, "
        f"objective {proposal.objective:.1f}",
    )
    return proposal


def _search(solver: _PhaseSolver, deadline: float, tick: Callable[[], None], perturb: bool = True) -> None:
    for _ in range(50):
        m1 = solver.improve_unassigned(deadline)
        m2 = solver.improve_clusters(deadline, tick)
        if (m1 == 0 and m2 == 0) or time.monotonic() > deadline:
            break
    if perturb and solver.allow_new and solver.params.polish > 0:
        solver.perturb(deadline, int(solver.params.polish * len(solver.clusters)), tick)


def _saving(solver: _PhaseSolver, cid: int, params: MatchParams) -> float:
    return params.penalty * len(solver.clusters[cid]) - solver.cost[cid]


def _enforce_max_clusters(solvers, params: MatchParams, deadline: float, progress: ProgressFn) -> None:
    def count() -> int:
        return sum(len(s.clusters) for s, _ in solvers.values())

    limit = params.max_clusters
    if count() <= limit:
        return
    # rising per-cluster charge: merges become attractive
    extra = 1.0
    for _ in range(6):
        if count() <= limit or time.monotonic() > deadline:
            break
        progress(0.9, f"{count()} clusters exceed the funded {limit}: favouring larger clusters")
        for solver, _ in solvers.values():
            solver.reprice(params.cluster_cost + extra)
            solver.allow_new = False
            _search(solver, deadline, lambda: None, perturb=False)
        extra *= 2.0
    for solver, _ in solvers.values():
        solver.reprice(params.cluster_cost)
    if count() > limit:
        ranked = sorted(
            ((_saving(s, cid, params), ph, cid) for ph, (s, _) in solvers.items() for cid in s.clusters),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        for _, ph, cid in ranked[limit:]:
            solver = solvers[ph][0]
            solver.dropped = getattr(solver, "dropped", set()) | set(solver.remove_cluster(cid))
    # with no new clusters allowed, try to place the freed schools into kept clusters
    for solver, _ in solvers.values():
        solver.allow_new = False
        solver.evaluated.clear()
        solver.improve_unassigned(deadline + 1.0)


def member_reason(x: np.ndarray, focus: list[int], km: float, is_meeting: bool, spread: float) -> str:
    own_top = sorted(range(len(x)), key=lambda d: (-x[d], d))[:3]
    shared = [NEED_LABELS[d] for d in focus if d in own_top]
    if shared:
        first = f"shares focus on {_join(shared)}"
    else:
        first = f"need profile close to the cluster's (distance {spread:.1f})"
    if is_meeting:
        return f"{first}; the meeting school"
    return f"{first}; {km:.1f} km from the meeting school"


def _build_proposal(schools: Sequence[SchoolInput], solvers, params: MatchParams) -> Proposal:
    assignment: dict = {}
    ordered: list[tuple[int, int, tuple[int, ...]]] = []
    for solver, idx in solvers.values():
        for mem in solver.clusters.values():
            ordered.append((min(idx[i] for i in mem), len(ordered), tuple(idx[i] for i in mem)))
    ordered.sort()
    width = max(3, len(str(len(ordered))))
    for n, (_, _, mem) in enumerate(ordered, start=1):
        key = f"C{n:0{width}d}"
        for i in mem:
            assignment[schools[i].id] = key
    objective, violations, breakdown, scored = score_details(schools, assignment, params)
    # safety net: a cluster that somehow breaks a rule is dissolved (its schools unassigned)
    if violations:
        bad = {cs.key for cs in scored if cs.problems}
        assignment = {k: v for k, v in assignment.items() if v not in bad}
        objective, violations, breakdown, scored = score_details(schools, assignment, params)
    by_id = {s.id: s for s in schools}
    clusters: list[Cluster] = []
    for cs in scored:
        mean = np.array(cs.mean_need)
        focus = focus_dimensions(mean)
        reasons = {}
        for sid in cs.members:
            x = np.array(by_id[sid].needs, dtype=float)
            reasons[sid] = member_reason(x, focus, cs.km[sid], sid == cs.meeting, float(np.linalg.norm(x - mean)))
        clusters.append(
            Cluster(
                id=str(cs.key),
                phase=cs.phase,
                members=list(cs.members),
                meeting_school=cs.meeting,
                km_to_meeting=dict(cs.km),
                focus=[NEED_LABELS[d] for d in focus],
                mean_need={NEED_DIMS[d]: float(v) for d, v in enumerate(mean)},
                member_reasons=reasons,
                cost=cs.cost,
            )
        )
    unassigned = _unassigned_reasons(schools, solvers, assignment, params)
    lb = sum(int((~s.coverable).sum()) for s, _ in solvers.values())
    breakdown["lower_bound_unassigned"] = lb
    breakdown["violations"] = violations
    return Proposal(clusters=clusters, unassigned=unassigned, objective=objective, breakdown=breakdown)


def _unassigned_reasons(schools, solvers, assignment, params: MatchParams) -> dict:  # noqa: PLR0912
    reasons: dict = {}
    R = params.max_km
    n_clusters = sum(len(solver.clusters) for solver, _ in solvers.values())
    for solver, idx in solvers.values():
        dropped = getattr(solver, "dropped", set())
        for li, gi in enumerate(idx):
            s = schools[gi]
            if assignment.get(s.id) is not None:
                continue
            phase = (s.phase or "same-phase").lower()
            deg = int(solver.deg[li]) if solver.n > 1 else 0
            if deg == 0:
                reasons[s.id] = f"no other {phase} school within {R:g} km"
                continue
            if not solver.coverable[li]:
                other = schools[idx[int(solver.nbr[li, 0])]].id
                reasons[s.id] = (
                    f"only one other {phase} school ({other}) within {R:g} km, and no third school is "
                    f"close enough to form a valid cluster of {MIN_SIZE}"
                )
                continue
            if params.max_clusters is not None and (li in dropped or n_clusters >= params.max_clusters):
                reasons[s.id] = (
                    f"the funded maximum of {params.max_clusters} clusters was reached; clusters that "
                    f"save more were kept"
                )
                continue
            # coverable: explain why no nearby cluster took it
            within = solver.nd[li] <= R + KM_EPS
            labs = sorted({int(c) for c in solver.labels[solver.nbr[li][within]] if c >= 0})
            free = int((solver.labels[solver.nbr[li][within]] < 0).sum())
            best_c, best_cid, full = float("inf"), None, 0
            for cid in labs:
                mem = solver.clusters[cid]
                if len(mem) >= MAX_SIZE:
                    full += 1
                    continue
                c = solver.cluster_cost((*mem, li)) - solver.cost[cid]
                if c < best_c:
                    best_c, best_cid = c, cid
            if best_cid is not None and np.isfinite(best_c):
                reasons[s.id] = (
                    f"joining the nearest cluster with room would add {best_c:.1f} to the objective, "
                    f"more than the {params.penalty:g} for leaving it unassigned"
                )
            elif labs and full == len(labs):
                reasons[s.id] = f"clusters nearby were full ({MAX_SIZE} schools) and too few unassigned schools remain"
            elif labs:
                reasons[s.id] = (
                    f"no nearby cluster can take it without a member ending up more than {R:g} km from "
                    f"the meeting school, and too few unassigned schools remain nearby"
                )
            elif free >= 2:
                reasons[s.id] = (
                    "a cluster with the unassigned schools nearby would cost more than leaving them unassigned"
                )
            else:
                reasons[s.id] = "the schools it could cluster with are already in other clusters"
    return reasons
