"""The archive: rendered documents kept as files under ``Settings.archive_dir``, indexed in the DB.

Layout (relative to the archive directory; one folder per run, never overwritten)::

    <agency>/<tahun>/<periode>/v<version>/<procedure>/<NN>_<kind>[_<variant>][_<bidang-slug>].docx
    e.g. dinsos-p3a-pessel/2025/2025-TW1/v1/pengumpulan/03_nota_dinas.docx  (+ .pdf beside it)

A :class:`Run` is one rendering of some or all documents of an agency's period; running the same
period again makes a new run with the next ``version`` (1, 2, 3 …). Its :class:`Document` rows
point at the files by relative path and keep their sha256 and size, which :func:`verify` checks.

Versions are per document: a document (``Document.key``) is current in the newest run holding
it (:func:`current_documents`); a whole trail versions every document, an SOP cycle step only
those it touches.

Writing a run, inside one caller transaction::

    staging = stage_dir(settings.data_dir, agency, periode.key)   # render into this folder
    ...
    with Session() as s, s.begin():                      # Session = session_factory(engine)
        run = commit_run(s, settings.archive_dir, meta, staged)   # moves files, adds rows
    shutil.rmtree(staging, ignore_errors=True)

:func:`commit_run` moves the staged files into place (``os.replace``, same file system) and adds
the rows in a savepoint; on any failure it moves the files back, rolls back and re-raises: no
half run remains (if the final COMMIT fails, the files stay as an orphan ``v<N>`` folder that
:func:`next_version` skips and ``archive verify`` reports).
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from sqlalchemy import (
    BigInteger,
    Date,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

import naskah.archive.numbering  # noqa: F401  (its tables are created by init_db too)
from naskah.accounts import audit
from naskah.archive.files import (  # noqa: F401 - re-exported  # noqa: F401
    ArchiveError,
    _fsync_dir,
    _makedirs,
    _move_back,
    _move_in,
    file_sha256,
)
from naskah.archive.fulltext import document_words
from naskah.archive.locks import lock_period
from naskah.archive.staging import remove_stale_staging
from naskah.db import Base, UtcDateTime, utcnow
from naskah.i18n import _
from naskah.model import Periode, PlannedDocument, slugify

_COMPONENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_VERSION_DIR = re.compile(r"^v(\d+)$")


class RunReason:
    """Values of ``Run.reason``: why a run (a new version of some documents) was made."""

    RUN = "run"
    """``naskah run`` / the embedded run of a workbook (the whole trail)."""
    BATCH = "batch"
    """An agency's item of a batch (the whole trail)."""
    CYCLE_STEP = "cycle_step"
    """A step of the SOP cycle completed (only that step's documents)."""
    SIGNATURE = "signature"
    """A signed copy of documents."""


class RunStatus:
    """Values of ``Run.status``. A run exists only once its files are all in place."""

    COMMITTED = "committed"
    """Every DOCX is archived."""
    PDF_FAILED = "pdf_failed"
    """Every DOCX is archived, but some PDFs could not be made (the caller sets this)."""


# --- models ------------------------------------------------------------------------------------


class Run(Base):
    """One rendering of one agency's period; ``version`` counts 1, 2, 3 … per (agency, periode)."""

    __tablename__ = "run"
    __table_args__ = (UniqueConstraint("agency", "periode", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(100))
    tahun: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(16))
    """``Periode.key``, e.g. ``2025-TW1``."""
    version: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(Text, default="")
    """File name of the input workbook (no directory)."""
    source_sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.COMMITTED)
    reason: Mapped[str] = mapped_column(String(20), default=RunReason.RUN,
                                        server_default=RunReason.RUN)
    """Why the run was made (:class:`RunReason`)."""
    created_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    """Who made it: the user's name (service), the login name (CLI); empty if unknown."""

    documents: Mapped[list[Document]] = relationship(
        back_populates="run", order_by="Document.id", lazy="selectin"
    )

    @property
    def relpath(self) -> PurePosixPath:
        """Folder of this run relative to the archive directory."""
        return run_relpath(self.agency, self.periode, self.version)

    def __repr__(self) -> str:
        return f"<Run {self.id} {self.agency} {self.periode} v{self.version} {self.status}>"


