"""Identifiers checked by their check digits: the unique pupil number (UPN) and the NHS number."""

from django.core.exceptions import ValidationError

#: The 23 letters UPN check letters and temporary-UPN letters use (no I, O or S), in value order.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

#: Only ASCII digits count: str.isdigit() is also true of "²" or "٣", which int() refuses or which are
#: not what a school or the NHS issued.
DIGITS = "0123456789"


def _all_digits(value: str) -> bool:
    return bool(value) and all(ch in DIGITS for ch in value)


def upn_check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a UPN.

    DfE (CIN census rule 1510, school census rule 1510): multiply each of characters 2 to 13 by its
    position (2 to 13), add them up, divide by 23 and use the remainder to pick the letter from A–Z
    without I, O and S (0 = A ... 22 = Z). A letter in position 13 (a temporary UPN) counts as its
    place in the same alphabet. Checked against the DfE's published examples (H801200001001, and the
    temporary UPN G80120000101A) in tests/test_identifiers.py.
    """
    total = 0
    for position, char in enumerate(body, start=2):
        value = DIGITS.index(char) if char in DIGITS else UPN_LETTERS.index(char)
        total += value * position
    return UPN_LETTERS[total % 23]


def normalise_upn(value: str) -> str:
    return "".join(value.split()).upper()


def validate_upn(value: str) -> None:
    upn = normalise_upn(value)
    if len(upn) != 13:
        raise ValidationError("A UPN is 13 characters, like A123456789012", code="upn_length")
    body = upn[1:]
    if not _all_digits(body[:11]) or not (body[11] in DIGITS or body[11] in UPN_LETTERS):
        raise ValidationError(
            "A UPN is a letter followed by 12 numbers (the last may be a letter), like A123456789012",
            code="upn_format",
        )
    if upn[0] not in UPN_LETTERS or upn[0] != upn_check_letter(body):
        raise ValidationError(
            "This UPN's check letter is wrong. Check the number with the school", code="upn_check"
        )


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11: weights 10 down to 2; 11 minus the remainder; 11 means 0 and 10 means invalid."""
    total = sum(DIGITS.index(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() or not (ch.isspace() or ch == "-"))


def validate_nhs_number(value: str) -> None:
    number = normalise_nhs_number(value)
    if len(number) != 10 or not _all_digits(number):
        raise ValidationError("An NHS number is 10 numbers, like 943 476 5919", code="nhs_length")
    if nhs_check_digit(number[:9]) != DIGITS.index(number[9]):
        raise ValidationError(
            "This NHS number is not valid. Check it against a letter from the NHS", code="nhs_check"
        )
