"""The district documents, reopened and read back: headings, tables, text, properties."""

from __future__ import annotations

import os
import stat
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from conftest import make_workbook, sample
from docx_read import all_text, header_text, headings, tables

from pfs_docgen import schema as s
from pfs_docgen.api import build
from pfs_docgen.design import BAR_ORDER, STATUS_FILLS
from pfs_docgen.errors import InvalidWorkbook, OutputExists, OutputNotWritten
from pfs_docgen.files import slugify
from pfs_docgen.validate_monitoring import DAY_COLUMNS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ORG = "Maple Falls Public Schools"
PLAN = "maple-falls-public-schools_district-plan_2025-2028.docx"
ACTION = "maple-falls-public-schools_district-action-plan_2025-2026.docx"
OVERVIEW = "maple-falls-public-schools_district-plan-overview_2025-2028.docx"
PROGRESS = "maple-falls-public-schools_progress-report_2025-2026.docx"
GOALS = "maple-falls-public-schools_educator-goals_2025-2026.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory, renderer) -> Path:
    tmp = tmp_path_factory.mktemp("built")
    build(make_workbook(tmp), tmp / "out", renderer=renderer)
    return tmp / "out"


def _objectives_and_initiatives(rows):
    objectives = rows[s.OBJECTIVES]
    out = []
    for n, o in enumerate(objectives, start=1):
        inits = [i for i in rows[s.INITIATIVES] if i[s.OBJECTIVE_ID] == o[s.ID]]
        out.append((n, o[s.OBJECTIVE], [(f"{n}.{m}", i[s.INITIATIVE])
                                        for m, i in enumerate(inits, start=1)]))
    return out


def test_build_writes_the_five_district_documents_and_a_manifest(built):
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted([PLAN, ACTION, OVERVIEW, PROGRESS, GOALS, "manifest.json"])


def test_district_plan_headings_follow_the_spec_in_order(built):
    rows = sample()
    expected = [("Heading 1", "I. District Mission, Vision, Core Values"),
                ("Heading 2", "Mission"), ("Heading 2", "Vision"),
                ("Heading 2", "Vision for English Learner Success"), ("Heading 2", "Core Values"),
                ("Heading 1", "II. Data Analysis and Theory of Action"),
                ("Heading 2", "Data Analysis"), ("Heading 2", "Theory of Action"),
                ("Heading 1", "III. Strategic Objectives and Initiatives"),
                ("Heading 2", "Plan Overview")]
    for n, title, inits in _objectives_and_initiatives(rows):
        expected.append(("Heading 2", f"Strategic Objective {n}: {title}"))
        expected += [("Heading 3", f"Strategic Initiative {num}: {text}") for num, text in inits]
    expected += [("Heading 2", "Professional Development"),
                 ("Heading 2", "Teacher Induction and Mentoring"),
                 ("Heading 2", "English Learner Programs"),
                 ("Heading 1", "IV. Outcomes"),
                 ("Heading 2", "English Learner Success Goals"),
                 ("Heading 1", "Appendix: Schools in the District")]
    assert headings(built / PLAN) == expected


def test_action_plan_tables_list_process_benchmarks_first(built):
    rows = sample()
    found = tables(built / ACTION)
    benchmark_tables = [t for t in found if t[0] == ["Benchmark Type", "Benchmark",
                                                     "Person(s) Responsible", "Timeline",
                                                     "Resources"]]
    assert len(benchmark_tables) == len(rows[s.INITIATIVES])
    first = benchmark_tables[0][1:]
    expected = [b for b in rows[s.BENCHMARKS] if b[s.INITIATIVE_ID] == "1.1"]
    expected.sort(key=lambda b: b[s.TYPE] != s.PROCESS)
    assert [r[1] for r in first] == [b[s.BENCHMARK] for b in expected]
    for table in benchmark_tables:
        types = [r[0] for r in table[1:]]
        assert types == sorted(types, key=lambda t: t != s.PROCESS)
    heads = [h for _, h in headings(built / ACTION)]
    assert heads[0].startswith("Strategic Objective 1: ")
    assert "Resources Supporting Implementation" in heads
    assert heads[-1] == "Action Planning Teams"


def test_action_plan_resources_table_totals_the_dollar_amounts(built):
    rows = sample()
    table = next(t for t in tables(built / ACTION) if t[0][:3] == ["Type", "Description",
                                                                   "Amount"])
    dollars = sum(float(r[s.AMOUNT].strip("$").replace(",", ""))
                  for r in rows[s.RESOURCES]
                  if r.get(s.AMOUNT, "").startswith("$"))
    assert table[-1][0] == "Total"
    assert table[-1][2] == f"${dollars:,.0f}"
    # every resource once, under a sub-header row for each initiative that has any
    bands = [row for row in table[1:-1] if len(row) == 1]
    assert len(bands) == len({r[s.INITIATIVE_ID] for r in rows[s.RESOURCES]})
    assert len(table) - 2 - len(bands) == len(rows[s.RESOURCES])
    assert all(band[0][:4].rstrip(" ") in {f"{n}.{m}" for n in range(1, 5)
                                          for m in range(1, 4)} for band in bands), bands


