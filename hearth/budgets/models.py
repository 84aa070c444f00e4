"""Devolved budgets: a unit's budget per financial year, its immutable ledger, spends for children and
the delegated authority of each role (docs/adr/0008-budget-ledger-and-concurrency.md).

Money is whole pence in integers. The ledger is the only record of money: a balance is always a sum of
its entries, never a stored number. Ledger entries and delegated-authority settings are append-only:
the models and their querysets refuse updates and deletes, and on PostgreSQL triggers refuse them in
the database too (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hearth.core.permissions import VisibleToQuerySet
from hearth.core.roles import OrgRole, UnitRole

from .money import pounds, year_label


class Category(models.TextChoices):
    PRACTICAL_HELP = "practical-help", "Practical help"
    TRANSPORT = "transport", "Transport"
    HOUSEHOLD_GOODS = "household-goods", "Household goods"
    ACTIVITIES = "activities", "Activities for children"
    EMERGENCY_SUBSISTENCE = "emergency-subsistence", "Emergency subsistence"
    CONTACT_COSTS = "contact-costs", "Contact costs"


class UnitBudget(models.Model):
    """A unit's budget for one financial year. Its row is the lock every money movement takes."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts (1 April).")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-year", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="budget_one_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} budget, {year_label(self.year)}"


