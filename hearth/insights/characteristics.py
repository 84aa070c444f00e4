"""What the health check measures against: the ten characteristics of successful children's social work
teams (DfE and Deloitte, 2014) and the elements of Employer Standard 1, "a strong and clear social work
framework". Each has a stable key used by indicators, thresholds and snapshots."""

from __future__ import annotations

from dataclasses import dataclass

CHARACTERISTIC = "characteristic"
STANDARD = "standard"


@dataclass(frozen=True)
class Characteristic:
    key: str
    number: str  # "1" to "10" for the characteristics, "S1.1" and on for the standard's elements
    short: str  # a column heading
    title: str
    seed: str  # what the source says good looks like, in its words
    group: str = CHARACTERISTIC


CHARACTERISTICS: tuple[Characteristic, ...] = (
    Characteristic(
        "c1",
        "1",
        "Teamwork",
        "Teamwork and reflection",
        "Social workers reflect on cases and develop alternative hypotheses in discussion with managers or in "
        "team meetings; the team shares responsibility for cases.",
    ),
    Characteristic(
        "c2",
        "2",
        "Admin support",
        "Good administrative support",
        "An all-round trouble-shooter who gets the practical things done for families.",
    ),
    Characteristic(
        "c3",
        "3",
        "Less bureaucracy",
        "Reduce bureaucracy",
        "Leaders reduce the impact of bureaucracy, so social workers intervene to help rather than only "
        "monitor and assess.",
    ),
    Characteristic(
        "c4",
        "4",
        "Creativity",
        "Encourage creativity",
        "Staff are able to try new approaches and are encouraged to learn.",
    ),
    Characteristic(
        "c5",
        "5",
        "Budgets",
        "Budgetary control for frontline staff",
        "Front-line staff and first line managers have a reasonable degree of control over budgets and "
        "authority to make decisions.",
    ),
    Characteristic(
        "c6",
        "6",
        "Clinicians",
        "Interdisciplinary teams",
        "Teams include clinicians (for example CAMHS) or workers have easy access to clinical and "
        "therapeutic services for families.",
    ),
    Characteristic(
        "c7",
        "7",
        "Seniors in practice",
        "Senior staff work with families",
        "Experienced staff progress while remaining in practice; managers do direct work and mentor staff.",
    ),
    Characteristic(
        "c8",
        "8",
        "Small teams",
        "Small, flat teams",
        "Teams are fairly small and have a flattish structure.",
    ),
    Characteristic(
        "c9",
        "9",
        "Shared values",
        "Shared values and theory",
        "Clear about the relationship wanted with families and the outcomes sought; shared values and a "
        "shared theory underpin the way all social workers work with families.",
    ),
    Characteristic(
        "c10",
        "10",
        "Most vulnerable",
        "Focus on the most vulnerable families",
        "Social workers' time is focused on the most vulnerable families, who get intensive support.",
    ),
    Characteristic(
        "s-purpose",
        "S1.1",
        "Purpose and vision",
        "A purpose and vision made by co-design",
        "A purpose and vision statement made with people who use services, practitioners and other "
        "stakeholders, respecting all opinions and promoting equality of ideas.",
        STANDARD,
    ),
    Characteristic(
        "s-reviews",
        "S1.2",
        "Learning from reviews",
        "Learning from practice and safeguarding reviews",
        "Learning over blame: reviews, near misses and serious success reviews are learning opportunities.",
        STANDARD,
    ),
    Characteristic(
        "s-listening",
        "S1.3",
        "Listening",
        "Listening to people who use services and to staff",
        "Listen to people who access services, reflect on their feedback and act on it.",
        STANDARD,
    ),
    Characteristic(
        "s-retention",
        "S1.4",
        "Retention",
        "Workforce retention and recruitment",
        "A retention and recruitment strategy built on what makes people stay or leave.",
        STANDARD,
    ),
    Characteristic(
        "s-quality",
        "S1.5",
        "Quality assurance",
        "Quality assurance of the framework",
        "Know what good looks like and use diverse methods to capture the quality of practice.",
        STANDARD,
    ),
    Characteristic(
        "s-supervision",
        "S1.6",
        "Supervision",
        "Trust-based reflective supervision",
        "Supervision and support create safe environments for open discussion, including of mistakes.",
        STANDARD,
    ),
)

BY_KEY: dict[str, Characteristic] = {c.key: c for c in CHARACTERISTICS}


def get(key: str) -> Characteristic:
    return BY_KEY[key]
