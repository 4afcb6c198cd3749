"""Build the default Word templates with python-docx, so they can be reviewed and rebuilt.

    python -m pfs_docgen.templates.build          # rewrite the .docx files beside this script

The templates carry all the layout a school committee expects (cover, table of contents,
header and footer fields, heading styles, repeating table headers, landscape sections), so
rendering only fills text in. The template language stays simple: `{%p %}` paragraph tags,
flat `{%tr %}` row loops over rows prepared in Python, numbering as text.

blocks.py makes a document with the house styles; content.py writes tags, paragraphs and
tables into it; parts.py the parts several share (cover, contents); plan.py, monitoring.py
and align.py each document kind. This module names them and saves them, byte for byte the
same on every build.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from .align import alignment_template, educator_goals_template
from .blocks import FIXED_TIME, HERE
from .monitoring import progress_report_template, schools_progress_template
from .plan import action_plan_template, overview_template, plan_template

TEMPLATES = {
    "plan": plan_template,
    "action-plan": action_plan_template,
    "overview": overview_template,
    "progress-report": progress_report_template,
    "educator-goals": educator_goals_template,
    "alignment": alignment_template,
    "schools-progress": schools_progress_template,
}


def template_bytes(kind: str) -> bytes:
    """The template as a .docx, byte for byte the same on every build (fixed zip dates)."""
    saved = io.BytesIO()
    TEMPLATES[kind]().save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename in _DROPPED_PARTS:
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, _package_fix(info.filename, source.read(info)))
    return out.getvalue()


# What python-docx's default package carries that a finished document must not: a copy of the
# styles for Word 2010 that no longer matches styles.xml (Word may call the file unreadable),
# and a blank thumbnail. Their relationships and content types go with them.
_DROPPED_PARTS = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}
_W3CDTF = '<dcterms:{0} xsi:type="dcterms:W3CDTF">{{{{ doc.created }}}}</dcterms:{0}>'


def _package_fix(name: str, data: bytes) -> bytes:
    """One part of the saved package as a finished document needs it."""
    if not (name.endswith((".xml", ".rels"))):
        return data  # pictures
    text = data.decode("utf-8")
    if name.endswith(".rels") or name == "[Content_Types].xml":
        for dropped in _DROPPED_PARTS:
            target = dropped.rsplit("/", 1)[-1] if name.startswith("word/") else dropped
            text = re.sub(rf'<Relationship [^>]*Target="{re.escape(target)}"/>', "", text)
            text = re.sub(rf'<Override PartName="/{re.escape(dropped)}"[^>]*/>', "", text)
    elif name == "docProps/core.xml":  # made when rendered, by the tool; not python-docx's
        text = re.sub(r"<dc:description>[^<]*</dc:description>", "", text)
        for element in ("created", "modified"):
            text = re.sub(rf"<dcterms:{element} [^>]*>[^<]*</dcterms:{element}>",
                          _W3CDTF.format(element), text)
    elif name == "docProps/app.xml":  # the writing application is this tool, not Word 14
        text = re.sub(r"<Application>[^<]*</Application>",
                      "<Application>pfs-docgen</Application>", text)
        text = re.sub(r"\s*<AppVersion>[^<]*</AppVersion>", "", text)
    elif name == "word/settings.xml":  # no thumbnail is saved, so none is asked for
        text = text.replace("<w:savePreviewPicture/>", "")
    return text.encode("utf-8") if text != data.decode("utf-8") else data


def main(argv=None) -> int:
    target = Path(argv[0]) if argv else HERE
    target.mkdir(parents=True, exist_ok=True)
    for kind in TEMPLATES:
        path = target / f"{kind}.docx"
        path.write_bytes(template_bytes(kind))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
