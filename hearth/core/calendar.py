"""Working days: Monday to Friday, less the bank holidays of England and Wales.

The bank holidays are data, written out below, not worked out: the government announces them (and
moves them for royal events and substitute days) a year or more ahead. The authority's system
administrator adds the next year's dates here each year, when they are published; a year missing
from the table counts only weekends as non-working days.

Used by the visit rules (hearth.cases.selectors.lists.add_working_days) and any other rule counted
in working days.
"""

from __future__ import annotations

import datetime

_D = datetime.date

#: Bank holidays in England and Wales, by year (substitute days where the day falls at a weekend).
#: UPDATE YEARLY: add the next year's dates when they are published.
BANK_HOLIDAYS_BY_YEAR: dict[int, tuple[tuple[datetime.date, str], ...]] = {
    2025: (
        (_D(2025, 1, 1), "New Year's Day"),
        (_D(2025, 4, 18), "Good Friday"),
        (_D(2025, 4, 21), "Easter Monday"),
        (_D(2025, 5, 5), "Early May bank holiday"),
        (_D(2025, 5, 26), "Spring bank holiday"),
        (_D(2025, 8, 25), "Summer bank holiday"),
        (_D(2025, 12, 25), "Christmas Day"),
        (_D(2025, 12, 26), "Boxing Day"),
    ),
    2026: (
        (_D(2026, 1, 1), "New Year's Day"),
        (_D(2026, 4, 3), "Good Friday"),
        (_D(2026, 4, 6), "Easter Monday"),
        (_D(2026, 5, 4), "Early May bank holiday"),
        (_D(2026, 5, 25), "Spring bank holiday"),
        (_D(2026, 8, 31), "Summer bank holiday"),
        (_D(2026, 12, 25), "Christmas Day"),
        (_D(2026, 12, 28), "Boxing Day (substitute day)"),
    ),
    2027: (
        (_D(2027, 1, 1), "New Year's Day"),
        (_D(2027, 3, 26), "Good Friday"),
        (_D(2027, 3, 29), "Easter Monday"),
        (_D(2027, 5, 3), "Early May bank holiday"),
        (_D(2027, 5, 31), "Spring bank holiday"),
        (_D(2027, 8, 30), "Summer bank holiday"),
        (_D(2027, 12, 27), "Christmas Day (substitute day)"),
        (_D(2027, 12, 28), "Boxing Day (substitute day)"),
    ),
    2028: (
        (_D(2028, 1, 3), "New Year's Day (substitute day)"),
        (_D(2028, 4, 14), "Good Friday"),
        (_D(2028, 4, 17), "Easter Monday"),
        (_D(2028, 5, 1), "Early May bank holiday"),
        (_D(2028, 5, 29), "Spring bank holiday"),
        (_D(2028, 8, 28), "Summer bank holiday"),
        (_D(2028, 12, 25), "Christmas Day"),
        (_D(2028, 12, 26), "Boxing Day"),
    ),
}

#: Every bank holiday in the table, for a quick membership test.
BANK_HOLIDAYS: frozenset[datetime.date] = frozenset(
    day for days in BANK_HOLIDAYS_BY_YEAR.values() for day, _name in days
)


def is_bank_holiday(day: datetime.date) -> bool:
    return day in BANK_HOLIDAYS


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in BANK_HOLIDAYS