def test_overview_is_one_landscape_section_with_a_column_per_objective(built):
    document = docx.Document(str(built / OVERVIEW))
    assert len(document.sections) == 1
    section = document.sections[0]
    assert section.page_width > section.page_height
    objectives = tables(built / OVERVIEW)[1]
    rows = sample()
    assert objectives[0] == [f"{n}. {o[s.OBJECTIVE]}"
                             for n, o in enumerate(rows[s.OBJECTIVES], start=1)]
    assert len(objectives) == 3  # headers, initiatives, outcomes


def test_landscape_sections_hold_the_wide_tables(built):
    orient = [sec.page_width > sec.page_height for sec in docx.Document(str(built / PLAN)).sections]
    assert orient == [False, False, True, False]
    orient = [sec.page_width > sec.page_height
              for sec in docx.Document(str(built / ACTION)).sections]
    assert orient == [False, True]


def test_progress_report_counts_benchmarks_by_status_per_objective(built):
    """Progress at a Glance: each objective's benchmarks counted under their latest status,
    in words below the bar (test_monitoring.py checks the latest-update rule itself)."""
    rows = sample()
    glance = tables(built / PROGRESS)[0]
    assert glance[0][0] == "Strategic Objective"
    latest = {b[s.ID]: b.get(s.STATUS) or "Not yet reported" for b in rows[s.BENCHMARKS]}
    for u in sorted(rows[s.PROGRESS_UPDATES], key=lambda u: u[s.DATE]):
        if u[s.DATE] > next(b.get(s.STATUS_DATE, "") for b in rows[s.BENCHMARKS]
                            if b[s.ID] == u[s.BENCHMARK_ID]):
            latest[u[s.BENCHMARK_ID]] = u[s.STATUS]
    objective_of = {i[s.ID]: i[s.OBJECTIVE_ID] for i in rows[s.INITIATIVES]}
    text = "\n".join(" ".join(row) for row in glance)
    for objective in rows[s.OBJECTIVES]:
        counts = Counter(latest[b[s.ID]] for b in rows[s.BENCHMARKS]
                         if objective_of[b[s.INITIATIVE_ID]] == objective[s.ID])
        words = " \u00b7 ".join(f"{counts[st]} {st}" for st in BAR_ORDER if counts[st])
        assert words in text, (objective[s.ID], words)
    assert f"{len(rows[s.BENCHMARKS])} benchmarks" in text and "All objectives" in text


def test_progress_report_shades_each_status_cell(built):
    document = docx.Document(str(built / PROGRESS))
    shaded = Counter()
    for table in document.tables[1:]:
        for row in table.rows[1:]:
            status = row.cells[3].text
            shd = row.cells[3]._tc.tcPr.find(W + "shd")
            if status in STATUS_FILLS:
                assert shd.get(W + "fill") == STATUS_FILLS[status]
                shaded[status] += 1
    assert set(shaded) == set(STATUS_FILLS)


def test_every_table_repeats_its_header_row_and_only_the_overview_forbids_row_splits(built):
    """A header row repeats on every page and never splits. Body rows may split: LibreOffice
    drops a can't-split row that does not fit below a repeated header (a whole outcome went
    missing from a PDF), so only the one-page Overview, which never breaks, forbids it."""
    def flagged(row, name):
        return row._tr.trPr is not None and row._tr.trPr.find(W + name) is not None

    for name in (PLAN, ACTION, PROGRESS, OVERVIEW):
        for table in docx.Document(str(built / name)).tables:
            assert flagged(table.rows[0], "tblHeader") and flagged(table.rows[0], "cantSplit")
            for row in table.rows[1:]:
                assert flagged(row, "cantSplit") == (name == OVERVIEW), name


def test_core_properties_title_subject_author_language(built):
    titles = {PLAN: f"{ORG}: District Plan 2025-2028",
              ACTION: f"{ORG}: District Action Plan 2025-2026",
              OVERVIEW: f"{ORG}: District Plan Overview 2025-2028",
              PROGRESS: f"{ORG}: Action Plan Progress Report 2025-2026"}
    for name, title in titles.items():
        props = docx.Document(str(built / name)).core_properties
        assert props.title == title
        assert props.author == ORG
        assert props.language == "en-US"
        assert ORG in props.subject


