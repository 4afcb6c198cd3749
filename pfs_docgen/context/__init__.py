"""Validated workbooks -> the nested data each document's template needs. Pure: no I/O.

`plan` is the plan model every document of a workbook shares, `document` adds one document's
title and contents (`toc` lists its headings), `alignment` is bulk's district crosswalk.
"""

from .alignment import SchoolAlignment, alignment_context, alignment_rows, school_alignment
from .document import with_document
from .plan import media, plan_model

__all__ = ["SchoolAlignment", "alignment_context", "alignment_rows", "media", "plan_model",
           "school_alignment", "with_document"]
