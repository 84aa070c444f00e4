"""Children's records: the record page, adding a child (with a duplicate check), changing details
(optimistic locking), breaking glass, restriction, relationships, addresses and households.

Every page of a child gets the child through `get_child_or_deny` (404 out of reach, 403 with the way
to break glass for a restricted record) and writes an audit row for the view.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from hearth.core import extensions
from hearth.core.permissions import require

from . import selectors, services
from .access import get_child_or_deny
from .forms import (
    AddressEndForm,
    AddressForm,
    BreakGlassForm,
    EditChildForm,
    HouseholdAddForm,
    HouseholdForm,
    RelationshipForm,
    RestrictionForm,
)
from .permissions import Perm
from .presenters import ChildPresenter, conflict_rows


def child_page(perm: str, *, what: str):
    """Declare the permission a child's page needs, checked on the child itself.

    Signed-out people go to sign in. The child comes through `get_child_or_deny` (404 or 403 with the
    break-glass link); then `perm` is checked on the child (403); then the view is audited as
    `child.view_<what>` and the view runs with the child instead of its id.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, child_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            child = get_child_or_deny(request, child_id, what=what, audit=False)
            require(request.user, perm, child)
            services.record_child_viewed(by=request.user, child=child, request=request, what=what)
            return view(request, child, *args, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator


@child_page(Perm.VIEW_CHILD, what="record")
def child_record(request, child):
    record = selectors.child_record(request.user, child)
    presenter = ChildPresenter(
        child, record=record, user=request.user, lead_workers=selectors.lead_workers_in_last_year(child)
    )
    sections = extensions.sections_in_order(extensions.CHILD_RECORD.collect(request.user, child))
    return render(request, "people/child.html", {"child": presenter, "record": record, "sections": sections})


# --- changing a child's details ------------------------------------------------------------------


@child_page(Perm.EDIT_CHILD, what="edit_form")
def child_edit(request, child):
    disabilities = selectors.disabilities_of(child)
    form = EditChildForm(
        request.POST or None, child=child, initial=EditChildForm.initial_for(child, disabilities)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_child(
                by=request.user,
                child=child,
                details=form.details(),
                disabilities=form.cleaned_data["disabilities"],
                la_child_id=form.cleaned_data["la_child_id"],
                seen_version=form.cleaned_data["version"],
                request=request,
            )
        except services.EditConflict as clash:
            current = clash.current
            conflict = conflict_rows(form, current, selectors.disabilities_of(current))
            # Their version stays in the form; the hidden version moves on to the current record, so
            # that saving again is a deliberate choice made after seeing both.
            data = request.POST.copy()
            data["version"] = current.updated_at.isoformat()
            form = EditChildForm(data, child=current)
            form.is_valid()
        else:
            messages.success(request, "The child's details have been updated")
            return redirect(child)
    return render(request, "people/child_form.html", {"form": form, "child": child, "conflict": conflict})


# --- breaking glass ------------------------------------------------------------------------------


def _break_glass_permission(view):
    @wraps(view)
    def wrapped(request, child_id):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, child_id)

    wrapped.required_permission = Perm.BREAK_GLASS
    return wrapped


@_break_glass_permission
def break_glass(request, child_id):
    """A page of its own that shows nothing of the child until a reason is given (design.md §6)."""
    child, needs_glass = selectors.child_for_page(request.user, child_id)
    if child is None:
        raise Http404("No child found")
    if not needs_glass:
        return redirect(child)
    require(request.user, Perm.BREAK_GLASS, child)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.break_glass(
            by=request.user, child=child, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(request, "Your reason has been recorded and the unit's manager has been told")
        return redirect(child)
    return render(request, "people/break_glass.html", {"form": form, "child_id": child_id})


# --- restriction ---------------------------------------------------------------------------------


@child_page(Perm.MANAGE_RESTRICTION, what="restriction")
def restriction(request, child):
    named = selectors.named_people(child)
    form = RestrictionForm(request.POST or None, child=child)
    if request.method == "POST" and "remove" in request.POST:
        access = next((a for a in named if str(a.pk) == request.POST["remove"]), None)
        if access is None:
            raise Http404("No such person on this record")
        services.remove_from_restriction(by=request.user, child=child, access=access, request=request)
        messages.success(request, f"{access.user} is no longer named on this record")
        return redirect("people:restriction", child.pk)
    if request.method == "POST" and form.is_valid():
        services.save_restriction(
            by=request.user,
            child=child,
            restriction=form.cleaned_data["restriction"],
            name_person=form.person,
            request=request,
        )
        messages.success(request, "The restriction has been saved")
        return redirect("people:restriction", child.pk)
    return render(
        request,
        "people/restriction.html",
        {"child": ChildPresenter(child, user=request.user), "form": form, "named": named},
    )


# --- relationships -------------------------------------------------------------------------------


@child_page(Perm.EDIT_CHILD, what="relationship_form")
def relationship_add(request, child):
    form = RelationshipForm(request.POST or None, child=child, user=request.user)
    if request.method == "POST" and form.is_valid():
        adult = form.cleaned_data["who"] == form.ADULT
        services.add_relationship(
            by=request.user,
            child=child,
            kind=form.cleaned_data["kind"],
            parental_responsibility=form.cleaned_data["parental_responsibility"],
            other_child=None if adult else form.other_child,
            adult_details=form.adult_details() if adult else None,
            request=request,
        )
        messages.success(request, "The relationship has been added")
        return redirect(child)
    return render(
        request,
        "people/relationship_form.html",
        {"child": ChildPresenter(child, user=request.user), "form": form},
    )


# --- addresses -----------------------------------------------------------------------------------


@child_page(Perm.EDIT_CHILD, what="address_form")
def address_add(request, child):
    current = selectors.current_address(child)
    form = AddressForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.record_move(by=request.user, child=child, details=form.cleaned_data, request=request)
        messages.success(request, "The new address has been recorded")
        return redirect(child)
    return render(
        request,
        "people/address_form.html",
        {"child": ChildPresenter(child, user=request.user), "form": form, "current": current},
    )


@child_page(Perm.EDIT_CHILD, what="address_end")
def address_end(request, child, address_id):
    """An address ends with no move: the child then has no current address."""
    address = selectors.address_of(child, address_id)
    if address is None:
        raise Http404("No such address for this child")
    form = AddressEndForm(request.POST or None, address=address)
    if address.ended_on is not None:
        messages.info(request, "This address has already ended")
        return redirect(child)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_address(
                by=request.user,
                child=child,
                address=address,
                ended_on=form.cleaned_data["ended_on"],
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, "The address has ended. There is no current address until a new one is recorded"
            )
            return redirect(child)
    return render(
        request,
        "people/address_end.html",
        {"child": ChildPresenter(child, user=request.user), "form": form, "address": address},
    )


# --- households ----------------------------------------------------------------------------------


@child_page(Perm.EDIT_CHILD, what="household_form")
def household_add(request, child):
    candidates = selectors.household_candidates(request.user, child)
    form = HouseholdForm(
        request.POST or None, candidates=candidates, initial={"name": f"The {child.last_name} household"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_household(
                by=request.user,
                child=child,
                name=form.cleaned_data["name"],
                children=form.chosen("children"),
                adults=form.chosen("adults"),
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "The household has been added")
            return redirect(child)
    return render(
        request,
        "people/household_form.html",
        {"child": ChildPresenter(child, user=request.user), "form": form},
    )


def _remove_member(request, household, visible_ids):
    """A "Remove" button: who, from the household's members this person may see."""
    kind, _, pk = request.POST.get("remove", "").partition(":")
    if kind == "child":
        member = next((c for c in household.children.all() if str(c.pk) == pk and c.pk in visible_ids), None)
        who = {"child": member}
    elif kind == "adult":
        member = next((a for a in household.adults.all() if str(a.pk) == pk), None)
        who = {"adult": member}
    else:
        member = None
    if member is None:
        raise Http404("No such person in this household")
    services.remove_household_member(by=request.user, household=household, request=request, **who)
    return member


@child_page(Perm.EDIT_CHILD, what="household")
def household(request, child, household_id):
    """A household's members: take someone off, or add children and adults from the child's relationships."""
    found = selectors.household_of(child, household_id)
    if found is None:
        raise Http404("No such household for this child")
    visible_ids = selectors.household_visible_child_ids(request.user, found)
    problem = ""
    if request.method == "POST" and "remove" in request.POST:
        try:
            member = _remove_member(request, found, visible_ids)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, f"{member} is no longer in the household")
            if member == child:
                return redirect(child)
            return redirect("people:household", child.pk, found.pk)
    candidates = selectors.household_candidates(request.user, child, household=found)
    adding = request.method == "POST" and "remove" not in request.POST
    form = HouseholdAddForm(request.POST if adding else None, candidates=candidates)
    if adding and form.is_valid():
        try:
            services.add_household_members(
                by=request.user,
                household=found,
                children=form.chosen("children"),
                adults=form.chosen("adults"),
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "The household has been changed")
            return redirect("people:household", child.pk, found.pk)
    members = [c for c in found.children.all() if c.pk in visible_ids]
    return render(
        request,
        "people/household.html",
        {
            "child": ChildPresenter(child, user=request.user),
            "household": found,
            "member_children": members,
            "hidden_children": len(found.children.all()) - len(members),
            "adults": list(found.adults.all()),
            "form": form,
            "problem": problem,
        },
    )
