"""Taking names out of free text before it is saved (pulse comments).

A comment is read only by the workforce lead, and only once names are out of it: the names of staff
and of children and adults on record, common first names, anything after a title (Mr, Ms, Dr...),
email addresses and phone numbers. It errs towards taking out too much: a capitalised word that is
also a first name ("Grace", "Will") goes too. The original text is never stored.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db.models import Q
from faker.providers.person.en_GB import Provider as _Names

REMOVED = "[name removed]"

_WORD = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)")
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame)\.?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ()-]{7,}\d")
_COMMON_FIRST_NAMES = frozenset(name.lower() for name in _Names.first_names)
#: Capitalised words that are never names, so that a comment still reads.
_KEEP = frozenset({"i", "i'm", "i've", "i'd", "i'll", "ok"})


def _stem(word: str) -> str:
    return re.sub(r"['’]s$", "", word.rstrip("'’-"))


def capitalised_words(text: str) -> set[str]:
    return {_stem(m.group(1)) for m in _WORD.finditer(text)}


def names_on_record(words: set[str]) -> set[str]:
    """Which of these words are names of people Hearth knows (staff, children, adults): three queries."""
    from hearth.people.models import Adult, Child

    if not words:
        return set()
    lowered = {w.lower() for w in words}
    found = set()
    for full_name in get_user_model().objects.values_list("full_name", flat=True).iterator():
        found |= {part.lower() for part in full_name.split()} & lowered
    match = Q(first_name__in=words) | Q(last_name__in=words)
    for model in (Child, Adult):
        for first, last in model.objects.filter(match).values_list("first_name", "last_name"):
            found |= {first.lower(), last.lower()} & lowered
    return found


def remove_names(text: str, known: set[str] | None = None) -> str:
    """The text with names, emails and phone numbers replaced by "[name removed]"."""
    if not text:
        return ""
    text = _EMAIL.sub(REMOVED, text)
    text = _PHONE.sub(REMOVED, text)
    text = _TITLE.sub(REMOVED, text)
    if known is None:
        known = names_on_record(capitalised_words(text))
    names = known | _COMMON_FIRST_NAMES

    def replace(match: re.Match) -> str:
        word = match.group(1)
        stem = _stem(word)
        if stem.lower() in _KEEP or stem.lower() not in names:
            return word
        return REMOVED + word[len(stem) :]

    return _WORD.sub(replace, text).strip()
