"""Organisation pages: the authority at a glance, a unit and its members, and their management."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core import extensions
from hearth.core.permissions import permission_required

from . import selectors, services
from .forms import MembershipAddForm, MembershipEndForm, PersonForm, StaffSearchForm, UnitForm
from .permissions import Perm

STAFF_PAGE_SIZE = 50


def _unit_or_404(code: str):
    unit = selectors.unit_for_page(code)
    if unit is None:
        raise Http404("No such unit")
    return unit


@permission_required(Perm.VIEW_ORGANISATION)
def overview(request):
    return render(request, "organisation/overview.html", {"summary": selectors.organisation_summary()})


@permission_required(Perm.VIEW_ORGANISATION)
def unit_detail(request, code):
    unit = _unit_or_404(code)
    unit.layers = selectors.management_layers(unit)
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "memberships": unit.current_memberships(),
            "can_manage": request.user.has_perm(Perm.MANAGE_ORGANISATION),
            # Casework's permission by name: organisation imports nothing above it.
            "can_see_caseload": request.user.has_perm("cases.view_unit_caseload", unit),
            "sections": extensions.sections_in_order(extensions.UNIT_PAGE.collect(request.user, unit)),
        },
    )


@permission_required(Perm.MANAGE_ORGANISATION)
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(by=request.user, form=form, request=request)
        messages.success(request, f"{unit.name} has been created")
        return redirect(unit)
    return render(request, "organisation/unit_form.html", {"form": form, "unit": None})


@permission_required(Perm.MANAGE_ORGANISATION)
def unit_edit(request, code):
    unit = _unit_or_404(code)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        unit = services.save_unit(by=request.user, form=form, request=request)
        messages.success(request, f"{unit.name} has been updated")
        return redirect(unit)
    return render(request, "organisation/unit_form.html", {"form": form, "unit": unit})


@permission_required(Perm.MANAGE_ORGANISATION)
def membership_add(request, code):
    unit = _unit_or_404(code)
    form = MembershipAddForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        services.add_member(
            by=request.user,
            unit=unit,
            person=form.person,
            role=form.cleaned_data["role"],
            started_on=form.cleaned_data["started_on"],
            request=request,
        )
        messages.success(request, f"{form.person} has joined {unit.name}")
        return redirect(unit)
    return render(request, "organisation/membership_add.html", {"form": form, "unit": unit})


@permission_required(Perm.MANAGE_ORGANISATION)
def membership_end(request, code, membership_id):
    unit = _unit_or_404(code)
    membership = get_object_or_404(unit.current_memberships(), pk=membership_id)
    form = MembershipEndForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        services.end_membership(
            by=request.user, membership=membership, ended_on=form.cleaned_data["ended_on"], request=request
        )
        messages.success(
            request, f"{membership.user} leaves {unit.name} on {form.cleaned_data['ended_on']:%-d %B %Y}"
        )
        return redirect(unit)
    return render(
        request, "organisation/membership_end.html", {"form": form, "unit": unit, "membership": membership}
    )


@permission_required(Perm.MANAGE_STAFF)
def staff_list(request):
    form = StaffSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = Paginator(selectors.staff_search(query), STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "organisation/staff_list.html",
        {"form": form, "query": query, "page_obj": page, "query_string": params.urlencode()},
    )


@permission_required(Perm.MANAGE_STAFF)
def person_create(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = services.save_person(by=request.user, form=form, request=request)
        messages.success(
            request, f"An account has been made for {person}. We have emailed them a link to sign in"
        )
        return redirect("organisation:staff")
    return render(request, "organisation/person_form.html", {"form": form, "person": None})


@permission_required(Perm.MANAGE_STAFF)
def person_edit(request, person_id):
    person = get_object_or_404(selectors.staff_search(), pk=person_id)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.save_person(by=request.user, form=form, request=request)
        messages.success(request, f"{person}'s account has been updated")
        return redirect("organisation:staff")
    return render(
        request,
        "organisation/person_form.html",
        {"form": form, "person": person, "memberships": selectors.person_memberships(person)},
    )
