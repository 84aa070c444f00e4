"""Forms for the facts the SSDA903 return asks about a looked-after child (models/looked_after.py), and the
episode's home postcode and reason for a placement change.

Labels are plain English; the DfE's data item and codes are in the hints and in brackets after each
choice, for the people who know them. Forms check what a person typed against the rules of the return
that a form can see (dates not in the future, an end after its start, a review within a looked-after
episode), so that a record saved here does not make a data problem of its own.

`KINDS` is the registry of the facts: a slug for the address, the words for the pages, the model form
and, for facts a child has at most once, `single=True`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from ..codes import (
    ACCOMMODATION_CHOICES,
    Activity,
    AdopterLegalStatus,
    AdopterSex,
    InTouch,
    MissingKind,
    PreviousPermanence,
    ReasonPlaceChange,
    ReasonPlacedCeased,
    ReviewParticipation,
    SdqReason,
)
from ..models import (
    Adoption,
    CareLeaverOutcome,
    ChildAsMother,
    HealthOutcome,
    LookedAfterEpisode,
    LookedAfterReview,
    MissingEpisode,
    PlacementForAdoptionDecision,
    PreviousPermanenceOrder,
    UascStatus,
)
from .episodes import EXAMPLE_DATE, POSTCODE, choice_field, date_field

#: Temporary placements (903 PLACE T0 to T4) take no reason for a placement change (903 rule 226).
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
YES_NO_NOT_RECORDED = [("True", "Yes"), ("False", "No"), ("", "Not recorded yet")]


def coded(choices) -> list[tuple[str, str]]:
    """Labels with the DfE code in brackets after them (unless the label already says it)."""
    return [(value, label if f"({value})" in label else f"{label} ({value})") for value, label in choices]


def yes_no(label: str, *, help_text: str = "") -> forms.NullBooleanField:
    return forms.NullBooleanField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect(choices=YES_NO_NOT_RECORDED),
    )


def _day(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


def normalise_postcode(value: str) -> str:
    postcode = " ".join(value.upper().split())
    if postcode and not POSTCODE.match(postcode):
        raise forms.ValidationError("Enter a real postcode, like AB1 2CD")
    if postcode and " " not in postcode:
        postcode = f"{postcode[:-3]} {postcode[-3:]}"
    return postcode


class FactForm(forms.ModelForm):
    """A fact about one child. The view gives the child and the child's looked-after episodes (oldest
    first), so that dates can be checked against them."""

    def __init__(self, *args, child, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.episodes = list(episodes)
        if self.instance.pk is None:
            self.instance.child = child

    def after_birth(self, day: datetime.date | None, what: str) -> None:
        dob = self.child.date_of_birth
        if day and dob and day < dob:
            raise forms.ValidationError(
                f"The {what} must be on or after the child's date of birth, {_day(dob)}"
            )

    def within_an_episode(self, day: datetime.date, what: str) -> None:
        """`day` falls within one of the child's looked-after episodes (an open one runs to today)."""
        today = timezone.localdate()
        if any(e.decom <= day <= (e.dec or today) for e in self.episodes):
            return
        if not self.episodes:
            raise forms.ValidationError("Record the child's looked-after episode first")
        raise forms.ValidationError(
            f"The {what} must be while the child was looked after. Their looked-after episodes: "
            + "; ".join(f"{_day(e.decom)} to {_day(e.dec) if e.dec else 'now'}" for e in self.episodes)
        )

    def others(self, model):
        """The child's other rows of `model` (not the one being changed)."""
        rows = model.objects.filter(child=self.child)
        return rows.exclude(pk=self.instance.pk) if self.instance.pk else rows


class ReviewForm(FactForm):
    review = date_field(
        "Date of the review", "date of the review", help_text="903 item REVIEW. " + EXAMPLE_DATE
    )
    review_code = choice_field(
        "How the child took part",
        coded(ReviewParticipation.choices),
        "Select how the child took part in the review",
        help_text="903 item REVIEW_CODE. The code is shown in brackets.",
    )

    class Meta:
        model = LookedAfterReview
        fields = ["review", "review_code"]

    def clean_review(self):
        day = self.cleaned_data["review"]
        self.within_an_episode(day, "date of the review")
        if self.others(LookedAfterReview).filter(review=day).exists():
            raise forms.ValidationError(
                "A review on this date is already recorded. Change that review instead"
            )
        return day


