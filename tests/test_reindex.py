"""``naskah archive reindex``: documents archived before the full-text index (migration 0008) get
their DOCX text indexed — idempotent, counted, refusing altered files (SQLite FTS5 and
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from naskah.archive import search
from naskah.archive.store import Document, init_db
from naskah.cli.main import app
from naskah.db import make_engine, session_factory
from naskah.migrations import downgrade, upgrade
from naskah.model import PlannedDocument
from naskah.settings import PdfSettings, Settings, get_settings
from tests.archive_world import BKPSDM, DINSOS, KERTAS, LAPORAN, NOTA, TW1, commit_trail

PHRASE = "rencana aksi pencapaian kinerja"
BODY = f"Laporan ini memuat {PHRASE} untuk triwulan berikutnya.\nHal : Laporan Hasil Pengukuran"


@pytest.fixture
def old_archive(database_url, tmp_path) -> Iterator[Settings]:
    """Two agencies' documents with real DOCX bodies, indexed as migration 0008 indexed the
    documents it found: title, nomor and bidang only."""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url,
                        pdf=PdfSettings(enabled=False))
    engine = make_engine(settings.database)
    init_db(engine)
    Session = session_factory(engine)  # noqa: N806
    bodies = {"laporan_pengukuran": BODY, "nota_dinas": "Nota dinas.\nHal : Pengukuran Kinerja",
              "kertas_kerja": "Kertas kerja rehabilitasi sosial"}
    commit_trail(Session, settings, DINSOS, "v1", [
        (PlannedDocument(DINSOS, TW1, "pengumpulan", 1, NOTA), "000.8.6.3/0001/Dinsos/2025",
         False),
        (PlannedDocument(DINSOS, TW1, "pengukuran", 8, LAPORAN), "000.8.6.3/0004/Dinsos/2025",
         False),
    ], bodies=bodies)
    commit_trail(Session, settings, BKPSDM, "v1", [
        (PlannedDocument(BKPSDM, TW1, "pengukuran", 8, LAPORAN), "000.8.6.3/0002/BKPSDM/2025",
         False),
        (PlannedDocument(BKPSDM, TW1, "pengukuran", 5, KERTAS, bidang="Umum"), "", False),
    ], bodies=bodies)
    downgrade(engine, "0007")  # the index as it was before full-text search …
    upgrade(engine)  # … and what migration 0008 made of it
    engine.dispose()
    yield settings


def _found(settings: Settings, words: str) -> list[str]:
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s:
            _total, docs = search.search_documents(s, search.DocumentQuery(words=words))
            return sorted(d.agency for d in docs)
    finally:
        engine.dispose()


def _reindex(settings: Settings, *args: str):
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["archive", "reindex", *args], env={
            "NASKAH_DATA_DIR": str(settings.data_dir),
            "NASKAH_DATABASE_URL": settings.database_url})
    finally:
        get_settings.cache_clear()


def test_reindex_indexes_the_text_of_old_documents_once(old_archive):
    assert _found(old_archive, f'"{PHRASE}"') == [], "before: titles and nomor only"
    assert _found(old_archive, "Laporan") == [BKPSDM, DINSOS]  # titles were indexed

    only = _reindex(old_archive, "--agency", BKPSDM, "--period", "2025-tw1")
    assert only.exit_code == 0, only.output
    assert "2 dokumen diperiksa: 2 diindeks ulang, 0 sudah mutakhir" in only.output
    assert _found(old_archive, f'"{PHRASE}"') == [BKPSDM]

    everything = _reindex(old_archive)
    assert everything.exit_code == 0, everything.output
    assert "4 dokumen diperiksa: 2 diindeks ulang, 2 sudah mutakhir" in everything.output
    assert _found(old_archive, f'"{PHRASE}"') == [BKPSDM, DINSOS]
    assert _found(old_archive, "rehabilitasi") == [BKPSDM]

    again = _reindex(old_archive)
    assert "4 dokumen diperiksa: 0 diindeks ulang, 4 sudah mutakhir" in again.output

    engine = make_engine(old_archive.database)
    with session_factory(engine)() as s:
        laporan = s.scalars(select(Document).where(Document.kind == "laporan_pengukuran")).first()
        snippets = search.search_snippets(s, [laporan], f'"{PHRASE}"')
    engine.dispose()
    assert "\x02" in snippets[laporan.id], "the snippet marks the phrase"


def test_a_missing_or_altered_file_is_reported_and_not_indexed(old_archive):
    engine = make_engine(old_archive.database)
    with session_factory(engine)() as s:
        docs = {d.agency: d for d in s.scalars(
            select(Document).where(Document.kind == "laporan_pengukuran"))}
    engine.dispose()
    docs[DINSOS].docx_file(old_archive.archive_dir).unlink()
    altered = docs[BKPSDM].docx_file(old_archive.archive_dir)
    altered.write_bytes(altered.read_bytes() + b"\0")
    result = _reindex(old_archive)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "4 dokumen diperiksa: 2 diindeks ulang, 0 sudah mutakhir" in out
    assert f"#{docs[DINSOS].id} " in out and "berkasnya tidak ada" in out
    assert f"#{docs[BKPSDM].id} " in out and "berubah sejak diarsipkan" in out
    assert "2 dokumen tidak diindeks" in out
    assert _found(old_archive, f'"{PHRASE}"') == []


def test_an_unknown_period_is_refused(old_archive):
    result = _reindex(old_archive, "--period", "2025-TW9")
    assert result.exit_code == 1 and "2025-TW9" in result.output
