"""Reading archived files for delivery: checked single files, a run as ZIP or as one merged PDF.

Nothing here writes into the archive. Every file is found from its document row (never from a
caller's path), must resolve inside the archive directory, and is checked against its recorded
sha256 before (single files) or while (ZIP, merged PDF) it is delivered; a mismatch raises
:class:`ArchiveFileError` and nothing is delivered.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal
from urllib.parse import quote

from naskah.archive.store import Document, Run, file_sha256
from naskah.errors import NaskahError
from naskah.i18n import _

Format = Literal["docx", "pdf"]
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ArchiveFileError(NaskahError):
    """An archived file is missing, outside the archive, or differs from its recorded sha256."""


class NoFile(NaskahError):
    """The document has no file of that format (no PDF was made)."""


def archived_path(archive_dir: Path, rel: str) -> Path:
    """The absolute path of an index path, refusing anything that leaves ``archive_dir``.

    :raises ArchiveFileError: ``rel`` is absolute, has ``..`` parts, or resolves (through
        symlinks) outside the archive directory.
    """
    root = Path(archive_dir).resolve()
    parts = PurePosixPath(rel)
    if parts.is_absolute() or ".." in parts.parts or "\\" in rel:
        raise ArchiveFileError(_("index path {rel!r} is not inside the archive", rel=rel))
    path = (root / parts).resolve()
    if not path.is_relative_to(root):
        raise ArchiveFileError(_("index path {rel!r} resolves outside the archive", rel=rel))
    return path


def checked_file(archive_dir: Path, doc: Document, fmt: Format) -> Path:
    """The document's DOCX or PDF, after checking it exists and matches its sha256.

    :raises NoFile: ``fmt`` is ``pdf`` and the document has none.
    :raises ArchiveFileError: missing, outside the archive, or changed since archiving.
    """
    rel, sha = (doc.docx_path, doc.docx_sha256) if fmt == "docx" else (doc.pdf_path, doc.pdf_sha256)
    if not rel:
        raise NoFile(_("document {id} has no {value}", id=doc.id, value=fmt.upper()))
    path = archived_path(archive_dir, rel)
    if not path.is_file():
        raise ArchiveFileError(_("document {id}: {rel} is missing from the archive", id=doc.id,
                                 rel=rel))
    actual, _unused = file_sha256(path)
    if actual != sha:
        raise ArchiveFileError(_("document {id}: {rel} does not match its recorded sha256",
                                 id=doc.id, rel=rel))
    return path


def safe_name(text: str) -> str:
    """``text`` as an ASCII file-name part: accents dropped, anything else but ``A-Za-z0-9._-``
    replaced by ``-``; never empty, never starting with ``.``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = _UNSAFE.sub("-", ascii_text).strip("-.") or "dokumen"
    return name[:150]


def run_label(run: Run) -> str:
    """``<agency>_<periode>_v<version>``: the stem of a run's ZIP and merged PDF."""
    return safe_name(f"{run.agency}_{run.periode}_v{run.version}")


def set_label(agency: str, periode: str) -> str:
    """``<agency>_<periode>_terkini``: the stem of the current set's ZIP and merged PDF."""
    return safe_name(f"{agency}_{periode}_terkini")


def download_name(doc: Document, fmt: Format) -> str:
    """``<agency>_<periode>_v<N>_<procedure>_<NN>_<kind>….<fmt>``: what a download is saved as."""
    stem = PurePosixPath(doc.docx_path).stem
    return safe_name(f"{doc.agency}_{doc.periode}_v{doc.run.version}_{doc.procedure}_{stem}") + (
        f".{fmt}"
    )


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """A ``Content-Disposition`` value safe for any name (RFC 6266 + RFC 5987 ``filename*``).

    ``disposition``: ``attachment`` (save) or ``inline`` (show in the browser, still named).
    The plain ``filename`` is an ASCII fallback without quotes, backslashes or control
    characters; ``filename*`` carries the exact name percent-encoded as UTF-8.
    """
    if disposition not in ("attachment", "inline"):
        raise ValueError(f"disposition must be attachment or inline, not {disposition!r}")
    fallback = safe_name(filename.rsplit(".", 1)[0])
    if "." in filename:
        fallback += "." + safe_name(filename.rsplit(".", 1)[1])
    return (f"{disposition}; filename=\"{fallback}\"; "
            f"filename*=UTF-8''{quote(filename, safe='')}")


