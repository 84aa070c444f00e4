"""The language of systems learning: findings describe what helped and what got in the way, not who
was at fault. Two checks on what a reviewer writes:

- `blame_phrases`: words that tend to turn a finding into blame of a person ("failed to", "should
  have"). A prompt, not a rule: the review page shows them so the writer can reconsider.
- `child_identifiers_in`: a name or identifier of a child involved in the review. A rule: published
  learning never carries one, so publishing is refused until it is taken out.
"""

from __future__ import annotations

import re

#: Phrases that usually point at a person rather than at the system around them.
BLAME_PHRASES = (
    "failed to",
    "failure to",
    "failure by",
    "should have",
    "should not have",
    "shouldn't have",
    "neglected to",
    "negligent",
    "negligence",
    "to blame",
    "was at fault",
    "were at fault",
    "incompetent",
    "careless",
    "poor practice by",
    "did not bother",
)


def blame_phrases(*texts: str) -> list[str]:
    """The blame phrases found in the texts, in the order of BLAME_PHRASES, each once."""
    joined = " ".join(t or "" for t in texts).lower()
    joined = re.sub(r"\s+", " ", joined)
    return [p for p in BLAME_PHRASES if re.search(r"(?<![a-z])" + re.escape(p) + r"(?![a-z])", joined)]


def child_identifiers_in(text: str, children) -> bool:
    """Whether `text` names any of the children (first name, last name, other names) or carries one of
    their identifiers (LA child ID, UPN, NHS number). Whole words, any case."""
    if not text:
        return False
    lowered = text.lower()
    for child in children:
        words = [child.first_name, child.last_name, *(child.other_names or "").split()]
        ids = [child.la_child_id, child.upn, child.nhs_number]
        for word in words:
            word = (word or "").strip().lower()
            if len(word) >= 2 and re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", lowered):
                return True
        for ident in ids:
            ident = (ident or "").strip().lower()
            if len(ident) >= 4 and ident in lowered.replace(" ", ""):
                return True
    return False
