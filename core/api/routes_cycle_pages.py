"""The SOP cycles on the web: ``/siklus`` (the cycles one may see, and a form to start one) and
``/siklus/{id}`` (the workflow of one cycle).

A *siklus* is one procedure of an agency's SOP walked for one period (:mod:`naskah.sop_cycle`);
the archive versions its steps produce are ``/versi/{id}`` (:mod:`naskah.api.routes_pages`).

The cycle page shows every step of the procedure from the agency's plugin (nomor, kegiatan,
pelaksana, mutu baku waktu and output) with its state, each pass through it (start, end,
working time against the mutu baku, who, the YA/TIDAK decision and its note, the documents it
archived), the timing chart of ``/api/siklus-sop/{id}/report.png``, and the collection per
bidang (:func:`naskah.collect.status.collection_status`): :func:`naskah.sop_cycle.view
.cycle_view` builds it.

Actions are form posts carrying the session's CSRF token, and call the functions the API and
the CLI call (:func:`naskah.sop_cycle.engine.start_cycle`, :func:`~naskah.sop_cycle.engine
.advance`, :func:`~naskah.sop_cycle.engine.decide`), which note them in the audit log:

=======================================  ==================================================
``POST /siklus``                         start a cycle (``agency``, ``periode``,
                                         ``procedure``; ``workbook``: an input workbook when
                                         the pengumpulan is not open yet)
``POST /siklus/{id}/selesaikan``         complete the step in progress (``note``)
``POST /siklus/{id}/putuskan``           YA/TIDAK at a decision step (``keputusan``, ``note``)
=======================================  ==================================================

Who may act: as ``/api/siklus-sop`` — an ``admin`` for every agency, an ``operator`` for its
own; an ``arsiparis`` reads. An operator's other agencies' cycles do not exist (404). The step
posts carry the step and pass the page showed (``langkah``, ``putaran``): when the cycle has
moved on meanwhile (another user, a repeated post), nothing is done and the page says so
(409). After an action the browser is sent back to the page (303).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated

from babel.dates import format_date
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from naskah.accounts.users import Principal, Role
from naskah.api.audit_log import client_address
from naskah.api.auth import DbSession, FormPrincipal, MaybePrincipal, check_csrf
from naskah.api.routes_collect import StoreSession
from naskah.api.routes_collect import _plugins as plugins_of
from naskah.api.routes_pages import login_page, render
from naskah.db import utcnow
from naskah.errors import InputError, NaskahError
from naskah.i18n import _, language
from naskah.model import Periode

router = APIRouter(include_in_schema=False)

MAX_WORKBOOK_BYTES = 25 << 20
_XLSX_MAGIC = b"PK\x03\x04"
_ACTORS = (Role.ADMIN, Role.OPERATOR)


def may_act(principal: Principal, agency: str) -> bool:
    """Whether ``principal`` may start, advance and decide cycles of ``agency`` (the API's
    rule: admin, or that agency's operator)."""
    return principal.role in _ACTORS and principal.can_see(agency)


def _zone(request: Request, agency: str):
    from naskah.timezones import zone_of

    return zone_of(plugins_of(request), agency)


def waktu_of(zone):
    """``waktu(dt)`` → ``1 April 2025, 08.20 WIB`` in ``zone`` (``—`` for ``None``)."""

    def waktu(value: datetime | None, with_time: bool = True) -> str:
        if value is None:
            return "—"
        local = zone.local(value)
        text = format_date(local, "d MMMM y", locale=language())
        return f"{text}, {local:%H.%M} {zone.label}" if with_time else text

    return waktu


def rentang_of(zone):
    """``rentang(a, b)`` → ``1 April 2025, 08.00–08.20 WIB`` (one day) or two full times;
    ``b`` ``None``: ``a`` and an open end."""
    waktu = waktu_of(zone)

    def rentang(start: datetime, end: datetime | None) -> str:
        if end is None:
            return f"{waktu(start)} –"
        a, b = zone.local(start), zone.local(end)
        if a.date() == b.date():
            return f"{waktu(start, False)}, {a:%H.%M}–{b:%H.%M} {zone.label}"
        return f"{waktu(start)} – {waktu(end)}"

    return rentang


def _not_found(request: Request, principal: Principal, cycle_id: str):
    return render(request, "error.html", principal, status_code=404,
                  title=_("SOP cycle not found"),
                  message=_("No SOP cycle with ID {id}.", id=cycle_id[:20]))


def _cycle_or_none(session, principal: Principal, cycle_id: str):
    from naskah.sop_cycle.store import SopCycle

    cid = int(cycle_id) if cycle_id.isdigit() and len(cycle_id) < 10 else 0
    cycle = session.get(SopCycle, cid) if cid else None
    if cycle is None or not principal.can_see(cycle.agency):
        return None
    return cycle


# --- the list ------------------------------------------------------------------------------


def _rows(request: Request, cycles):
    """``(cycle, procedure or None, current step or None, zone)`` for the list."""
    from naskah.sop_cycle import CycleError
    from naskah.sop_cycle.engine import procedure_of

    plugins = plugins_of(request)
    out = []
    for c in cycles:
        try:
            proc = procedure_of(plugins, c)
        except (CycleError, NaskahError):
            proc = None
        step = proc.step(c.current_step) if proc is not None and c.current_step else None
        out.append((c, proc, step, waktu_of(_zone(request, c.agency))))
    return out


def _list_page(request: Request, principal: Principal, session, status_code: int = 200,
               **context):
    from naskah.sop_cycle.engine import list_cycles

    cycles = [c for c in list_cycles(session, principal.agency_scope)
              if principal.can_see(c.agency)][::-1]
    labels = request.app.state.labels
    agencies = ([principal.agency] if principal.agency_scope else sorted(labels.agencies))
    form = {"agency": "", "periode": "", "procedure": "", **context.pop("form", {})}
    return render(request, "cycles.html", principal, status_code=status_code,
                  rows=_rows(request, cycles), can_start=principal.role in _ACTORS,
                  agencies=agencies, procedures=sorted(labels.procedures.items()), form=form,
                  **{"message": "", "problems": None, **context})


@router.get("/siklus", response_class=HTMLResponse)
def cycles_page(*, request: Request, principal: MaybePrincipal, session: DbSession):
    if principal is None:
        return login_page(request)
    return _list_page(request, principal, session)


@router.post("/siklus", response_class=HTMLResponse)
def start_cycle(
    *,
    request: Request,
    principal: FormPrincipal,
    session: StoreSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    agency: Annotated[str, Form(max_length=100)] = "",
    periode: Annotated[str, Form(max_length=30)] = "",
    procedure: Annotated[str, Form(max_length=50)] = "",
    workbook: Annotated[UploadFile | None, File()] = None,
):
    """Start a cycle (see the module); on a refusal the list page again with the reason."""
    from naskah.sop_cycle import engine

    if principal is None:
        return login_page(request)
    check_csrf(request, csrf)
    form = {"agency": agency, "periode": periode, "procedure": procedure}
    if principal.role not in _ACTORS:
        return _list_page(request, principal, session, 403, form=form,
                          message=_("Your role may read SOP cycles but not start them."))
    if not agency or not principal.can_see(agency):
        return _list_page(request, principal, session, 422, form=form,
                          message=_("Choose the agency."))
    try:
        key = Periode.parse(periode.strip()).key
    except ValueError:
        return _list_page(request, principal, session, 422, form=form, message=_(
            "Period {period} is not known (e.g. 2025-TW1, 2025-S1, 2025).",
            period=repr(periode)))
    folder = Path(tempfile.mkdtemp(prefix="siklus-"))
    try:
        data = None
        if workbook is not None and workbook.filename:
            content = workbook.file.read(MAX_WORKBOOK_BYTES + 1)
            if len(content) > MAX_WORKBOOK_BYTES or content[:4] != _XLSX_MAGIC:
                return _list_page(request, principal, session, 422, form=form, message=_(
                    "{file}: not an XLSX workbook (or larger than {mb} MB).",
                    file=workbook.filename, mb=MAX_WORKBOOK_BYTES >> 20))
            data = folder / (Path(workbook.filename).name or "data.xlsx")
            data.write_bytes(content)
        try:
            cycle = engine.start_cycle(
                session, request.app.state.settings, plugins_of(request), agency=agency,
                periode=key, procedure=procedure or None, data=data, by=principal.name,
                address=client_address(request))
        except InputError as exc:
            session.rollback()
            return _list_page(request, principal, session, 422, form=form,
                              problems=exc.problems, filename=workbook.filename if workbook
                              else "")
        except NaskahError as exc:
            session.rollback()
            return _list_page(request, principal, session, 409, form=form,
                              message=_("The cycle was not started: {reason}", reason=str(exc)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return RedirectResponse(f"/siklus/{cycle.id}", status_code=303)


# --- one cycle -----------------------------------------------------------------------------


def _cycle_page(request: Request, principal: Principal, session, cycle, status_code: int = 200,
                message: str = ""):
    from naskah.sop_cycle import CycleError
    from naskah.sop_cycle.timing import JamKerja, durasi_teks
    from naskah.sop_cycle.view import cycle_view

    zone = _zone(request, cycle.agency)
    try:
        view = cycle_view(session, request.app.state.settings, plugins_of(request), cycle,
                          utcnow(), JamKerja(zona=zone.tz))
    except CycleError as exc:  # the agency's plugin no longer has the procedure
        return render(request, "error.html", principal, status_code=409,
                      title=_("SOP cycle {id}", id=cycle.id), message=str(exc))
    return render(request, "cycle.html", principal, status_code=status_code, view=view,
                  cycle=cycle, waktu=waktu_of(zone), rentang=rentang_of(zone),
                  durasi=durasi_teks, zone=zone,
                  can_act=may_act(principal, cycle.agency), message=message)


@router.get("/siklus/{cycle_id}", response_class=HTMLResponse)
def cycle_page(*, request: Request, cycle_id: str, principal: MaybePrincipal,
               session: DbSession):
    if principal is None:
        return login_page(request)
    cycle = _cycle_or_none(session, principal, cycle_id)
    if cycle is None:
        return _not_found(request, principal, cycle_id)
    return _cycle_page(request, principal, session, cycle)


def _act(request: Request, principal: Principal | None, session, cycle_id: str, csrf: str,
         langkah: int, putaran: int, action):
    """Shared by the step posts: sign-in, CSRF, visibility, role, the step the page showed;
    then ``action(cycle)`` (an engine call) → back to the page, or the page with the refusal.
    """
    from naskah.sop_cycle.store import SopCycle

    if principal is None:
        return login_page(request)
    check_csrf(request, csrf)
    cycle = _cycle_or_none(session, principal, cycle_id)
    if cycle is None:
        return _not_found(request, principal, cycle_id)
    if not may_act(principal, cycle.agency):
        return _cycle_page(request, principal, session, cycle, 403,
                           _("Your role may read this cycle but not change it."))
    if (cycle.current_step, cycle.putaran) != (langkah, putaran):
        return _cycle_page(request, principal, session, cycle, 409, _(
            "The cycle has moved on since this page was loaded (step {n}, putaran {p} is no "
            "longer in progress): nothing was changed. Here is where it is now.",
            n=langkah, p=putaran))
    try:
        action(cycle.id)
    except NaskahError as exc:
        session.rollback()
        session.expire_all()
        fresh = session.get(SopCycle, cycle.id)
        return _cycle_page(request, principal, session, fresh, 409,
                           _("Not done: {reason}", reason=str(exc)))
    return RedirectResponse(f"/siklus/{cycle.id}#langkah-{langkah}", status_code=303)


@router.post("/siklus/{cycle_id}/selesaikan", response_class=HTMLResponse)
def complete_step(
    *,
    request: Request,
    cycle_id: str,
    principal: FormPrincipal,
    session: StoreSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    langkah: Annotated[int, Form(ge=0, le=10_000)] = 0,
    putaran: Annotated[int, Form(ge=0, le=10_000)] = 0,
    note: Annotated[str, Form(max_length=2000)] = "",
):
    """Complete the step in progress (its documents are rendered and archived)."""
    from naskah.sop_cycle import engine

    def action(cid: int):
        engine.advance(session, request.app.state.settings, plugins_of(request), cid,
                       by=principal.name, note=note, address=client_address(request))

    return _act(request, principal, session, cycle_id, csrf, langkah, putaran, action)


@router.post("/siklus/{cycle_id}/putuskan", response_class=HTMLResponse)
def decide_step(
    *,
    request: Request,
    cycle_id: str,
    principal: FormPrincipal,
    session: StoreSession,
    csrf: Annotated[str, Form(max_length=200)] = "",
    langkah: Annotated[int, Form(ge=0, le=10_000)] = 0,
    putaran: Annotated[int, Form(ge=0, le=10_000)] = 0,
    keputusan: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
):
    """The decision at a decision step: YA goes on, TIDAK (with the arahan as note) goes back
    to the step the SOP names."""
    from naskah.sop_cycle import engine

    def action(cid: int):
        engine.decide(session, request.app.state.settings, plugins_of(request), cid, keputusan,
                      by=principal.name, note=note, address=client_address(request))

    return _act(request, principal, session, cycle_id, csrf, langkah, putaran, action)
