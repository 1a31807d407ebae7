"""The FastAPI application of the archive service: :func:`create_app`.

Endpoints (JSON under ``/api``, OpenAPI at ``/docs`` and ``/openapi.json``):

===========================================  ===========================  ======================
``GET  /api/documents``                      search                       every role (operator:
``GET  /api/documents/{id}``                 metadata + versions          own agency; others'
``GET  /api/documents/{id}/docx`` ``/pdf``   download (sha256 checked)    IDs answer 404)
``GET  /api/documents/{id}/ttd/{n}``       signed version (TTE, checked)
``GET  /api/runs`` ``/api/runs/{id}``        runs (versions), their docs
``GET  /api/runs/{id}/zip`` ``/pdf``         one run as ZIP / merged PDF
``GET  /api/sets/{agency}/{periode}``        current set (+ ``/zip``, ``/pdf``)
``GET  /api/facets`` ``/api/me``             filter values, who am I
``GET  /api/verify``                         re-check every sha256        admin, arsiparis
``POST /api/batches``                        submit a batch               admin; operator (own)
``GET  /api/batches`` ``/api/batches/{id}``  batch status                 every role (scoped)
===========================================  ===========================  ======================

Web pages: ``/masuk`` (sign-in with user name and password), ``/keluar``, ``/cari`` (search),
``/dokumen/{id}``, ``/versi/{id}`` (an archive version: one run), ``/siklus`` and
``/siklus/{id}`` (the SOP cycles: :mod:`naskah.api.routes_cycle_pages`), ``/register``
(numbering register), and the signatory's form post ``/dokumen/{id}/tandatangani``
(electronic signature in the browser: :mod:`naskah.api.routes_sign`); for admins
``/admin/jalankan``, ``/admin/batch/{id}``, ``/admin/pengguna``, ``/admin/audit``; for admins
and arsiparis ``/admin/periksa-arsip`` (the archive check).
Without credentials: ``401``; outside the role: ``403`` (see :mod:`naskah.api.auth`). Public:
``/docs``, ``/openapi.json``, ``/masuk``, ``/static/*``, ``/healthz``, and ``/verifikasi/{code}``
(signed documents, rate-limited: :mod:`naskah.api.routes_verify`).

The service writes into the archive only through naskah's own functions: files are read through
:mod:`naskah.archive.bundles`, batches go through :func:`naskah.batch.batches.submit_batch`, and
signed versions are added by :func:`naskah.signing.service.sign_document`.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from naskah import __version__
from naskah.api import (
    routes_admin,
    routes_admin_pages,
    routes_archive_check,
    routes_audit,
    routes_batches,
    routes_cycle_pages,
    routes_documents,
    routes_pages,
    routes_register,
    routes_runs,
    routes_sets,
    routes_sign,
    routes_users,
    routes_verify,
)
from naskah.api import routes_collect as api_collect
from naskah.api.auth import CsrfError, principal_from_cookie
from naskah.api.guard import BodyGuard
from naskah.api.labels import Labels, load_labels
from naskah.api.ratelimit import LoginLimiter, TokenLimiter
from naskah.archive.bundles import ArchiveFileError, NoFile
from naskah.archive.store import init_db
from naskah.batch.batches import Executor
from naskah.db import make_engine, session_factory
from naskah.i18n import _, language, ngettext
from naskah.settings import Settings
from naskah.workers.executors import default_executor

HERE = Path(__file__).resolve().parent

DESCRIPTION = """\
Arsip naskah dinas SOP *Pengumpulan Data dan Pengukuran Kinerja* (SAKIP): cari, periksa dan
unduh dokumen yang dihasilkan naskah; kirim dan pantau batch.

