"""Devolved budgets: delegated authority, approvals, the ledger and its balance (hearth.budgets)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection

from hearth.budgets import services
from hearth.budgets.models import (
    AuthorityLimit,
    Category,
    EntryKind,
    LedgerEntry,
    LedgerImmutableError,
    LimitKey,
    SpendStatus,
)
from hearth.budgets.money import BadAmount, financial_year, parse_pounds, pounds
from hearth.budgets.selectors import approvals_for, available_in, budget_for, current_limits, summary
from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.models import AuditLog

from .factories import ChildFactory
from .factories_budgets import allocate, spend, this_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(org):
    allocate(org, org.unit_a, 10_000)
    return ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])


# --- money -----------------------------------------------------------------------------------


def test_pounds_and_pence_are_parsed_to_whole_pence_never_floats():
    assert parse_pounds("40") == 4000
    assert parse_pounds("£12.50") == 1250
    assert parse_pounds("1,000.01") == 100001
    assert parse_pounds("0.1") == 10
    for bad in ["", "abc", "12.505", "0", "-5", "nan", "inf"]:
        with pytest.raises(BadAmount):
            parse_pounds(bad)
    assert pounds(4000) == "£40"
    assert pounds(1250) == "£12.50"
    assert pounds(123456) == "£1,234.56"


def test_the_financial_year_runs_from_1_april_to_31_march():
    assert financial_year(datetime.date(2026, 3, 31)) == 2025
    assert financial_year(datetime.date(2026, 4, 1)) == 2026


# --- delegated authority ---------------------------------------------------------------------


def test_a_spend_within_the_workers_authority_is_approved_at_once(org, child):
    s = spend(org["social-worker"], child, 40_00)
    assert s.status == SpendStatus.APPROVED
    assert s.approvals_needed == 0
    entry = LedgerEntry.objects.get(spend=s)
    assert (entry.kind, entry.amount_pence) == (EntryKind.COMMITMENT, 40_00)


def test_a_spend_above_the_workers_authority_waits_for_an_approver(org, child):
    s = spend(org["social-worker"], child, 50_01)
    assert s.status == SpendStatus.WAITING
    assert s.approvals_needed == 1
    # The money is held while it waits, so nobody else can promise it.
    assert available_in(budget_for(org.unit_a, this_year()), Category.PRACTICAL_HELP) == 10_000_00 - 50_01


def test_a_consultant_has_more_authority_than_a_social_worker(org, child):
    assert spend(org["consultant-social-worker"], child, 250_00).status == SpendStatus.APPROVED
    assert spend(org["consultant-social-worker"], child, 250_01).status == SpendStatus.WAITING


def test_self_approval_is_impossible(org, child):
    consultant = org["consultant-social-worker"]
    s = spend(consultant, child, 300_00)
    with pytest.raises(services.BudgetError, match="cannot approve your own request"):
        services.approve_spend(by=consultant, spend_id=s.pk)
    with pytest.raises(services.BudgetError):
        services.refuse_spend(by=consultant, spend_id=s.pk, reason="No")
    s.refresh_from_db()
    assert s.status == SpendStatus.WAITING and s.first_approver_id is None
    assert s not in approvals_for(consultant)
    # The database refuses it too.
    s.first_approver = consultant
    with pytest.raises(IntegrityError):
        s.save()


def test_an_approver_needs_authority_covering_the_amount(org, child):
    s = spend(org["social-worker"], child, 400_00)
    with pytest.raises(services.BudgetError, match="above your delegated authority of £250"):
        services.approve_spend(by=org["consultant-social-worker"], spend_id=s.pk)
    assert s not in approvals_for(org["consultant-social-worker"])
    assert s in approvals_for(org["team-manager"])
    approved = services.approve_spend(by=org["team-manager"], spend_id=s.pk)
    assert approved.status == SpendStatus.APPROVED
    assert approved.first_approver == org["team-manager"]


def test_people_outside_the_unit_cannot_approve(org, child):
    s = spend(org["social-worker"], child, 60_00)
    for role in ["other", "principal-social-worker", "performance-analyst"]:
        person = org.other_unit_worker if role == "other" else org[role]
        with pytest.raises(services.BudgetError):
            services.approve_spend(by=person, spend_id=s.pk)


def test_two_different_approvers_are_needed_above_the_higher_limit(org, child):
    s = spend(org["social-worker"], child, 1_500_00)
    assert s.status == SpendStatus.WAITING and s.approvals_needed == 2
    with pytest.raises(services.BudgetError, match="above your delegated authority"):
        services.approve_spend(by=org["team-manager"], spend_id=s.pk)  # £1,000 is not enough
    first = services.approve_spend(by=org["service-manager"], spend_id=s.pk)
    assert first.status == SpendStatus.WAITING and first.approvals_given == 1
    with pytest.raises(services.BudgetError, match="approved this spend already"):
        services.approve_spend(by=org["service-manager"], spend_id=s.pk)
    assert s not in approvals_for(org["service-manager"])
    second = services.approve_spend(by=org["head-of-service"], spend_id=s.pk)
    assert second.status == SpendStatus.APPROVED
    assert {second.first_approver, second.second_approver} == {org["service-manager"], org["head-of-service"]}


def test_even_a_spend_within_the_requesters_authority_needs_two_approvers_above_the_higher_limit(org, child):
    services.change_limits(by=org["director"], limits={LimitKey.SOCIAL_WORKER: 5_000_00}, reason="Pilot")
    s = spend(org["social-worker"], child, 1_200_00)
    assert s.approvals_needed == 2


def test_a_spend_above_everyones_authority_is_refused_with_a_message(org, child):
    allocate(org, org.unit_a, 100_000)
    with pytest.raises(services.BudgetError, match="more than anyone's delegated authority"):
        spend(org["social-worker"], child, 60_000_00)


def test_an_approver_refuses_with_a_reason_and_the_money_is_released(org, child):
    budget = budget_for(org.unit_a, this_year())
    s = spend(org["social-worker"], child, 300_00)
    with pytest.raises(services.BudgetError, match="Enter why"):
        services.refuse_spend(by=org["team-manager"], spend_id=s.pk, reason=" ")
    refused = services.refuse_spend(by=org["team-manager"], spend_id=s.pk, reason="Ask the charity first")
    assert refused.status == SpendStatus.REFUSED and refused.closed_reason == "Ask the charity first"
    assert available_in(budget, Category.PRACTICAL_HELP) == 10_000_00
    assert list(LedgerEntry.objects.filter(spend=s).values_list("kind", flat=True)) == [
        EntryKind.COMMITMENT,
        EntryKind.RELEASE,
    ]
    with pytest.raises(services.BudgetError, match="not waiting"):
        services.approve_spend(by=org["team-manager"], spend_id=s.pk)


def test_paid_and_refunded_are_ledger_movements(org, child):
    budget = budget_for(org.unit_a, this_year())
    s = spend(org["social-worker"], child, 40_00)
    services.mark_paid(by=org["unit-coordinator"], spend_id=s.pk)
    totals = summary(budget).total
    assert (totals.committed, totals.paid, totals.available) == (0, 40_00, 10_000_00 - 40_00)
    with pytest.raises(services.BudgetError):
        services.mark_paid(by=org["unit-coordinator"], spend_id=s.pk)
    services.refund_spend(by=org["unit-coordinator"], spend_id=s.pk, reason="Shop refunded the kettle")
    totals = summary(budget).total
    assert (totals.committed, totals.paid, totals.available) == (0, 0, 10_000_00)
    kinds = list(LedgerEntry.objects.filter(spend=s).values_list("kind", flat=True))
    assert kinds == [EntryKind.COMMITMENT, EntryKind.PAYMENT, EntryKind.REFUND]


def test_a_spend_that_does_not_fit_is_refused_with_a_clear_message_and_nothing_written(org):
    allocate(org, org.unit_b, 30, Category.TRANSPORT)
    kid = ChildFactory(unit=org.unit_b)
    worker = org.other_unit_worker
    spend(worker, kid, 25_00, Category.TRANSPORT)
    before = LedgerEntry.objects.count()
    with pytest.raises(services.NotEnoughMoney) as error:
        spend(worker, kid, 10_00, Category.TRANSPORT)
    assert "£5 is available and this spend is £10" in str(error.value)
    assert LedgerEntry.objects.count() == before
    # Each category is its own pot.
    with pytest.raises(services.NotEnoughMoney):
        spend(worker, kid, 1_00, Category.HOUSEHOLD_GOODS)


def test_only_members_of_the_childs_unit_record_spends(org, child):
    with pytest.raises(services.BudgetError, match="Only members"):
        spend(org.other_unit_worker, child, 10_00)
    with pytest.raises(services.BudgetError, match="Only members"):
        spend(org["team-manager"], child, 10_00)


def test_without_a_budget_for_the_year_a_spend_is_refused(org):
    kid = ChildFactory(unit=org.unit_b)
    with pytest.raises(services.BudgetError, match="no budget"):
        spend(org.other_unit_worker, kid, 10_00)


def test_transfers_move_money_between_units_and_never_below_zero(org, child):
    director = org["director"]
    services.transfer(
        by=director,
        from_unit=org.unit_a,
        to_unit=org.unit_b,
        year=this_year(),
        category=Category.PRACTICAL_HELP,
        amount_pence=1_000_00,
        reason="Unit B has more families in crisis",
    )
    a, b = budget_for(org.unit_a, this_year()), budget_for(org.unit_b, this_year())
    assert available_in(a, Category.PRACTICAL_HELP) == 9_000_00
    assert available_in(b, Category.PRACTICAL_HELP) == 1_000_00
    with pytest.raises(services.NotEnoughMoney):
        services.transfer(
            by=director,
            from_unit=org.unit_b,
            to_unit=org.unit_a,
            year=this_year(),
            category=Category.PRACTICAL_HELP,
            amount_pence=1_000_01,
            reason="Back",
        )


# --- the ledger is immutable -----------------------------------------------------------------


def test_ledger_rows_cannot_be_changed_or_deleted(org, child):
    s = spend(org["social-worker"], child, 40_00)
    entry = LedgerEntry.objects.get(spend=s)
    entry.amount_pence = 1
    with pytest.raises(LedgerImmutableError):
        entry.save()
    with pytest.raises(LedgerImmutableError):
        entry.delete()
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_pence=1)
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.bulk_update([entry], ["amount_pence"])
    assert LedgerEntry.objects.get(pk=entry.pk).amount_pence == 40_00


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database triggers are PostgreSQL's")
def test_the_database_refuses_changes_to_the_ledger_on_postgresql(org, child):
    from django.db import DatabaseError, transaction

    spend(org["social-worker"], child, 40_00)
    for sql in ["UPDATE budgets_ledgerentry SET amount_pence = 1", "DELETE FROM budgets_ledgerentry"]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


def test_delegated_authority_changes_keep_their_history(org):
    director = org["director"]
    assert current_limits()[LimitKey.SOCIAL_WORKER] == 50_00
    services.change_limits(by=director, limits={LimitKey.SOCIAL_WORKER: 75_00}, reason="Cost of living")
    services.change_limits(
        by=director, limits={LimitKey.SOCIAL_WORKER: 80_00, LimitKey.TEAM_MANAGER: 1_000_00}, reason=""
    )
    assert current_limits()[LimitKey.SOCIAL_WORKER] == 80_00
    # Only the changed limit was written; older settings stay as history.
    assert list(AuthorityLimit.objects.values_list("key", "limit_pence")) == [
        (LimitKey.SOCIAL_WORKER, 80_00),
        (LimitKey.SOCIAL_WORKER, 75_00),
    ]
    row = AuthorityLimit.objects.first()
    with pytest.raises(LedgerImmutableError):
        row.delete()
    assert AuditLog.objects.filter(action="budgets.authority.change", actor=director).count() == 2


# --- audit and chronology --------------------------------------------------------------------


def test_every_money_movement_is_audited_and_on_the_childs_chronology(org, child):
    worker, manager = org["social-worker"], org["team-manager"]
    s = spend(worker, child, 200_00, purpose="School uniform")
    services.approve_spend(by=manager, spend_id=s.pk)
    services.mark_paid(by=worker, spend_id=s.pk)
    services.refund_spend(by=worker, spend_id=s.pk, reason="Wrong size, returned")
    actions = list(
        AuditLog.objects.filter(object_type="budgets.spend", object_id=str(s.pk))
        .order_by("created_at", "id")
        .values_list("action", "actor__email", "child_id")
    )
    assert [a for a, _, _ in actions] == [
        "budgets.spend.record",
        "budgets.spend.approve",
        "budgets.spend.pay",
        "budgets.spend.refund",
    ]
    assert all(c == child.pk for _, _, c in actions)
    assert AuditLog.objects.get(action="budgets.spend.record", object_id=str(s.pk)).reason == "School uniform"
    assert AuditLog.objects.filter(action="budgets.allocate").exists()
    entries = ChronologyEntry.objects.filter(child=child, kind=EventKind.SPEND, source_type="budgets.spend")
    assert entries.count() == 4
