"""A small archive for the API tests: two agencies, versions, PDFs, and one user per role.

Built through the archive's own functions (``commit_run``), never by writing rows by hand.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx as python_docx
from fastapi.testclient import TestClient
from pypdf import PdfWriter
from sqlalchemy import select

from naskah.accounts.users import Role, User, add_user, revoke_user, set_password
from naskah.api import create_app
from naskah.api.labels import Labels
from naskah.archive.store import RunMeta, StagedDocument, commit_run, stage_dir
from naskah.db import make_engine, session_factory
from naskah.model import DocumentKind, Periode, PlannedDocument
from naskah.settings import PdfSettings, ServerSettings, Settings

DINSOS = "dinsos-p3a-pessel"
BKPSDM = "bkpsdm-pessel"
TW1 = Periode(2025, 1)
NOTA = DocumentKind("nota_dinas", "Nota Dinas", "000.8.6.3", bernomor=True)
LAPORAN = DocumentKind("laporan_pengukuran", "Laporan Hasil Pengukuran Kinerja", bernomor=True)
KERTAS = DocumentKind("kertas_kerja", "Kertas Kerja Pengukuran Kinerja")

HOSTILE_BIDANG = '<script>alert("x")</script> & Bidang "Umum"'
"""A bidang name that must come out escaped in pages (data is never trusted as HTML)."""

LABELS = Labels(
    agencies={DINSOS: "DINAS SOSIAL P3A KABUPATEN PESISIR SELATAN",
              BKPSDM: "BKPSDM KABUPATEN PESISIR SELATAN"},
    singkatan={DINSOS: "Dinsos P3A", BKPSDM: "BKPSDM"},
    kinds={k.slug: k.judul for k in (NOTA, LAPORAN, KERTAS)},
)


_HASHES: dict[str, str] = {}
"""Password hashes of the world's users, made once per test process."""


