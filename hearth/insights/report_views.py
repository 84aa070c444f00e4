"""The printable report of the health check: an HTML page (the accessible version, with a print
stylesheet) and the same report as a PDF for printing and filing. Both read the latest snapshot; with no
snapshot yet both answer with a page that says so."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from hearth.core.permissions import permission_required

from . import presenters, report_pdf, selectors
from .permissions import Perm
from .report import how_to_read, record_download, report_data


def _page(request, report):
    return render(
        request,
        "insights/report.html",
        {
            "report": report,
            "snapshot": presenters.snapshot_line(report.snapshot) if report else None,
            "how_to_read": how_to_read(),
            "back_url": reverse("insights:heatmap"),
            "can_refresh": request.user.has_perm(Perm.REFRESH),
        },
    )


@permission_required(Perm.VIEW_ALL)
def report(request):
    """The whole report on one page, to read on screen or print."""
    snapshot = selectors.latest_snapshot()
    return _page(request, report_data(request.user, snapshot) if snapshot else None)


@permission_required(Perm.VIEW_ALL)
def report_pdf_download(request):
    """The report as a PDF (audited). With no figures yet, the report page saying so."""
    snapshot = selectors.latest_snapshot()
    if snapshot is None:
        return _page(request, None)
    data = report_data(request.user, snapshot)
    content = report_pdf.build_pdf(data)
    record_download(by=request.user, snapshot=snapshot, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{data.filename}"'
    return response
