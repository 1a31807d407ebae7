"""Output unchanged by the speed work of issue 15: the text of every DOCX of the bundled trail
(the example agency, 2025-TW1) is compared with ``tests/data/trail-text-*.txt``, written from
the trail before the change (charts as PNG, flowcharts drawn every run, one template compiled
per document).

A deliberate change of a document's words updates the file:
``NASKAH_UPDATE_TRAIL_TEXT=1 .venv/bin/python -m pytest tests/test_trail_text.py`` — and the
diff is then reviewed like code.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import docx

from naskah.run import run_cycle
from naskah.settings import PdfSettings, QueueSettings, Settings
from tests.conftest import EXAMPLE, ROOT

GOLDEN = ROOT / "tests" / "data" / f"trail-text-{EXAMPLE.stem}.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    """Every paragraph of the body (tables included, in document order), one per line."""
    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


def trail_text(data_dir: Path, processes: int = 0, warnings: list | None = None) -> str:
    settings = Settings(data_dir=data_dir, pdf=PdfSettings(enabled=False),
                        queue=QueueSettings(local_processes=processes))
    result = run_cycle(EXAMPLE, agency=None, periode=None, settings=settings)
    if warnings is not None:
        warnings.extend(result.warnings)
    parts = []
    for d in result.documents:
        parts.append(f"=== {d.procedure} {d.step} {d.title}")
        parts.append(docx_text(settings.archive_dir / d.docx_path))
    return "\n".join(parts) + "\n"


def test_the_bundled_trail_has_the_same_text_as_before(tmp_path):
    got = trail_text(tmp_path / "data")
    if os.environ.get("NASKAH_UPDATE_TRAIL_TEXT"):
        GOLDEN.write_text(got)
    want = GOLDEN.read_text()
    diff = "".join(list(difflib.unified_diff(
        want.splitlines(True), got.splitlines(True), "before", "now"))[:60])
    assert got == want, diff


def test_a_second_run_reuses_the_cached_flowchart_and_writes_the_same_text(tmp_path, monkeypatch):
    data = tmp_path / "data"
    first = trail_text(data)
    cached = sorted((data / "cache" / "flowchart").iterdir())
    assert cached and all(any(p.glob("*.svg")) for p in cached)

    from naskah.documents.flowchart import draw

    def not_again(*args, **kwargs):
        raise AssertionError("the flowchart was drawn again")

    monkeypatch.setattr(draw, "render_page", not_again)
    again = tmp_path / "again"  # a new register (same numbers), the first run's cache
    shutil.copytree(data / "cache", again / "cache")
    assert trail_text(again) == first


def test_rendering_on_two_processes_gives_the_same_documents_and_warnings(tmp_path):
    """The drawing documents in a forked child (naskah.render_split) or everything in order
    here: the same text and the same warnings in the same order."""
    one: list[str] = []
    two: list[str] = []
    assert trail_text(tmp_path / "one", 1, one) == trail_text(tmp_path / "two", 2, two)
    assert one == two and len(one) > 3
