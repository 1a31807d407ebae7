"""The main job: one workbook → one agency's numbered, archived document trail for one period.

:func:`run_cycle` reads and checks the input (nothing is written if it is bad), measures, plans
the documents, then in ONE write transaction allocates the register numbers, renders every DOCX
into a staging folder and archives them as a new version; a failure anywhere rolls the numbers
back and leaves the archive as it was. PDFs are made by the process's warm LibreOffice while
the next documents render (:mod:`naskah.pdf.background`; without the pool: one LibreOffice call
after archiving) and attached once the DOCX are archived; a PDF failure leaves the DOCX
archived and is reported.
"""

from __future__ import annotations

import calendar
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType

from sqlalchemy.orm import Session

from naskah.accounts import audit
from naskah.agencies.manager import Plugins, plugins_for
from naskah.archive import numbering
from naskah.archive import store as archive
from naskah.cycle import Cycle
from naskah.db import make_engine, session_factory
from naskah.documents.artifacts import use_cache_dir
from naskah.errors import InputError, NaskahError
from naskah.i18n import _
from naskah.input.workbook import read_workbook
from naskah.model import CollectedData, Periode, PlannedDocument, Problem
from naskah.pdf import soffice as pdf
from naskah.pipeline import (
    document_date,
    is_numbered,
    plan_documents,
    prepare_cycle,
)
from naskah.render_split import render_documents
from naskah.settings import Settings

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ArchivedDocument:
    """A line of the run summary."""

    id: int
    procedure: str
    step: int
    title: str
    nomor: str
    docx_path: str
    pdf_path: str | None


@dataclass
class RunResult:
    """What a run produced: the archive run (id, version) and its documents.

    ``files`` counts DOCX and PDF files written; ``seconds`` is the wall time of the run.
    """

    run_id: int
    version: int
    agency: str
    periode: str
    documents: list[ArchivedDocument]
    files: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    pdf_note: str | None = None


@contextmanager
def open_archive(settings: Settings) -> Iterator[tuple[Session, ModuleType]]:
    """A session on the archive index (tables created if missing) and the archive module."""
    engine = make_engine(settings.database)
    try:
        archive.init_db(engine)
        with session_factory(engine)() as session:
            yield session, archive
    finally:
        engine.dispose()


def resolve(data: CollectedData, agency: str | None, periode: str | None) -> tuple[str, Periode]:
    """The agency and period of the run: from the command line, checked against the workbook.

    :raises InputError: no agency anywhere, or the command line and the ``Siklus`` sheet disagree.
    """
    siklus = data.siklus
    problems = []
    slug = agency or siklus.agency
    if not slug:
        problems.append(Problem(data.source, "Siklus", None, None, _("no agency"),
                                _("give --agency SLUG or an 'agency' row in the Siklus sheet")))
    elif agency and siklus.agency and agency != siklus.agency:
        problems.append(Problem(data.source, "Siklus", None, None,
                                _("agency {agency!r} in the workbook", agency=siklus.agency),
                                _("the same agency as --agency {agency!r}", agency=agency)))
    if periode is not None:  # "--period ''" is a mistake, not "the workbook's period"
        try:
            wanted = Periode.parse(periode)
        except ValueError:
            problems.append(Problem(data.source, "Siklus", None, None,
                                    _("--period {period} is not a period", period=repr(periode)),
                                    _("write the period as 2025-TW1, 2025-S1 or 2025")))
        else:
            if wanted != siklus.periode:
                problems.append(Problem(data.source, "Siklus", None, None,
                                        _("periode {key} in the workbook", key=siklus.periode.key),
                                        _("the period given by --period ({key})", key=wanted.key)))
    if problems:
        raise InputError(problems)
    return slug, siklus.periode


def run_cycle(
    workbook: Path,
    *,
    agency: str | None,
    periode: str | None,
    settings: Settings,
    plugins: Plugins | None = None,
    progress: Progress | None = None,
    created_by: str = "",
    new_numbers: bool = False,
) -> RunResult:
    """Produce and archive the whole document trail of one agency for one period.

    :param workbook: the input XLSX (``docs/input-format.md``).
    :param agency: agency slug; ``None``: the workbook's ``Siklus`` ``agency``.
    :param periode: ``YYYY-TWn``; ``None``: the workbook's period.
    :param progress: called as ``progress(done, total, what)`` while rendering.
    :param created_by: who runs it (kept with the run, shown with each version).
    :param new_numbers: issue new letters: every numbered document takes a new number from the
        register instead of keeping the one its letter already has (``--nomor-baru``).
    :raises InputError: bad input (every problem listed); nothing is written.
    :raises naskah.errors.NaskahError: a plugin, template or archive failure; nothing is written.
    """
    started = time.perf_counter()
    progress = progress or (lambda done, total, what: None)
    plugins = plugins or plugins_for(settings)
    data = read_workbook(Path(workbook))
    slug, _unused = resolve(data, agency, periode)
    cycle = prepare_cycle(plugins, slug, data)
    planned = plan_documents(plugins, cycle)
    source_sha, _unused = archive.file_sha256(Path(workbook))
    result = render_and_archive(
        plugins, cycle, planned, settings=settings, source_name=Path(workbook).name,
        source_sha256=source_sha, progress=progress, created_by=created_by,
        new_numbers=new_numbers,
    )
    result.seconds = time.perf_counter() - started
    return result


