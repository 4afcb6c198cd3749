"""The two levels a plan is written at. Apart from the schema so that the command line can
offer them (and the document kinds) without loading the whole workbook contract."""

DISTRICT = "district"
SCHOOL = "school"
LEVELS = (DISTRICT, SCHOOL)