class LedgerImmutableError(Exception):
    """Ledger entries and authority settings are never changed or removed."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutableError("Ledger entries cannot be changed.")

    def delete(self):
        raise LedgerImmutableError("Ledger entries cannot be deleted.")

    def _raw_delete(self, using):
        raise LedgerImmutableError("Ledger entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise LedgerImmutableError("Ledger entries cannot be changed.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerImmutableError(f"{self._meta.verbose_name_plural.capitalize()} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutableError(f"{self._meta.verbose_name_plural.capitalize()} cannot be deleted.")


class EntryKind(models.TextChoices):
    ALLOCATION = "allocation", "Allocation"
    COMMITMENT = "commitment", "Commitment"
    RELEASE = "release", "Commitment released"
    PAYMENT = "payment", "Payment"
    REFUND = "refund", "Refund"
    TRANSFER_IN = "transfer-in", "Transfer in"
    TRANSFER_OUT = "transfer-out", "Transfer out"


#: How each kind of entry moves the money still available to spend. A payment settles a commitment
#: (already counted), so it moves nothing.
AVAILABLE_SIGN = {
    EntryKind.ALLOCATION: 1,
    EntryKind.TRANSFER_IN: 1,
    EntryKind.TRANSFER_OUT: -1,
    EntryKind.COMMITMENT: -1,
    EntryKind.RELEASE: 1,
    EntryKind.PAYMENT: 0,
    EntryKind.REFUND: 1,
}


class LedgerEntry(AppendOnlyModel):
    """One movement of money in a unit's budget. Amounts are positive; the kind says which way."""

    budget = models.ForeignKey(UnitBudget, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    category = models.CharField(max_length=32, choices=Category.choices)
    amount_pence = models.PositiveBigIntegerField()
    spend = models.ForeignKey(
        "Spend", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    counterpart = models.ForeignKey(
        "organisation.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a transfer: the other unit.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "ledger entries"
        constraints = [models.CheckConstraint(condition=Q(amount_pence__gt=0), name="ledger_amount_positive")]
        indexes = [models.Index(fields=["budget", "category", "kind"], name="ledger_budget_category")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {pounds(self.amount_pence)}"


class SpendStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    CANCELLED = "cancelled", "Cancelled"
    PAID = "paid", "Paid"
    REFUNDED = "refunded", "Refunded"


#: Spends whose money is spent (committed or paid, not given back).
SPENT_STATUSES = (SpendStatus.APPROVED, SpendStatus.PAID)


class SpendQuerySet(VisibleToQuerySet):
    unit_lookup = "budget__unit"

    def visible_to(self, user):
        """Members and line managers of the unit; the director and performance analysts read all."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.org_role in {OrgRole.DIRECTOR, OrgRole.PERFORMANCE_ANALYST}:
            return self.exclude_restricted_for(user)
        return self.filter(budget__unit__in=user.reach_unit_ids).exclude_restricted_for(user)

    def exclude_restricted_for(self, user):
        from hearth.people.models import Child

        return self.filter(Q(child__restriction="") | Q(child__in=Child.objects.exclude_restricted_for(user)))


class Spend(models.Model):
    """Money a unit spends for a child: recorded, approved (at once or by approvers), paid, refunded."""

    budget = models.ForeignKey(UnitBudget, on_delete=models.PROTECT, related_name="spends")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="budget_spends")
    category = models.CharField(max_length=32, choices=Category.choices)
    purpose = models.CharField(max_length=300)
    amount_pence = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=SpendStatus.choices)
    approvals_needed = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    first_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_approved_at = models.DateTimeField(null=True, blank=True)
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    second_approved_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who refused or cancelled it.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_reason = models.TextField(blank=True)

    objects = SpendQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["budget", "status"], name="spend_budget_status"),
            models.Index(fields=["status", "budget"], name="spend_status_budget"),
            models.Index(fields=["child", "-requested_at"], name="spend_child_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="spend_amount_positive"),
            models.CheckConstraint(
                condition=~Q(first_approver=models.F("requested_by"))
                & ~Q(second_approver=models.F("requested_by"))
                & ~Q(second_approver=models.F("first_approver")),
                name="spend_approvers_distinct",
                violation_error_message="Nobody approves their own request, and two approvers are two people.",
            ),
        ]

    def __str__(self) -> str:
        return f"{pounds(self.amount_pence)} for {self.get_category_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("budgets:spend", args=[self.pk])

    @property
    def amount(self) -> str:
        return pounds(self.amount_pence)

    @property
    def approvals_given(self) -> int:
        return int(self.first_approver_id is not None) + int(self.second_approver_id is not None)


class LimitKey(models.TextChoices):
    """What a delegated-authority setting is about: a role's own limit, or the two-approver limit."""

    SOCIAL_WORKER = UnitRole.SOCIAL_WORKER.value, "Social worker"
    CHILD_PRACTITIONER = UnitRole.CHILD_PRACTITIONER.value, "Child practitioner"
    FAMILY_SUPPORT_WORKER = UnitRole.FAMILY_SUPPORT_WORKER.value, "Family support worker"
    UNIT_COORDINATOR = UnitRole.UNIT_COORDINATOR.value, "Unit coordinator"
    CLINICIAN = UnitRole.CLINICIAN.value, "Clinician"
    STUDENT = UnitRole.STUDENT.value, "Student social worker"
    CONSULTANT_SOCIAL_WORKER = UnitRole.CONSULTANT_SOCIAL_WORKER.value, "Consultant social worker"
    TEAM_MANAGER = OrgRole.TEAM_MANAGER.value, "Team manager"
    SERVICE_MANAGER = OrgRole.SERVICE_MANAGER.value, "Service manager"
    HEAD_OF_SERVICE = OrgRole.HEAD_OF_SERVICE.value, "Head of service"
    DIRECTOR = OrgRole.DIRECTOR.value, "Director of children's services"
    TWO_APPROVERS = "two-approvers", "Two approvers needed above"


#: Until the authority sets its own, in pence.
DEFAULT_LIMITS: dict[str, int] = {
    LimitKey.SOCIAL_WORKER: 50_00,
    LimitKey.CHILD_PRACTITIONER: 50_00,
    LimitKey.FAMILY_SUPPORT_WORKER: 50_00,
    LimitKey.UNIT_COORDINATOR: 50_00,
    LimitKey.CLINICIAN: 0,
    LimitKey.STUDENT: 0,
    LimitKey.CONSULTANT_SOCIAL_WORKER: 250_00,
    LimitKey.TEAM_MANAGER: 1_000_00,
    LimitKey.SERVICE_MANAGER: 5_000_00,
    LimitKey.HEAD_OF_SERVICE: 20_000_00,
    LimitKey.DIRECTOR: 50_000_00,
    LimitKey.TWO_APPROVERS: 1_000_00,
}


class AuthorityLimit(AppendOnlyModel):
    """One change to delegated authority: the newest row per key is in force; older rows are history."""

    key = models.CharField(max_length=32, choices=LimitKey.choices)
    limit_pence = models.PositiveBigIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name_plural = "delegated authority settings"

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {pounds(self.limit_pence)}"

    @property
    def limit(self) -> str:
        return pounds(self.limit_pence)
