"""PAdES signing of a finished PDF with pyHanko: visible TTE mark, footer sentence, one revision.

:func:`sign_pdf` appends one incremental update to the PDF (the original bytes stay untouched,
so a PDF/A file stays PDF/A: every font it adds is embedded, see :data:`FONT`), holding

- on every page, the TTE footer sentence just above the page's own footer line
  (:func:`footer_sentence`; the issuer named comes from the certificate, never assumed);
- the signature field, its widget placed in the signature block's empty row
  (:func:`naskah.signing.layout.find_signature_block`), showing a QR code of the verification
  URL, the words "Ditandatangani secara elektronik oleh", name, NIP and jabatan;
- the PAdES signature itself (``ETSI.CAdES.detached``, SHA-256): baseline B-B, or B-T when a
  timestamp authority URL is given (RFC 3161 over HTTP, pyHanko's ``HTTPTimeStamper``);
- with a ``validation_context`` holding revocation data (CRLs, OCSP responses, or allowed to
  fetch them), one more incremental update after the signature: the Document Security Store
  (DSS) with the certificates and revocation data of the signer's chain (and the TSA's) —
  PAdES B-LT when the signature is timestamped (pyHanko's ``embed_validation_info``).
"""

from __future__ import annotations

import atexit
import os
import tempfile
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from naskah.signing.layout import Box, PageLayout, page_layouts

FONT = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")
"""The font of the mark and footer (Debian ``fonts-liberation``, installed with LibreOffice);
embedded as a subset, as PDF/A requires."""
FIELD_NAME = "TTE"
FOOTER_SIZE = 7
MARK_SIZE = 6


@dataclass(frozen=True)
class MarkText:
    """What the visible mark says: ``nama``, ``nip`` (as printed, with ``NIP.``), ``jabatan``,
    and ``issuer`` (the certificate issuer's name for the footer sentence)."""

    nama: str
    nip: str
    jabatan: str
    issuer: str


def footer_sentence(issuer: str) -> str:
    """The sentence printed on every page of a TTE document (the wording used on documents
    signed through BSrE's TTE, with the issuer taken from the signer's certificate)."""
    return (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik "
        f"yang diterbitkan oleh {issuer}."
    )


def _escape(text: str) -> str:
    return text.replace("%", "%%")


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def _cache_dir() -> Path:
    """``$XDG_CACHE_HOME/naskah`` (default ``~/.cache/naskah``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "naskah"


@lru_cache(maxsize=1)
def _font_file() -> str:
    """:data:`FONT` rescaled to 1000 units per em, kept in the user's cache folder
    (``~/.cache/naskah/tte-font-<size>-<mtime>.ttf``; made once: rescaling takes a second or
    two), or in a temporary file for the process when that folder cannot be written.

    pyHanko (0.38) writes the glyph widths of an embedded font in the font's own units while
    PDF reads them as 1/1000 em, so a 2048-unit font such as Liberation Sans comes out letter-
    spaced; fontTools' ``scale_upem`` makes the units agree."""
    stat = FONT.stat()
    cached = _cache_dir() / f"tte-font-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    if cached.is_file():
        return str(cached)
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(FONT))
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    if "FFTM" in font:  # FontForge's timestamps: the subsetter would warn on every use
        del font["FFTM"]
    name = ""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".tte-font-", suffix=".ttf", dir=cached.parent)
        with os.fdopen(fd, "wb") as f:
            font.save(f)
        os.replace(name, cached)  # atomic: a concurrent signer reads a whole file
        return str(cached)
    except OSError:
        if name:
            Path(name).unlink(missing_ok=True)
        fd, name = tempfile.mkstemp(prefix="naskah-tte-font-", suffix=".ttf")
        with os.fdopen(fd, "wb") as f:
            font.save(f)
        atexit.register(os.unlink, name)
        return name


def _font(size: float):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    return GlyphAccumulatorFactory(_font_file(), font_size=size)


