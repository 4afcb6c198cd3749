"""The timeline parser: what teams type, placed on the months of the action plan year."""

from __future__ import annotations

from datetime import date

import pytest

from pfs_docgen.timeline import FORMS, MONTH_LABELS, place

YEAR = (2025, 2026)


def months(text: str, day: date | None = None) -> str:
    return " ".join(MONTH_LABELS[i] for i in place(text, YEAR, day).months)


# Every example of FORMS (the README's table), with the months it must shade.
EXPECTED = {
    "September 2025 - May 2026": "Sep Oct Nov Dec Jan Feb Mar Apr May",
    "January - February 2026": "Jan Feb",
    "Oct 2025 - Apr 2026": "Oct Nov Dec Jan Feb Mar Apr",
    "October 2025": "Oct",
    "March": "Mar",
    "By March 2026": "Mar",
    "October 2025, February 2026 and June 2026": "Oct Feb Jun",
    "Fall 2025": "Sep Oct Nov",
    "Fall 2025 - Spring 2026": "Sep Oct Nov Dec Jan Feb Mar Apr May",
    "Q2": "Oct Nov Dec",
    "Monthly": "Sep Oct Nov Dec Jan Feb Mar Apr May Jun",
    "Weekly, September 2025 - June 2026": "Sep Oct Nov Dec Jan Feb Mar Apr May Jun",
    "Quarterly": "Sep Dec Mar Jun",
    "Each screening window": "Sep Jan May",
    "2026-01-30": "Jan",
    "Ongoing": "",
}


def test_every_form_of_the_readme_table_has_its_expected_months():
    assert [example for _, example, _ in FORMS] == list(EXPECTED)


@pytest.mark.parametrize("text, expected", EXPECTED.items())
def test_the_readme_forms_place_as_the_table_says(text, expected):
    assert months(text) == expected


@pytest.mark.parametrize("text, expected", [
    # what the sample teams typed
    ("August - September 2025", "Aug Sep"),
    ("November - February 2026", "Nov Dec Jan Feb"),  # the first month's year is 2025
    ("Dec 2025 – Mar 2026", "Dec Jan Feb Mar"),  # an en dash
    ("Biweekly, October 2025 - June 2026", "Oct Nov Dec Jan Feb Mar Apr May Jun"),
    ("Every six weeks", "Sep Oct Nov Dec Jan Feb Mar Apr May Jun"),
    ("September 2025; monthly", "Sep Oct Nov Dec Jan Feb Mar Apr May Jun"),
    ("August 2025; quarterly", "Aug Sep Dec Mar Jun"),
    ("Weekly; January - March 2026", "Jan Feb Mar"),
    ("Fall 2025; Spring 2026", "Sep Oct Nov Mar Apr May"),
    ("Ongoing, September 2025 - June 2026", "Sep Oct Nov Dec Jan Feb Mar Apr May Jun"),
    ("Winter 2026", "Dec Jan Feb"), ("Winter", "Dec Jan Feb"), ("Spring", "Mar Apr May"),
    ("Q4", "Apr May Jun"), ("Fourth quarter", "Apr May Jun"), ("quarter 1", "Jul Aug Sep"),
    ("1/15/2026; 3/2/2026", "Jan Mar"), ("January 30, 2026", "Jan"),
    ("Each assessment window", "Sep Jan May"),
    # outside the action plan year, or not a timeline the tool can place
    ("Summer 2026 (July–August)", ""), ("June 2025", ""), ("As needed", ""), ("TBD", ""),
    ("2/30/2026", ""), ("", ""), ("{{ x }} & <b>", ""),
])
def test_timelines_as_teams_type_them(text, expected):
    assert months(text) == expected


def test_a_real_date_cell_is_its_month():
    assert months("January 30, 2026", date(2026, 1, 30)) == "Jan"
    assert place("anything", YEAR, date(2026, 3, 2)).ends == date(2026, 3, 31)


def test_the_end_is_the_last_day_of_the_last_month():
    assert place("September 2025 - May 2026", YEAR).ends == date(2026, 5, 31)
    assert place("By March 2026", YEAR).ends == date(2026, 3, 31)
    assert place("Monthly", YEAR).ends == date(2026, 6, 30)
    assert place("Summer 2026 (July–August)", YEAR).ends == date(2026, 8, 31)  # not placed
    assert place("Ongoing", YEAR).ends is None  # never overdue


def test_without_an_action_plan_year_nothing_is_placed():
    assert not place("October 2025", None).placed


def test_any_text_is_read_without_an_error():
    for text in ("-", "- - -", "to", "by", "Q9", "2025-2026", "Jan - ", " - March", "\n\t",
                 "May may vary", "Sept. 2025 thru Jan. 2026", "x" * 5000):
        place(text, YEAR)
    assert months("Sept. 2025 thru Jan. 2026") == "Sep Oct Nov Dec Jan"
