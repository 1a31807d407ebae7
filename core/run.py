"""The main job: one workbook → one agency's numbered, archived document trail for one period.

:func:`run_cycle` reads and checks the input (nothing is written if it is bad), measures, plans
the documents, then (:func:`render_and_archive`, phases in :mod:`naskah.run_phases`) commits the
register numbers in one short transaction, renders every DOCX into a staging folder with no
transaction open, and archives them as a new version in a second short transaction; a failure
leaves the archive as it was, the staging folder removed, and the numbers with their letters
(reused by the next run, so the register has no gap). PDFs are made by the process's warm
LibreOffice while the next documents render (:mod:`naskah.pdf.background`; without the pool:
one LibreOffice call after rendering) and archived with their DOCX; a PDF failure leaves the
DOCX archived and is reported.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from naskah import run_phases as phases
from naskah.accounts import audit
from naskah.agencies.manager import Plugins, plugins_for
from naskah.archive import store as archive
from naskah.cycle import Cycle
from naskah.db import make_engine, session_factory
from naskah.documents.artifacts import use_cache_dir
from naskah.errors import InputError, NaskahError
from naskah.i18n import _
from naskah.input.workbook import read_workbook
from naskah.model import CollectedData, Periode, PlannedDocument, Problem
from naskah.pdf import soffice as pdf
from naskah.pipeline import plan_documents, prepare_cycle
from naskah.run_phases import Finish, Progress, allocate_numbers, tanggal_register
from naskah.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["ArchivedDocument", "Finish", "Progress", "RunResult", "allocate_numbers",
           "open_archive", "render_and_archive", "resolve", "retrieve", "run_cycle",
           "tanggal_register"]


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
        register instead of keeping the one its letter already has (``--nomor-baru``); a
        failed ``--nomor-baru`` run's numbers are taken again by its retry (none burned).
    :raises InputError: bad input (every problem listed); nothing is written.
    :raises naskah.errors.NaskahError: a plugin, template or archive failure; nothing is
        archived (numbers already committed stay with their letters, see
        :mod:`naskah.run_phases`).
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
    next version of the cycle's agency and period), with their PDFs.

    The building block of :func:`run_cycle` (the whole trail at once) and of the SOP cycle
    (:mod:`naskah.sop_cycle`: one step's documents when the step completes). Numbers already in
    ``cycle.nomor`` (given earlier, e.g. the nota dinas a laporan cites) are kept; the numbers
    of ``planned`` are added. Three phases (:mod:`naskah.run_phases`): the numbers are
    committed in a short transaction, the documents render with no transaction and no database
    connection open, and the archive is written in a second short transaction. A failure
    after the first phase leaves the archive as it was and the numbers with their letters
    (the next run of the letter prints them; nothing is skipped in the register).

    :param source_name: what the run was made from (shown in listings; no directory).
    :param session: a session on the archive index whose transaction this joins: numbers,
        documents and its pending changes are committed together with the run, or rolled back
        together on failure — its transaction stays open while the documents render (an SOP
        cycle step: a few documents). ``None``: short transactions of its own on
        ``settings.database``, none open while rendering.
    :param finish: applied to each rendered DOCX before it is archived (e.g. to stamp
        metadata), so the archived sha256 covers the final bytes.
    :param reason: why (:class:`naskah.archive.store.RunReason`); ``created_by``: who.
    :param new_numbers: new letters: new register numbers even where the letter has one.
    :raises naskah.errors.NaskahError: a plugin, template or archive failure; nothing is
        archived.
    """
    started = time.perf_counter()
    progress = progress or (lambda done, total, what: None)
    use_cache_dir(settings.data_dir / "cache")
    meta = archive.RunMeta(cycle.agency.slug, cycle.periode, source_name, source_sha256,
                           reason=reason, created_by=created_by)
    staging = archive.stage_dir(settings.data_dir, cycle.agency.slug, cycle.periode)
    converter = None
    engine = None
    new_session = None
    try:
        if session is None:
            # No pool: between the phases no connection stays open (nor is one inherited by
            # the forked render process).
            engine = make_engine(settings.database, poolclass=NullPool)
            archive.init_db(engine)
            new_session = session_factory(engine)
        clock = [time.perf_counter()]
        with phases.transaction(session, new_session, commit=False) as s:
            phases.allocate_numbers(s, plugins, cycle, list(planned), new_numbers=new_numbers)
        clock.append(time.perf_counter())
        if settings.pdf.enabled and settings.pool.enabled and pdf.soffice_available(settings):
            from naskah.pdf.background import BackgroundConverter

            converter = BackgroundConverter(settings, staging / "pdf")
        staged = phases.render_staged(settings, plugins, cycle, planned, staging, progress,
                                      finish, converter)
        staged, pdf_note = phases.stage_pdfs(settings, staged, staging, progress, converter)
        progress(len(staged), len(staged), _("Archiving"))
        clock.append(time.perf_counter())
        with phases.transaction(session, new_session, commit=True) as s:
            run = archive.commit_run(s, settings.archive_dir, meta, staged)
            if new_numbers:
                audit.record(s, meta.created_by, audit.Action.NOMOR_BARU, object_type="run",
                             object_id=run.id, agency=meta.agency,
                             detail=", ".join(sd.nomor for sd in staged if sd.nomor))
            documents = [
                ArchivedDocument(d.id, d.procedure, d.step, d.title, d.nomor or "", d.docx_path,
                                 d.pdf_path)
                for d in sorted(run.documents, key=lambda d: d.id)
            ]
            run_id, version = run.id, run.version
        clock.append(time.perf_counter())
        log.info("%s %s v%d: numbers %.3f s, rendering and PDF %.3f s (no transaction), "
                 "archive %.3f s", meta.agency, meta.periode.key, version,
                 *(b - a for a, b in zip(clock, clock[1:], strict=False)))
    except BaseException:
        if session is not None:  # joined: the caller's pending changes go with the run
            session.rollback()
        raise
    finally:
        if converter is not None:
            converter.cancel()
        shutil.rmtree(staging, ignore_errors=True)
        if engine is not None:
            engine.dispose()
    return RunResult(
        run_id=run_id,
        version=version,
        agency=cycle.agency.slug,
        periode=cycle.periode.key,
        documents=documents,
        files=sum(1 + bool(d.pdf_path) for d in documents),
        seconds=time.perf_counter() - started,
        warnings=list(cycle.warnings),
        pdf_note=pdf_note,
    )


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
