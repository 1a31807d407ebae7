"""Orphan run folders (issue 14): an item that failed while moving into the archive leaves an
empty, unindexed ``v1/sop/`` skeleton; ``archive verify`` reports it and ``--repair`` removes it
after confirmation, never a folder with a file or one a run may be moving into now."""

from __future__ import annotations

import os
import time
from pathlib import Path

from typer.testing import CliRunner

from naskah.cli.main import app


def _age(folder: Path, seconds: float) -> None:
    past = time.time() - seconds
    for p in [folder, *folder.rglob("*")]:
        os.utime(p, (past, past))


def test_verify_reports_orphans_and_repair_removes_them_after_confirmation(tmp_path: Path):
    data = tmp_path / "data"
    archive = data / "archive"
    orphan = archive / "dinsos-p3a-pessel" / "2025" / "2025-TW1" / "v1"
    (orphan / "sop").mkdir(parents=True)
    (orphan / "pengukuran").mkdir()
    _age(orphan, 3600)
    young = archive / "dinsos-p3a-pessel" / "2025" / "2025-TW2" / "v1" / "sop"
    young.mkdir(parents=True)  # a run may be moving in right now
    kept = archive / "bkpsdm-pessel" / "2025" / "2025-TW1" / "v1" / "sop"
    kept.mkdir(parents=True)
    (kept / "01_sop.docx").write_bytes(b"not indexed, but a file: a person decides")
    _age(kept.parent, 3600)
    runner = CliRunner()
    args = ["archive", "verify", "--data-dir", str(data)]

    verified = runner.invoke(app, args)
    assert verified.exit_code == 1
    out = " ".join(verified.output.split())
    assert "folder yatim: dinsos-p3a-pessel/2025/2025-TW1/v1" in out
    assert "2025-TW2" not in out and "bkpsdm" not in out

    declined = runner.invoke(app, [*args, "--repair"], input="n\n")
    assert orphan.is_dir() and declined.exit_code == 1

    repaired = runner.invoke(app, [*args, "--repair"], input="y\n")
    assert not orphan.exists()
    assert young.is_dir() and (kept / "01_sop.docx").is_file()
    assert repaired.exit_code == 0, repaired.output
