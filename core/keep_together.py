"""Signature blocks kept on the page of the text they sign, applied to a rendered DOCX.

A naskah dinas never has its signature block alone at the top of a page: the closing text —
and, after a table, the table's last rows — go to the next page with it (issue 11: Program
Kerja page 2 held a note and the signatures, a formulir's page 2 its petunjuk and signature,
a filled formulir's page 2 a repeated header row and the signature).

The templates cannot say this by themselves: the elements before a signature block in a
template are often docxtpl tags (``{%p endfor %}``, ``{%tr endfor %}``) that rendering
removes together with their "keep with next". So the chain is set on the rendered document:
walking back from each signature block (a table carrying :data:`SIGNATURE_CAPTION`, as
``templates/build`` writes them, at body level or nested in a closing block) over

- empty paragraphs (spacing): kept with the next, not counted;
- paragraphs with text or a picture: kept with the next, up to :data:`KEEP_PARAGRAPHS`;
- a table: its last :data:`KEEP_ROWS` rows that are not repeated header rows made unsplittable
  with every paragraph kept with the next (LibreOffice and Word then move those rows with
  what follows), and the walk stops.

Measured with LibreOffice 7.4 on the bundled trail: the filled formulir of Bidang Rehabilitasi
Sosial then prints its rows 6 and 7 above the signature on page 2.

LibreOffice also ignores "keep with next" on a paragraph that directly follows a table: BKPSDM's
Rekapitulasi printed its heading "Grafik Capaian Kinerja" alone at the foot of page 1 and the
chart on page 2. An empty paragraph one twip high between the table and such a paragraph
(:func:`keep_headings_after_tables`) lets it go to the next page with what it keeps with;
Word, which honours the keep either way, shows nothing of it. (When the table's own last row
keeps with the next — a signature chain — LibreOffice keeps the chain and nothing is put.)
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

SIGNATURE_CAPTION = "naskah:ttd"
"""``w:tblCaption`` of the table of a signature block (``templates/build/common.py``)."""

KEEP_PARAGRAPHS = 2
"""Paragraphs with text kept with a signature block (the closing sentence and the one
before), when no table comes first."""

KEEP_ROWS = 2
"""Last rows of a table directly before a signature block (notes in between allowed) that go
with it to a new page."""


def is_signature(table) -> bool:
    """Whether ``table`` (a ``w:tbl`` element) is, or holds, a signature block."""
    for tbl in table.iter(qn("w:tbl")):
        caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if caption is not None and caption.get(qn("w:val")) == SIGNATURE_CAPTION:
            return True
    return False


def _keep_next(p) -> None:
    p.get_or_add_pPr().get_or_add_keepNext()


def _has_content(p) -> bool:
    if any((t.text or "").strip() for t in p.iter(qn("w:t"))):
        return True
    return p.find(f".//{qn('w:drawing')}") is not None


def _breaks_page(p) -> bool:
    if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None:
        return True
    return any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br")))


def _keep_last_rows(table, n: int) -> None:
    rows = [r for r in table.findall(qn("w:tr"))
            if r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None]
    for row in rows[-n:]:
        trpr = row.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
        for p in row.iter(qn("w:p")):
            _keep_next(p)


def keep_signatures_with_text(document: DocumentObject) -> int:
    """Chain every body-level signature block of ``document`` to the text before it (see the
    module). Returns how many signature blocks were found."""
    body = document.element.body
    elements = [e for e in body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))]
    found = 0
    for i, element in enumerate(elements):
        if element.tag != qn("w:tbl") or not is_signature(element):
            continue
        found += 1
        kept = 0
        for before in reversed(elements[:i]):
            if before.tag == qn("w:tbl"):
                if not is_signature(before):
                    _keep_last_rows(before, KEEP_ROWS)
                break
            if _breaks_page(before):
                break
            _keep_next(before)
            if _has_content(before):
                kept += 1
                if kept >= KEEP_PARAGRAPHS:
                    break
    return found


_SPACER = (f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
           'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def keep_headings_after_tables(document: DocumentObject) -> int:
    """Put a one-twip empty paragraph between every body-level table and a paragraph right
    after it that keeps with the next (see the module). Returns how many were put."""
    body = document.element.body
    put = 0
    for table in list(body.iterchildren(qn("w:tbl"))):
        after = table.getnext()
        if after is None or after.tag != qn("w:p") or not _keeps(after):
            continue
        rows = table.findall(qn("w:tr"))
        if rows and all(_keeps(p) for p in rows[-1].iter(qn("w:p"))):
            continue  # the table's rows keep with it already (a signature chain): it works
        table.addnext(parse_xml(_SPACER))
        put += 1
    return put


def _keeps(p) -> bool:
    return p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
