"""The documents' look, spelled once: colours, status shading, the logo's part name.

The template builder, the plan model and the renderer all read these, so a status colour or
the navy of the headings cannot drift between the table headers and the shaded cells.
"""

from __future__ import annotations

from . import schema as s

NAVY = "1F4E79"  # headings, title, table header rows
DRAFT_RED = "C00000"
GREY = "595959"  # the cover's secondary lines
WHITE, BLACK = "FFFFFF", "000000"

# Progress statuses (the schema's, in its order), shaded light enough for black text; a
# benchmark with none is counted under NO_STATUS, unshaded.
STATUS_FILLS = {
    "Not Started": "D0CECE", "On Track": "9DC3E6", "At Risk": "FFD966", "Not Met": "F4B183",
    "Complete": "A9D18E",
}
NO_STATUS = "Not yet reported"
PROGRESS_COLUMNS = (*s.BENCHMARK_STATUSES, NO_STATUS)  # the progress summary's columns
# Monitoring (issue 11): the status bar's order (done first, unreported last) and length, the
# shade of a month on an action plan's timeline
BAR_ORDER = ("Complete", "On Track", "At Risk", "Not Met", "Not Started", NO_STATUS)
BAR_SEGMENTS = 20
TIMELINE_FILL = "BDD7EE"
TIMELINE_MARK = "\u25cf"  # a dot in each month shaded, for black and white printing
OVERDUE_RED = "C00000"
# A gap in the plan's alignment: a district objective no school plan supports, a role with no
# goal under an objective, a Blueprint pillar no initiative serves.
GAP_FILL = "F8CBAD"
GROUP_FILL = "DEEAF6"  # a table's sub-header row: the initiative its rows below serve
CONTENTS_LEVELS = 2  # the table of contents lists (and links to) Heading 1 and Heading 2

# The templates carry a placeholder picture in these parts; a render puts the plan's logo
# there (word/media/pfs-logo.png or .jpeg).
LOGO_PART_PREFIX = "word/media/pfs-logo."


def logo_part(ext: str) -> str:
    return f"{LOGO_PART_PREFIX}{ext}"
