"""Write the sample district's workbooks into inputs/ from the plans shipped in the package.

    python scripts/build_inputs.py

inputs/maple-falls-district.xlsx is the district plan (with its Schools roster); inputs/schools/
holds one workbook per school, as init-schools starts them and the school teams filled them.
A test fails when inputs/ and the packaged sample disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pfs_docgen.api import write_samples

INPUTS = Path(__file__).resolve().parents[1] / "inputs"

if __name__ == "__main__":
    district, schools = write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else INPUTS)
    print(district)
    for path in sorted(schools.glob("*.xlsx")):
        print(path)