class Document(Base):
    """One archived document: where its files are (relative to the archive dir) and their sha256.

    Sizes are in bytes; sha256 is lower-case hex. ``pdf_*`` are ``None`` until a PDF is attached.
    ``bidang`` is the bidang's name as in the data (empty for agency-wide documents).
    """

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("run_id", "key"),
        Index("ix_document_agency_periode", "agency", "periode"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("run.id"), index=True)
    agency: Mapped[str] = mapped_column(String(100))
    tahun: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(16))
    procedure: Mapped[str] = mapped_column(String(50))
    step: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(50))
    variant: Mapped[str] = mapped_column(String(50), default="")
    bidang: Mapped[str] = mapped_column(Text, default="")
    key: Mapped[str] = mapped_column(Text, index=True)
    """``PlannedDocument.key``: the same for the same document across runs."""
    nomor: Mapped[str] = mapped_column(Text, default="")
    tanggal: Mapped[date | None] = mapped_column(Date, nullable=True)
    """The date the letter bears (from the Siklus sheet); ``None`` when the data gives none."""
    title: Mapped[str] = mapped_column(Text)
    kode_klasifikasi: Mapped[str] = mapped_column(String(50))
    docx_path: Mapped[str] = mapped_column(Text)
    docx_sha256: Mapped[str] = mapped_column(String(64))
    docx_size: Mapped[int] = mapped_column(BigInteger)
    pdf_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pdf_size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    run: Mapped[Run] = relationship(back_populates="documents")
    text: Mapped[DocumentText | None] = relationship(back_populates="document")

    def docx_file(self, archive_dir: Path) -> Path:
        """Absolute path of the DOCX."""
        return Path(archive_dir) / self.docx_path

    def pdf_file(self, archive_dir: Path) -> Path | None:
        """Absolute path of the PDF, or ``None`` if none is attached."""
        return Path(archive_dir) / self.pdf_path if self.pdf_path else None

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.key} run={self.run_id}>"


class DocumentText(Base):
    """The words of one document, extracted once when it is archived
    (:func:`naskah.archive.fulltext.document_words`) and indexed for full-text search."""

    __tablename__ = "document_text"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    body: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship(back_populates="text")


def init_db(engine: Engine) -> None:
    """Bring the database to the newest schema: Alembic ``upgrade head`` (``naskah.migrations``).

    Creates every naskah table on an empty database; one query when already up to date.
    """
    from naskah.migrations import upgrade

    upgrade(engine)


# --- inputs of commit_run ----------------------------------------------------------------------


@dataclass(frozen=True)
class RunMeta:
    """What a run is of: the agency, the period, and the input workbook it was rendered from."""

    agency: str
    periode: Periode
    source_name: str = ""
    source_sha256: str = ""
    status: str = RunStatus.COMMITTED
    reason: str = RunReason.RUN
    created_by: str = ""


@dataclass(frozen=True)
class StagedDocument:
    """A rendered document waiting in the staging folder: its plan, DOCX, nomor, optional PDF."""

    planned: PlannedDocument
    docx: Path
    nomor: str = ""
    pdf: Path | None = None
    tanggal: date | None = None
    """The date the letter bears, if the data gives one."""


# --- paths -------------------------------------------------------------------------------------


def _component(value: str, what: str) -> str:
    if not _COMPONENT.match(value) or value in (".", ".."):
        raise ArchiveError(_("{what} {value!r} cannot be used in an archive path (letters, "
                             "digits, '.', '_', '-'; not starting with '.', '_' or '-')",
                             what=what, value=value))
    return value


def run_relpath(agency: str, periode: str | Periode, version: int) -> PurePosixPath:
    """``<agency>/<tahun>/<periode>/v<version>`` relative to the archive directory."""
    p = periode if isinstance(periode, Periode) else Periode.parse(periode)
    return PurePosixPath(_component(agency, "agency"), str(p.tahun), p.key, f"v{version}")


def document_relpath(planned: PlannedDocument, version: int) -> PurePosixPath:
    """Where a planned document's DOCX goes, relative to the archive directory.

    ``<run folder>/<procedure>/<NN>_<kind>[_<variant>][_<bidang-slug>].docx``. Raises
    :class:`ArchiveError` for a procedure, kind or variant that is not a safe file-name part.
    """
    name = f"{planned.step:02d}_{_component(planned.kind.slug, 'kind')}"
    if planned.variant:
        name += "_" + _component(planned.variant, "variant")
    if planned.bidang:
        name += "_" + slugify(planned.bidang)
    return (
        run_relpath(planned.agency, planned.periode, version)
        / _component(planned.procedure, "procedure")
        / f"{name}.docx"
    )


