"""The JSON shapes of the API (pydantic), and their construction from database rows."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from naskah.api.labels import Labels
from naskah.archive.store import Document, Run
from naskah.batch.batches import Batch


class FileOut(BaseModel):
    """One archived file: sha256 (hex), size in bytes, and the URL that downloads it."""

    sha256: str
    size: int
    url: str


class DocumentOut(BaseModel):
    """An archived document (one version: the one of its run)."""

    id: int
    run_id: int
    version: int = Field(description="Version of the run (1, 2, 3 …) of this agency and period")
    agency: str
    agency_nama: str
    tahun: int
    periode: str = Field(examples=["2025-TW1"])
    procedure: str
    procedure_judul: str
    step: int
    kind: str
    kind_judul: str
    variant: str
    bidang: str
    key: str = Field(description="Same for the same document in every run")
    nomor: str
    tanggal: date | None = Field(description="The date the letter bears (None: not given)")
    title: str
    kode_klasifikasi: str
    created_at: datetime
    snippet: str = Field("", description="Search only: words around the words found, each "
                         "found word between \\u0002 and \\u0003")
    docx: FileOut
    pdf: FileOut | None
    run_zip_url: str
    run_pdf_url: str
    set_zip_url: str = Field(description="ZIP of the current version of every document of "
                             "this agency and period")
    set_pdf_url: str


class VersionOut(BaseModel):
    """Another (or this) version of a document: the same key in another run."""

    id: int
    run_id: int
    version: int
    created_at: datetime
    reason: str = Field(description="run, batch, cycle_step, signature")
    created_by: str
    nomor: str
    docx_sha256: str
    pdf_sha256: str | None


class RunOut(BaseModel):
    """One run (an archive version: one rendering): agency, period, version, input workbook."""

    id: int
    agency: str
    agency_nama: str
    tahun: int
    periode: str
    version: int
    status: str
    reason: str = Field(description="Why it was made: run, batch, cycle_step, signature")
    created_by: str
    source_name: str
    source_sha256: str
    created_at: datetime
    documents: int
    zip_url: str
    pdf_url: str


class DocumentDetail(DocumentOut):
    """A document with its run and every version of it."""

    run: RunOut
    versions: list[VersionOut]


class RunDetail(RunOut):
    """A run with its documents in trail order."""

    items: list[DocumentOut]


class SearchOut(BaseModel):
    total: int = Field(description="Documents matching, all pages")
    limit: int
    offset: int
    items: list[DocumentOut]


class BatchItemOut(BaseModel):
    agency: str
    status: str
    run_id: int | None
    documents: int
    error: str
    started_at: datetime | None
    finished_at: datetime | None


class BatchOut(BaseModel):
    """A batch and each agency's state. ``status``: queued, running, done, partial, failed."""

    id: int
    created_by: str
    periode: str
    agencies: list[str]
    status: str
    total: int
    done: int
    failed: int
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    items: list[BatchItemOut]


class VerifyOut(BaseModel):
    """Result of re-checking every archived file against its sha256."""

    ok: bool
    documents: int
    problems: list[str]


class MeOut(BaseModel):
    name: str
    role: str
    agency: str | None


class FacetsOut(BaseModel):
    """Values present in the archive (within the caller's scope), to filter by."""

    agency: list[str]
    tahun: list[int]
    periode: list[str]
    procedure: list[str]
    kind: list[str]
    bidang: list[str]


def _file(sha: str | None, size: int | None, url: str) -> FileOut | None:
    return FileOut(sha256=sha, size=size or 0, url=url) if sha else None


def document_out(doc: Document, labels: Labels, snippet: str = "") -> DocumentOut:
    return DocumentOut(
        id=doc.id, run_id=doc.run_id, version=doc.run.version, agency=doc.agency,
        agency_nama=labels.agency(doc.agency), tahun=doc.tahun, periode=doc.periode,
        procedure=doc.procedure, procedure_judul=labels.procedure(doc.procedure), step=doc.step,
        kind=doc.kind, kind_judul=labels.kind(doc.kind), variant=doc.variant, bidang=doc.bidang,
        key=doc.key, nomor=doc.nomor or "", tanggal=doc.tanggal, title=doc.title,
        snippet=snippet,
        kode_klasifikasi=doc.kode_klasifikasi, created_at=doc.created_at,
        docx=_file(doc.docx_sha256, doc.docx_size, f"/api/documents/{doc.id}/docx"),
        pdf=_file(doc.pdf_sha256, doc.pdf_size, f"/api/documents/{doc.id}/pdf"),
        run_zip_url=f"/api/runs/{doc.run_id}/zip", run_pdf_url=f"/api/runs/{doc.run_id}/pdf",
        set_zip_url=f"/api/sets/{doc.agency}/{doc.periode}/zip",
        set_pdf_url=f"/api/sets/{doc.agency}/{doc.periode}/pdf",
    )


def run_out(run: Run, labels: Labels) -> RunOut:
    return RunOut(
        id=run.id, agency=run.agency, agency_nama=labels.agency(run.agency), tahun=run.tahun,
        periode=run.periode, version=run.version, status=run.status, reason=run.reason,
        created_by=run.created_by, source_name=run.source_name, source_sha256=run.source_sha256,
        created_at=run.created_at, documents=len(run.documents),
        zip_url=f"/api/runs/{run.id}/zip", pdf_url=f"/api/runs/{run.id}/pdf",
    )


def version_out(doc: Document) -> VersionOut:
    return VersionOut(id=doc.id, run_id=doc.run_id, version=doc.run.version,
                      created_at=doc.created_at, reason=doc.run.reason,
                      created_by=doc.run.created_by, nomor=doc.nomor or "",
                      docx_sha256=doc.docx_sha256, pdf_sha256=doc.pdf_sha256)


def batch_out(batch: Batch) -> BatchOut:
    return BatchOut(
        id=batch.id, created_by=batch.created_by, periode=batch.periode,
        agencies=list(batch.agencies), status=batch.status, total=batch.total, done=batch.done,
        failed=batch.failed, error=batch.error, created_at=batch.created_at,
        started_at=batch.started_at, finished_at=batch.finished_at,
        items=[BatchItemOut(agency=i.agency, status=i.status, run_id=i.run_id,
                            documents=i.documents, error=i.error, started_at=i.started_at,
                            finished_at=i.finished_at) for i in batch.items],
    )
