"""Co-design of the purpose and vision: rounds, ideas with comments and support (every idea shown the
same way: no names, no roles, oldest first), invitation links, and the facilitator's outcome.

Every signed-in member of staff takes part in open rounds. The principal social worker and quality
leads run them: open a round, make and withdraw invitation links, close it, record which ideas shaped
the final statement and publish it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_required
from hearth.core.presenters import date_in_words

from .. import selectors, services
from ..forms import CommentForm, IdeaForm, InvitationForm, OutcomeForm, RoundForm
from ..models import CoDesignRound, Group, Idea, RoundStatus, TransitionError
from ..permissions import Perm

PAGE_SIZE = 25


def _round_or_404(round_id) -> CoDesignRound:
    round_ = selectors.round_for_page(round_id)
    if round_ is None:
        raise Http404("No such round")
    return round_


def _idea_or_404(idea_id) -> Idea:
    idea = selectors.idea_for_page(idea_id)
    if idea is None:
        raise Http404("No such idea")
    return idea


def _round_tag(round_):
    colour = {RoundStatus.OPEN: "green", RoundStatus.CLOSED: "yellow", RoundStatus.PUBLISHED: "blue"}
    return {"text": round_.get_status_display(), "colour": colour[round_.status]}


@permission_required(Perm.TAKE_PART)
def rounds(request):
    page = Paginator(selectors.rounds(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "framework/rounds.html",
        {
            "page_obj": page,
            "rows": [
                {
                    "round": r,
                    "tag": _round_tag(r),
                    "closes_on": date_in_words(r.closes_on),
                    "published_on": date_in_words(r.published_at),
                }
                for r in page
            ],
            "can_run": request.user.has_perm(Perm.RUN_CODESIGN),
        },
    )


@permission_required(Perm.RUN_CODESIGN)
def round_add(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.open_round(by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The co-design round is open for ideas")
            return redirect("framework:round", round_id=round_.pk)
    return render(request, "framework/round_add.html", {"form": form})


def _render_round(request, round_, *, idea_form=None, comment_form=None, comment_idea=None, status=200):
    page = Paginator(selectors.ideas_for_round(round_, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Live counts would show the moment someone took part: shown once the round is closed (ADR 0010).
    counts = selectors.participation_counts(round_) if round_.status == RoundStatus.CLOSED else None
    return render(
        request,
        "framework/round.html",
        {
            "round": round_,
            "tag": _round_tag(round_),
            "closes_on": date_in_words(round_.closes_on),
            "published_on": date_in_words(round_.published_at),
            "page_obj": page,
            "ideas": [
                {
                    "idea": idea,
                    "added": f"Week of {date_in_words(idea.added_week)}",
                    "comment_form": comment_form if comment_idea == idea.pk else CommentForm(),
                }
                for idea in page
            ],
            "idea_form": idea_form or IdeaForm(),
            "comment_form": comment_form,
            "comment_idea": comment_idea,
            "can_run": request.user.has_perm(Perm.RUN_CODESIGN),
            "participation": (
                [(g.label, counts[g.value]) for g in Group]
                if counts is not None
                else round_.participation()
                if round_.is_published
                else None
            ),
        },
        status=status,
    )


@permission_required(Perm.TAKE_PART)
def round_detail(request, round_id):
    return _render_round(request, _round_or_404(round_id))


@require_POST
@permission_required(Perm.TAKE_PART)
def idea_add(request, round_id):
    round_ = _round_or_404(round_id)
    form = IdeaForm(request.POST)
    if form.is_valid():
        try:
            services.add_staff_idea(
                by=request.user,
                round_=round_,
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("framework:round", round_id=round_.pk)
        else:
            messages.success(
                request,
                "Your idea has been added. Anonymous ideas are shown from next Monday, with the others "
                "of this week, so nobody can tell whose is whose."
                if form.cleaned_data["anonymous"]
                else "Your idea has been added",
            )
            return redirect("framework:round", round_id=round_.pk)
    return _render_round(request, round_, idea_form=form)


@require_POST
@permission_required(Perm.TAKE_PART)
def comment_add(request, idea_id):
    idea = _idea_or_404(idea_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(by=request.user, idea=idea, text=form.cleaned_data["text"], request=request)
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("framework:round", round_id=idea.round_id)
        else:
            messages.success(request, "Your comment has been added")
            return redirect(reverse("framework:round", args=[idea.round_id]) + f"#idea-{idea.pk.hex}")
    return _render_round(request, idea.round, comment_form=form, comment_idea=idea.pk)


@require_POST
@permission_required(Perm.TAKE_PART)
def support(request, idea_id):
    idea = _idea_or_404(idea_id)
    wanted = request.POST.get("support") != "0"
    try:
        now_supports = services.support_idea(by=request.user, idea=idea, support=wanted, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "You support this idea" if now_supports else "You no longer support this idea"
        )
    return redirect(reverse("framework:round", args=[idea.round_id]) + f"#idea-{idea.pk.hex}")


# --- running a round ------------------------------------------------------------------------------


@permission_required(Perm.RUN_CODESIGN)
def invitations(request, round_id):
    round_ = _round_or_404(round_id)
    form = InvitationForm(request.POST or None)
    new_link = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = services.make_invitation(
                by=request.user, round_=round_, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            # Shown once, now: only a hash of the token is kept.
            new_link = {
                "invitation": invitation,
                "url": request.build_absolute_uri(reverse("framework:have-your-say", args=[token])),
            }
            form = InvitationForm()
    now = timezone.now()
    page = Paginator(
        selectors.invitations_of(round_),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "framework/invitations.html",
        {
            "round": round_,
            "form": form,
            "new_link": new_link,
            "page_obj": page,
            "rows": [
                {
                    "invitation": inv,
                    "refusal": inv.refusal(now) if inv.round_id == round_.pk else "",
                    "expires_on": date_in_words(inv.expires_at),
                }
                for inv in page
            ],
        },
    )


@require_POST
@permission_required(Perm.RUN_CODESIGN)
def invitation_withdraw(request, invitation_id):
    invitation = selectors.invitation_for_page(invitation_id)
    if invitation is None:
        raise Http404("No such invitation")
    try:
        services.withdraw_invitation(by=request.user, invitation=invitation, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The link has been withdrawn: it no longer works")
    return redirect("framework:invitations", round_id=invitation.round_id)


@require_POST
@permission_required(Perm.RUN_CODESIGN)
def round_close(request, round_id):
    round_ = _round_or_404(round_id)
    try:
        services.close_round(by=request.user, round_=round_, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("framework:round", round_id=round_.pk)
    messages.success(request, "The round is closed to ideas. Now write the final statement.")
    return redirect("framework:round-outcome", round_id=round_.pk)


@permission_required(Perm.RUN_CODESIGN)
def round_outcome(request, round_id):
    round_ = _round_or_404(round_id)
    if round_.status != RoundStatus.CLOSED:
        messages.info(
            request,
            "Close the round to ideas before writing the final statement."
            if round_.is_open
            else "This statement has been published and cannot be changed.",
        )
        return redirect("framework:round", round_id=round_.pk)
    ideas = selectors.ideas_for_round(round_, request.user)
    form = OutcomeForm(
        request.POST or None,
        ideas=ideas,
        initial={"final_statement": round_.final_statement or round_.draft_statement},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(
                by=request.user,
                round_=round_,
                final_statement=form.cleaned_data["final_statement"],
                shaped=form.shaped(),
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The final statement and the ideas that shaped it have been saved")
            return redirect("framework:round", round_id=round_.pk)
    return render(request, "framework/round_outcome.html", {"round": round_, "form": form})


@require_POST
@permission_required(Perm.RUN_CODESIGN)
def round_publish(request, round_id):
    round_ = _round_or_404(round_id)
    try:
        services.publish_statement(by=request.user, round_=round_, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The statement has been published on the public page")
    return redirect("framework:round", round_id=round_.pk)
