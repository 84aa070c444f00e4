"""Case notes written once for one or several children, their versions, and autosaved drafts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hearth.core.models import TimeStampedModel


class NoteKind(models.TextChoices):
    HOME_VISIT = "home-visit", "Home visit"
    DIRECT_WORK = "direct-work", "Direct work"
    PHONE_CALL = "phone-call", "Phone call"
    MEETING = "meeting", "Meeting"
    OBSERVATION = "observation", "Observation"
    CASE_DISCUSSION = "case-discussion", "Case discussion"
    OFFICE_VISIT = "office-visit", "Office visit"


#: Kinds that count as a visit to the child when the child was seen.
VISIT_KINDS = {NoteKind.HOME_VISIT, NoteKind.DIRECT_WORK, NoteKind.OFFICE_VISIT}


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class Note(TimeStampedModel):
    """One note, about one or more children: on each child's chronology, written once."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    occurred_at = models.DateTimeField("date and time")
    title = models.CharField(max_length=200)
    body = models.TextField()
    present = models.CharField("who was present", max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: goes up with every save.")
    children = models.ManyToManyField("people.Child", through="NoteChild", related_name="notes")

    class Meta:
        ordering = ["-occurred_at"]
        # Drafts are few among a million notes: the chronology hides other people's drafts by reading
        # these rather than every note of the child.
        indexes = [models.Index(fields=["author"], condition=Q(status="draft"), name="note_drafts")]

    def __str__(self) -> str:
        return self.title


class NoteChild(models.Model):
    """A child the note is about, and whether they were seen (and seen alone)."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="note_children")
    # Indexed by note_child_lookup, which starts with the child.
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="note_links", db_index=False
    )
    seen = models.BooleanField("child seen", default=False)
    seen_alone = models.BooleanField("child seen alone", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "child"], name="note_child_once")]
        indexes = [models.Index(fields=["child", "note"], name="note_child_lookup")]


class NoteVersion(models.Model):
    """The text of a finalised note before each later change: nothing is overwritten."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    present = models.CharField(max_length=500, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)
    #: The children the note was about in this version (ids: kept for the record, never shown as names).
    child_ids = models.JSONField(default=list, blank=True)
    #: What the next version changed, when it was not the words: e.g. which children it is about.
    change = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["note", "version"], name="note_version_once")]


class Draft(models.Model):
    """Form data saved on the server as the worker types, offered back after a time-out."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=120, help_text="Which form: for example 'note:child:123'.")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="draft_one_per_form")]
