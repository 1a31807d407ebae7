"""Every bundled trail on paper (issue 11): each agency's run with PDFs, read back with
``pdftotext``/``pdfimages``.

- no kop prints "[logo]"; every page's last line is its page number (no software footer);
- the SOP document's flowchart pages hold every step's text (vector pictures: no raster image
  anywhere in the SOP);
- a signature block shares its page with the text it signs: the text just before it in the
  DOCX (the closing paragraph, or the last row of a table) is on the PDF page of the last
  "NIP" line — never a page of a signature alone. A closing block that holds its own summary
  table beside the signature (the Rekapitulasi's Ringkasan with the predicate counts) signs
  that summary: Sumedang's Rekapitulasi prints it on page 3 after a chart that fills page 2.

One run per agency, ≈ 4–5 s each with LibreOffice's pool.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from naskah.agencies.manager import get_plugins
from naskah.keep_together import is_signature
from naskah.run import run_cycle
from naskah.settings import PdfSettings, Settings
from tests.conftest import HAS_SOFFICE, ROOT

AGENCIES = ROOT / "examples" / "agencies"
TRAILS = {
    "dinsos-p3a-pessel": ROOT / "examples" / "dinsos-p3a-pessel-2025-TW1.xlsx",
    "bkpsdm-pessel": ROOT / "examples" / "bkpsdm-pessel-2025-TW1.xlsx",
    "disdagtrans-pessel": ROOT / "examples" / "disdagtrans-pessel-2025-TW1.xlsx",
    "diskominfo-tanjabbar": ROOT / "examples" / "diskominfo-tanjabbar-2025-TW1.xlsx",
    "dinsos-sumedang": ROOT / "examples" / "dinsos-sumedang-2025-TW1.xlsx",
    "contoh-data": AGENCIES / "contoh-data-2025-TW1.xlsx",  # the agency described as data
}
CODE = re.compile(r"^\d+(\.\d+)+$")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1]


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _signed_text(docx: Path) -> str | None:
    """A few characters of what the last signature block of ``docx`` signs: the code of the
    last row of the table before it (else the start of its longest cell), or the start of the
    last paragraph with text before it. ``None``: no signature block or only a picture."""
    body = Document(docx).element.body
    elements = [e for e in body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))]
    last = max((i for i, e in enumerate(elements) if e.tag == qn("w:tbl") and is_signature(e)),
               default=None)
    if last is None:
        return None
    signature = elements[last]
    if any(t is not signature and not is_signature(t) for t in signature.iter(qn("w:tbl"))):
        return None  # a closing block with its own summary table beside the signature
    for element in reversed(elements[:last]):
        if element.tag == qn("w:p"):
            if element.find(f".//{qn('w:drawing')}") is not None:
                return None
            if _flat(_text(element)):
                return _flat(_text(element))[:12]
            continue
        rows = [r for r in element.findall(qn("w:tr"))
                if r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None]
        cells = [_text(c).strip() for c in rows[-1].iter(qn("w:tc"))]
        code = next((c for c in cells if CODE.match(c)), None)
        return code or _flat(max(cells, key=len))[:10]
    return None


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="needs LibreOffice, pdftotext and pdfimages")
@pytest.mark.parametrize("slug", sorted(TRAILS))
def test_the_trail_on_paper(tmp_path, slug):
    settings = Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=True))
    settings = settings.model_copy(update={"plugins": settings.plugins.model_copy(
        update={"agencies_dir": AGENCIES})})
    result = run_cycle(TRAILS[slug], agency=slug, periode=None, settings=settings)
    assert result.pdf_note is None
    problems = []
    for d in result.documents:
        pdf = settings.archive_dir / d.pdf_path
        pages = _pages(pdf)
        name = Path(d.pdf_path).name
        for k, page in enumerate(pages, start=1):
            lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
            if "[logo]" in page:
                problems.append(f"{name} p{k}: [logo]")
            if not lines or lines[-1] != str(k):
                problems.append(f"{name} p{k}: last line {lines[-1:]!r}, not the page number")
        if d.procedure == "sop":
            plugins = get_plugins(agencies_dir=AGENCIES)
            bagan = _flat(" ".join(p for p in pages if "BAGAN ALIR" in p))
            for proc in plugins.procedures(plugins.agency(slug)):
                for step in proc.steps:
                    if _flat(step.uraian) not in bagan:
                        problems.append(f"{name}: step {proc.slug} {step.nomor} not on its "
                                        "flowchart pages")
            images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                    text=True, check=True).stdout.splitlines()[2:]
            if images:
                problems.append(f"{name}: {len(images)} raster picture(s)")
            continue
        signed = _signed_text(settings.archive_dir / d.docx_path)
        if signed is None:
            continue
        at = max(k for k, page in enumerate(pages) if "NIP" in page)
        if signed not in _flat(pages[at]):
            problems.append(f"{name}: its signature (page {at + 1}) is not with {signed!r}")
    assert problems == []
