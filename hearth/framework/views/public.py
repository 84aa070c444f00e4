"""Public pages, for everyone without signing in: the published practice framework in plain English for
families and partners, the published purpose and vision statement with who took part (counts by
group), and the invitation link through which children, families and partners add ideas.

An invitation link that is unknown, used up, expired or withdrawn, or whose round has closed, gets a
page that says so plainly (HTTP 404 for an unknown link, 410 otherwise) and nothing changes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from hearth.core.forms import add_validation_error
from hearth.core.permissions import public
from hearth.core.presenters import date_in_words

from .. import selectors, services
from ..forms import InvitedIdeaForm
from ..models import TransitionError

UNKNOWN = (
    "This invitation link is not recognised. Check you copied the whole link, or ask the person who "
    "sent it for a new one."
)


@public
def practice(request):
    current = selectors.current_version()
    version = selectors.version_with_contents(current.number, include_draft=False) if current else None
    return render(
        request,
        "framework/public_practice.html",
        {
            "version": version,
            "principles": list(version.principles.all()) if version else [],
            "published_on": date_in_words(version.published_at) if version else "",
        },
    )


@public
def purpose(request):
    round_ = selectors.latest_published_round()
    return render(
        request,
        "framework/public_purpose.html",
        {
            "round": round_,
            "published_on": date_in_words(round_.published_at) if round_ else "",
            "participation": round_.participation() if round_ else [],
            "total": sum(n for _, n in round_.participation()) if round_ else 0,
        },
    )


def _refused(request, message, status):
    return render(request, "framework/public_refused.html", {"message": message}, status=status)


@public
@never_cache
def have_your_say(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _refused(request, UNKNOWN, 404)
    refusal = invitation.refusal()
    if refusal:
        return _refused(request, refusal, 410)
    form = InvitedIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_invited_idea(
                token=token, text=form.cleaned_data["text"], anonymous=form.cleaned_data["anonymous"]
            )
        except TransitionError as error:
            return _refused(request, str(error), 410)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("framework:have-your-say-thanks")
    return render(
        request,
        "framework/public_have_your_say.html",
        {"round": invitation.round, "form": form, "closes_on": date_in_words(invitation.round.closes_on)},
    )


@public
def have_your_say_thanks(request):
    return render(request, "framework/public_thanks.html")
