"""Named permissions for learning reviews, near misses, practice experiments and the learning library.

- Everyone signed in reads the library, reports near misses and proposes experiments.
- The principal social worker and the quality lead own reviews: they open, change, send for review
  and publish any review, take near misses into reviews, publish experiments' learning and set
  retention periods.
- Team managers, service managers and heads of service open reviews for the units they manage and
  change them while they are drafts or in review; they see their units' near misses and experiments and
  agree experiments for their units (the principal social worker agrees any).
- The director reads reviews. An action's owner sees the review the action belongs to.

Called with an object, a rule answers for it; called without, whether the person's role could ever
allow it.
"""

from enum import StrEnum

import rules

from hearth.core.permissions import has_org_role
from hearth.core.roles import MANAGING_ROLES, OrgRole


class Perm(StrEnum):
    READ_LIBRARY = "learning.read_library"
    REPORT_NEAR_MISS = "learning.report_near_miss"
    PROPOSE_EXPERIMENT = "learning.propose_experiment"
    VIEW_REVIEWS = "learning.view_reviews"
    OPEN_REVIEW = "learning.open_review"
    EDIT_REVIEW = "learning.edit_review"
    PUBLISH = "learning.publish"
    VIEW_NEAR_MISSES = "learning.view_near_misses"
    VIEW_EXPERIMENTS = "learning.view_experiments"
    AGREE_EXPERIMENT = "learning.agree_experiment"
    MANAGE_RETENTION = "learning.manage_retention"


is_owner_role = has_org_role(OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)
is_psw = has_org_role(OrgRole.PRINCIPAL_SOCIAL_WORKER)
is_director = has_org_role(OrgRole.DIRECTOR)
is_manager_role = has_org_role(*MANAGING_ROLES)


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _unit_id(obj):
    """The unit's id of a review, near miss or experiment; a unit's own id."""
    if obj._meta.model_name == "unit":
        return obj.pk
    return getattr(obj, "unit_id", None)


@rules.predicate
def manages_its_unit(user, obj) -> bool:
    """A line manager of the record's unit (without a record: a manager of any unit)."""
    if not (user and user.is_authenticated):
        return False
    if obj is None:
        return user.org_role in MANAGING_ROLES and bool(user.managed_unit_ids)
    unit_id = _unit_id(obj)
    return unit_id is not None and unit_id in user.managed_unit_ids


@rules.predicate
def is_in_its_unit(user, obj) -> bool:
    if obj is None or not (user and user.is_authenticated):
        return False
    unit_id = _unit_id(obj)
    return unit_id is not None and unit_id in user.unit_ids


@rules.predicate
def owns_an_action(user, review) -> bool:
    if review is None or not (user and user.is_authenticated):
        return False
    owners = getattr(review, "action_owner_ids", None)
    if owners is None:
        owners = set(review.actions.values_list("owner_id", flat=True))
    return user.pk in owners


@rules.predicate
def proposed_it(user, experiment) -> bool:
    return experiment is not None and user.is_authenticated and experiment.proposed_by_id == user.pk


@rules.predicate
def is_not_published(user, review) -> bool:
    return review is None or not review.is_published


rules.add_perm(Perm.READ_LIBRARY, is_signed_in)
rules.add_perm(Perm.REPORT_NEAR_MISS, is_signed_in)
rules.add_perm(Perm.PROPOSE_EXPERIMENT, is_signed_in)
rules.add_perm(Perm.VIEW_REVIEWS, is_owner_role | is_director | manages_its_unit | owns_an_action)
rules.add_perm(Perm.OPEN_REVIEW, is_owner_role | (is_manager_role & manages_its_unit))
rules.add_perm(Perm.EDIT_REVIEW, is_owner_role | (is_manager_role & manages_its_unit & is_not_published))
rules.add_perm(Perm.PUBLISH, is_owner_role)
rules.add_perm(Perm.VIEW_NEAR_MISSES, is_owner_role | manages_its_unit)
rules.add_perm(Perm.VIEW_EXPERIMENTS, is_signed_in)
rules.add_perm(Perm.AGREE_EXPERIMENT, is_psw | (is_manager_role & manages_its_unit))
rules.add_perm(Perm.MANAGE_RETENTION, is_owner_role)