Autentikasi: `Authorization: Bearer nsk_…` (token dari `naskah users add`). Peran: **admin**
(semua), **operator** (satu instansi: kirim batch dan baca instansinya), **arsiparis** (baca,
periksa, unduh semua; tidak mengubah apa pun).
"""

API_RESPONSES = {
    401: {"description": "No valid token (Authorization: Bearer nsk_…)"},
    403: {"description": "The caller's role may not do this"},
}
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def create_app(
    settings: Settings,
    *,
    batch_executor: Executor | None = None,
    labels: Labels | None = None,
) -> FastAPI:
    """The service for ``settings`` (database, archive directory, plugins).

    Brings the database schema to the newest revision at once. ``batch_executor`` runs
    submitted batches (default :func:`naskah.workers.executors.default_executor`: Celery workers
    when a
    broker is set, else a background thread); ``labels`` gives display names (default: read
    from the plugins once per process).
    """
    engine = make_engine(settings.database)
    init_db(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        engine.dispose()

    docs = settings.server.api_docs  # Swagger UI loads its assets from a CDN: off by default
    app = FastAPI(
        title="naskah — Arsip Naskah Dinas", version=__version__, description=DESCRIPTION,
        lifespan=lifespan, docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.read_session = session_factory(engine, read_only=True)
    app.state.batch_executor = batch_executor or default_executor(settings)
    app.state.labels = labels or load_labels(
        tuple(settings.plugins.disabled), settings.plugins.profiles_dir,
        settings.plugins.agencies_dir,
    )
    app.state.write_session = session_factory(engine)
    app.state.login_limiter = LoginLimiter(settings.server.login_limit_account,
                                           settings.server.login_limit_address)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    # Pages translate with {{ _("English id", field=…) }} (naskah.i18n; extracted by make messages).
    app.state.templates.env.globals.update(_=_, ngettext=ngettext, language=language)

    for module in (routes_documents, routes_runs, routes_sets, routes_batches, routes_admin,
                   api_collect):
        app.include_router(module.router, responses=API_RESPONSES)
    app.include_router(routes_pages.router)
    app.include_router(routes_verify.router)
    app.include_router(routes_sign.router)
    app.include_router(routes_audit.router)
    app.include_router(routes_admin_pages.router)
    app.include_router(routes_users.router)
    app.include_router(routes_archive_check.router)
    app.include_router(routes_register.router)
    app.include_router(routes_cycle_pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def _authenticated(token: str) -> bool:
        from naskah.accounts.users import authenticate

        with app.state.read_session() as session:
            return authenticate(session, token) is not None

    app.state.token_limiter = TokenLimiter(settings.server.token_limit_address)
    app.add_middleware(BodyGuard, authenticated=_authenticated, tokens=app.state.token_limiter)
    if settings.server.proxy_headers:
        # Outermost: the guard, the limits, the audit log and the cookies' Secure flag see the
        # client's address and scheme as the trusted proxy forwarded them.
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware,
                           trusted_hosts=settings.server.forwarded_allow_ips)

    @app.exception_handler(ArchiveFileError)
    async def _integrity(_request: Request, exc: ArchiveFileError) -> JSONResponse:
        return JSONResponse({"detail": _("Archive file not intact: {error}", error=exc)},
                            status_code=409)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: CsrfError) -> HTMLResponse:
        return app.state.templates.TemplateResponse(
            request, "error.html",
            {"principal": None, "title": _("Form no longer valid"),
             "message": _("This form has expired or was not sent from this page. Reload the "
                          "page, then try again."), "version": __version__,
             "now": "", "csrf": ""},
            status_code=403)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        """Browsers asking for a page that does not exist get a page in the user's language;
        the API and every other status keep FastAPI's JSON answer."""
        wants_html = "text/html" in request.headers.get("accept", "")
        if exc.status_code == 404 and wants_html and not request.url.path.startswith("/api/"):
            with app.state.read_session() as session:
                principal = principal_from_cookie(request, session)
            return routes_pages.render(
                request, "error.html", principal, status_code=404,
                title=_("Page not found"),
                message=_("This address does not exist in the archive. Check the address, or "
                          "start from the search."))
        return await http_exception_handler(request, exc)

    @app.exception_handler(NoFile)
    async def _no_file(_request: Request, exc: NoFile) -> JSONResponse:
        return JSONResponse({"detail": _("File not available: {error}", error=exc)},
                            status_code=404)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Content-Security-Policy", _CSP)
        return response

    return app
