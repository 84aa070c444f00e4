"""Writes about children: opening a record (audited), breaking glass, naming people on a restriction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.models import AuditLog, Notification

from .models import (
    BREAK_GLASS_HOURS,
    Address,
    Adult,
    BreakGlass,
    Child,
    ChildDisability,
    Household,
    Relationship,
    RestrictedAccess,
)
from .selectors import last_generated_la_child_id
from .signals import send_child_event


def record_child_viewed(*, by, child: Child, request=None, what: str = "record") -> None:
    """Every view of a child's record writes an audit row (design.md §4.5)."""
    AuditLog.record(actor=by, action=f"child.view_{what}", obj=child, child_id=child.pk, request=request)


@transaction.atomic
def break_glass(*, by, child: Child, reason: str, request=None) -> BreakGlass:
    reason = reason.strip()
    if len(reason) < 10:
        raise ValueError("Give a reason of at least 10 characters")
    grant = BreakGlass.objects.create(
        child=child,
        user=by,
        reason=reason,
        expires_at=timezone.now() + datetime.timedelta(hours=BREAK_GLASS_HOURS),
    )
    AuditLog.record(
        actor=by, action="child.break_glass", obj=child, child_id=child.pk, reason=reason, request=request
    )
    manager = child.allocated_unit.manager if child.allocated_unit_id else None
    if manager is not None and manager != by:
        Notification.objects.create(
            recipient=manager,
            message=f"{by} opened a restricted record in {child.allocated_unit} (reason given).",
            url=child.get_absolute_url(),
        )
    return grant


@transaction.atomic
def name_on_restriction(*, by, child: Child, user, request=None) -> RestrictedAccess:
    access, _ = RestrictedAccess.objects.get_or_create(child=child, user=user, defaults={"granted_by": by})
    AuditLog.record(
        actor=by,
        action="child.restriction_named",
        obj=child,
        child_id=child.pk,
        request=request,
        detail=user.email,
    )
    return access


# --- adding and changing a child's details -------------------------------------------------------

#: The fields of a child a person types in (add and change forms; the LA child ID is handled apart).
DETAIL_FIELDS = (
    "first_name",
    "last_name",
    "other_names",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender_identity",
    "ethnicity",
    "upn",
    "nhs_number",
    "first_language",
    "uasc",
)


def next_la_child_id() -> str:
    """The next free generated LA child ID: C followed by 7 digits."""
    last = last_generated_la_child_id()
    number = int(last[1:]) + 1 if last else 1
    return f"C{number:07d}"


def set_disabilities(child: Child, codes) -> None:
    codes = set(codes or ())
    child.disabilities.exclude(code__in=codes).delete()
    existing = set(child.disabilities.values_list("code", flat=True))
    ChildDisability.objects.bulk_create(
        [ChildDisability(child=child, code=c) for c in sorted(codes - existing)]
    )


class EditConflict(Exception):
    """The record changed after the form was opened: nothing is saved (optimistic locking)."""

    def __init__(self, current: Child):
        super().__init__("This record was changed by someone else after you opened it.")
        self.current = current


@transaction.atomic
def update_child(
    *, by, child: Child, details: dict, disabilities=(), la_child_id: str, seen_version, request=None
) -> Child:
    """Change a child's details, unless someone else changed them since `seen_version` (updated_at)."""
    current = Child.objects.select_for_update().get(pk=child.pk)
    if current.updated_at != seen_version:
        raise EditConflict(current)
    before = {name: getattr(current, name) for name in DETAIL_FIELDS}
    for name in DETAIL_FIELDS:
        if name in details:
            setattr(current, name, details[name])
    current.la_child_id = la_child_id
    current.full_clean(exclude=["allocated_unit", "lead_worker"])
    current.save()
    old_codes = set(current.disabilities.values_list("code", flat=True))
    set_disabilities(current, disabilities)
    changed = [name for name in DETAIL_FIELDS if before[name] != getattr(current, name)]
    if old_codes != set(disabilities or ()):
        changed.append("disabilities")
    AuditLog.record(
        actor=by,
        action="child.update",
        obj=current,
        child_id=current.pk,
        request=request,
        detail=", ".join(changed),  # which fields, never their values
    )
    return current


