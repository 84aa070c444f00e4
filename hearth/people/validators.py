"""Identifiers checked by their check digits: the unique pupil number (UPN) and the NHS number."""

from django.core.exceptions import ValidationError

#: The 23 letters UPN check letters and temporary-UPN letters use (no I, O or S), in value order.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a UPN.

    DfE: multiply each of characters 2 to 13 by its position (2 to 13), add them up, divide by 23 and
    use the remainder to pick the letter from A–Z without I, O and S. A letter in position 13 (a
    temporary UPN) counts as its place in the same alphabet.
    """
    total = 0
    for position, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
        total += value * position
    return UPN_LETTERS[total % 23]


def normalise_upn(value: str) -> str:
    return "".join(value.split()).upper()


def validate_upn(value: str) -> None:
    upn = normalise_upn(value)
    if len(upn) != 13:
        raise ValidationError("A UPN is 13 characters, like A123456789012", code="upn_length")
    body = upn[1:]
    if not body[:11].isdigit() or not (body[11].isdigit() or body[11] in UPN_LETTERS):
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
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
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
    if len(number) != 10 or not number.isdigit():
        raise ValidationError("An NHS number is 10 numbers, like 943 476 5919", code="nhs_length")
    if nhs_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            "This NHS number is not valid. Check it against a letter from the NHS", code="nhs_check"
        )
