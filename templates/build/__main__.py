"""Rebuild every docxtpl template of ``templates/docx/``.

Run from the repository root::

    .venv/bin/python templates/build [OUTDIR]

Calls ``build_all(outdir)`` of ``letters.py`` (naskah dinas: nota dinas, undangan, notulen …),
``sop.py`` (the SOP document itself)
and ``tables.py`` (formulir, rekapitulasi, kertas kerja, laporan …). Each module is imported on
its own: a module that is missing or broken is reported and the other still builds. Exit status
1 when any failed.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTDIR = HERE.parent / "docx"
MODULES = ("letters", "tables", "verifikasi", "sop")


def main(argv: list[str]) -> int:
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    outdir = Path(argv[0]) if argv else OUTDIR
    failed = False
    for name in MODULES:
        try:
            module = importlib.import_module(name)
            built = module.build_all(outdir) or []
        except Exception:
            failed = True
            print(f"templates/build/{name}.py failed:", file=sys.stderr)
            traceback.print_exc()
            continue
        for path in built:
            print(f"{name}: {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
