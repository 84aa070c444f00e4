"""Forms for plans written with the family: the plan and its goals, actions and reviews.

Goals are a simple repeated set of fields (a formset): three empty rows, and "Add another goal" posts
the page back with one more row, so no JavaScript is needed.
"""

from __future__ import annotations

from django import forms

from ..models import PlanKind
from ..models.plans import PLAN_OUTCOME_LENGTH
from .episodes import date_field

MAX_GOALS = 30


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of plan",
        choices=PlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of plan"},
    )
    other_children = forms.ModelMultipleChoiceField(
        label="Is the plan also for any of these children?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Brothers, sisters and children of the same household. Select all that apply. The plan "
        "is written once and appears on each child's chronology.",
        error_messages={
            "invalid_choice": "Select children from the list",
            "invalid_pk_value": "Select children from the list",
        },
    )
    strengths = forms.CharField(
        label="What is going well",
        help_text="Strengths and safety, in the family's own words.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write what is going well for the family",
            "max_length": "What is going well must be 10,000 characters or fewer",
        },
    )
    worries = forms.CharField(
        label="What we are worried about",
        help_text="Our worries and the family's worries.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write what you and the family are worried about",
            "max_length": "What we are worried about must be 10,000 characters or fewer",
        },
    )
    started_on = date_field("Date the plan starts", "start date")

    def __init__(self, *args, companions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_children"].queryset = companions
        self.fields["other_children"].label_from_instance = lambda child: child.full_name
        if not companions.exists():
            del self.fields["other_children"]

    @classmethod
    def initial_from(cls, data) -> dict:
        """What was typed, to show again (without errors) when a goal row is added."""
        initial = {name: data.get(name, "") for name in ("kind", "strengths", "worries", "started_on")}
        initial["other_children"] = data.getlist("other_children")
        return initial


class GoalForm(forms.Form):
    text = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "A goal must be 1,000 characters or fewer"},
    )

    def __init__(self, *args, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = f"Goal {number}"


class BaseGoalFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": (index or 0) + 1}

    def clean(self):
        if any(self.errors):
            return
        if not self.goals():
            raise forms.ValidationError("Write at least one goal with the family")

    def goals(self) -> list[str]:
        return [f.cleaned_data["text"].strip() for f in self.forms if f.cleaned_data.get("text", "").strip()]


def goal_formset(data=None, *, extra=3, initial=None):
    formset = forms.formset_factory(
        GoalForm, formset=BaseGoalFormSet, extra=extra, max_num=MAX_GOALS, absolute_max=MAX_GOALS
    )
    return formset(data, initial=initial, prefix="goals")


def goal_formset_with_one_more(data):
    """The goals typed so far, and one more empty row ("Add another goal")."""
    try:
        total = max(0, min(int(data.get("goals-TOTAL_FORMS", 3)), MAX_GOALS - 1))
    except ValueError:
        total = 3
    texts = [data.get(f"goals-{i}-text", "") for i in range(total)]
    return goal_formset(initial=[{"text": text} for text in texts], extra=1)


class PlanActionForm(forms.Form):
    text = forms.CharField(
        label="What will be done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write what will be done",
            "max_length": "The action must be 2,000 characters or fewer",
        },
    )
    goal = forms.ModelChoiceField(
        label="Which goal it helps with (optional)",
        queryset=None,
        required=False,
        empty_label="Not linked to one goal",
        error_messages={"invalid_choice": "Select a goal of this plan"},
    )
    owner_name = forms.CharField(
        label="Who will do it",
        max_length=150,
        help_text="A worker, a parent, a relative, a school… For example, 'Mum' or 'Class teacher'.",
        error_messages={
            "required": "Write who will do it",
            "max_length": "Who will do it must be 150 characters or fewer",
        },
    )
    due_on = date_field("By when", "date it is due by", future=True)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["goal"].label_from_instance = lambda goal: goal.text[:80]


class PlanReviewForm(forms.Form):
    reviewed_on = date_field("Date of the review", "review date")
    summary = forms.CharField(
        label="What has changed",
        help_text="What the family, the child and the professionals said, and what happens next.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Write what has changed",
            "max_length": "What has changed must be 10,000 characters or fewer",
        },
    )
    achieved_goals = forms.ModelMultipleChoiceField(
        label="Which goals have been achieved? (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select goals of this plan",
            "invalid_pk_value": "Select goals of this plan",
        },
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        open_goals = plan.goals.filter(achieved_on__isnull=True)
        self.fields["achieved_goals"].queryset = open_goals
        self.fields["achieved_goals"].label_from_instance = lambda goal: goal.text
        if not open_goals.exists():
            del self.fields["achieved_goals"]


class PlanEndForm(forms.Form):
    ended_on = date_field("Date the plan ended", "end date")
    outcome = forms.CharField(
        label="Outcome, or why the plan ended",
        help_text="A sentence or two, for example 'Goals met: the family no longer needs a plan' or "
        "'Replaced by a child protection plan'.",
        max_length=PLAN_OUTCOME_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write the outcome, or why the plan ended",
            "max_length": f"The outcome must be {PLAN_OUTCOME_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.plan.started_on:
            raise forms.ValidationError(
                f"The end date must be on or after the date the plan started, {self.plan.started_on:%d/%m/%Y}"
            )
        return ended_on

    def clean_outcome(self):
        outcome = self.cleaned_data["outcome"].strip()
        if not outcome:
            raise forms.ValidationError("Write the outcome, or why the plan ended")
        return outcome