def _add_footers(writer, layouts: list[PageLayout], sentence: str, url: str) -> None:
    from pyhanko.pdf_utils import layout as pl
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStamp, TextStampStyle

    for index, pg in enumerate(layouts):
        width = pg.right - pg.left
        chars = int(width / (FOOTER_SIZE * 0.5))
        lines = _wrap(sentence, chars) + [f"Verifikasi: {url}"]
        height = (len(lines) + 0.6) * FOOTER_SIZE * 1.2
        style = TextStampStyle(
            stamp_text=_escape("\n".join(lines)),
            text_box_style=TextBoxStyle(font=_font(FOOTER_SIZE), font_size=FOOTER_SIZE),
            border_width=0,
        )
        bottom = pg.footer_top + 2 if pg.footer_top else 14.0
        if pg.body_bottom - bottom < height:  # no room above the footer line: in the margin
            bottom = max(4.0, (pg.footer_top or 14.0) - height - 10)
        box = pl.BoxConstraints(width=int(width), height=int(height) + 1)
        stamp = TextStamp(writer, style, box=box)
        stamp.apply(index, int(pg.left), int(bottom))


def _mark_style(text: MarkText, box: Box):
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import QRStampStyle

    text_width = box.width - box.height - 6
    chars = max(20, int(text_width / (MARK_SIZE * 0.5)))
    lines = ["Ditandatangani secara elektronik oleh:", text.nama, text.nip]
    lines += _wrap(text.jabatan, chars)
    # Keep the lines that fit the height (the name and NIP always do).
    fit = max(3, int(box.height / (MARK_SIZE * 1.2)) - 1)
    return QRStampStyle(
        stamp_text=_escape("\n".join(lines[:fit])),
        text_box_style=TextBoxStyle(font=_font(MARK_SIZE), font_size=MARK_SIZE),
        border_width=0,
        innsep=2,
    )


def _add_mark(writer, box: Box, text: MarkText, url: str) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils import layout as pl
    from pyhanko.stamp import QRStamp

    x1, y1, x2, y2 = box.as_ints()
    constraints = pl.BoxConstraints(width=x2 - x1, height=y2 - y1)
    page_ref, _ = QRStamp(writer, url, _mark_style(text, box), box=constraints).apply(
        box.page, x1, y1)
    # pyHanko adds a link to the URL over the mark: printable (PDF/A) and without the border
    # viewers draw around links by default.
    link = page_ref.get_object()["/Annots"][-1].get_object()
    link["/F"] = generic.NumberObject(4)
    link["/Border"] = generic.ArrayObject([generic.NumberObject(0)] * 3)


def sign_pdf(
    src: Path,
    dst: Path,
    signer,
    box: Box,
    text: MarkText,
    url: str,
    *,
    tsa_url: str = "",
    reason: str = "",
    location: str = "",
    other_boxes: tuple[Box, ...] = (),
    validation_context=None,
) -> None:
    """Sign ``src`` into ``dst`` (a new file; ``src`` is not changed).

    :param signer: a ``pyhanko.sign.signers.Signer`` (its ``signing_cert`` is the pejabat's).
    :param box: where the visible mark goes (points, see :class:`~naskah.signing.layout.Box`).
    :param text: the mark's words; :param url: what the QR code encodes (the verification page).
    :param tsa_url: an RFC 3161 timestamp authority: PAdES B-T; empty: B-B.
    :param other_boxes: the signer's other signature blocks (an SOP's cover): the same mark is
        drawn there as page content, covered by the signature.
    :param validation_context: a pyHanko ``ValidationContext`` whose revocation data (CRLs,
        OCSP responses, fetched ones if it may fetch) is embedded in a DSS after the
        signature; ``None``: nothing embedded.
    Raises pyHanko's ``SigningError`` (or an ``OSError``) when signing fails; ``dst`` is then
    removed.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    layouts = page_layouts(src)
    timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=text.nama,
        embed_validation_info=validation_context is not None,
        validation_context=validation_context,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer,
        timestamper=timestamper,
        stamp_style=_mark_style(text, box),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=box.page, box=box.as_ints()),
    )
    try:
        with open(src, "rb") as inf, open(dst, "wb") as outf:
            writer = IncrementalPdfFileWriter(inf, strict=False)
            _add_footers(writer, layouts, footer_sentence(text.issuer), url)
            for other in other_boxes:
                _add_mark(writer, other, text, url)
            pdf_signer.sign_pdf(writer, output=outf, appearance_text_params={"url": url})
    except BaseException:
        dst.unlink(missing_ok=True)
        raise
