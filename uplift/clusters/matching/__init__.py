"""Pure cluster-matching engine (no Django): groups applying schools into Computing Clusters of 3-6 same-phase
schools with similar needs, and explains every proposal. Public API re-exported here."""

from .csvio import MatchingInputError, read_schools, write_proposal
from .engine import Cluster, Proposal, focus_dimensions, match, member_reason
from .objective import NEED_DIMS, NEED_LABELS, MatchParams, SchoolInput, score

__all__ = [
    "NEED_DIMS",
    "NEED_LABELS",
    "Cluster",
    "MatchParams",
    "MatchingInputError",
    "Proposal",
    "SchoolInput",
    "focus_dimensions",
    "match",
    "member_reason",
    "read_schools",
    "score",
    "write_proposal",
]