def _run_documents(run: Run) -> list[Document]:
    return sorted(run.documents, key=lambda d: d.id)


def write_run_zip(archive_dir: Path, run: Run, out: BinaryIO) -> int:
    """Write every DOCX and PDF of a run into a ZIP on ``out``; returns the number of files.

    Inside: ``<run label>/<procedure>/<file>`` as in the archive, and ``<run label>/SHA256SUMS``
    (``sha256sum -c`` format). Each file is hashed while copied and compared with the index.

    :raises ArchiveFileError: a file is missing, outside the archive, or changed (``out`` then
        holds a partial ZIP: discard it).
    """
    return write_documents_zip(archive_dir, run_label(run), _run_documents(run), out)


def _inner(rel: str) -> str:
    """``<procedure>/<file>``: an archive path without its run folder (4 parts)."""
    return PurePosixPath(*PurePosixPath(rel).parts[4:]).as_posix()


def write_documents_zip(archive_dir: Path, label: str, docs: list[Document], out: BinaryIO) -> int:
    """Write the DOCX and PDF of ``docs`` (documents of one set, each key at most once, e.g.
    :func:`naskah.archive.store.current_set`) into a ZIP on ``out``; returns the number of files.

    Inside: ``<label>/<procedure>/<file>`` and ``<label>/SHA256SUMS``; see :func:`write_run_zip`.
    :raises ArchiveFileError: as :func:`write_run_zip`.
    """
    sums: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for doc in docs:
            for rel, sha in ((doc.docx_path, doc.docx_sha256), (doc.pdf_path, doc.pdf_sha256)):
                if not rel:
                    continue
                path = archived_path(archive_dir, rel)
                if not path.is_file():
                    raise ArchiveFileError(_("document {id}: {rel} is missing from the archive",
                                             id=doc.id, rel=rel))
                inner = _inner(rel)
                h = hashlib.sha256()
                with open(path, "rb") as src, zf.open(f"{label}/{inner}", "w") as dst:
                    while chunk := src.read(_CHUNK):
                        h.update(chunk)
                        dst.write(chunk)
                if h.hexdigest() != sha:
                    raise ArchiveFileError(_("document {id}: {rel} does not match its sha256",
                                             id=doc.id, rel=rel))
                sums.append(f"{sha}  {inner}")
        zf.writestr(f"{label}/SHA256SUMS", "\n".join(sums) + "\n")
    return len(sums)


def merge_run_pdf(archive_dir: Path, run: Run, out: BinaryIO) -> tuple[int, list[int]]:
    """Write the run's PDFs, in trail order, as one PDF with one bookmark per document.

    :return: ``(documents merged, ids of documents without a PDF)``.
    :raises NoFile: no document of the run has a PDF.
    :raises ArchiveFileError: a PDF is missing, outside the archive, or changed.
    """
    return merge_documents_pdf(archive_dir, _run_documents(run),
                               f"{run.agency} {run.periode} versi {run.version}", out)


def merge_documents_pdf(archive_dir: Path, docs: list[Document], title: str,
                        out: BinaryIO) -> tuple[int, list[int]]:
    """Write the PDFs of ``docs``, in the given order, as one PDF titled ``title`` with one
    bookmark per document. Returns and raises as :func:`merge_run_pdf`."""
    from pypdf import PdfWriter

    with_pdf = [d for d in docs if d.pdf_path]
    if not with_pdf:
        raise NoFile(_("no PDF among these documents (was LibreOffice installed?)"))
    writer = PdfWriter()
    for doc in with_pdf:
        path = archived_path(archive_dir, doc.pdf_path)
        if not path.is_file():
            raise ArchiveFileError(_("document {id}: {pdf_path} is missing from the archive",
                                     id=doc.id, pdf_path=doc.pdf_path))
        data = path.read_bytes()  # checked as read: what is merged is what was hashed
        if hashlib.sha256(data).hexdigest() != doc.pdf_sha256:
            raise ArchiveFileError(_("document {id}: {pdf_path} does not match its sha256",
                                     id=doc.id, pdf_path=doc.pdf_path))
        label = f"{doc.step:02d}. {doc.title}" + (f" ({doc.bidang})" if doc.bidang else "")
        writer.append(io.BytesIO(data), outline_item=label)
    writer.add_metadata({"/Title": title, "/Producer": "naskah"})
    writer.write(out)
    return len(with_pdf), [d.id for d in docs if not d.pdf_path]