def pdf_bytes(label: str, pages: int = 1) -> bytes:
    """A valid PDF of blank A4 pages that differs by ``label`` (its title)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": label})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class World:
    settings: Settings
    client: TestClient
    tokens: dict[str, str]
    docs: dict[tuple[str, int, str], int] = field(default_factory=dict)
    """(agency, version, kind slug) → document id."""
    runs: dict[tuple[str, int], int] = field(default_factory=dict)

    passwords: dict[str, str] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    @property
    def app(self):
        return self.client.app


def commit_trail(Session, settings: Settings, agency: str, version_tag: str,  # noqa: N803
                 planned: list[tuple[PlannedDocument, str, bool]], *,
                 bodies: dict[str, str] | None = None, tanggal: dict[str, date] | None = None,
                 pages: int = 1, **meta):
    """Archive ``(planned, nomor, with PDF)`` as a new run; ``meta``: more ``RunMeta`` fields.
    ``bodies``: kind slug → text of a real DOCX (others get placeholder bytes); ``tanggal``:
    kind slug → letter date; ``pages``: pages of each PDF.
    Returns ``(run id, version, {kind slug: document id})``."""
    folder = stage_dir(settings.data_dir, agency, TW1)
    staged = []
    for i, (p, nomor, with_pdf) in enumerate(planned):
        docx = folder / f"{i}.docx"
        if bodies and p.kind.slug in bodies:
            document = python_docx.Document()
            for line in bodies[p.kind.slug].splitlines():
                document.add_paragraph(line)
            document.save(docx)
        else:
            docx.write_bytes(f"DOCX {p.key} {version_tag}".encode())
        pdf = None
        if with_pdf:
            pdf = folder / f"{i}.pdf"
            pdf.write_bytes(pdf_bytes(f"{p.key} {version_tag}", pages))
        staged.append(StagedDocument(p, docx, nomor=nomor, pdf=pdf,
                                     tanggal=(tanggal or {}).get(p.kind.slug)))
    with Session() as s, s.begin():
        run = commit_run(s, settings.archive_dir, RunMeta(agency, TW1, f"{agency}.xlsx",
                                                          "ab" * 32, **meta), staged)
        return run.id, run.version, {d.kind: d.id for d in run.documents}


def build_world(data_dir: Path, database_url: str, *, executor=None,
                server: ServerSettings | None = None) -> World:
    """The archive, users and a TestClient on a fresh app for ``database_url``. ``server``:
    the service's settings (default: wrong tokens hardly throttled — the API tests send
    dozens of them on purpose from one address)."""
    server = server or ServerSettings(token_limit_address="10000/minute")
    settings = Settings(data_dir=data_dir, database_url=database_url, server=server,
                        pdf=PdfSettings(enabled=False))
    app = create_app(settings, labels=LABELS, batch_executor=executor or (lambda s, b: None))
    Session = session_factory(make_engine(settings.database))  # noqa: N806
    world = World(settings, TestClient(app), {})
    trails = {
        DINSOS: [
            (PlannedDocument(DINSOS, TW1, "pengumpulan", 1, NOTA), "000.8.6.3/0001/Dinsos/2025",
             False),
            (PlannedDocument(DINSOS, TW1, "pengukuran", 5, KERTAS, bidang="Bidang Rehabilitasi "
                             "Sosial"), "", True),
            (PlannedDocument(DINSOS, TW1, "pengukuran", 8, LAPORAN), "000.8.6.3/0004/Dinsos/2025",
             True),
        ],
        BKPSDM: [
            (PlannedDocument(BKPSDM, TW1, "pengukuran", 8, LAPORAN), "000.8.6.3/0002/BKPSDM/2025",
             True),
            (PlannedDocument(BKPSDM, TW1, "pengukuran", 5, KERTAS, bidang=HOSTILE_BIDANG), "",
             False),
        ],
    }
    for agency, tag in ((DINSOS, "v1"), (DINSOS, "v2"), (BKPSDM, "v1")):
        run_id, version, kinds = commit_trail(Session, settings, agency, tag, trails[agency])
        world.runs[(agency, version)] = run_id
        for kind, doc_id in kinds.items():
            world.docs[(agency, version, kind)] = doc_id
    with Session() as s, s.begin():
        for name, role, agency in (("admin", Role.ADMIN, None), ("arsip", Role.ARSIPARIS, None),
                                   ("op-dinsos", Role.OPERATOR, DINSOS),
                                   ("op-bkpsdm", Role.OPERATOR, BKPSDM),
                                   ("gone", Role.ARSIPARIS, None)):
            world.tokens[name] = add_user(s, name, role, agency)[1]
            world.passwords[name] = f"sandi-{name}-rahasia"
            if name in _HASHES:  # Argon2 is slow on purpose: hash each password once
                s.get(User, s.scalar(select(User.id).where(User.name == name))
                      ).password_hash = _HASHES[name]
            else:
                _HASHES[name] = set_password(s, name, world.passwords[name]).password_hash
        revoke_user(s, "gone")
    Session.kw["bind"].dispose()
    return world


def close_world(world: World) -> None:
    world.client.close()
    world.app.state.engine.dispose()


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def login_csrf(client: TestClient) -> str:
    """The CSRF token of a fresh sign-in form (its cookie is kept by ``client``)."""
    page = client.get("/masuk")
    return _CSRF.search(page.text).group(1)


def web_login(client: TestClient, username: str, password: str, next_: str = "/cari"):
    """Sign in through the form as a browser does: GET the form, POST it with its token."""
    return client.post("/masuk", data={"username": username, "password": password,
                                       "csrf": login_csrf(client), "next": next_},
                       follow_redirects=False)


def page_csrf(html: str) -> str:
    """The session's CSRF token as a page's forms carry it."""
    return _CSRF.search(html).group(1)


def world_on(database: str, tmp_path: Path, **options) -> Iterator[World]:
    """A world on ``database`` (``"sqlite"``: a file in ``tmp_path``; ``"postgresql"``: a fresh
    schema), closed after the test: the body of a fixture parametrized over both databases.
    ``options`` go to :func:`build_world`."""
    from tests.conftest import postgres_schema_url

    urls = iter([f"sqlite:///{tmp_path / 'naskah.db'}"]) if database == "sqlite" else (
        postgres_schema_url())
    for url in urls:
        w = build_world(tmp_path / "data", url, **options)
        try:
            yield w
        finally:
            close_world(w)