def stage_dir(data_dir: Path, agency: str, periode: str | Periode) -> Path:
    """A new, empty staging folder for one run: ``<data_dir>/staging/<agency>-<periode>-XXXX``,
    on the archive's file system (:func:`commit_run` moves files by rename); the caller removes
    it when done (``shutil.rmtree``). Stale folders of killed runs are removed first."""
    root = Path(data_dir) / "staging"
    root.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(root)
    key = periode.key if isinstance(periode, Periode) else str(periode)
    return Path(tempfile.mkdtemp(prefix=f"{_component(agency, 'agency')}-{key}-", dir=root))


# --- writing -----------------------------------------------------------------------------------


def next_version(session: Session, archive_dir: Path, agency: str, periode: str | Periode) -> int:
    """The version a new run of (agency, periode) gets: 1 + the highest in the index or on disk.

    Folders ``v<N>`` on disk without rows (left by a failed COMMIT) are skipped, never reused.
    """
    key = periode.key if isinstance(periode, Periode) else Periode.parse(periode).key
    in_db = session.scalar(
        select(func.max(Run.version)).where(Run.agency == agency, Run.periode == key)
    )
    on_disk = 0
    folder = Path(archive_dir) / run_relpath(agency, key, 1).parent
    if folder.is_dir():
        for child in folder.iterdir():
            m = _VERSION_DIR.match(child.name)
            if m:
                on_disk = max(on_disk, int(m.group(1)))
    return max(in_db or 0, on_disk) + 1


def commit_run(
    session: Session, archive_dir: Path, meta: RunMeta, staged: Sequence[StagedDocument]
) -> Run:
    """Archive a run: move its staged files into a new version folder and add its rows.

    Does not commit; the caller's transaction does (rows are added in a savepoint). Each
    DOCX (and PDF, if staged) is moved with ``os.replace`` to its :func:`document_relpath`;
    sha256 and size are recorded. All documents must be of ``meta``'s agency and period and have
    distinct keys.

    Raises :class:`ArchiveError` before touching anything if ``staged`` is empty, a document
    belongs elsewhere, keys or paths repeat, a staged file is missing or a path part is unsafe;
    ``ArchiveError`` if a target file already exists. Runs of one agency and period wait for
    each other (:func:`naskah.archive.locks.lock_period`, until the caller's transaction ends).
    On any failure after moving started, the files are moved back to staging, created folders
    removed, the savepoint rolled back, and the exception re-raised. On SQLite the transaction
    must be IMMEDIATE (:func:`naskah.db.begin_immediate`; ``RuntimeError`` otherwise).
    """
    archive_dir = Path(archive_dir)
    if not staged:
        raise ArchiveError(_("nothing to archive for {run}", run=f"{meta.agency} {meta.periode}"))
    period_key = meta.periode.key
    _component(meta.agency, "agency")

    problems: list[str] = []
    keys: set[str] = set()
    for sd in staged:
        p = sd.planned
        if p.agency != meta.agency or p.periode != meta.periode:
            problems.append(_("{doc}: not of {run}", doc=p.key, run=f"{meta.agency} {period_key}"))
        if p.key in keys:
            problems.append(_("{key}: staged twice", key=p.key))
        keys.add(p.key)
        document_relpath(p, 1)  # validates the path parts
        for f in (sd.docx, sd.pdf):
            if f is not None and not Path(f).is_file():
                problems.append(_("{key}: staged file {f} is missing", key=p.key, f=f))
    if problems:
        raise ArchiveError(_("cannot archive the run:") + "\n" + "\n".join(problems))

    lock_period(session, meta.agency, period_key)
    version = next_version(session, archive_dir, meta.agency, period_key)
    moved: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        with session.begin_nested():
            run = Run(
                agency=meta.agency,
                tahun=meta.periode.tahun,
                periode=period_key,
                version=version,
                source_name=meta.source_name,
                source_sha256=meta.source_sha256,
                status=meta.status,
                reason=meta.reason,
                created_by=meta.created_by[:100],
                created_at=utcnow(),
            )
            session.add(run)
            session.flush()  # a concurrent run with this version fails here, before any move

            for sd in staged:
                rel = document_relpath(sd.planned, version)
                docx_sha, docx_size = file_sha256(sd.docx, sync=True)
                target = archive_dir / rel
                _makedirs(target.parent, created)
                _move_in(Path(sd.docx), target)
                moved.append((Path(sd.docx), target))
                doc = Document(
                    run=run,
                    agency=meta.agency,
                    tahun=meta.periode.tahun,
                    periode=period_key,
                    procedure=sd.planned.procedure,
                    step=sd.planned.step,
                    kind=sd.planned.kind.slug,
                    variant=sd.planned.variant,
                    bidang=sd.planned.bidang,
                    key=sd.planned.key,
                    nomor=sd.nomor,
                    tanggal=sd.tanggal,
                    title=sd.planned.title,
                    kode_klasifikasi=sd.planned.kind.kode_klasifikasi,
                    docx_path=rel.as_posix(),
                    docx_sha256=docx_sha,
                    docx_size=docx_size,
                    created_at=run.created_at,
                )
                if sd.pdf is not None:
                    pdf_rel = rel.with_suffix(".pdf")
                    doc.pdf_sha256, doc.pdf_size = file_sha256(sd.pdf, sync=True)
                    _move_in(Path(sd.pdf), archive_dir / pdf_rel)
                    moved.append((Path(sd.pdf), archive_dir / pdf_rel))
                    doc.pdf_path = pdf_rel.as_posix()
                session.add(doc)
                doc.text = DocumentText(body=document_words(
                    doc.title, doc.nomor, doc.bidang, target))
            audit.record(session, meta.created_by, audit.Action.BUAT, object_type="run",
                         object_id=run.id, agency=meta.agency,
                         detail=f"{period_key} versi {version}: {len(staged)} dokumen "
                                f"({meta.reason}) · {meta.source_name}")
            session.flush()
    except BaseException:
        _move_back(moved, created)
        raise
    for d in {dst.parent for _unused, dst in moved} | set(created):
        _fsync_dir(d)
    return run


