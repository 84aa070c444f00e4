"""Looked-after details: the facts the SSDA903 return needs about a looked-after child (reviews, times
missing, UASC status, health and outcomes, care leavers, adoption, previous permanence, a child who is a
mother) and each episode's home postcode and reason for a placement change.

Each view: the child through `get_child_or_deny` (404 out of reach, 403 to break glass, audited) -> the
permission on that child -> the record through the child -> a form -> one service -> redirect.
One form page serves every kind of fact (`forms.looked_after.KINDS`).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from hearth.core.permissions import permission_required, require, signed_in
from hearth.core.presenters import date_in_words
from hearth.people.access import get_child_or_deny

from ..forms import looked_after as forms
from ..models import TransitionError
from ..permissions import Perm
from ..selectors import looked_after as selectors
from ..services import looked_after as services

WHAT = "looked-after details"


def _child_to_change(request, child_id):
    child = get_child_or_deny(request, child_id, what=WHAT)
    require(request.user, Perm.MANAGE_EPISODES, child)
    return child


def _details_url(child) -> str:
    return reverse("cases:looked-after-details", args=[child.pk])


@signed_in
def details(request, child_id):
    child = get_child_or_deny(request, child_id, what=WHAT)
    can_manage = request.user.has_perm(Perm.MANAGE_EPISODES, child)
    return render(
        request,
        "cases/looked_after/details.html",
        {
            "child": child,
            **selectors.details_page(child, can_manage=can_manage),
            "problems": selectors.return_problems(child),
            "can_manage": can_manage,
        },
    )


def _fact_page(request, child, kind, form, *, heading, button, success, rows=()):
    if request.method == "POST" and form.is_valid():
        try:
            services.save_fact(
                by=request.user,
                child=child,
                kind=kind,
                instance=form.save(commit=False),
                changed=form.changed_data,
                request=request,
            )
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success)
            return redirect(_details_url(child))
    return render(
        request,
        "cases/looked_after/form.html",
        {
            "child": child,
            "form": form,
            "heading": heading,
            "button": button,
            "rows": rows,
            "back_url": _details_url(child),
        },
    )


@permission_required(Perm.MANAGE_EPISODES)
def fact_add(request, child_id, kind):
    child = _child_to_change(request, child_id)
    kind = selectors.kind_or_404(kind)
    episodes = selectors.episodes_of(child)
    if not episodes:
        messages.info(request, "Record the child's looked-after episode first.")
        return redirect(_details_url(child))
    if kind.single:
        existing = selectors.single_fact(child, kind)
        if existing is not None:
            return redirect(
                "cases:looked-after-fact-change", child_id=child.pk, kind=kind.slug, item_id=existing.pk
            )
    form = kind.form(request.POST or None, child=child, episodes=episodes)
    return _fact_page(
        request,
        child,
        kind,
        form,
        heading=kind.add_heading,
        button="Save",
        success=f"{_first_upper(kind.singular)} added",
    )


@permission_required(Perm.MANAGE_EPISODES)
def fact_change(request, child_id, kind, item_id):
    child = _child_to_change(request, child_id)
    kind = selectors.kind_or_404(kind)
    record = selectors.fact_of(child, kind, item_id)
    rows = selectors.fact_summary(kind, record)  # as saved, before the form changes the instance
    form = kind.form(
        request.POST or None, instance=record, child=child, episodes=selectors.episodes_of(child)
    )
    return _fact_page(
        request,
        child,
        kind,
        form,
        heading=f"Change the {kind.singular}",
        button="Save changes",
        success=f"{_first_upper(kind.singular)} changed",
        rows=rows,
    )


@permission_required(Perm.MANAGE_EPISODES)
def episode_details(request, child_id, episode_id):
    child = _child_to_change(request, child_id)
    episode = selectors.episode_of(child, episode_id)
    rows = [
        {"key": "Episode started", "value": date_in_words(episode.decom)},
        {"key": "Episode ended", "value": date_in_words(episode.dec) if episode.dec else "Not ended"},
        {"key": "Placement", "value": f"{episode.get_place_display()} ({episode.place})"},
    ]
    form = forms.EpisodeDetailsForm(request.POST or None, instance=episode)
    if request.method == "POST" and form.is_valid():
        services.change_episode_details(
            by=request.user,
            episode=episode,
            home_post=form.cleaned_data["home_post"],
            reason_place_change=form.cleaned_data["reason_place_change"],
            request=request,
        )
        messages.success(request, "Looked-after episode changed")
        return redirect(_details_url(child))
    return render(
        request,
        "cases/looked_after/form.html",
        {
            "child": child,
            "form": form,
            "heading": "Change the home postcode and reason for the placement change",
            "button": "Save changes",
            "rows": rows,
            "back_url": _details_url(child),
        },
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
