"""Factories for supervision, observations and mentoring (hearth.supervision)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from hearth.supervision import services
from hearth.supervision.models import SupervisionAgreement

from .factories import ChildFactory

PRIVATE_TEXT = "PRIVATE-REFLECTION-7f3c: I felt out of my depth and doubted myself"
DECISION_TEXT = "Ask the school nurse to join the next core group"


def agreement(supervisor, supervisee, *, by=None, days_ago=200, **extra) -> SupervisionAgreement:
    return services.make_agreement(
        by=by or supervisor,
        supervisee=supervisee,
        supervisor=supervisor,
        started_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **extra,
    )


def supervision(supervisor, supervisees, *, days_ago=3, private_text="", focus="Working with uncertainty"):
    return services.record_supervision(
        by=supervisor,
        supervisees=list(supervisees),
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        focus=focus,
        private_text=private_text,
    )


def discuss(session, child, *, by=None, brought_by=None, decision=DECISION_TEXT, **prompts):
    session = type(session).objects.prefetch_related("attendances").get(pk=session.pk)
    brought_by = brought_by or session.attendances.all()[0].supervisee
    prompts = {"what_is_happening": "Mother is struggling with the evenings", **prompts}
    return services.add_case_discussion(
        by=by or session.supervisor,
        session=session,
        child=child,
        brought_by=brought_by,
        prompts=prompts,
        decision=decision,
    )


def observation(observer, observed, **extra):
    return services.record_observation(
        by=observer,
        observed=observed,
        observed_on=extra.pop("observed_on", timezone.localdate() - datetime.timedelta(days=5)),
        setting=extra.pop("setting", "home-visit"),
        context=extra.pop("context", "A planned home visit"),
        summary=extra.pop("summary", "Warm, curious practice"),
        ratings=extra.pop(
            "ratings", [("relationship", "good", "The child talked freely"), ("recording", "good", "")]
        ),
    )


def mentoring(mentor, mentee, goals=("Lead a family group conference", "Present a case at the unit meeting")):
    return services.start_mentoring(
        by=mentor,
        mentee=mentee,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
        goals=list(goals),
    )


def supervision_case(org):
    """One of each record, made once per `org` and kept on it (for the authorisation matrix):

    the consultant supervises the social worker (agreement, a one-to-one record with a private part and
    a case discussion about a child of unit A with a decision), observes them, and mentors the child
    practitioner.
    """
    case = getattr(org, "_supervision_case", None)
    if case is not None:
        return case
    consultant, worker = org["consultant-social-worker"], org["social-worker"]
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    made = agreement(consultant, worker)
    session = supervision(consultant, [worker], private_text=PRIVATE_TEXT)
    case = SimpleNamespace(
        child=child,
        agreement=made,
        session=session,
        decision=discuss(session, child),
        observation=observation(consultant, worker),
        mentoring=mentoring(consultant, org["child-practitioner"]),
    )
    org._supervision_case = case
    return case
