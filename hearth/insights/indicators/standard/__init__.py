"""Indicators of Employer Standard 1 (one module per element), "a strong and clear social work framework": purpose and vision by
co-design, learning from reviews, listening, retention, quality assurance and supervision.

"The unit's staff" are the people who were members of the unit on the day (any unit role). Anonymous
answers (the wellbeing pulse, co-design ideas, feedback) are only ever counted, never listed, and the
pulse is shown for a unit only under the workforce five rule (ADR 0007).
"""

from . import listening, purpose, quality, retention, reviews, supervision  # noqa: F401
