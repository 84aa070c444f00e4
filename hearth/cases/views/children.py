"""Adding a child's record, which opens their case (the record and its allocation, one transaction).

The duplicate check comes first: likely matches (similar name, same date of birth) are shown before a
new record is made, and nothing typed is lost on the way.
"""

from django.contrib import messages
from django.shortcuts import redirect, render

from hearth.core.permissions import permission_required
from hearth.people import selectors as people_selectors
from hearth.people.forms import AddChildForm
from hearth.people.permissions import Perm as PeoplePerm
from hearth.people.presenters import answer_rows

from ..services.children import create_child

CONFIRM_FIELD = "confirmed-new-child"
EDIT_AGAIN_FIELD = "change-details"


def _carried_fields(post) -> list[tuple[str, str]]:
    """What the person typed, to carry through the duplicate check in hidden fields."""
    skip = {"csrfmiddlewaretoken", CONFIRM_FIELD, EDIT_AGAIN_FIELD}
    return [(name, value) for name, values in post.lists() if name not in skip for value in values]


@permission_required(PeoplePerm.ADD_CHILD)
def child_add(request):
    units = people_selectors.units_for_new_child(request.user)
    form = AddChildForm(request.POST or None, units=units)
    editing_again = EDIT_AGAIN_FIELD in request.POST
    if request.method == "POST" and not editing_again and form.is_valid():
        details = form.details()
        if CONFIRM_FIELD not in request.POST:
            duplicates = people_selectors.possible_duplicates(
                request.user,
                first_name=details["first_name"],
                last_name=details["last_name"],
                date_of_birth=details["date_of_birth"],
                expected_date=details["expected_date_of_birth"],
            )
            if duplicates:
                return render(
                    request,
                    "people/child_duplicates.html",
                    {
                        "form": form,
                        "duplicates": duplicates,
                        "answers": answer_rows(form),
                        "carried": _carried_fields(request.POST),
                        "confirm_field": CONFIRM_FIELD,
                        "edit_again_field": EDIT_AGAIN_FIELD,
                    },
                )
        child = create_child(
            by=request.user,
            details=details,
            disabilities=form.cleaned_data["disabilities"],
            la_child_id=form.cleaned_data["la_child_id"],
            unit=form.chosen_unit(),
            request=request,
        )
        # No child's name in a message: messages travel in a cookie or the session.
        messages.success(request, f"The record has been made. The LA child ID is {child.la_child_id}")
        return redirect(child)
    return render(request, "people/child_form.html", {"form": form, "child": None, "units": units})
