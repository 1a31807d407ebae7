"""Where a pejabat's signature block sits on a rendered PDF, found from the text itself.

Every naskah template prints a signature block the same way (``templates/build/common.py:
add_signature``): jabatan, an empty row of 22 mm for the wet signature or the TTE mark, the
name, the pangkat (optional) and ``NIP. 19830523 200212 1 002``. :func:`find_signature_block`
looks for that NIP line among the page's text lines (:func:`text_lines`), takes the name line
above it and the jabatan line above that, and returns the empty space between them: that is
where the visible signature goes, so it overlaps nothing.

Text is read with PDFium (``pypdfium2``): every character's box, grouped into lines the way
pdfplumber does (characters whose tops lie within 3 pt, a character's box running from its
baseline-descent to one font size above). PDFium reads a 10-page Laporan with charts in well
under a second, where pdfminer's full layout analysis took seconds.

Coordinates returned are PDF user space (points, origin bottom-left), as pyHanko wants them.
"""

from __future__ import annotations

import re
import threading
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


BLANK_NIP = re.compile(r"^NIP\.\s*\.{3,}$")
"""A NIP line printed blank (``NIP. ....................``: the data gives no NIP)."""


def _jabatan_of(column: list[dict], above: dict) -> str:
    """The text of the lines ending with ``above`` that sit close together (the block's
    jabatan, with its tempat-tanggal or label line when they follow closely)."""
    parts = [above]
    for ln in reversed(column[:column.index(above)]):
        if parts[0]["top"] - ln["bottom"] > 8 or len(parts) >= 6:
            break
        parts.insert(0, ln)
    return _norm(" ".join(p["text"] for p in parts))


def _block_space(page: PageText, lines: list[dict], i: int, index: int,
                 jabatan: str = "") -> Box | None:
    """The empty row above the name whose NIP line is ``lines[i]``, or ``None`` when the block
    has no line above its name, the row is lower than :data:`MIN_HEIGHT`, or ``jabatan`` is
    given and not printed just above the row."""
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
    if jabatan and _norm(jabatan).casefold() not in _jabatan_of(column, above).casefold():
        return None
    top, bottom = above["bottom"] + MARGIN, group_top - MARGIN
    if bottom - top < MIN_HEIGHT:
        return None
    left = min((t["x0"] for t in lines), default=0.0)
    right = max((t["x1"] for t in lines), default=page.width)
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
    return Box(index, x1, page.height - bottom, x2, page.height - top)


def find_signature_blocks(pdf: Path, nip: str, *, jabatan: str = "") -> list[Box]:
    """The empty rows of every signature block whose NIP line is ``nip``'s, in page order (an
    SOP carries the Kepala's block on its cover and at the end of each flowchart).

    ``nip`` empty: the blocks whose NIP is printed blank (:data:`BLANK_NIP`) and whose jabatan
    lines contain ``jabatan`` (required then) — only the demo's TEST signer signs those
    (:func:`naskah.signing.service.open_test_signer`).

    Each box spans the block's column (centred on the NIP line, half the text width, narrowed
    to keep clear of text beside it) and, in height, from just below the line above the name
    (the jabatan) to just above the name. Blocks whose row is lower than :data:`MIN_HEIGHT`
    are left out. Raises :class:`SignatureBlockNotFound` when no line reads ``NIP. <nip>``, or
    no such block has room for the mark.
    """
    if not nip and not jabatan:
        raise ValueError("a blank-NIP block is found by its jabatan")
    wanted = _norm(nip_line(nip)) if nip else f"NIP. {formatting.KOSONG}"

    def matches(text: str) -> bool:
        if not nip:
            return bool(BLANK_NIP.match(text))
        return text == wanted or text.endswith(wanted)

    found = 0
    boxes: list[Box] = []
    for index, page in enumerate(read_pages(pdf, only_with="NIP")):
        lines = page.lines
        for i, line in enumerate(lines):
            if matches(_norm(line["text"])):
                found += 1
                box = _block_space(page, lines, i, index, jabatan)
                if box is not None:
                    boxes.append(box)
    if not found:
        raise SignatureBlockNotFound(_(
            "{file}: no signature block with {nip_line} (the signer is not the official the "
            "SOP makes signatory of this document, or their NIP is not printed)",
            file=pdf.name, nip_line=wanted))
    if not boxes and not nip:
        raise SignatureBlockNotFound(_(
            "{file}: no signature block of {jabatan} whose NIP is blank (with room for the "
            "mark)",
            file=pdf.name, jabatan=jabatan))
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
    out = []
    for page in read_pages(pdf):
        w, h, lines = page.width, page.height, page.lines
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


@dataclass(frozen=True)
class PageText:
    """One page's size (points) and its text lines (:func:`text_lines`)."""

    width: float
    height: float
    lines: list[dict]


_PDFIUM = threading.Lock()
"""PDFium is not thread-safe (pypdfium2's documentation): one reader at a time per process (the
web server signs in its worker threads)."""

LINE_TOLERANCE = 3.0
"""Points: characters whose tops differ by at most this much share a line (pdfplumber's
``y_tolerance``)."""


def text_lines(textpage, height: float) -> list[dict]:
    """The text lines of a PDFium text page, top to bottom, as pdfplumber's
    ``extract_text_lines`` gives them: ``{"text", "x0", "x1", "top", "bottom"}`` with ``top``/
    ``bottom`` measured from the top of the page (points). A character's box spans from its
    loose bottom (baseline + descent) to one font size above; whitespace counts for the text
    only; a space is put where two characters stand apart by more than a fifth of their size."""
    import pypdfium2.raw as pdfium_c

    chars = []
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        if not ch or ch in "\r\n\x02\ufffe":
            continue
        left, bottom, right, _top = textpage.get_charbox(i, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) or (_top - bottom)
        chars.append((height - bottom - size, height - bottom, left, right, ch, size))
    chars.sort(key=lambda c: c[0])
    groups: list[list[tuple]] = []
    for c in chars:
        if groups and c[0] - groups[-1][-1][0] <= LINE_TOLERANCE:
            groups[-1].append(c)
        else:
            groups.append([c])
    lines = []
    for group in groups:
        group.sort(key=lambda c: c[2])
        ink = [c for c in group if not c[4].isspace()]
        if not ink:
            continue
        text, last = "", None
        for c in group:
            if last is not None and c[2] - last[3] > max(c[5], last[5]) / 5:
                text += " "
            text += c[4]
            last = c
        lines.append({
            "text": text, "x0": min(c[2] for c in ink), "x1": max(c[3] for c in ink),
            "top": min(c[0] for c in ink), "bottom": max(c[1] for c in ink),
        })
    lines.sort(key=lambda ln: ln["top"])
    return lines


def read_pages(pdf: Path, *, only_with: str = "") -> list[PageText]:
    """Every page of ``pdf`` with its text lines. ``only_with``: pages whose text does not
    contain it are returned without lines (not analysed; page indexes are kept)."""
    import pypdfium2 as pdfium

    out = []
    with _PDFIUM:
        doc = pdfium.PdfDocument(str(pdf))
        try:
            for page in doc:
                width, height = page.get_size()
                textpage = page.get_textpage()
                if only_with and only_with not in textpage.get_text_range():
                    lines = []
                else:
                    lines = text_lines(textpage, height)
                textpage.close()
                page.close()
                out.append(PageText(float(width), float(height), lines))
        finally:
            doc.close()
    return out