def test_draft_marks_cover_and_header_and_final_does_not(tmp_path, built, renderer):
    assert "DRAFT" in header_text(built / PLAN)
    assert "\nDRAFT\n" in all_text(built / PLAN)
    rows = sample()
    for row in rows[s.PLAN_INFO]:
        if row[s.FIELD] == s.PLAN_STATUS:
            row[s.VALUE] = "Final"
    build(make_workbook(tmp_path, rows=rows), tmp_path / "out", kinds=["plan"],
          renderer=renderer)
    assert "DRAFT" not in all_text(tmp_path / "out" / PLAN)
    assert f"{ORG}: District Plan 2025-2028" in header_text(tmp_path / "out" / PLAN)


def test_footer_has_page_n_of_m_fields_and_word_never_asks_to_update_fields(built):
    with zipfile.ZipFile(built / PLAN) as z:
        footers = "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
        settings = z.read("word/settings.xml").decode()
        body = z.read("word/document.xml").decode()
    assert " PAGE " in footers and " NUMPAGES " in footers
    assert "updateFields" not in settings  # Word's "update the fields?" reads as a warning
    assert 'TOC \\o "1-2"' in body


def test_empty_optional_components_leave_no_heading(tmp_path, renderer):
    path = make_workbook(tmp_path, EL_Programs=[], Action_Planning_Teams=[])
    build(path, tmp_path / "out", kinds=["plan", "action-plan"], renderer=renderer)
    assert "English Learner Programs" not in [h for _, h in headings(tmp_path / "out" / PLAN)]
    assert "Action Planning Teams" not in [h for _, h in headings(tmp_path / "out" / ACTION)]
    assert "English Learner Programs" not in all_text(tmp_path / "out" / PLAN)


NASTY = ('Fish & Chips <b>bold?</b> a < b > c "double" \'single\' “curly” ‘quotes’ café '
         'naïve Ñandú São Tomé 😀 {{ 7*7 }} {% if x %}y{% endif %} {# c #}\n'
         'second line\tafter a tab')


def test_every_typed_character_reaches_the_documents(tmp_path, renderer):
    """Every free-text, date and amount cell of every sheet, with markup-like text, accents,
    emoji, line breaks and tabs, is found back character for character."""
    rows = sample()
    expected = []
    long_finding = "Long finding. " + "x" * 3000
    for sheet, records in rows.items():
        if sheet == s.PLAN_INFO:
            continue
        spec = s.SHEETS_BY_NAME[sheet]
        for n, record in enumerate(records):
            for col in spec.columns:
                if (sheet, col.name) in DAY_COLUMNS:
                    continue  # a real day, which orders the updates (test_monitoring.py)
                if col.kind in (s.Kind.TEXT, s.Kind.DATE, s.Kind.AMOUNT) and record.get(
                        col.name) and col.name not in s.DATE_ONLY_COLUMNS:  # a Status Date
                    # must be a date (issue 14): it keeps the sample's
                    value = f"[{sheet}|{col.name}|{n}] {NASTY}"
                    record[col.name] = value
                    expected.append(value)
    rows[s.DATA_ANALYSIS].append({s.FOCUS_AREA: "Everything", s.FINDING: long_finding})
    expected.append(long_finding)
    for row in rows[s.PLAN_INFO]:
        if row[s.FIELD] == s.SUPERINTENDENT:
            row[s.VALUE] = "Dr. O’Brien & Sons <Acting>"
            expected.append(row[s.VALUE])
    out = tmp_path / "out"
    manifest = build(make_workbook(tmp_path, rows=rows), out, renderer=renderer)
    text = "\n".join(all_text(out / d.path) for d in manifest.documents)
    missing = [v for v in expected if v not in text]
    assert not missing, missing[:5]
    assert "49" not in NASTY and "{{ 7*7 }}" in text  # printed, never evaluated
    for d in manifest.documents:
        docx.Document(str(out / d.path))  # still opens


def test_build_refuses_a_workbook_with_errors_and_writes_nothing(tmp_path, renderer):
    rows = sample()
    rows[s.BENCHMARKS][0][s.PERSONS_RESPONSIBLE] = ""
    with pytest.raises(InvalidWorkbook) as caught:
        build(make_workbook(tmp_path, rows=rows), tmp_path / "out", renderer=renderer)
    assert any(i.sheet == s.BENCHMARKS and i.cell == "E2" for i in caught.value.issues)
    assert not (tmp_path / "out").exists()