class MissingForm(FactForm):
    missing = choice_field(
        "Was the child missing or away from placement without authorisation?",
        coded(MissingKind.choices),
        "Select whether the child was missing or away from placement without authorisation",
        help_text="903 item MISSING. The code is shown in brackets.",
    )
    mis_start = date_field(
        "Date it started", "date it started", help_text="903 item MIS_START. " + EXAMPLE_DATE
    )
    mis_end = date_field(
        "Date it ended (optional)",
        "date it ended",
        required=False,
        help_text="903 item MIS_END. Leave empty if the child has not come back yet. " + EXAMPLE_DATE,
    )

    class Meta:
        model = MissingEpisode
        fields = ["missing", "mis_start", "mis_end"]

    def clean_mis_start(self):
        day = self.cleaned_data["mis_start"]
        self.within_an_episode(day, "date it started")
        return day

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("mis_start"), cleaned.get("mis_end")
        if start and end and end < start:
            self.add_error("mis_end", "The date it ended must be on or after the date it started")
            return cleaned
        if start and "mis_end" not in self.errors:
            today = timezone.localdate()
            for other in self.others(MissingEpisode):
                if start <= (other.mis_end or today) and other.mis_start <= (end or today):
                    period = f"{_day(other.mis_start)} to {_day(other.mis_end) if other.mis_end else 'now'}"
                    self.add_error(
                        "mis_start",
                        f"These dates overlap another time the child was missing or away ({period}). "
                        "Change the dates, or change that record instead",
                    )
                    break
        return cleaned


class UascForm(FactForm):
    duc = date_field(
        "Date the child stopped being an unaccompanied asylum-seeking child (optional)",
        "date the status ended",
        required=False,
        help_text="903 item DUC. Leave empty while the child is still an unaccompanied asylum-seeking child. "
        "Whether they are one is on the child's details. " + EXAMPLE_DATE,
    )

    class Meta:
        model = UascStatus
        fields = ["duc"]

    def clean_duc(self):
        day = self.cleaned_data["duc"]
        self.after_birth(day, "date the status ended")
        return day


def collection_years(today: datetime.date, count: int = 4) -> list[datetime.date]:
    """31 March of this collection year (1 April to 31 March) and of the years before, latest first."""
    end = datetime.date(today.year if today <= datetime.date(today.year, 3, 31) else today.year + 1, 3, 31)
    return [end.replace(year=end.year - n) for n in range(count)]


