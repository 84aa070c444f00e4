"""Writes for feedback: one atomic function per thing a person does. Staff actions (sending a link,
recording feedback, reading and marking a response) write audit rows. Giving feedback on the public form
writes none: an audit row would record the moment a link was used, which is what anonymity hides
(ADR 0013); the invitation's "used" flag is the record that it worked once."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hearth.core.models import AuditLog

from .models import (
    LINK_DAYS,
    MAX_TEXT,
    UNKNOWN_MESSAGE,
    FormVersion,
    Invitation,
    InvitationRefused,
    Kind,
    Listened,
    Recipient,
    Response,
    Status,
    TransitionError,
    week_start,
)
from .permissions import Perm

#: Letters and digits nobody mixes up (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8


def secret_hash(value: str) -> str:
    """A keyed hash of a link token or code: the database never holds the secret itself."""
    return salted_hmac("hearth.feedback.invitation", value, algorithm="sha256").hexdigest()


def normalise_code(typed: str) -> str:
    """What someone typed, as a code: capitals, with spaces and hyphens taken out."""
    return "".join(ch for ch in (typed or "").upper() if ch not in " -\t")


def format_code(code: str) -> str:
    """ACDE-FGHJ: easier to read out and type."""
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Sent:
    """A new invitation with its secrets, shown once to the worker and never stored."""

    invitation: Invitation
    token: str
    code: str

    @property
    def code_in_words(self) -> str:
        return format_code(self.code)


@transaction.atomic
def send_invitation(*, by, unit, recipient: str, version: str, child=None, request=None, now=None) -> Sent:
    """Make a link and a code for one person, working once for 28 days."""
    now = now or timezone.now()
    target = child if child is not None else unit
    if not by.has_perm(Perm.SEND, target) or (child is not None and child.allocated_unit_id != unit.pk):
        raise ValidationError("Only members and managers of the unit can send a feedback link")
    errors = {}
    if recipient not in Recipient.values:
        errors["recipient"] = "Choose who the link is for"
    if version not in FormVersion.values:
        errors["version"] = "Choose which form to send"
    if errors:
        raise ValidationError(errors)
    for _attempt in range(5):
        token = secrets.token_urlsafe(32)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    unit=unit,
                    child=child,
                    sent_by=by,
                    recipient=recipient,
                    version=version,
                    token_hash=secret_hash(token),
                    code_hash=secret_hash(code),
                    sent_at=now,
                    expires_at=now + datetime.timedelta(days=LINK_DAYS),
                )
        except IntegrityError:  # a code already taken: draw again
            continue
        break
    else:  # pragma: no cover - 25**8 codes
        raise ValidationError("A link could not be made just now. Try again.")
    AuditLog.record(
        actor=by,
        action="feedback.invitation.send",
        obj=invitation,
        child_id=child.pk if child is not None else None,
        request=request,
    )
    return Sent(invitation=invitation, token=token, code=code)


def find_invitation(*, token: str = "", code: str = "") -> Invitation:
    """The invitation a link or typed code belongs to; refuses an unknown one (nothing changes)."""
    if token:
        hashed = secret_hash(token)
        invitation = Invitation.objects.select_related("unit").filter(token_hash=hashed).first()
    else:
        code = normalise_code(code)
        invitation = None
        if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code):
            invitation = Invitation.objects.select_related("unit").filter(code_hash=secret_hash(code)).first()
    if invitation is None:
        raise InvitationRefused(UNKNOWN_MESSAGE)
    return invitation


@dataclass(frozen=True)
class Answers:
    listened: str = ""
    helped: str = ""
    differently: str = ""
    named: bool = False
    name: str = ""
    version: str = FormVersion.STANDARD


@transaction.atomic
def give_feedback(*, invitation: Invitation, answers: Answers, now=None) -> None:
    """Save a response from the public form and use up the invitation, in one transaction.

    Returns nothing on purpose: the caller has no handle that ties the response to the invitation.
    Anonymous (not named): only the unit, the answers and the Monday of the week are kept; staff see it
    from the next Monday. Named: the child, the worker who sent the link and the day are kept too.
    """
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.check_can_use(now)
    helped = (answers.helped or "").strip()[:MAX_TEXT]
    differently = (answers.differently or "").strip()[:MAX_TEXT]
    listened = answers.listened if answers.listened in Listened.values else ""
    if not (listened or helped or differently):
        raise ValidationError("Answer at least one question")
    today = timezone.localdate(now)
    fields = {
        "unit_id": invitation.unit_id,
        "kind": Kind.FAMILY,
        "via_form": True,
        "version": answers.version if answers.version in FormVersion.values else FormVersion.STANDARD,
        "listened": listened,
        "helped": helped,
        "differently": differently,
    }
    if answers.named:
        name = (answers.name or "").strip()[:120]
        fields |= {
            "named": True,
            "child_id": invitation.child_id,
            "sent_by_id": invitation.sent_by_id,
            "from_whom": name or invitation.get_recipient_display(),
            "received_on": today,
            "visible_from": today,
        }
    else:
        monday = week_start(today)
        fields |= {"received_on": monday, "visible_from": monday + datetime.timedelta(days=7)}
    Response.objects.create(**fields)
    # Only the flag: no time of use is stored anywhere (ADR 0013).
    Invitation.objects.filter(pk=invitation.pk).update(used=True)


@transaction.atomic
def record_feedback(
    *, by, unit, kind: str, said: str, from_whom: str = "", received_on=None, request=None
) -> Response:
    """Staff record a compliment, complaint, suggestion, staff feedback or feedback given in person."""
    if not by.has_perm(Perm.RECORD, unit):
        raise ValidationError("Only members and managers of the unit can record its feedback")
    today = timezone.localdate()
    received_on = received_on or today
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = "Choose what kind of feedback it is"
    said = (said or "").strip()
    if not said:
        errors["said"] = "Write what was said"
    if received_on > today:
        errors["received_on"] = "The date it was given must be today or in the past"
    if errors:
        raise ValidationError(errors)
    response = Response.objects.create(
        unit=unit,
        kind=kind,
        said=said[:MAX_TEXT],
        from_whom=(from_whom or "").strip()[:120],
        named=bool((from_whom or "").strip()),
        received_on=received_on,
        visible_from=received_on,
        recorded_by=by,
    )
    AuditLog.record(actor=by, action="feedback.response.record", obj=response, request=request)
    return response


def record_read(*, by, response: Response, request=None, now=None) -> Response:
    """Audit a read; the first read by anyone moves the response from unread to read."""
    if response.status == Status.UNREAD:
        now = now or timezone.now()
        changed = Response.objects.filter(pk=response.pk, status=Status.UNREAD).update(
            status=Status.READ, read_at=now, read_by=by
        )
        if changed:
            response.status, response.read_at, response.read_by = Status.READ, now, by
    AuditLog.record(
        actor=by,
        action="feedback.response.view",
        obj=response,
        child_id=response.child_id,
        request=request,
    )
    return response


@transaction.atomic
def mark_response(
    *,
    by,
    response: Response,
    acted: bool,
    outcome: str,
    publish: bool = False,
    you_said: str = "",
    we_did: str = "",
    request=None,
    now=None,
) -> Response:
    """Mark as acted on (with what we did) or not acted on (with the reason), once. Acted-on feedback may
    be published on the unit's "you said, we did" page, in plain words written for it."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not by.has_perm(Perm.MARK, response):
        raise TransitionError("Only the unit, its managers and the practice leads can mark this feedback")
    response.check_can_mark()
    outcome = (outcome or "").strip()
    errors = {}
    if not outcome:
        errors["outcome"] = "Write what we did" if acted else "Write why we are not acting on it"
    you_said, we_did = (you_said or "").strip(), (we_did or "").strip()
    if publish and not acted:
        errors["publish"] = "Only feedback we acted on can be published"
    if publish and acted:
        if not you_said:
            errors["you_said"] = "Write what people said, in plain words with no names"
        if not we_did:
            errors["we_did"] = "Write what we did, in plain words with no names"
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    response.status = Status.ACTED if acted else Status.NOT_ACTED
    response.outcome = outcome[:MAX_TEXT]
    response.marked_at = now
    response.marked_by = by
    if response.read_at is None:
        response.read_at, response.read_by = now, by
    response.publish = bool(publish and acted)
    response.you_said = you_said[:MAX_TEXT] if response.publish else ""
    response.we_did = we_did[:MAX_TEXT] if response.publish else ""
    response.save()
    AuditLog.record(
        actor=by,
        action="feedback.response.acted" if acted else "feedback.response.not_acted",
        obj=response,
        child_id=response.child_id,
        request=request,
    )
    return response
