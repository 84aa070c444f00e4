"""The chronology: one row per child per event, written by the services that record events.

Reading a child's timeline is one indexed query, whatever the number of notes, episodes and plans.
"""

from django.db import models


class EventKind(models.TextChoices):
    NOTE = "note", "Note"
    CONTACT = "contact", "Contact"
    REFERRAL = "referral", "Referral"
    ASSESSMENT = "assessment", "Assessment"
    SECTION_47 = "s47", "Section 47 enquiry"
    CP_PLAN = "cp-plan", "Child protection plan"
    CIN_PLAN = "cin-plan", "Child in need plan"
    LOOKED_AFTER = "looked-after", "Looked after"
    PLAN = "plan", "Plan"
    ALLOCATION = "allocation", "Allocation"
    CLOSURE = "closure", "Closure"
    HOME = "home", "Home and household"
    # Written by the apps above casework (meetings, supervision, support, budgets, clinical).
    MEETING = "meeting", "Unit meeting"
    ACTION = "action", "Action"
    SUPERVISION = "supervision", "Supervision decision"
    SUPPORT = "support", "Practical help"
    SPEND = "spend", "Spend"
    CLINICAL = "clinical", "Clinical consultation"
    OTHER = "other", "Other"


class ChronologyEntry(models.Model):
    # Indexed by chronology_child_time, which starts with the child.
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="chronology", db_index=False
    )
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    is_key_event = models.BooleanField(default=False)
    source_type = models.CharField(max_length=64, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["child", "-occurred_at", "-id"], name="chronology_child_time"),
            models.Index(fields=["source_type", "source_id"], name="chronology_source"),
        ]
