"""Error pages in the GOV.UK design. The 500 page renders without a request context."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    context = {"message": message, "break_glass_url": getattr(exception, "break_glass_url", "")}
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """A form sent from an old page (or without its security token): plain English, no detail leaked."""
    return render(
        request,
        "403.html",
        {
            "message": "This form has expired or was sent from another site. Go back, refresh the page and try again."
        },
        status=403,
    )
