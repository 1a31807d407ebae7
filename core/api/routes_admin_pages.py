"""Administration in the browser: upload a workbook, see its located problems or what it will
produce, run it as a batch (optionally as new letters with new numbers), follow the batch and
send its failed items again (``/admin/jalankan``, ``/admin/batch/{id}``,
``/admin/batch/{id}/ulangi``).

A workbook is checked exactly as ``naskah run`` checks it (:func:`naskah.input.workbook
.read_workbook`, the agency's plugins, the trail plan) and nothing is archived until the admin
presses **Jalankan**; the run goes through :func:`naskah.batch.batches.submit_batch` and the
app's batch executor (workers when a broker is set, else a thread of the server). Uploads are
kept in ``<data_dir>/uploads/`` under a random name the form carries back. Admin only; every
post carries the session's CSRF token.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from naskah.accounts.users import Principal, Role
from naskah.api.auth import DbSession, FormPrincipal, MaybePrincipal, check_csrf
from naskah.api.routes_batches import MAX_WORKBOOK_BYTES
from naskah.api.routes_pages import login_page, render
from naskah.batch import batches
from naskah.errors import InputError, NaskahError
from naskah.i18n import _

router = APIRouter(include_in_schema=False)
_TOKEN = re.compile(r"^[a-f0-9]{32}$")
_XLSX_MAGIC = b"PK\x03\x04"


def _uploads(request: Request) -> Path:
    folder = Path(request.app.state.settings.data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _not_admin(request: Request, principal: Principal):
    return render(request, "error.html", principal, status_code=403,
                  title=_("Administrators only"),
                  message=_("This page is for administrators only."))


def _form(request: Request, principal: Principal, status_code: int = 200, **context):
    agencies = sorted(request.app.state.labels.agencies)
    return render(request, "admin_run.html", principal, status_code=status_code,
                  agencies=agencies, **{"agency": "", "problems": None, "plan": None,
                                        "upload": "", "message": "", **context})


@router.get("/admin/jalankan", response_class=HTMLResponse)
def run_form(*, request: Request, principal: MaybePrincipal):
    if principal is None:
        return login_page(request)
    if principal.role is not Role.ADMIN:
        return _not_admin(request, principal)
    return _form(request, principal)


def _check(request: Request, path: Path, agency: str):
    """``(slug, periode key, planned documents)`` of the workbook. :raises InputError: bad
    input; :raises NaskahError: unknown agency or a plugin error."""
    from naskah.agencies.manager import get_plugins
    from naskah.input.workbook import read_workbook
    from naskah.pipeline import plan_documents, prepare_cycle
    from naskah.run import resolve

    settings = request.app.state.settings
    plugins = get_plugins(settings.plugins.disabled, profiles_dir=settings.plugins.profiles_dir)
    data = read_workbook(path)
    slug, periode = resolve(data, agency or None, None)
    cycle = prepare_cycle(plugins, slug, data)
    return slug, periode.key, plan_documents(plugins, cycle), list(cycle.warnings)


@router.post("/admin/jalankan", response_class=HTMLResponse)
def run_upload(
    *,
    request: Request,
    principal: FormPrincipal,
    csrf: Annotated[str, Form(max_length=200)] = "",
    agency: Annotated[str, Form(max_length=100)] = "",
    aksi: Annotated[str, Form(max_length=20)] = "periksa",
    upload: Annotated[str, Form(max_length=64)] = "",
    nomor_baru: Annotated[str, Form(max_length=10)] = "",
    workbook: Annotated[UploadFile | None, File()] = None,
):
    """``aksi=periksa``: save and check the uploaded workbook (problems or a preview);
    ``aksi=jalankan``: submit the checked upload (named by ``upload``) as a batch;
    ``nomor_baru=1``: as new letters (``naskah run --nomor-baru``: new register numbers)."""
    if principal is None:
        return login_page(request)
    check_csrf(request, csrf)
    if principal.role is not Role.ADMIN:
        return _not_admin(request, principal)
    if aksi == "jalankan":
        if not _TOKEN.match(upload) or not (_uploads(request) / f"{upload}.xlsx").is_file():
            return _form(request, principal, 422,
                         message=_("Upload not found; upload the workbook again."))
        path = _uploads(request) / f"{upload}.xlsx"
        try:
            slug, periode, _planned, _warnings = _check(request, path, agency)
            batch_id = batches.submit_batch(
                request.app.state.settings, [slug], periode, [path],
                created_by=principal.name, executor=request.app.state.batch_executor,
                new_numbers=nomor_baru == "1")
        except NaskahError as exc:
            return _form(request, principal, 422, message=_("Cannot run: {error}", error=exc))
        path.unlink(missing_ok=True)
        return RedirectResponse(f"/admin/batch/{batch_id}", status_code=303)

    if workbook is None or not workbook.filename:
        return _form(request, principal, 422, agency=agency, message=_("Choose an XLSX workbook."))
    token = secrets.token_hex(16)
    path = _uploads(request) / f"{token}.xlsx"
    data = workbook.file.read(MAX_WORKBOOK_BYTES + 1)
    if len(data) > MAX_WORKBOOK_BYTES or data[:4] != _XLSX_MAGIC:
        return _form(request, principal, 422, agency=agency,
                     message=_("{file}: not an XLSX workbook (or larger than {mb} MB).",
                               file=workbook.filename, mb=MAX_WORKBOOK_BYTES >> 20))
    path.write_bytes(data)
    try:
        slug, periode, planned, warnings = _check(request, path, agency)
    except InputError as exc:
        path.unlink(missing_ok=True)
        return _form(request, principal, 422, agency=agency, problems=exc.problems,
                     filename=workbook.filename)
    except NaskahError as exc:
        path.unlink(missing_ok=True)
        return _form(request, principal, 422, agency=agency, message=str(exc))
    return _form(request, principal, agency=slug, upload=token, filename=workbook.filename,
                 plan={"agency": slug, "periode": periode, "documents": planned},
                 warnings=warnings)


@router.get("/admin/batch/{batch_id}", response_class=HTMLResponse)
def batch_page(*, request: Request, batch_id: str, principal: MaybePrincipal,
               session: DbSession):
    """A batch's state and each agency's documents by state; refreshes itself until done."""
    if principal is None:
        return login_page(request)
    if principal.role is not Role.ADMIN:
        return _not_admin(request, principal)
    return _batch_view(request, principal, session, batch_id)


def _batch_view(request: Request, principal: Principal, session, batch_id: str,
                message: str = "", status_code: int = 200):
    from naskah.batch.state import progress

    bid = int(batch_id) if batch_id.isdigit() and len(batch_id) < 10 else 0
    batch = session.get(batches.Batch, bid) if bid else None
    if batch is None:
        return render(request, "error.html", principal, status_code=404,
                      title=_("Batch not found"), message=_("No batch {id}.", id=bid or ""))
    finished = batch.status in batches.BatchStatus.FINISHED
    retried = request.query_params.get("ulang", "")
    return render(request, "admin_batch.html", principal, status_code=status_code, batch=batch,
                  items=progress(session, batch.id), finished=finished, message=message,
                  new_numbers=batches.wants_new_numbers(request.app.state.settings, batch.id),
                  retried=int(retried) if retried.isdigit() and len(retried) < 4 else 0)


@router.post("/admin/batch/{batch_id}/ulangi", response_class=HTMLResponse)
def retry_failed(
    *,
    request: Request,
    batch_id: str,
    principal: FormPrincipal,
    session: DbSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    item: Annotated[str, Form(max_length=12)] = "",
):
    """Send the batch's failed items again (``item``: only that one) through
    :func:`naskah.batch.steps.reset_failed` — what ``naskah batch retry`` does — and the app's
    executor (workers or a thread of the server). Rendered documents keep their files and
    numbers."""
    import kombu.exceptions

    from naskah.accounts import audit
    from naskah.api.audit_log import note
    from naskah.batch.steps import reset_failed

    if principal is None:
        return login_page(request)
    check_csrf(request, csrf)
    if principal.role is not Role.ADMIN:
        return _not_admin(request, principal)
    bid = int(batch_id) if batch_id.isdigit() and len(batch_id) < 10 else 0
    settings = request.app.state.settings
    only = {int(item)} if item.isdigit() and len(item) < 10 else None
    try:
        count = reset_failed(settings, bid, item_ids=only)
        if count:
            note(request, principal.name, audit.Action.BATCH_ULANG, object_type="batch",
                 object_id=bid, detail=_("{n} item(s) sent again", n=count))
            request.app.state.batch_executor(settings, bid)
    except batches.BatchError as exc:
        session.rollback()
        return _batch_view(request, principal, session, batch_id, str(exc), 409)
    except kombu.exceptions.OperationalError:
        session.rollback()
        return _batch_view(request, principal, session, batch_id, _(
            "The failed items are queued again, but the workers' broker does not answer. Once "
            "it answers, press the button again."), 503)
    return RedirectResponse(f"/admin/batch/{bid}?ulang={count}", status_code=303)
