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
    "Not Started": "E7E6E6", "On Track": "DDEBF7", "At Risk": "FFE699", "Not Met": "F8CBAD",
    "Complete": "C6E0B4",
}
NO_STATUS = "Not yet reported"
PROGRESS_COLUMNS = (*s.BENCHMARK_STATUSES, NO_STATUS)  # the progress summary's columns
NO_SUPPORT_FILL = "F8CBAD"  # a district objective no school plan supports
GAP_FILL = NO_SUPPORT_FILL  # any gap in the plan's alignment: an empty cell, a pillar unserved
GROUP_FILL = "DEEAF6"  # a table's sub-header row: the initiative its rows below serve
CONTENTS_LEVELS = 2  # the table of contents lists (and links to) Heading 1 and Heading 2

# The templates carry a placeholder picture in these parts; a render puts the plan's logo
# there (word/media/pfs-logo.png or .jpeg).
LOGO_PART_PREFIX = "word/media/pfs-logo."


def logo_part(ext: str) -> str:
    return f"{LOGO_PART_PREFIX}{ext}"
