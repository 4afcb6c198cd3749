"""The Align phase's rules, spelled once for the checks (validate.py) and the documents
(context/): who an educator is, which goal types each must have (603 CMR 35.06), and when a
plan names English learners."""

from __future__ import annotations

import re

from . import schema as s
from .workbook import Record, Workbook

# Every educator and team sets at least one goal of each of these types.
REQUIRED_GOAL_TYPES = (s.STUDENT_LEARNING, s.PROFESSIONAL_PRACTICE)
# How plans name English learners (case aside; the acronyms as capitals)
_ENGLISH_LEARNERS = re.compile(
    r"(?i:\benglish\s+(?:language\s+)?learners?\b|\b(?:multilingual|dual\s+language)"
    r"\s+learners?\b)"
    r"|\bELL?s?\b")
_ANALYSIS_COLUMNS = (s.FOCUS_AREA, s.STUDENT_GROUP, s.FINDING)


def names_english_learners(text: str) -> bool:
    return bool(_ENGLISH_LEARNERS.search(text))


def educator_key(name: str, school: str) -> tuple[str, str]:
    """Who a goal belongs to: a name at a school (the same name at two schools is two
    educators), spaces and case aside."""
    return " ".join(name.split()).casefold(), " ".join(school.split()).casefold()


def missing_goal_types(types: set[str | None]) -> list[str]:
    """The required goal types an educator's goals (of these types) leave out."""
    return [t for t in REQUIRED_GOAL_TYPES if t not in types]


def goal_type(record: Record) -> str | None:
    return s.match_choice(record.key(s.GOAL_TYPE), s.GOAL_TYPES)


def educator_role(record: Record) -> str | None:
    return s.match_choice(record.key(s.ROLE), s.EDUCATOR_ROLES)


def analysis_naming_english_learners(book: Workbook) -> Record | None:
    """The first Data Analysis row whose focus area, student group or finding names them."""
    return next((r for r in book.records(s.DATA_ANALYSIS)
                 if any(names_english_learners(r.key(c)) for c in _ANALYSIS_COLUMNS)), None)


def has_english_learner_outcome(book: Workbook) -> bool:
    return any(names_english_learners(r.key(s.STUDENT_GROUP)) for r in book.records(s.OUTCOMES))
