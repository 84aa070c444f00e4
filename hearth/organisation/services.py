"""Changes to the organisation. Each is one transaction and writes its audit row."""

from __future__ import annotations

import secrets

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from hearth.core.models import AuditLog

from .models import Membership, Unit


@transaction.atomic
def save_unit(*, by, form, request=None) -> Unit:
    creating = form.instance.pk is None
    unit = form.save()
    AuditLog.record(
        actor=by,
        action="unit.create" if creating else "unit.update",
        obj=unit,
        request=request,
        detail=", ".join(form.changed_data),
    )
    return unit


@transaction.atomic
def add_member(*, by, unit: Unit, person, role: str, started_on, request=None) -> Membership:
    membership = Membership(unit=unit, user=person, role=role, started_on=started_on)
    membership.full_clean()
    membership.save()
    AuditLog.record(actor=by, action="membership.create", obj=membership, request=request, detail=role)
    return membership


@transaction.atomic
def end_membership(*, by, membership: Membership, ended_on, request=None) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.ended_on = ended_on
    membership.full_clean()
    membership.save(update_fields=["ended_on", "updated_at"])
    AuditLog.record(actor=by, action="membership.end", obj=membership, request=request)
    return membership


@transaction.atomic
def save_person(*, by, form, request=None):
    creating = form.instance.pk is None
    person = form.save(commit=False)
    if creating:
        # A random password nobody knows; the person chooses their own from the emailed link.
        person.set_password(secrets.token_urlsafe(32))
    person.save()
    if creating and request is not None:
        send_welcome_link(person, request)
    AuditLog.record(
        actor=by,
        action="staff.create" if creating else "staff.update",
        obj=person,
        request=request,
        detail=", ".join(form.changed_data),
    )
    return person


def send_welcome_link(person, request) -> None:
    """Email a new person the link to choose their password (the password-reset route)."""
    form = PasswordResetForm({"email": person.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="organisation/email/welcome_subject.txt",
            email_template_name="organisation/email/welcome.txt",
        )
