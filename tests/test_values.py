"""Numbers as a spreadsheet shows them, by their number format (the reader's show_number).

The fuzz test's example count is the ci profile's (conftest.py); dev runs a fifth of it."""

from __future__ import annotations

import pytest
from conftest import examples
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pfs_docgen.values import show_number

ACCOUNTING = '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'

SHOWN = [
    (999, "0000", "0999"), (350000, "00000000", "00350000"), (0.12, "0%", "12%"),
    (0.125, "0%", "13%"), (0.0123, "0.0%", "1.2%"), (-0.5, "0%", "-50%"),
    (45000, '"$"#,##0', "$45,000"), (45000, "$#,##0", "$45,000"),
    (-1500, "$#,##0", "-$1,500"), (-1500, '"$"#,##0_);\\("$"#,##0\\)', "($1,500)"),
    (18400, "#,##0.00 [$€-407]", "18,400.00 €"), (2500.5, "#,##0.00", "2,500.50"),
    (1234.5, "#,##0", "1,235"), (1234567.891, "#,##0,", "1,235"),
    (1234567.9, '0.0,,"M"', "1.2M"), (45000, '$#,##0,"K"', "$45K"),
    (2.8, '0.0 "pp"', "2.8 pp"), (3, '0" FTE"', "3 FTE"), (12, '"Grade "0', "Grade 12"),
    (14, "0.0", "14.0"), (0.5, "#.00", ".50"), (1.25, "0.0#", "1.25"), (1.2, "0.0#", "1.2"),
    (0, "#", ""), (5, ";;;", ""), (0, '0;-0;"none"', "none"), (-3, "0.0;;", ""),
    (12345.678, "0.00E+00", "1.23E+04"), (9.99, "0.0E+00", "1.0E+01"),
    (0.0999, "0.0E+00", "1.0E-01"), (0.5, "# ?/?", "1/2"), (1.5, "# ?/?", "1 1/2"),
    (0.25, "# ??/??", "1/4"), (2.5, "# ?/4", "2 2/4"), (0, ACCOUNTING, "$-"),
    (-2, ACCOUNTING, "$(2.00)"), (1.5, "General", "1.5"), (3.0, "General", "3"),
    (0.1 + 0.2, "General", "0.3"), (7, "@", "7"), (5, "", "5"), (1e26, "0", "1" + "0" * 26),
    (float("nan"), "0.00", "nan"), (1.7976931348623151e+308, "0", "inf"),
]


@pytest.mark.parametrize("value, fmt, shown", SHOWN)
def test_numbers_show_as_the_spreadsheet_shows_them(value, fmt, shown):
    assert show_number(value, fmt) == shown


TOKENS = ["0", "#", "?", ".", ",", "%", "E+", "E-", "/", " ", '"pp"', "\\(", "_)", "* ",
          "[Red]", "[$€-407]", "[<100]", ";", "$", "-", "@", "General", "00", "#,##0"]


@settings(max_examples=examples(300))
@given(st.lists(st.sampled_from(TOKENS), max_size=10).map("".join),
       st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True)))
@example("0", 1.7976931348623151e+308)  # rounded to 15 digits it is inf (fixed in a251439)
@example("0.00E+00", -1.7976931348623157e+308)
def test_any_format_and_number_give_text_never_an_exception(fmt, value):
    assert isinstance(show_number(value, fmt), str)


@pytest.mark.parametrize("typed, printed", [
    ("2026-01-30", "January 30, 2026"), ("1/30/2026", "January 30, 2026"),
    ("1/30/26", "January 30, 2026"), (" 2025-10-01 ", "October 1, 2025"),
    ("2026-01-30T00:00:00", "January 30, 2026"),
    ("2/30/2026", "2/30/2026"),  # no such day: as typed (validation names it)
    ("Fall 2025", "Fall 2025"), ("September 2025 - May 2026", "September 2025 - May 2026"),
    ("Monthly", "Monthly"), ("", "")])
def test_dates_typed_as_text_read_one_way_and_words_as_typed(typed, printed):
    from pfs_docgen.values import display_date

    assert display_date(typed) == printed