Finish = Callable[[PlannedDocument, Path], None]
"""Called as ``finish(document, docx_path)`` on a rendered DOCX before it is archived."""


def render_and_archive(
    plugins: Plugins,
    cycle: Cycle,
    planned: Sequence[PlannedDocument],
    *,
    settings: Settings,
    source_name: str = "",
    source_sha256: str = "",
    session: Session | None = None,
    progress: Progress | None = None,
    finish: Finish | None = None,
    reason: str = archive.RunReason.RUN,
    created_by: str = "",
    new_numbers: bool = False,
) -> RunResult:
    """Number, render and archive ``planned`` (documents of ``cycle``) now, as ONE new run (the
    next version of the cycle's agency and period), then attach their PDFs.

    The building block of :func:`run_cycle` (the whole trail at once) and of the SOP cycle
    (:mod:`naskah.sop_cycle`: one step's documents when the step completes). Numbers already in
    ``cycle.nomor`` (given earlier, e.g. the nota dinas a laporan cites) are kept; the numbers
    of ``planned`` are added.

    :param source_name: what the run was made from (shown in listings; no directory).
    :param session: a session on the archive index whose transaction this joins: its pending
        changes are committed with the run, or rolled back with it on failure. ``None``: a
        session of its own on ``settings.database``.
    :param finish: applied to each rendered DOCX before it is archived (e.g. to stamp
        metadata), so the archived sha256 covers the final bytes.
    :param reason: why (:class:`naskah.archive.store.RunReason`); ``created_by``: who.
    :param new_numbers: new letters: new register numbers even where the letter has one.
    :raises naskah.errors.NaskahError: a plugin, template or archive failure; nothing is written.
    """
    started = time.perf_counter()
    progress = progress or (lambda done, total, what: None)
    use_cache_dir(settings.data_dir / "cache")
    meta = archive.RunMeta(cycle.agency.slug, cycle.periode, source_name, source_sha256,
                           reason=reason, created_by=created_by)
    staging = archive.stage_dir(settings.data_dir, cycle.agency.slug, cycle.periode)
    converter = None
    try:
        if settings.pdf.enabled and settings.pool.enabled and pdf.soffice_available(settings):
            from naskah.pdf.background import BackgroundConverter

            converter = BackgroundConverter(settings, staging / "pdf")
        with ExitStack() as stack:
            if session is None:
                session, _unused = stack.enter_context(open_archive(settings))
            run, _unused = _render_and_archive(
                session, settings, plugins, cycle, list(planned), staging, progress, meta, finish,
                converter, new_numbers,
            )
            pdf_note = _attach_pdfs(session, settings, run, staging, progress, converter)
            documents = [
                ArchivedDocument(d.id, d.procedure, d.step, d.title, d.nomor or "", d.docx_path,
                                 d.pdf_path)
                for d in sorted(run.documents, key=lambda d: d.id)
            ]
    finally:
        if converter is not None:
            converter.cancel()
        shutil.rmtree(staging, ignore_errors=True)
    return RunResult(
        run_id=run.id,
        version=run.version,
        agency=cycle.agency.slug,
        periode=cycle.periode.key,
        documents=documents,
        files=sum(1 + bool(d.pdf_path) for d in documents),
        seconds=time.perf_counter() - started,
        warnings=list(cycle.warnings),
        pdf_note=pdf_note,
    )


