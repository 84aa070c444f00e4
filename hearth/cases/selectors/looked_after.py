"""Reading a child's looked-after facts (models/looked_after.py) and presenting them as summary lists.

Every function takes a child already fetched through `people.access.get_child_or_deny`; the queries are
a fixed number, whatever the child's history.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from hearth.core import extensions
from hearth.core.presenters import date_in_words

from ..forms.looked_after import KINDS, Kind
from ..models import LookedAfterEpisode


def episodes_of(child) -> list[LookedAfterEpisode]:
    """The child's looked-after episodes, oldest first."""
    return list(LookedAfterEpisode.objects.filter(child=child).order_by("decom", "pk"))


def facts_of(child) -> dict[str, list]:
    """Each kind's rows for the child (one query a kind)."""
    return {slug: list(kind.model.objects.filter(child=child).order_by("pk")) for slug, kind in KINDS.items()}


def kind_or_404(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("No such kind of looked-after detail")
    return kind


def fact_of(child, kind: Kind, item_id: int):
    record = kind.model.objects.filter(child=child, pk=item_id).first()
    if record is None:
        raise Http404("No such record for this child")
    return record


def single_fact(child, kind: Kind):
    """The row of a kind a child has at most once, or None."""
    return kind.model.objects.filter(child=child).first()


def episode_of(child, episode_id: int) -> LookedAfterEpisode:
    record = LookedAfterEpisode.objects.filter(child=child, pk=episode_id).first()
    if record is None:
        raise Http404("No such looked-after episode for this child")
    return record


def return_problems(child) -> list:
    """The child's SSDA903 data problems, read through the reverse relation of the returns' rows (cases
    does not import returns). Empty when returns is not installed."""
    related = getattr(child, "data_problems", None)
    if related is None:
        return []
    return list(related.filter(return_name="ssda903").order_by("code", "pk"))


# --- presenting ---------------------------------------------------------------------------------------


def _yes_no(value) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _coded(obj, name: str) -> str:
    value = getattr(obj, name)
    if value in ("", None):
        return ""
    label = getattr(obj, f"get_{name}_display")()
    return label if f"({value})" in str(label) else f"{label} ({value})"


def _rows(kind: Kind, obj) -> list[dict]:
    d = date_in_words
    if kind.slug == "reviews":
        return [
            {"key": "Date of the review", "value": d(obj.review)},
            {"key": "How the child took part", "value": _coded(obj, "review_code")},
        ]
    if kind.slug == "missing":
        return [
            {"key": "Missing or away", "value": _coded(obj, "missing")},
            {"key": "Started", "value": d(obj.mis_start)},
            {"key": "Ended", "value": d(obj.mis_end) if obj.mis_end else "Not back yet"},
        ]
    if kind.slug == "uasc":
        return [
            {
                "key": "UASC status ended",
                "value": d(obj.duc) if obj.duc else "Still an unaccompanied asylum-seeking child",
            }
        ]
    if kind.slug == "health":
        return [
            {"key": "Year ending", "value": d(obj.year_ending)},
            {"key": "SDQ score", "value": "" if obj.sdq_score is None else str(obj.sdq_score)},
            {"key": "Reason for no SDQ score", "value": _coded(obj, "sdq_reason")},
            {"key": "Convicted during the year", "value": _yes_no(obj.convicted)},
            {"key": "Health check up to date", "value": _yes_no(obj.health_check)},
            {"key": "Immunisations up to date", "value": _yes_no(obj.immunisations)},
            {"key": "Teeth checked", "value": _yes_no(obj.teeth_check)},
            {"key": "Health assessment up to date", "value": _yes_no(obj.health_assessment)},
            {"key": "Substance misuse problem identified", "value": _yes_no(obj.substance_misuse)},
            {"key": "Intervention received", "value": _yes_no(obj.intervention_received)},
            {"key": "Intervention offered", "value": _yes_no(obj.intervention_offered)},
        ]
    if kind.slug == "care-leaver":
        return [
            {"key": "Birthday", "value": d(obj.birthday)},
            {"key": "In touch", "value": _coded(obj, "in_touch")},
            {"key": "Main activity", "value": _coded(obj, "activ")},
            {"key": "Accommodation", "value": _coded(obj, "accom")},
        ]
    if kind.slug == "adoption":
        return [
            {"key": "Decision that adoption is in the child's best interest", "value": d(obj.date_int)},
            {"key": "Matched with the adopters", "value": d(obj.date_match)},
            {"key": "Adopted by former foster carers", "value": _yes_no(obj.foster_care)},
            {"key": "Number of adopters", "value": str(obj.nb_adoptr)},
            {"key": "Sex of the adopters", "value": _coded(obj, "sex_adoptr")},
            {"key": "Legal status of the adopters", "value": _coded(obj, "ls_adoptr")},
        ]
    if kind.slug == "placed-for-adoption":
        return [
            {"key": "Decision to place for adoption", "value": d(obj.date_placed)},
            {
                "key": "Decision reversed",
                "value": d(obj.date_placed_ceased) if obj.date_placed_ceased else "Not reversed",
            },
            {"key": "Reason it was reversed", "value": _coded(obj, "reason_placed_ceased")},
        ]
    if kind.slug == "previous-permanence":
        return [
            {"key": "Previous permanence", "value": _coded(obj, "prev_perm")},
            {"key": "Authority that arranged it", "value": obj.la_perm},
            {"key": "Date of the order", "value": d(obj.date_perm) if obj.date_perm else ""},
        ]
    if kind.slug == "mother":
        return [{"key": "Date of birth of her child", "value": d(obj.mc_dob)}]
    return []  # pragma: no cover - every kind is listed above


def fact_summary(kind: Kind, obj) -> list[dict]:
    """Summary rows of one record, for the form page that changes it."""
    return _rows(kind, obj)


def details_page(child, *, can_manage: bool) -> dict:
    """What the looked-after details page shows: the episodes (with home postcode and reason for a
    placement change) and each kind of fact with its records, add and change links."""
    episodes = episodes_of(child)
    facts = facts_of(child)
    sections = []
    for slug, kind in KINDS.items():
        records = []
        for obj in facts[slug]:
            change = (
                reverse("cases:looked-after-fact-change", args=[child.pk, slug, obj.pk]) if can_manage else ""
            )
            rows = _rows(kind, obj)
            if change:
                rows[0] = {**rows[0], "action_url": change, "action_hidden": f"the {kind.singular}"}
            records.append({"rows": rows})
        can_add = can_manage and bool(episodes) and not (kind.single and records)
        sections.append(
            {
                "kind": kind,
                "records": records,
                "add_url": reverse("cases:looked-after-fact-add", args=[child.pk, slug]) if can_add else "",
            }
        )
    episode_rows = [
        {
            "episode": e,
            "rows": [
                {"key": "Episode", "value": f"{d_or(e.decom)} to {d_or(e.dec) if e.dec else 'now'}"},
                {"key": "Placement", "value": _coded(e, "place")},
                {
                    "key": "Home postcode",
                    "value": e.home_post,
                    **(
                        {
                            "action_url": reverse(
                                "cases:looked-after-episode-details", args=[child.pk, e.pk]
                            ),
                            "action_hidden": f"the home postcode and reason for the placement change of the "
                            f"episode starting {d_or(e.decom)}",
                        }
                        if can_manage
                        else {}
                    ),
                },
                {"key": "Reason the placement changed", "value": _coded(e, "reason_place_change")},
            ],
        }
        for e in reversed(episodes)
    ]
    return {"episodes": episode_rows, "sections": sections, "has_episode": bool(episodes)}


def d_or(day) -> str:
    return date_in_words(day) if day else ""


def child_section(user, child) -> extensions.Section | None:
    """On the child's record, for a child who is or has been looked after: a link to the details the
    SSDA903 return needs. One query."""
    if not (user and user.is_authenticated):
        return None
    if not LookedAfterEpisode.objects.filter(child=child).exists():
        return None
    return extensions.Section(
        title="Looked-after details",
        template="cases/looked_after/_child_section.html",
        order=80,
        context={"url": reverse("cases:looked-after-details", args=[child.pk])},
    )
