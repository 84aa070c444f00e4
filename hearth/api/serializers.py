"""What the API returns. Field names are the model's (and so the DfE returns') names."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers
from rest_framework.reverse import reverse

from hearth.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    LookedAfterEpisode,
    NoteChild,
    NoteKind,
    Referral,
    Section47,
)
from hearth.cases.services.notes import NoteData
from hearth.people.models import Child


class ChildSummarySerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(source="allocated_unit", slug_field="code", read_only=True)
    lead_worker = serializers.CharField(source="lead_worker.full_name", default=None, read_only=True)
    is_restricted = serializers.BooleanField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Child
        fields = [
            "id",
            "url",
            "la_child_id",
            "first_name",
            "last_name",
            "date_of_birth",
            "expected_date_of_birth",
            "unit",
            "lead_worker",
            "last_visit_at",
            "is_restricted",
        ]
        read_only_fields = fields

    def get_url(self, child) -> str:
        return reverse("api:child", args=[child.pk], request=self.context.get("request"))


class ChildSerializer(ChildSummarySerializer):
    class Meta(ChildSummarySerializer.Meta):
        fields = [
            *ChildSummarySerializer.Meta.fields,
            "other_names",
            "sex",
            "gender_identity",
            "ethnicity",
            "upn",
            "nhs_number",
            "first_language",
            "uasc",
            "date_of_death",
        ]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "assessment_actual_start_date",
            "assessment_internal_review_date",
            "assessment_authorisation_date",
            "withdrawn_on",
            "withdrawal_reason",
            "factors",
        ]


class Section47Serializer(serializers.ModelSerializer):
    class Meta:
        model = Section47
        fields = [
            "id",
            "s47_actual_start_date",
            "initial_cpc_target",
            "date_of_initial_cpc",
            "icpc_not_required",
        ]


class ChildProtectionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildProtectionPlan
        fields = [
            "id",
            "cpp_start_date",
            "cpp_end_date",
            "initial_category_of_abuse",
            "latest_category_of_abuse",
            "number_of_previous_cpp",
        ]


class ChildInNeedPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildInNeedPlan
        fields = ["id", "cin_plan_start_date", "cin_plan_end_date"]


class ReferralSerializer(serializers.ModelSerializer):
    assessments = AssessmentSerializer(many=True, read_only=True)
    section47s = Section47Serializer(many=True, read_only=True)
    cp_plans = ChildProtectionPlanSerializer(many=True, read_only=True)
    cin_plans = ChildInNeedPlanSerializer(many=True, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "cin_referral_date",
            "referral_source",
            "primary_need_code",
            "referral_nfa",
            "cin_closure_date",
            "reason_for_closure",
            "assessments",
            "section47s",
            "cp_plans",
            "cin_plans",
        ]


class LookedAfterEpisodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = LookedAfterEpisode
        fields = [
            "id",
            "decom",
            "rne",
            "legal_status",
            "cin",
            "place",
            "place_provider",
            "pl_post",
            "urn",
            "dec",
            "rec",
        ]


class EpisodesSerializer(serializers.Serializer):
    referrals = ReferralSerializer(many=True, read_only=True)
    looked_after_episodes = LookedAfterEpisodeSerializer(many=True, read_only=True)


class ChildNoteSerializer(serializers.ModelSerializer):
    """A final note as it concerns one child (from the note's link to the child)."""

    id = serializers.IntegerField(source="note.id", read_only=True)
    kind = serializers.CharField(source="note.kind", read_only=True)
    occurred_at = serializers.DateTimeField(source="note.occurred_at", read_only=True)
    title = serializers.CharField(source="note.title", read_only=True)
    body = serializers.CharField(source="note.body", read_only=True)
    present = serializers.CharField(source="note.present", read_only=True)
    author = serializers.CharField(source="note.author.full_name", read_only=True)
    finalised_at = serializers.DateTimeField(source="note.finalised_at", read_only=True)

    class Meta:
        model = NoteChild
        fields = [
            "id",
            "kind",
            "occurred_at",
            "title",
            "body",
            "present",
            "author",
            "finalised_at",
            "seen",
            "seen_alone",
        ]
        read_only_fields = fields


class NoteCreateSerializer(serializers.Serializer):
    """One note for one or more children (for example a visit to siblings), recorded once."""

    children = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=20, help_text="Child ids."
    )
    kind = serializers.ChoiceField(choices=NoteKind.choices)
    occurred_at = serializers.DateTimeField()
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    present = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    seen = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, help_text="Ids of the children seen."
    )
    seen_alone = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of the children seen alone.",
    )
    is_key_event = serializers.BooleanField(required=False, default=False)
    final = serializers.BooleanField(required=False, default=True, help_text="False saves it as a draft.")

    def validate_occurred_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError("The date and time of the note must be in the past")
        return value

    def validate(self, attrs):
        children = set(attrs["children"])
        if not set(attrs["seen"]) <= children or not set(attrs["seen_alone"]) <= children:
            raise serializers.ValidationError("Children seen must be among the children the note is about")
        return attrs

    def note_data(self) -> NoteData:
        data = self.validated_data
        seen, alone = set(data["seen"]), set(data["seen_alone"])
        return NoteData(
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            title=data["title"].strip(),
            body=data["body"].strip(),
            present=data["present"].strip(),
            seen={pk: (pk in seen or pk in alone, pk in alone) for pk in data["children"]},
            is_key_event=data["is_key_event"],
            final=data["final"],
        )


class NoteCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    children = serializers.ListField(child=serializers.IntegerField())