# --- restriction ---------------------------------------------------------------------------------


@transaction.atomic
def save_restriction(*, by, child: Child, restriction: str, name_person=None, request=None) -> Child:
    """Restrict a record (or lift the restriction), and name one more person on it if given."""
    child = set_restriction(by=by, child=child, restriction=restriction, request=request)
    if name_person is not None:
        name_on_restriction(by=by, child=child, user=name_person, request=request)
    return child


@transaction.atomic
def set_restriction(*, by, child: Child, restriction: str, request=None) -> Child:
    """Restrict a record (or lift the restriction). Whoever restricts it, and the lead worker, are named
    on it so that the people working with the child keep seeing it."""
    child = Child.objects.select_related("lead_worker").select_for_update(of=("self",)).get(pk=child.pk)
    if child.restriction == restriction:
        return child
    was_restricted = child.is_restricted
    child.restriction = restriction
    child.save(update_fields=["restriction", "updated_at"])
    AuditLog.record(
        actor=by,
        action="child.restriction_set",
        obj=child,
        child_id=child.pk,
        request=request,
        detail=restriction or "none",
    )
    if restriction and not was_restricted:
        for person in {by, child.lead_worker} - {None}:
            RestrictedAccess.objects.get_or_create(child=child, user=person, defaults={"granted_by": by})
    return child


@transaction.atomic
def remove_from_restriction(*, by, child: Child, access: RestrictedAccess, request=None) -> None:
    email = access.user.email
    access.delete()
    AuditLog.record(
        actor=by,
        action="child.restriction_unnamed",
        obj=child,
        child_id=child.pk,
        request=request,
        detail=email,
    )


# --- relationships -------------------------------------------------------------------------------


@transaction.atomic
def add_relationship(
    *,
    by,
    child: Child,
    kind: str,
    parental_responsibility: bool = False,
    other_child: Child | None = None,
    adult_details: dict | None = None,
    request=None,
) -> Relationship:
    """Link an adult (a new one, from `adult_details`) or another child to a child."""
    adult = None
    if other_child is None:
        adult = Adult(**adult_details)
        adult.full_clean()
        adult.save()
    relationship = Relationship(
        child=child,
        adult=adult,
        other_child=other_child,
        kind=kind,
        parental_responsibility=parental_responsibility if adult else False,
    )
    relationship.full_clean()
    relationship.save()
    AuditLog.record(
        actor=by,
        action="child.relationship_add",
        obj=relationship,
        children=[child, other_child] if other_child else [child],
        request=request,
    )
    return relationship


@transaction.atomic
def record_move(*, by, child: Child, details: dict, request=None) -> Address:
    """The child has moved: their current address ends the day before the new one starts."""
    started_on = details["started_on"]
    current = Address.objects.select_for_update().filter(child=child, ended_on__isnull=True).first()
    if current is not None:
        current.ended_on = started_on - datetime.timedelta(days=1)
        current.full_clean()
        current.save(update_fields=["ended_on", "updated_at"])
    address = Address(child=child, **details)
    address.full_clean()
    address.save()
    AuditLog.record(actor=by, action="child.address_add", obj=address, child_id=child.pk, request=request)
    send_child_event(
        children=[child],
        occurred_at=_start_of(started_on),
        title="Moved to a new address" if current is not None else "Address recorded",
        summary=f"{address.town} {address.postcode}".strip(),
        is_key_event=current is not None,
        source=address,
    )
    return address