def attach_pdf(session: Session, archive_dir: Path, document_id: int, pdf_path: Path) -> Document:
    """Move a PDF beside its document's DOCX (same name, ``.pdf``) and record path, sha256, size.

    Does not commit. Raises :class:`ArchiveError` if there is no such document, it already has a
    PDF, the target exists, or ``pdf_path`` is missing; on a failure after the move the PDF is
    moved back and the exception re-raised.
    """
    archive_dir = Path(archive_dir)
    pdf_path = Path(pdf_path)
    doc = session.get(Document, document_id)
    if doc is None:
        raise ArchiveError(_("no archived document with id {document_id}", document_id=document_id))
    if doc.pdf_path:
        raise ArchiveError(_("document {document_id} ({key}) already has a PDF: {pdf_path}",
                             document_id=document_id, key=doc.key, pdf_path=doc.pdf_path))
    if not pdf_path.is_file():
        raise ArchiveError(_("PDF {pdf} of document {id} is missing", pdf=pdf_path, id=document_id))
    rel = PurePosixPath(doc.docx_path).with_suffix(".pdf")
    target = archive_dir / rel
    sha, size = file_sha256(pdf_path, sync=True)
    moved: list[tuple[Path, Path]] = []
    try:
        with session.begin_nested():
            _move_in(pdf_path, target)
            moved.append((pdf_path, target))
            doc.pdf_path, doc.pdf_sha256, doc.pdf_size = rel.as_posix(), sha, size
            session.flush()
    except BaseException:
        _move_back(moved, [])
        raise
    _fsync_dir(target.parent)
    return doc


@contextlib.contextmanager
def store_file(archive_dir: Path, src: Path, rel: PurePosixPath):
    """Move ``src`` to ``<archive_dir>/<rel>`` and yield its ``(sha256, size)``; the caller adds
    its row in the ``with`` body. If the body raises, the file is moved back and folders made
    for it removed. Raises :class:`ArchiveError` if the target exists or ``src`` is missing.
    Used for files added to an archived document later (its signed versions)."""
    src, target = Path(src), Path(archive_dir) / rel
    if not src.is_file():
        raise ArchiveError(f"file {src} to archive is missing")
    sha, size = file_sha256(src, sync=True)
    created: list[Path] = []
    _makedirs(target.parent, created)
    try:
        _move_in(src, target)
    except BaseException:
        _move_back([], created)
        raise
    try:
        yield sha, size
    except BaseException:
        _move_back([(src, target)], created)
        raise
    _fsync_dir(target.parent)


# --- reading -----------------------------------------------------------------------------------


def _periode_key(periode: str | Periode | None) -> str | None:
    if periode is None:
        return None
    return periode.key if isinstance(periode, Periode) else Periode.parse(periode).key


