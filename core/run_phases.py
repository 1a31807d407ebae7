"""The phases of a run (:func:`naskah.run.render_and_archive`): number, render, archive — and no
transaction open while documents render.

1. **Number** (:func:`allocate_numbers`, one short write transaction, committed): each numbered
   document gets its letter's register number, or a new one recorded for its letter
   (:mod:`naskah.archive.numbering`). Once committed the number belongs to the letter
   (``PlannedDocument.key``): a run that fails or is killed after this does not leave a gap in
   the register — the letter keeps the number and the next run of it prints it. With
   ``--nomor-baru`` a letter whose newest number no archived document bears yet (its run
   failed) takes that number again instead of a new one: a failed ``--nomor-baru`` run burns
   no number, and its retry prints the numbers the failed attempt took.
2. **Render** (:func:`render_staged`, :func:`stage_pdfs`): every DOCX into the staging folder
   and its PDF (in the background while the next ones render, :mod:`naskah.pdf.background`),
   with **no database connection held** (the run's engine has no pool): other writers — the
   web service, a batch worker, another run — are never blocked by a long rendering.
3. **Archive** (:func:`naskah.archive.store.commit_run`, one short write transaction): files
   moved into a new ``v<N>`` and their rows added, under the (agency, periode) lock
   (:mod:`naskah.archive.locks`), so two runs of one period rendering at the same time archive
   one after the other as two versions.

A failure in 2 or 3 leaves the archive as it was (``commit_run`` moves files back) and the
staging folder is removed by the caller; only the numbers of 1 stay, held by their letters.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from naskah.agencies.manager import Plugins
from naskah.archive import numbering
from naskah.archive import store as archive
from naskah.cycle import Cycle
from naskah.i18n import _
from naskah.model import Periode, PlannedDocument
from naskah.pdf import soffice as pdf
from naskah.pipeline import document_date, is_numbered
from naskah.render_split import render_documents
from naskah.settings import Settings

Progress = Callable[[int, int, str], None]
Finish = Callable[[PlannedDocument, Path], None]
"""Called as ``finish(document, docx_path)`` on a rendered DOCX before it is archived."""


@contextmanager
def transaction(joined: Session | None, new_session: sessionmaker[Session] | None, *,
                commit: bool) -> Iterator[Session]:
    """A write transaction for one phase.

    ``joined`` (a caller's session, e.g. an SOP cycle step recording its event with its
    documents): that session; committed here only when ``commit``, rolled back on any
    exception. Else a new session of ``new_session`` in a transaction of its own, committed
    when the block ends (rolled back on an exception).
    """
    if joined is None:
        assert new_session is not None
        with new_session() as session, session.begin():
            yield session
        return
    try:
        yield joined
        if commit:
            joined.commit()
    except BaseException:
        joined.rollback()
        raise


def tanggal_register(periode: Periode) -> date:
    """The date an undated document of ``periode`` is numbered with: the last day of the
    period (``2019-TW1`` → 31 March 2019, ``2019-S1`` → 30 June 2019, ``2019`` → 31 December
    2019), so its nomor falls in the period's year and month — never the machine's clock."""
    bulan = periode.bulan_akhir
    return date(periode.tahun, bulan, calendar.monthrange(periode.tahun, bulan)[1])


def _unarchived(session: Session) -> Callable[[numbering.NomorIssued], bool]:
    """``unused(issued)``: no archived document of the letter bears ``issued`` — none has its
    nomor text, and none was archived after it was issued (so a number whose printed form
    changed since, e.g. a new kode unit, still counts as used)."""
    def unused(issued: numbering.NomorIssued) -> bool:
        Document = archive.Document  # noqa: N806
        return not session.scalar(select(exists().where(
            Document.key == issued.document_key,
            or_(Document.nomor == issued.nomor, Document.created_at >= issued.issued_at),
        )))
    return unused


def allocate_numbers(
    session: Session, plugins: Plugins, cycle: Cycle, planned: list[PlannedDocument],
    *, new_numbers: bool = False,
) -> dict[str, str]:
    """Register numbers for the numbered documents, in trail order; fills ``cycle.nomor``.

    A document that already has a number (an earlier version of the same letter, same
    register year) keeps it (:func:`naskah.archive.numbering.number_for_letter`);
    ``new_numbers``: every one takes a new number (new letters) — or the number a failed
    earlier ``new_numbers`` run took for it and never archived (see the module). Runs in the
    caller's write transaction (a rollback returns the numbers). Shared by
    :func:`naskah.run.render_and_archive` and the batch steps (:mod:`naskah.batch.steps`), so
    both number alike. :return: nomor by document key.
    """
    agency = cycle.agency
    if not agency.kode_unit:
        cycle.warn(_("kode unit of {value} is not given: nomor prints '....' in its place",
                     value=agency.singkatan or agency.slug))
    unused = _unarchived(session) if new_numbers else None
    for document in filter(is_numbered, planned):
        kind = document.kind
        dated = document_date(cycle, document)
        tanggal = dated or tanggal_register(cycle.periode)
        if dated is None:
            cycle.warn(_(
                "{title} ({procedure}) has no date in the Siklus sheet: its date is left blank; "
                "its nomor is taken from the register of {year}, dated the period's last day "
                "({date})", title=document.title, procedure=document.procedure,
                year=tanggal.year, date=tanggal.strftime("%d/%m/%Y")))
        number, reused = numbering.number_for_letter(
            session, agency.slug, tanggal.year, kind.kode_klasifikasi, document.key,
            new=new_numbers, unused=unused,
        )
        text = numbering.format_nomor(
            plugins.numbering_pattern(agency, kind), kode=kind.kode_klasifikasi, nomor=number,
            unit=agency.kode_unit, tanggal=tanggal,
        )
        if not reused:
            numbering.record(session, agency.slug, tanggal.year, kind.kode_klasifikasi, number,
                             text, document.key)
        cycle.nomor[document.key] = text
    return cycle.nomor


def render_staged(
    settings: Settings, plugins: Plugins, cycle: Cycle, planned: Sequence[PlannedDocument],
    staging: Path, progress: Progress, finish: Finish | None = None, converter=None,
) -> list[archive.StagedDocument]:
    """Render every document of ``planned`` (numbers in ``cycle.nomor``) into ``staging``
    (``001.docx`` …); each finished DOCX goes through ``finish``, then to ``converter`` (PDF
    in the background) when there is one. Touches no database.

    :raises naskah.errors.NaskahError: a document does not render.
    """
    jobs = [(d, cycle.nomor.get(d.key), staging / f"{i:03d}.docx")
            for i, d in enumerate(planned, start=1)]
    finished: list[int] = []

    def done(i: int) -> None:
        document, _job, out = jobs[i]
        if finish is not None:
            finish(document, out)
        if converter is not None:
            converter.submit(document.key, out)
        finished.append(i)
        progress(len(finished), len(planned), document.title)

    progress(0, len(planned), planned[0].title if planned else "")
    render_documents(plugins, cycle, jobs, done, processes=settings.queue.local_processes)
    return [archive.StagedDocument(d, out, cycle.nomor.get(d.key, ""),
                                   tanggal=document_date(cycle, d)) for d, _job, out in jobs]


def stage_pdfs(
    settings: Settings, staged: list[archive.StagedDocument], staging: Path,
    progress: Progress, converter=None,
) -> tuple[list[archive.StagedDocument], str | None]:
    """The staged documents with their PDFs: those ``converter`` made while they rendered, else
    converted now (one ``soffice`` call, or the pool when it is on). Touches no database.

    :return: ``(staged with .pdf where made, note)``; the note tells the user why some or all
        PDFs are missing (LibreOffice off, missing or failing) — their DOCX are archived anyway.
    """
    if converter is None:
        if not settings.pdf.enabled:
            return staged, _("PDF conversion is off (--no-pdf): DOCX only.")
        if not pdf.soffice_available(settings):
            return staged, _("LibreOffice (soffice) is not installed: DOCX only. For PDFs: "
                             "sudo apt-get install libreoffice-writer-nogui, then run again.")
    progress(0, len(staged), _("Converting to PDF"))
    note = None
    if converter is not None:
        made, errors = converter.finish()
        if errors:
            note = _("PDF conversion failed for some documents; their DOCX files are archived. "
                     "{errors}", errors="; ".join(f"{k}: {e}" for k, e in errors.items()))
        by_key = {sd.planned.key: made.get(sd.planned.key) for sd in staged}
    else:
        outdir = staging / "pdf"
        outdir.mkdir(exist_ok=True)
        sources = [sd.docx for sd in staged]
        try:
            if settings.pool.enabled:
                from naskah.pdf.pool import get_pool

                pdfs = get_pool(settings).convert_many(sources, outdir)
            else:
                pdfs = pdf.convert_to_pdf(sources, outdir, settings)
        except pdf.PdfError as exc:
            # Keep what did convert; name what did not. The DOCX files are archived either way.
            pdfs = dict(exc.converted)
            note = _("PDF conversion failed for some documents; their DOCX files are archived. "
                     "{error}", error=exc)
        by_key = {sd.planned.key: pdfs.get(sd.docx) for sd in staged}
    progress(len(staged), len(staged), _("Converting to PDF"))
    return [replace(sd, pdf=by_key[sd.planned.key]) for sd in staged], note
