"""Money in Hearth's budgets: whole pence in integers, never floats.

People type pounds and pence ("40", "12.50", "£1,000"); `parse_pounds` turns that into pence and
`pounds` turns pence back into words the GOV.UK way (£75.50, £450, not £450.00).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation


class BadAmount(ValueError):
    pass


def parse_pounds(text: str) -> int:
    """Pence from an amount in pounds. Raises BadAmount for anything that is not pounds and pence."""
    cleaned = (text or "").strip().replace(",", "").removeprefix("£").strip()
    if not cleaned:
        raise BadAmount("Enter an amount")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise BadAmount("Enter an amount in pounds and pence, like 40 or 12.50") from None
    if not value.is_finite():
        raise BadAmount("Enter an amount in pounds and pence, like 40 or 12.50")
    if value != value.quantize(Decimal("0.01")):
        raise BadAmount("Enter an amount with no more than 2 numbers after the decimal point, like 12.50")
    if value <= 0:
        raise BadAmount("Enter an amount more than £0")
    pence = int(value * 100)
    if pence > 100_000_000_00:
        raise BadAmount("Enter an amount of £100,000,000 or less")
    return pence


def pounds(pence: int | None) -> str:
    """£1,234.50, £450 (no pence when whole), −£20 for a negative amount."""
    pence = int(pence or 0)
    sign = "−" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")


def pounds_plain(pence: int) -> str:
    """1234.50 for a spreadsheet (always two decimal places, no symbol, no separators)."""
    pence = int(pence)
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def financial_year(day: datetime.date) -> int:
    """The year in which the financial year holding `day` starts (1 April to 31 March)."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"April {year} to March {year + 1}"


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