def list_documents(
    session: Session,
    agency: str | None = None,
    tahun: int | None = None,
    periode: str | Periode | None = None,
    procedure: str | None = None,
    kind: str | None = None,
    bidang: str | None = None,
    run_id: int | None = None,
    latest_only: bool = True,
) -> list[Document]:
    """Archived documents matching every filter given, in the order their runs staged them.

    ``kind`` is the kind slug, ``bidang`` the bidang name as in the data (``""`` for agency-wide
    documents). ``latest_only``: only the current version of each document (the newest run
    containing its key, see :func:`current_documents`); ignored when ``run_id`` is given. Order:
    agency, periode, then trail order (procedure, step, the order runs staged them), then run
    version.
    """
    q = select(Document).join(Run, Document.run_id == Run.id)
    order = (Run.version, Document.id)
    if latest_only and run_id is None:
        q, first_id = current_documents(q)
        order = (first_id,)
    filters = {
        Document.agency: agency,
        Document.tahun: tahun,
        Document.periode: _periode_key(periode),
        Document.procedure: procedure,
        Document.kind: kind,
        Document.bidang: bidang,
        Document.run_id: run_id,
    }
    q = q.where(*(col == value for col, value in filters.items() if value is not None))
    q = q.order_by(Document.agency, Document.periode, *order)
    return list(session.scalars(q))


def current_documents(q):
    """``q`` (a select of :class:`Document` joined with :class:`Run`) narrowed to the current
    version of each document: the row whose run has the highest version among the runs holding
    the same ``Document.key`` (the key names agency and period, so this is per set).

    :return: ``(narrowed select, trail-order column)``: ordering by the column gives the set in
        trail order (the id of each document's first version: runs stage in trail order, and a
        cycle archives its steps in order).
    """
    newest = (
        select(Document.key.label("key"), func.max(Run.version).label("version"),
               func.min(Document.id).label("first_id"))
        .join(Run, Document.run_id == Run.id)
        .group_by(Document.key)
        .subquery()
    )
    q = q.join(newest, and_(Document.key == newest.c.key, Run.version == newest.c.version))
    return q, newest.c.first_id


def current_set(session: Session, agency: str, periode: str | Periode) -> list[Document]:
    """The current version of every document of (agency, periode), in trail order; ``[]`` if
    nothing is archived. :raises ValueError: ``periode`` is not ``YYYY-TWn``."""
    return list_documents(session, agency=agency, periode=periode)


def get_document(session: Session, document_id: int) -> Document | None:
    """The document with this id, or ``None``."""
    return session.get(Document, document_id)


def list_runs(
    session: Session,
    agency: str | None = None,
    tahun: int | None = None,
    periode: str | Periode | None = None,
) -> list[Run]:
    """Runs matching every filter given, ordered by agency, periode, version."""
    filters = {Run.agency: agency, Run.tahun: tahun, Run.periode: _periode_key(periode)}
    q = (
        select(Run)
        .where(*(col == value for col, value in filters.items() if value is not None))
        .order_by(Run.agency, Run.periode, Run.version)
    )
    return list(session.scalars(q))


def verify(session: Session, archive_dir: Path) -> list[str]:
    """Check every archived file against the index; one line per problem, ``[]`` if all is well.

    Reports files that are missing, or whose sha256 or size differs from the index (e.g.
    ``"sha256 mismatch: dinsos/2025/2025-TW1/v1/pengumpulan/03_nota_dinas.docx (document 7 …)"``).
    Reads every file: time grows with the archive's size.
    """
    archive_dir = Path(archive_dir)
    problems: list[str] = []
    for doc in session.scalars(select(Document).order_by(Document.id)):
        files = [(doc.docx_path, doc.docx_sha256, doc.docx_size)]
        if doc.pdf_path:
            files.append((doc.pdf_path, doc.pdf_sha256 or "", doc.pdf_size or 0))
        for rel, sha, size in files:
            where = _("{rel} (document {doc}, run {run})", rel=rel, doc=f"{doc.id} {doc.key}",
                      run=doc.run_id)
            path = archive_dir / rel
            if not path.is_file():
                problems.append(_("missing: {where}", where=where))
                continue
            actual_sha, actual_size = file_sha256(path)
            if actual_sha != sha:
                problems.append(_("sha256 mismatch: {where}: index {sha}, file {actual_sha} "
                                  "({actual_size} bytes, index {size})", where=where, sha=sha,
                                  actual_sha=actual_sha, actual_size=actual_size, size=size))
            elif actual_size != size:
                problems.append(_("size mismatch: {where}: index {size}, file {actual_size}",
                                  where=where, size=size, actual_size=actual_size))
    return problems
