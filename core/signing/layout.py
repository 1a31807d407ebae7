"""Where a pejabat's signature block sits on a rendered PDF, found from the text itself.

Every naskah template prints a signature block the same way (``templates/build/common.py:
add_signature``): jabatan, an empty row of 22 mm for the wet signature or the TTE mark, the
name, the pangkat (optional) and ``NIP. 19830523 200212 1 002``. :func:`find_signature_block`
looks for that NIP line with pdfplumber's text lines, takes the name line above it and the
jabatan line above that, and returns the empty space between them: that is where the visible
signature goes, so it overlaps nothing.

Coordinates returned are PDF user space (points, origin bottom-left), as pyHanko wants them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naskah import formatting
from naskah.errors import NaskahError
from naskah.i18n import _

MIN_HEIGHT = 36.0
"""Points: a space lower than this (≈ 13 mm) cannot hold the QR code; signing refuses."""
MARGIN = 2.0
"""Points kept free above and below the mark."""


class SignatureBlockNotFound(NaskahError):
    """The signer's NIP is not printed in any signature block of the PDF (wrong signer, or the
    document names no NIP for its signatory)."""


@dataclass(frozen=True)
class Box:
    """A rectangle on one page: ``page`` is 0-based; ``x1 < x2``, ``y1 < y2`` in points from the
    bottom-left corner."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def as_ints(self) -> tuple[int, int, int, int]:
        """``(x1, y1, x2, y2)`` rounded inwards, for pyHanko's ``SigFieldSpec.box``."""
        return (int(self.x1 + 0.999), int(self.y1 + 0.999), int(self.x2), int(self.y2))


@dataclass(frozen=True)
class PageLayout:
    """Free bands of a page for the footer sentence: ``footer_top`` is the top of the page's
    own footer line (points from the bottom), ``body_bottom`` the bottom of the lowest text line
    above it, ``left``/``right`` the text margins; ``width``/``height`` the page size."""

    width: float
    height: float
    left: float
    right: float
    body_bottom: float
    footer_top: float


def nip_line(nip: str) -> str:
    """The NIP line as templates print it: ``"NIP. 19830523 200212 1 002"`` (a NIP that is not
    18 digits as given)."""
    try:
        return f"NIP. {formatting.nip(nip)}"
    except ValueError:
        return f"NIP. {nip.strip()}"


def _norm(text: str) -> str:
    return " ".join(text.split())


def _block_space(page, lines: list[dict], i: int, index: int) -> Box | None:
    """The empty row above the name whose NIP line is ``lines[i]``, or ``None`` when the block
    has no line above its name or the row is lower than :data:`MIN_HEIGHT`."""
    nip_l = lines[i]
    centre = (nip_l["x0"] + nip_l["x1"]) / 2
    column = [ln for ln in lines[:i] if ln["x0"] < centre < ln["x1"]]
    # From the NIP line upwards: the name (and a pangkat line) sit close together; the first
    # gap of at least 18 pt above them is the empty row of the block.
    group_top = nip_l["top"]
    above = None
    for ln in reversed(column):
        if group_top - ln["bottom"] >= 18:
            above = ln
            break
        group_top = ln["top"]
    if above is None:
        return None
    top, bottom = above["bottom"] + MARGIN, group_top - MARGIN
    if bottom - top < MIN_HEIGHT:
        return None
    left = min((t["x0"] for t in lines), default=0.0)
    right = max((t["x1"] for t in lines), default=float(page.width))
    half = max((right - left) / 2, nip_l["x1"] - nip_l["x0"])
    x1 = max(left, centre - half / 2)
    x2 = min(right, x1 + half)
    # Text beside the block at the same height (a table's other column): keep clear of it.
    for ln in lines:
        if ln["bottom"] > top and ln["top"] < bottom and not (ln["x0"] < centre < ln["x1"]):
            if ln["x1"] <= centre:
                x1 = max(x1, ln["x1"] + MARGIN * 2)
            else:
                x2 = min(x2, ln["x0"] - MARGIN * 2)
    height = float(page.height)
    return Box(index, x1, height - bottom, x2, height - top)


def find_signature_blocks(pdf: Path, nip: str) -> list[Box]:
    """The empty rows of every signature block whose NIP line is ``nip``'s, in page order (an
    SOP carries the Kepala's block on its cover and at the end of each flowchart).

    Each box spans the block's column (centred on the NIP line, half the text width, narrowed
    to keep clear of text beside it) and, in height, from just below the line above the name
    (the jabatan) to just above the name. Blocks whose row is lower than :data:`MIN_HEIGHT`
    are left out. Raises :class:`SignatureBlockNotFound` when no line reads ``NIP. <nip>``, or
    no such block has room for the mark.
    """
    import pdfplumber

    wanted = _norm(nip_line(nip))
    found = 0
    boxes: list[Box] = []
    with pdfplumber.open(pdf) as doc:
        for index, page in enumerate(doc.pages):
            lines = page.extract_text_lines()
            for i, line in enumerate(lines):
                text = _norm(line["text"])
                if text == wanted or text.endswith(wanted):
                    found += 1
                    box = _block_space(page, lines, i, index)
                    if box is not None:
                        boxes.append(box)
    if not found:
        raise SignatureBlockNotFound(_(
            "{file}: no signature block with {nip_line} (the signer is not the official the "
            "SOP makes signatory of this document, or their NIP is not printed)",
            file=pdf.name, nip_line=wanted))
    if not boxes:
        raise SignatureBlockNotFound(_(
            "{file}: no signature block of {nip_line} has room for the mark above the name "
            "(needs {needed} pt)", file=pdf.name, nip_line=wanted, needed=round(MIN_HEIGHT)))
    return boxes


def find_signature_block(pdf: Path, nip: str) -> Box:
    """The last of :func:`find_signature_blocks`: where the signature field's widget goes."""
    return find_signature_blocks(pdf, nip)[-1]


def page_layouts(pdf: Path) -> list[PageLayout]:
    """For each page, its size, text margins, lowest body line and footer line (the last line of
    the page when it sits in the bottom 8 % of the page; else the page's bottom margin)."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            w, h = float(page.width), float(page.height)
            lines = page.extract_text_lines()
            footer_top = 0.0
            body = lines
            if lines and lines[-1]["top"] > h * 0.92:
                footer_top = h - lines[-1]["top"]
                body = lines[:-1]
            body_bottom = h - max((ln["bottom"] for ln in body), default=0.0)
            left = min((ln["x0"] for ln in lines), default=w * 0.1)
            right = max((ln["x1"] for ln in lines), default=w * 0.9)
            out.append(PageLayout(w, h, left, right, body_bottom, footer_top))
    return out