@transaction.atomic
def end_address(*, by, child: Child, address: Address, ended_on: datetime.date, request=None) -> Address:
    """The child no longer lives at the address, with no new address to record (yet): it ends, and the
    child has no current address until one is recorded."""
    address = Address.objects.select_for_update().get(pk=address.pk, child=child)
    if address.ended_on is not None:
        raise ValidationError("This address has already ended.")
    if ended_on < address.started_on:
        raise ValidationError(
            f"The date they left must be on or after they moved in, {address.started_on:%d/%m/%Y}."
        )
    if ended_on > timezone.localdate():
        raise ValidationError("The date they left must be today or in the past.")
    address.ended_on = ended_on
    address.full_clean()
    address.save(update_fields=["ended_on", "updated_at"])
    AuditLog.record(actor=by, action="child.address_end", obj=address, child_id=child.pk, request=request)
    send_child_event(
        children=[child], occurred_at=_start_of(ended_on), title="Left their address", source=address
    )
    return address


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


# --- households ----------------------------------------------------------------------------------


def _household_audit(by, action: str, household: Household, children, request, detail: str = "") -> None:
    AuditLog.record(
        actor=by, action=action, obj=household, children=list(children), request=request, detail=detail
    )


@transaction.atomic
def create_household(*, by, child: Child, name: str, children=(), adults=(), request=None) -> Household:
    """A household for a child: the child, and the brothers, sisters and adults who live with them
    (chosen from the child's relationships by the form)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("Enter a name for the household.")
    members = [child, *[c for c in children if c.pk != child.pk]]
    household = Household(name=name)
    household.full_clean()
    household.save()
    household.children.add(*members)
    if adults:
        household.adults.add(*adults)
    _household_audit(by, "household.create", household, members, request, detail=f"{len(adults)} adults")
    send_child_event(
        children=members, occurred_at=timezone.now(), title=f"Household recorded: {name}", source=household
    )
    return household


@transaction.atomic
def add_household_members(*, by, household: Household, children=(), adults=(), request=None) -> Household:
    household = Household.objects.select_for_update().get(pk=household.pk)
    in_children = set(household.children.values_list("pk", flat=True))
    in_adults = set(household.adults.values_list("pk", flat=True))
    children = [c for c in children if c.pk not in in_children]
    adults = [a for a in adults if a.pk not in in_adults]
    if not children and not adults:
        raise ValidationError("Select someone to add to the household.")
    household.children.add(*children)
    household.adults.add(*adults)
    household.save(update_fields=["updated_at"])
    # One row per child whose record now shows the household (those added, or all when only adults join).
    touched = children or list(household.children.all())
    _household_audit(
        by,
        "household.member_add",
        household,
        touched,
        request,
        detail=f"{len(children)} children, {len(adults)} adults",
    )
    send_child_event(
        children=touched,
        occurred_at=timezone.now(),
        title=f"Joined the household: {household.name}"
        if children
        else f"New adult in the household: {household.name}",
        source=household,
    )
    return household


@transaction.atomic
def remove_household_member(
    *, by, household: Household, child: Child | None = None, adult: Adult | None = None, request=None
) -> Household:
    """Someone no longer lives in the household. A household keeps at least one child."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if child is not None:
        if not household.children.filter(pk=child.pk).exists():
            raise ValidationError("This child is not in the household.")
        if household.children.count() == 1:
            raise ValidationError(
                "A household must have at least one child. Add another child before taking this one off."
            )
        household.children.remove(child)
        touched = [child]
    elif adult is not None:
        if not household.adults.filter(pk=adult.pk).exists():
            raise ValidationError("This adult is not in the household.")
        household.adults.remove(adult)
        touched = list(household.children.all())
    else:
        raise ValidationError("Choose who to take off the household.")
    household.save(update_fields=["updated_at"])
    _household_audit(
        by, "household.member_remove", household, touched, request, detail="child" if child else "adult"
    )
    send_child_event(
        children=touched,
        occurred_at=timezone.now(),
        title=f"Left the household: {household.name}"
        if child
        else f"An adult left the household: {household.name}",
        source=household,
    )
    return household
