from .allocation import Allocation
from .chronology import ChronologyEntry, EventKind
from .episodes import (
    Assessment,
    CategoryOfAbuseChange,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChildProtectionReview,
    Contact,
    LookedAfterEpisode,
    Referral,
    Section47,
    TransitionError,
)
from .notes import VISIT_KINDS, Draft, Note, NoteChild, NoteKind, NoteStatus, NoteVersion
from .plans import Plan, PlanAction, PlanGoal, PlanKind, PlanReview

__all__ = [
    "Allocation",
    "Assessment",
    "CategoryOfAbuseChange",
    "ChildInNeedPlan",
    "ChildProtectionPlan",
    "ChildProtectionReview",
    "ChronologyEntry",
    "Contact",
    "Draft",
    "EventKind",
    "LookedAfterEpisode",
    "Note",
    "NoteChild",
    "NoteKind",
    "NoteStatus",
    "NoteVersion",
    "Plan",
    "PlanAction",
    "PlanGoal",
    "PlanKind",
    "PlanReview",
    "Referral",
    "Section47",
    "TransitionError",
    "VISIT_KINDS",
]
