"""Children's records: the record page, adding a child (with a duplicate check), changing details
(optimistic locking), breaking glass, restriction and relationships.

Every page of a child gets the child through `get_child_or_deny` (404 out of reach, 403 with the way
to break glass for a restricted record) and writes an audit row for the view.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render

from hearth.core import extensions
from hearth.core.permissions import require

from . import selectors, services
from .access import get_child_or_deny
from .forms import AddressForm, BreakGlassForm, EditChildForm, RelationshipForm, RestrictionForm
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