def test_build_keeps_existing_files_without_overwrite(tmp_path, renderer):
    path = make_workbook(tmp_path)
    out = tmp_path / "out"
    build(path, out, renderer=renderer)
    before = (out / PLAN).read_bytes()
    (out / PLAN).write_bytes(b"the district's edited copy")
    with pytest.raises(OutputExists, match="--overwrite"):
        build(path, out, renderer=renderer)
    assert (out / PLAN).read_bytes() == b"the district's edited copy"
    build(path, out, overwrite=True, renderer=renderer)
    assert (out / PLAN).read_bytes() != b"the district's edited copy"
    assert len(before) > 10000
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_a_failed_overwrite_leaves_the_earlier_documents_as_they_were(tmp_path, renderer):
    path = make_workbook(tmp_path)
    out = tmp_path / "out"
    build(path, out, renderer=renderer)
    earlier = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / ACTION).unlink()
    (out / ACTION).mkdir()  # something in the way that cannot be replaced by a file
    rows = sample()
    rows[s.MISSION][0][s.TEXT] = "A mission the school committee rewrote."
    with pytest.raises(OutputNotWritten, match=f"{ACTION} could not be written"):
        build(make_workbook(tmp_path, "changed.xlsx", rows=rows), out, overwrite=True,
              renderer=renderer)
    assert (out / ACTION).is_dir()
    for name, data in earlier.items():  # all or none: the plan was not half-updated
        if name != ACTION:
            assert (out / name).read_bytes() == data, name
    assert sorted(p.name for p in out.iterdir()) == sorted(earlier)  # no .part, no .old


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path, renderer):
    blocker = tmp_path / "plans"
    blocker.write_text("a file where the folder should go")
    with pytest.raises(OutputNotWritten, match="could not be written"):
        build(make_workbook(tmp_path), blocker / "out", renderer=renderer)
    assert blocker.read_text() == "a file where the folder should go"


def test_documents_get_the_usual_file_permissions(built):
    mask = os.umask(0)
    os.umask(mask)
    for path in built.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path.name


def test_only_makes_the_chosen_kinds(tmp_path, renderer):
    manifest = build(make_workbook(tmp_path), tmp_path / "out", kinds=["action-plan"],
                     renderer=renderer)
    assert [d.path for d in manifest.documents] == [ACTION]


@pytest.mark.parametrize("typed", ["2025–2028", "2025—28", "SY2025-2028", "2025 to 2028"])
def test_file_names_give_the_years_however_typed(tmp_path, typed, renderer):
    rows = sample()
    next(r for r in rows[s.PLAN_INFO] if r[s.FIELD] == s.PLAN_YEARS)[s.VALUE] = typed
    manifest = build(make_workbook(tmp_path, rows=rows), tmp_path / "out", kinds=["plan"],
                     renderer=renderer)
    assert [d.path for d in manifest.documents] == [PLAN]


def test_slugify_keeps_outputs_inside_the_folder():
    assert slugify("Maple Falls Public Schools") == "maple-falls-public-schools"
    assert slugify("../../etc") == "etc"
    assert slugify("CON") == "con-plan"
    assert slugify("École Saint-Éloi") == "ecole-saint-eloi"
    assert slugify("") == "plan"


@pytest.mark.parametrize("name,slug", [("../../etc", "etc"), ("CON", "con-plan"),
                                       ("C:\\Windows\\System32", "c-windows-system32")])
def test_names_from_user_data_keep_outputs_inside_the_folder(tmp_path, name, slug, renderer):
    rows = sample()
    for row in rows[s.PLAN_INFO]:
        if row[s.FIELD] == s.DISTRICT_NAME:
            row[s.VALUE] = name
    out = tmp_path / "deep" / "out"
    manifest = build(make_workbook(tmp_path, rows=rows), out, renderer=renderer)
    for document in manifest.documents:
        path = (out / document.path).resolve()
        assert path.parent == out.resolve()
        assert document.path.startswith(f"{slug}_")
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]


def test_amounts_and_counts_are_right_aligned_and_every_table_has_cell_padding(built):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    def aligned(table, column):
        return {row.cells[column].paragraphs[0].alignment for row in table.rows}

    action = docx.Document(str(built / ACTION))
    resources = next(t for t in action.tables if t.rows[0].cells[2].text == "Amount")
    amounts = [row for row in resources.rows if len({id(c) for c in row.cells}) > 1]
    assert {row.cells[2].paragraphs[0].alignment for row in amounts} == {
        WD_ALIGN_PARAGRAPH.RIGHT}  # sub-header rows (one merged cell) aside
    assert aligned(resources, 1) == {None}  # text stays left
    for path in (ACTION, PROGRESS, PLAN):
        for table in docx.Document(str(built / path)).tables:
            margins = table._tbl.tblPr.find(W + "tblCellMar")
            assert margins is not None and margins.find(W + "top") is not None, path
