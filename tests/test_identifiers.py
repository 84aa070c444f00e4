"""Identifiers checked by their check digits: unique pupil numbers (UPN) and NHS numbers.

The UPN rule is the DfE's (CIN census and school census rule 1510): multiply characters 2 to 13 by
weights 2 to 13, add them up, take the remainder after dividing by 23 and read the check letter from
A–Z without I, O and S. A temporary UPN has a letter in place 13, counted by its place in that alphabet.
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from hearth.people.validators import (
    UPN_LETTERS,
    nhs_check_digit,
    upn_check_letter,
    validate_nhs_number,
    validate_upn,
)

DIGITS = "0123456789"

digits = st.text(alphabet=DIGITS, min_size=1, max_size=1)
upn_bodies = st.builds(
    lambda first, last: first + last,
    st.text(alphabet=DIGITS, min_size=11, max_size=11),
    st.sampled_from(list(DIGITS + UPN_LETTERS)),
)


def _valid(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _weighted_sum(body: str) -> int:
    return sum(
        (DIGITS.index(ch) if ch in DIGITS else UPN_LETTERS.index(ch)) * weight
        for weight, ch in enumerate(body, start=2)
    )


# --- UPN -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "upn",
    [
        "H801200001001",  # the DfE's UPN guidance example
        "G80120000101A",  # the DfE's temporary UPN example
        "A950000178301",
        "H243278544154",
    ],
)
def test_published_upns_are_valid(upn):
    validate_upn(upn)


@pytest.mark.parametrize("upn", ["Z801200001001", "R247962919251", "X428558133462"])
def test_upns_with_a_wrong_check_letter_are_refused(upn):
    with pytest.raises(ValidationError) as error:
        validate_upn(upn)
    assert error.value.code == "upn_check"


@given(upn_bodies)
def test_any_body_with_its_computed_check_letter_is_valid(body):
    upn = upn_check_letter(body) + body
    validate_upn(upn)
    validate_upn(" ".join([upn[:4], upn[4:]]).lower())  # spaces and lower case are forgiven


@given(upn_bodies, st.integers(min_value=0, max_value=11), digits)
def test_changing_any_single_digit_of_a_valid_upn_makes_it_invalid(body, position, new_digit):
    assume(body[position] in DIGITS and body[position] != new_digit)
    upn = upn_check_letter(body) + body
    changed = upn[: position + 1] + new_digit + upn[position + 2 :]
    # Why: the sum changes by weight × (new − old). The weight is 2..13 and the difference 1..9 (or, for
    # the letter in place 13, 1..22); 23 is prime and bigger than both, so 23 cannot divide the
    # change, the remainder moves and the check letter no longer fits.
    weight = position + 2
    difference = DIGITS.index(new_digit) - DIGITS.index(body[position])
    assert 2 <= weight <= 13 and 0 < abs(difference) < 23
    assert (_weighted_sum(changed[1:]) - _weighted_sum(body)) % 23 != 0
    assert not _valid(validate_upn, changed)


@given(upn_bodies, st.sampled_from(list(UPN_LETTERS)))
def test_a_wrong_check_letter_is_always_refused(body, letter):
    assume(letter != upn_check_letter(body))
    assert not _valid(validate_upn, letter + body)


@given(st.text(max_size=20))
def test_any_text_gives_a_clear_message_never_a_crash(text):
    # Characters like "²" are digits to str.isdigit() but not to int(): they must be refused, not crash.
    try:
        validate_upn(text)
        validate_nhs_number(text)
    except ValidationError as error:
        assert error.messages


def test_unicode_digits_are_not_accepted():
    assert not _valid(validate_upn, "H80120000100²")
    assert not _valid(validate_nhs_number, "94347659١9")


@pytest.mark.parametrize(
    "upn, code",
    [("A12345", "upn_length"), ("A12345678901I", "upn_format"), ("AB23456789012", "upn_format")],
)
def test_malformed_upns_say_what_is_wrong(upn, code):
    with pytest.raises(ValidationError) as error:
        validate_upn(upn)
    assert error.value.code == code


# --- NHS number ----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["9434765919", "9434765870", "943 476 5919", "943-476-5870"])
def test_known_valid_nhs_numbers_pass(number):
    validate_nhs_number(number)


@pytest.mark.parametrize("number", ["9434765918", "1234567890", "943476591", "94347659199", "ABCDEFGHIJ"])
def test_invalid_nhs_numbers_are_refused(number):
    assert not _valid(validate_nhs_number, number)


nine_digits = st.text(alphabet=DIGITS, min_size=9, max_size=9)


@given(nine_digits)
def test_any_nine_digits_with_their_check_digit_are_valid(first_nine):
    check = nhs_check_digit(first_nine)
    assume(check is not None)  # a remainder giving 10 means no valid number starts like this
    validate_nhs_number(first_nine + str(check))


@given(nine_digits, st.integers(min_value=0, max_value=9), digits)
def test_changing_any_single_digit_of_a_valid_nhs_number_makes_it_invalid(first_nine, position, new_digit):
    check = nhs_check_digit(first_nine)
    assume(check is not None)
    number = first_nine + str(check)
    assume(number[position] != new_digit)
    changed = number[:position] + new_digit + number[position + 1 :]
    # Weights 10..2 and differences 1..9 are below the prime 11, so the remainder always changes, and
    # each remainder gives a different check digit (or none).
    assert not _valid(validate_nhs_number, changed)