def _render_and_archive(session, settings, plugins, cycle, planned, staging, progress, meta,
                        finish=None, converter=None, new_numbers=False):
    """One write transaction: numbers, DOCX rendering, archive rows. Rolled back on failure.
    Each finished DOCX goes to ``converter`` (PDF in the background) when there is one."""
    try:
        nomor = allocate_numbers(session, plugins, cycle, planned, new_numbers=new_numbers)
        jobs = [(d, nomor.get(d.key), staging / f"{i:03d}.docx")
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
        staged = [archive.StagedDocument(d, out, nomor.get(d.key, ""),
                                         tanggal=document_date(cycle, d)) for d, _job, out in jobs]
        progress(len(planned), len(planned), _("Archiving"))
        run = archive.commit_run(session, settings.archive_dir, meta, staged)
        if new_numbers:
            audit.record(session, meta.created_by, audit.Action.NOMOR_BARU, object_type="run",
                         object_id=run.id, agency=meta.agency,
                         detail=", ".join(s.nomor for s in staged if s.nomor))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return run, staged


def tanggal_register(periode: Periode) -> date:
    """The date an undated document of ``periode`` is numbered with: the last day of the
    period (``2019-TW1`` → 31 March 2019, ``2019-S1`` → 30 June 2019, ``2019`` → 31 December
    2019), so its nomor falls in the period's year and month — never the machine's clock."""
    bulan = periode.bulan_akhir
    return date(periode.tahun, bulan, calendar.monthrange(periode.tahun, bulan)[1])


def allocate_numbers(
    session: Session, plugins: Plugins, cycle: Cycle, planned: list[PlannedDocument],
    *, new_numbers: bool = False,
) -> dict[str, str]:
    """Register numbers for the numbered documents, in trail order; fills ``cycle.nomor``.

    A document that already has a number (an earlier version of the same letter, same
    register year) keeps it (:func:`naskah.archive.numbering.number_for_letter`);
    ``new_numbers``: every one takes a new number (new letters). Runs in the caller's write
    transaction (a rollback returns the numbers). Shared by :func:`render_and_archive` and the
    batch steps (:mod:`naskah.batch.steps`), so both number alike. :return: nomor by
    document key.
    """
    agency = cycle.agency
    if not agency.kode_unit:
        cycle.warn(_("kode unit of {value} is not given: nomor prints '....' in its place",
                     value=agency.singkatan or agency.slug))
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
            new=new_numbers,
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


def _attach_pdfs(session, settings, run, staging, progress, converter=None) -> str | None:
    """Attach the run's PDFs: those ``converter`` made in the background while the documents
    rendered (this process's warm LibreOffice, :mod:`naskah.pdf.background`), else converted
    now with one ``soffice`` call.

    :return: a note for the user when no PDF was made (LibreOffice missing or failing).
    """
    if converter is not None:
        return _attach_background(session, settings, run, progress, converter)
    if not settings.pdf.enabled:
        return _("PDF conversion is off (--no-pdf): DOCX only.")
    if not pdf.soffice_available(settings):
        return _("LibreOffice (soffice) is not installed: DOCX only. For PDFs: sudo apt-get "
                 "install libreoffice-writer-nogui, then run again.")
    documents = sorted(run.documents, key=lambda d: d.id)
    sources = [d.docx_file(settings.archive_dir) for d in documents]
    progress(0, len(documents), _("Converting to PDF"))
    outdir = staging / "pdf"
    outdir.mkdir()
    note = None
    try:
        if settings.pool.enabled:
            from naskah.pdf.pool import get_pool

            pdfs = get_pool(settings).convert_many(sources, outdir)
        else:
            pdfs = pdf.convert_to_pdf(sources, outdir, settings)
    except pdf.PdfError as exc:
        # Attach what did convert; name what did not. The DOCX files are archived either way.
        pdfs = dict(exc.converted)
        note = _("PDF conversion failed for some documents; their DOCX files are archived. "
                 "{error}", error=exc)
    try:
        for d, source in zip(documents, sources, strict=True):
            if source in pdfs:
                archive.attach_pdf(session, settings.archive_dir, d.id, pdfs[source])
        session.commit()
    except BaseException:
        session.rollback()
        raise
    progress(len(documents), len(documents), _("Converting to PDF"))
    return note


def _attach_background(session, settings, run, progress, converter) -> str | None:
    documents = sorted(run.documents, key=lambda d: d.id)
    progress(0, len(documents), _("Converting to PDF"))
    made, errors = converter.finish()
    note = None
    if errors:
        note = _("PDF conversion failed for some documents; their DOCX files are archived. "
                 "{errors}", errors="; ".join(f"{k}: {e}" for k, e in errors.items()))
    try:
        for d in documents:
            if d.key in made:
                archive.attach_pdf(session, settings.archive_dir, d.id, made[d.key])
        session.commit()
    except BaseException:
        session.rollback()
        raise
    progress(len(documents), len(documents), _("Converting to PDF"))
    return note


def retrieve(session: Session, settings: Settings, document_id: int, *, pdf: bool = False) -> Path:
    """The archived file of a document, after checking it against its recorded sha256.

    :raises NaskahError: no such document, no PDF for it, file missing or changed.
    """
    doc = archive.get_document(session, document_id)
    if doc is None:
        raise NaskahError(_("no archived document with id {document_id} (see `naskah archive "
                            "list`)", document_id=document_id))
    if pdf and not doc.pdf_path:
        raise NaskahError(_("document {document_id} has no PDF (was LibreOffice installed?)",
                            document_id=document_id))
    path = doc.pdf_file(settings.archive_dir) if pdf else doc.docx_file(settings.archive_dir)
    expected = doc.pdf_sha256 if pdf else doc.docx_sha256
    if path is None or not path.is_file():
        raise NaskahError(_("document {document_id}: file {path} is missing from the archive",
                            document_id=document_id, path=path))
    sha, _unused = archive.file_sha256(path)
    if sha != expected:
        raise NaskahError(_("document {document_id}: {path} does not match its recorded sha256 "
                            "(changed after archiving); run `naskah archive verify`",
                            document_id=document_id, path=path))
    return path