class HealthForm(FactForm):
    year_ending = forms.TypedChoiceField(
        label="Year ending",
        coerce=datetime.date.fromisoformat,
        help_text="903 outcomes (OC2) are for a child looked after continuously for 12 months to 31 March.",
        error_messages={"required": "Select the year", "invalid_choice": "Select a year from the list"},
    )
    sdq_score = forms.IntegerField(
        label="SDQ score (optional)",
        required=False,
        min_value=0,
        max_value=40,
        help_text="903 item SDQ_SCORE. The strengths and difficulties questionnaire total, 0 to 40.",
        error_messages={
            "invalid": "Enter the SDQ score as a whole number from 0 to 40",
            "min_value": "The SDQ score must be a whole number from 0 to 40",
            "max_value": "The SDQ score must be a whole number from 0 to 40",
        },
    )
    sdq_reason = forms.ChoiceField(
        label="Reason there is no SDQ score (optional)",
        required=False,
        choices=[("", "Select one"), *coded(SdqReason.choices)],
        help_text="903 item SDQ_REASON. Only when there is no score.",
        error_messages={"invalid_choice": "Select a reason from the list"},
    )
    convicted = yes_no("Convicted of an offence during the year", help_text="903 item CONVICTED.")
    health_check = yes_no("Health check up to date", help_text="903 item HEALTH_CHECK.")
    immunisations = yes_no("Immunisations up to date", help_text="903 item IMMUNISATIONS.")
    teeth_check = yes_no("Teeth checked by a dentist", help_text="903 item TEETH_CHECK.")
    health_assessment = yes_no("Health assessment up to date", help_text="903 item HEALTH_ASSESSMENT.")
    substance_misuse = yes_no("Substance misuse problem identified", help_text="903 item SUBSTANCE_MISUSE.")
    intervention_received = yes_no(
        "Received an intervention for substance misuse", help_text="903 item INTERVENTION_RECEIVED."
    )
    intervention_offered = yes_no(
        "Offered an intervention for substance misuse", help_text="903 item INTERVENTION_OFFERED."
    )

    class Meta:
        model = HealthOutcome
        fields = [
            "year_ending",
            "sdq_score",
            "sdq_reason",
            "convicted",
            "health_check",
            "immunisations",
            "teeth_check",
            "health_assessment",
            "substance_misuse",
            "intervention_received",
            "intervention_offered",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = collection_years(timezone.localdate())
        if self.instance.pk and self.instance.year_ending not in years:
            years.append(self.instance.year_ending)
        self.fields["year_ending"].choices = [(d.isoformat(), f"31 March {d.year}") for d in years]

    def clean_year_ending(self):
        year = self.cleaned_data["year_ending"]
        if self.others(HealthOutcome).filter(year_ending=year).exists():
            raise forms.ValidationError(
                f"Outcomes for the year ending 31 March {year.year} are already recorded. Change them instead"
            )
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sdq_score") is not None and cleaned.get("sdq_reason"):
            self.add_error("sdq_reason", "Give either the SDQ score or the reason there is none, not both")
        if cleaned.get("substance_misuse") is False and (
            cleaned.get("intervention_received") or cleaned.get("intervention_offered")
        ):
            self.add_error(
                "substance_misuse",
                "An intervention for substance misuse is recorded: say 'Yes' to a problem identified",
            )
        return cleaned


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _birthday_label(day: datetime.date, dob: datetime.date | None) -> str:
    if dob is None:
        return f"{day:%-d %B %Y}"
    age = day.year - dob.year
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(age % 10 if age not in (11, 12, 13) else 0, "th")
    return f"{age}{suffix} birthday, {day:%-d %B %Y}"


class CareLeaverForm(FactForm):
    birthday = forms.TypedChoiceField(
        label="Which birthday is this about?",
        coerce=datetime.date.fromisoformat,
        widget=forms.RadioSelect,
        help_text="903 care leavers (OC3): the young person's situation around each birthday from 17 to 21.",
        error_messages={
            "required": "Select the birthday",
            "invalid_choice": "Select a birthday from the list",
        },
    )
    in_touch = choice_field(
        "Is the authority in touch with the young person?",
        coded(InTouch.choices),
        "Select whether the authority is in touch with the young person",
        help_text="903 item IN_TOUCH. The code is shown in brackets.",
    )
    activ = choice_field(
        "Main activity",
        coded(Activity.choices),
        "Select the young person's main activity",
        radios=False,
        help_text="903 item ACTIV. The code is shown in brackets.",
    )
    accom = choice_field(
        "Accommodation",
        coded(ACCOMMODATION_CHOICES),
        "Select the young person's accommodation",
        radios=False,
        help_text="903 item ACCOM: the kind of accommodation and whether it is suitable.",
    )

    class Meta:
        model = CareLeaverOutcome
        fields = ["birthday", "in_touch", "activ", "accom"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dob = self.child.date_of_birth
        days = [add_years(dob, n) for n in range(17, 22)] if dob else []
        today = timezone.localdate()
        days = [d for d in days if d <= today]
        if self.instance.pk and self.instance.birthday not in days:
            days.append(self.instance.birthday)
        self.fields["birthday"].choices = [(d.isoformat(), _birthday_label(d, dob)) for d in days]
        if not days:
            self.fields["birthday"].help_text = (
                "The child's date of birth is not recorded, or they have not yet reached 17. "
                "Record their date of birth on their details first."
            )

    def clean_birthday(self):
        day = self.cleaned_data["birthday"]
        if self.others(CareLeaverOutcome).filter(birthday=day).exists():
            raise forms.ValidationError("This birthday is already recorded. Change that record instead")
        return day


class AdoptionForm(FactForm):
    date_int = date_field(
        "Date of the decision that adoption is in the child's best interest",
        "date of the decision",
        help_text="903 item DATE_INT. " + EXAMPLE_DATE,
    )
    date_match = date_field(
        "Date the child was matched with the adopters",
        "date of the match",
        help_text="903 item DATE_MATCH. " + EXAMPLE_DATE,
    )
    foster_care = forms.TypedChoiceField(
        label="Were they adopted by their former foster carers?",
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text="903 item FOSTER_CARE.",
        error_messages={"required": "Select whether the adopters were the child's foster carers"},
    )
    nb_adoptr = forms.TypedChoiceField(
        label="Number of adopters",
        choices=[("1", "One"), ("2", "Two")],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="903 item NB_ADOPTR.",
        error_messages={"required": "Select the number of adopters", "invalid_choice": "Select one or two"},
    )
    sex_adoptr = choice_field(
        "Sex of the adopters",
        coded(AdopterSex.choices),
        "Select the sex of the adopters",
        help_text="903 item SEX_ADOPTR, at the date of adoption. The code is shown in brackets.",
    )
    ls_adoptr = choice_field(
        "Legal status of the adopters",
        coded(AdopterLegalStatus.choices),
        "Select the legal status of the adopters",
        help_text="903 item LS_ADOPTR. The code is shown in brackets.",
    )

    class Meta:
        model = Adoption
        fields = ["date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["foster_care"] = str(self.instance.foster_care)

    def clean(self):
        cleaned = super().clean()
        start, match = cleaned.get("date_int"), cleaned.get("date_match")
        if start:
            try:
                self.after_birth(start, "date of the decision")
            except forms.ValidationError as error:
                self.add_error("date_int", error)
        if start and match and match < start:
            self.add_error("date_match", "The date of the match must be on or after the date of the decision")
        number, sex, status = cleaned.get("nb_adoptr"), cleaned.get("sex_adoptr"), cleaned.get("ls_adoptr")
        single = {"M1", "F1"}
        if number == 2 and sex in single:
            self.add_error(
                "sex_adoptr", "Two adopters: choose a couple (two men, two women, or a man and a woman)"
            )
        elif number == 1 and sex and sex not in single:
            self.add_error("sex_adoptr", "One adopter: choose a single adopter")
        if status == "L4" and sex and sex not in {"MM", "FF"}:
            self.add_error("sex_adoptr", "A same-sex couple (L4) must be two men or two women")
        if number and status:
            if number == 1 and status not in {"L0", "L3"}:
                self.add_error("ls_adoptr", "One adopter: choose a single adopter's legal status (L0 or L3)")
            elif number == 2 and status in {"L0", "L3"}:
                self.add_error("ls_adoptr", "Two adopters: choose a couple's legal status")
        return cleaned


class PlacedForAdoptionForm(FactForm):
    date_placed = date_field(
        "Date of the decision that the child should be placed for adoption",
        "date of the decision",
        help_text="903 item DATE_PLACED. " + EXAMPLE_DATE,
    )
    date_placed_ceased = date_field(
        "Date of the decision that the child should no longer be placed for adoption (optional)",
        "date it was reversed",
        required=False,
        help_text="903 item DATE_PLACED_CEASED. Leave empty unless the decision was reversed. "
        + EXAMPLE_DATE,
    )
    reason_placed_ceased = forms.ChoiceField(
        label="Reason the child should no longer be placed for adoption (optional)",
        required=False,
        choices=[("", "Select one"), *coded(ReasonPlacedCeased.choices)],
        help_text="903 item REASON_PLACED_CEASED. Only when the decision was reversed.",
        error_messages={"invalid_choice": "Select a reason from the list"},
    )

    class Meta:
        model = PlacementForAdoptionDecision
        fields = ["date_placed", "date_placed_ceased", "reason_placed_ceased"]

    def clean_date_placed(self):
        day = self.cleaned_data["date_placed"]
        self.after_birth(day, "date of the decision")
        if self.others(PlacementForAdoptionDecision).filter(date_placed=day).exists():
            raise forms.ValidationError("A decision on this date is already recorded. Change it instead")
        return day

    def clean(self):
        cleaned = super().clean()
        start, ceased = cleaned.get("date_placed"), cleaned.get("date_placed_ceased")
        reason = cleaned.get("reason_placed_ceased")
        if start and ceased and ceased < start:
            self.add_error("date_placed_ceased", "The date it was reversed must be on or after the decision")
        if ceased and not reason:
            self.add_error("reason_placed_ceased", "Select the reason the child should no longer be placed")
        if reason and not ceased and "date_placed_ceased" not in self.errors:
            self.add_error("date_placed_ceased", "Enter the date it was reversed, or leave the reason empty")
        return cleaned


class PreviousPermanenceForm(FactForm):
    prev_perm = choice_field(
        "Permanence order the child had before they were looked after",
        coded(PreviousPermanence.choices),
        "Select the permanence order the child had, or 'No previous permanence option'",
        help_text="903 item PREV_PERM. The code is shown in brackets.",
    )
    la_perm = forms.CharField(
        label="Authority that arranged it (optional)",
        required=False,
        max_length=3,
        help_text="903 item LA_PERM: the DfE's 3-digit code of the local authority, for example 201.",
        error_messages={"max_length": "Enter the authority's 3-digit DfE code, for example 201"},
    )
    date_perm = date_field(
        "Date of the order (optional)",
        "date of the order",
        required=False,
        help_text="903 item DATE_PERM. If only the month or year is known, use the first day. "
        + EXAMPLE_DATE,
    )

    class Meta:
        model = PreviousPermanenceOrder
        fields = ["prev_perm", "la_perm", "date_perm"]

    def clean_la_perm(self):
        code = self.cleaned_data["la_perm"].strip()
        if code and not (len(code) == 3 and code.isdigit()):
            raise forms.ValidationError("Enter the authority's 3-digit DfE code, for example 201")
        return code

    def clean_date_perm(self):
        day = self.cleaned_data["date_perm"]
        self.after_birth(day, "date of the order")
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prev_perm") in {"Z1", "P4"}:
            for name in ("la_perm", "date_perm"):
                if cleaned.get(name):
                    self.add_error(
                        name, "Leave this empty when there was no previous order or it is not known"
                    )
        return cleaned


class MotherForm(FactForm):
    mc_dob = date_field(
        "Date of birth of her child",
        "date of birth of her child",
        help_text="903 items MOTHER and MC_DOB. " + EXAMPLE_DATE,
    )

    class Meta:
        model = ChildAsMother
        fields = ["mc_dob"]

    def clean_mc_dob(self):
        day = self.cleaned_data["mc_dob"]
        self.after_birth(day, "date of birth of her child")
        return day


class EpisodeDetailsForm(forms.ModelForm):
    """The postcode of the child's home and the reason the placement changed, on one episode."""

    home_post = forms.CharField(
        label="Postcode of the child's home when the episode started (optional)",
        required=False,
        max_length=10,
        help_text="903 item HOME_POST. The family home the child was living in, for example AB1 2CD.",
        error_messages={"max_length": "Enter a real postcode, like AB1 2CD"},
    )
    reason_place_change = forms.ChoiceField(
        label="Reason the placement changed (optional)",
        required=False,
        choices=[("", "Select one"), *coded(ReasonPlaceChange.choices)],
        help_text="903 item REASON_PLACE_CHANGE. Only for an episode that ended with a change of placement, "
        "not for a temporary placement.",
        error_messages={"invalid_choice": "Select a reason from the list"},
    )

    class Meta:
        model = LookedAfterEpisode
        fields = ["home_post", "reason_place_change"]

    def clean_home_post(self):
        return normalise_postcode(self.cleaned_data["home_post"])

    def clean_reason_place_change(self):
        reason = self.cleaned_data["reason_place_change"]
        if reason and self.instance.dec is None:
            raise forms.ValidationError(
                "This episode has not ended, so it takes no reason for a placement change"
            )
        if reason and self.instance.place in TEMPORARY_PLACEMENTS:
            raise forms.ValidationError("A temporary placement takes no reason for a placement change")
        return reason


@dataclass(frozen=True)
class Kind:
    """One kind of fact on the looked-after details page."""

    slug: str
    title: str  # the section heading
    singular: str  # "a review": for "Add a review", "Change the review"
    form: type[FactForm]
    single: bool = False  # a child has at most one (a one-to-one row)
    empty: str = "None recorded."
    chronology: bool = False  # adding one writes a row on the child's chronology
    add_heading: str = ""  # "Add a review"

    def __post_init__(self):
        if not self.add_heading:
            object.__setattr__(self, "add_heading", f"Add a {self.singular}")

    @property
    def model(self):
        return self.form._meta.model


KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind("reviews", "Reviews", "review", ReviewForm, empty="No reviews recorded.", chronology=True),
        Kind(
            "missing",
            "Missing or away from placement",
            "time missing or away",
            MissingForm,
            add_heading="Add a time the child was missing or away from placement",
            empty="No times missing or away from placement recorded.",
            chronology=True,
        ),
        Kind(
            "uasc",
            "Unaccompanied asylum-seeking child",
            "UASC status",
            UascForm,
            single=True,
            add_heading="Record that the child is an unaccompanied asylum-seeking child",
            empty="No UASC status recorded.",
        ),
        Kind(
            "health",
            "Health and outcomes (12 months looked after)",
            "year's health and outcomes",
            HealthForm,
            add_heading="Add health and outcomes for a year",
            empty="No health and outcomes recorded.",
        ),
        Kind(
            "care-leaver",
            "Care leaver's situation",
            "care leaver's situation",
            CareLeaverForm,
            empty="No care leaver's situation recorded.",
        ),
        Kind(
            "adoption",
            "Adoption",
            "adoption",
            AdoptionForm,
            single=True,
            empty="No adoption recorded.",
            add_heading="Record the adoption",
        ),
        Kind(
            "placed-for-adoption",
            "Decisions to place for adoption",
            "decision to place for adoption",
            PlacedForAdoptionForm,
            empty="No decision to place for adoption recorded.",
        ),
        Kind(
            "previous-permanence",
            "Previous permanence",
            "previous permanence",
            PreviousPermanenceForm,
            single=True,
            add_heading="Record the previous permanence",
            empty="No previous permanence recorded.",
        ),
        Kind(
            "mother",
            "Child as a mother",
            "record as a mother",
            MotherForm,
            single=True,
            add_heading="Record that the child is a mother",
            empty="Not recorded as a mother.",
        ),
    )
}
