"""HTTP endpoints of the collection round trip and the SOP cycle (an ``APIRouter``).

Included by the service (:func:`naskah.api.app.create_app`) with
``app.include_router(naskah.api.routes_collect.router)``. Same rules as the other ``/api`` routes
(:mod:`naskah.api.auth`): reading needs any role, writing needs ``admin`` or an ``operator``
of that agency; another agency's objects answer ``404``. The acting user's name is recorded
as who imported, entered, checked, advanced or decided.

=====================================================================  ==========================
``GET  /api/pengumpulan/{agency}/{periode}``                           status per bidang
``GET  /api/pengumpulan/{agency}/{periode}/formulir/{bidang}.xlsx``    the XLSX formulir
``POST /api/pengumpulan/{agency}/{periode}/import``                    filled formulir (files)
``POST /api/pengumpulan/{agency}/{periode}/entri``                     operator entry
``POST /api/pengumpulan/{agency}/{periode}/bidang/{bidang}/periksa``   Kepala Bidang: checked
``POST /api/pengumpulan/{agency}/{periode}/bidang/{bidang}/kembalikan``  … returned, with note
``GET  /api/siklus-sop`` · ``POST /api/siklus-sop``                    list · start a cycle
``GET  /api/siklus-sop/{id}``                                          state and steps passed
``POST /api/siklus-sop/{id}/advance`` · ``/decide``                    complete · YA/TIDAK
``GET  /api/siklus-sop/{id}/report`` · ``/report.png``                 time vs mutu baku
=====================================================================  ==========================

Refusals: ``404`` unknown or invisible agency/cycle, ``409`` a request the state does not
allow (a step that needs a decision …), ``422`` bad input (every problem located).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from naskah.accounts.users import Principal
from naskah.api.auth import Reader, Submitter
from naskah.api.params import MAX_ID
from naskah.collect import CollectError
from naskah.db import session_factory, utcnow
from naskah.errors import InputError, NaskahError
from naskah.i18n import _
from naskah.model import PERIODE_REGEX, Problem, slugify
from naskah.sop_cycle import CycleError

_DETAIL = {"application/json": {"schema": {
    "type": "object", "properties": {"detail": {}}, "required": ["detail"]}}}
router = APIRouter(
    prefix="/api",
    tags=["pengumpulan", "siklus-sop"],
    responses={
        404: {"description": "No such collection, bidang or cycle (or not the caller's agency)",
              "content": _DETAIL},
        409: {"description": "Refused in the cycle's current state", "content": _DETAIL},
        413: {"description": "An uploaded file is too large", "content": _DETAIL},
        422: {"description": "Bad request, or located problems of a refused formulir "
                             "(detail: a list of {file, sheet, row, column, found, expected})",
              "content": _DETAIL},
    },
)

MAX_UPLOAD_BYTES = 10 << 20
PERIODE = rf"^{PERIODE_REGEX}$"  # Periode.key: tahun 2000..2100
CycleId = Annotated[int, PathParam(ge=1, le=MAX_ID, description="SOP cycle ID")]
PeriodePath = Annotated[str, PathParam(pattern=PERIODE, description="e.g. 2025-TW1")]


# --- plumbing ----------------------------------------------------------------------------------


def store_session(request: Request) -> Iterator[Session]:
    """A write session on the service's database, with the collection tables in place."""
    from naskah.collect.store import ensure_tables

    state = request.app.state
    if not getattr(state, "collect_tables_ready", False):
        ensure_tables(state.engine)
        state.collect_tables_ready = True
    with session_factory(state.engine)() as session:
        yield session


StoreSession = Annotated[Session, Depends(store_session)]


def _plugins(request: Request):
    state = request.app.state
    plugins = getattr(state, "collect_plugins", None)
    if plugins is None:
        from naskah.agencies.manager import plugins_for

        settings = state.settings
        plugins = plugins_for(settings)
        state.collect_plugins = plugins
    return plugins


def _visible(principal: Principal, agency: str) -> None:
    if not principal.can_see(agency):
        raise HTTPException(404, _("No pengumpulan of {agency}", agency=agency))


def _problem(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column,
            "found": p.found, "expected": p.expected, "text": str(p)}


def _refuse(exc: NaskahError) -> HTTPException:
    if isinstance(exc, InputError):
        return HTTPException(422, [_problem(p) for p in exc.problems])
    if isinstance(exc, CollectError | CycleError):
        return HTTPException(409, str(exc))
    return HTTPException(422, str(exc))


def _pengumpulan(session: Session, agency: str, periode: str):
    from naskah.collect.data import require_pengumpulan

    try:
        return require_pengumpulan(session, agency, periode)
    except CollectError as exc:
        raise HTTPException(404, str(exc)) from None


def _revision(r) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"nomor": r.nomor, "status": r.status, "sumber": r.sumber,
            "source_name": r.source_name, "pengisi": r.pengisi, "created_by": r.created_by,
            "created_at": r.created_at, "checked_by": r.checked_by, "checked_at": r.checked_at,
            "note": r.note}


# --- pengumpulan -------------------------------------------------------------------------------


@router.get("/pengumpulan/{agency}/{periode}", summary="Collection status per bidang")
def pengumpulan_status(request: Request, agency: str, periode: PeriodePath, principal: Reader,
                       session: StoreSession):
    """Per bidang: the revision the recap uses, the newest one if it waits (entri) or was
    returned, and the indicators without realisasi (belum dilaporkan)."""
    from naskah.collect.status import collection_status

    _visible(principal, agency)
    row = _pengumpulan(session, agency, periode)
    states = collection_status(session, request.app.state.settings, row)
    return {
        "agency": row.agency, "periode": row.periode, "mode": row.mode,
        "input_name": row.input_name,
        "bidang": [{
            "bidang": s.bidang, "jumlah": len(s.indikator), "dilaporkan": s.dilaporkan,
            "tidak_terukur": [i.kode for i in s.tidak_terukur],
            "belum_dilaporkan": [{"kode": i.kode, "indikator": i.nama} for i in s.belum],
            "dipakai": _revision(s.dipakai), "menunggu": _revision(s.terbaru),
        } for s in states],
    }


@router.get("/pengumpulan/{agency}/{periode}/formulir/{bidang}.xlsx",
            summary="The XLSX formulir of a bidang")
def formulir_xlsx(request: Request, agency: str, periode: PeriodePath, bidang: str,
                  principal: Reader, session: StoreSession):
    from naskah.collect.data import load_source
    from naskah.collect.formulir_xlsx import write_formulir_xlsx
    from naskah.pipeline import prepare_cycle

    _visible(principal, agency)
    settings = request.app.state.settings
    row = _pengumpulan(session, agency, periode)
    plugins = _plugins(request)
    data = load_source(settings, row)
    name = next((b for b in data.bidang if slugify(b) == slugify(bidang)), None)
    if name is None:
        raise HTTPException(404, _("Bidang {bidang!r} does not exist; bidang: {known}",
                                   bidang=bidang, known=", ".join(data.bidang)))
    folder = Path(tempfile.mkdtemp(prefix="formulir-"))
    out = folder / f"formulir-{slugify(name)}-{row.periode}.xlsx"
    write_formulir_xlsx(plugins, prepare_cycle(plugins, agency, data), name, out)
    return FileResponse(out, filename=out.name,
                        media_type="application/vnd.openxmlformats-officedocument."
                                   "spreadsheetml.sheet",
                        background=BackgroundTask(shutil.rmtree, folder, True))


@router.post("/pengumpulan/{agency}/{periode}/import", summary="Import filled formulir",
             responses={422: {"description": "At least one file was refused (nothing of it "
                                             "stored); every problem located"}})
def import_formulir(
    request: Request, agency: str, periode: PeriodePath, principal: Submitter,
    session: StoreSession,
    files: Annotated[list[UploadFile], File(description="Filled formulir, .xlsx or .docx")],
):
    """Each file accepted whole or refused whole; accepted files are stored even when another
    file of the same request is refused (``422`` then, with every outcome)."""
    from naskah.cli.collect import agency_names
    from naskah.collect.importer import import_files, summary

    _visible(principal, agency)
    settings = request.app.state.settings
    folder = Path(tempfile.mkdtemp(prefix="import-"))
    try:
        paths = []
        for i, upload in enumerate(files):
            name = Path(upload.filename or "").name
            if name in ("", ".", "..") or "\x00" in name:  # no usable file name: ours
                name = f"formulir-{i}.xlsx"
            target = folder / f"{i:03d}" / name
            target.parent.mkdir()
            _save(upload, target)
            paths.append(target)
        try:
            outcomes = import_files(session, settings, paths, agency=agency, periode=periode,
                                    by=principal.name, agency_names=agency_names(
                                        _plugins(request)))
        except NaskahError as exc:
            raise _refuse(exc) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    body = [{"file": o.path.name, "accepted": o.accepted, "bidang": o.bidang,
             "revision": _revision(o.revision), **(summary(o.rows) if o.accepted else {}),
             "problems": [_problem(p) for p in o.problems]} for o in outcomes]
    return JSONResponse(_jsonable(body), status_code=200 if all(o.accepted for o in outcomes)
                        else 422)


def _save(upload: UploadFile, target: Path) -> None:
    size = 0
    with open(target, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise HTTPException(413, _("{file}: more than {mb} MB", file=upload.filename,
                                           mb=MAX_UPLOAD_BYTES >> 20))
            out.write(chunk)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


class EntriIn(BaseModel):
    """One operator entry. Values as typed (``"85,5"``, ``"n/a"``, ``""`` clears); a field
    left out keeps what was entered before."""

    kode: str
    realisasi: str | None = None
    anggaran: str | None = None
    keterangan: str | None = None


class NoteIn(BaseModel):
    note: str = Field(min_length=1)


@router.post("/pengumpulan/{agency}/{periode}/entri", summary="Operator entry (application)")
def entri(request: Request, agency: str, periode: PeriodePath, body: EntriIn, principal: Submitter,
          session: StoreSession):
    from naskah.collect.operator import _KEEP, enter_realisasi

    _visible(principal, agency)
    row = _pengumpulan(session, agency, periode)
    try:
        rev, value = enter_realisasi(
            session, request.app.state.settings, row, kode=body.kode,
            realisasi=_KEEP if body.realisasi is None else body.realisasi,
            anggaran=_KEEP if body.anggaran is None else body.anggaran,
            keterangan=body.keterangan, by=principal.name, now=utcnow())
        session.commit()
    except NaskahError as exc:
        session.rollback()
        raise _refuse(exc) from None
    return {"bidang": rev.bidang, "revision": _jsonable(_revision(rev)), "kode": value.kode,
            "bentuk": value.bentuk, "nilai": value.nilai,
            "realisasi_anggaran": value.realisasi_anggaran, "keterangan": value.keterangan}


def _bidang_of(request: Request, row, bidang: str) -> str:
    from naskah.collect.data import load_source

    known = load_source(request.app.state.settings, row).bidang
    name = next((b for b in known if slugify(b) == slugify(bidang)), None)
    if name is None:
        raise HTTPException(404, _("Bidang {bidang!r} does not exist; bidang: {known}",
                                   bidang=bidang, known=", ".join(known)))
    return name


@router.post("/pengumpulan/{agency}/{periode}/bidang/{bidang}/periksa",
             summary="Kepala Bidang: entries checked")
def periksa(request: Request, agency: str, periode: PeriodePath, bidang: str, principal: Submitter,
            session: StoreSession):
    from naskah.collect.operator import check_bidang

    _visible(principal, agency)
    row = _pengumpulan(session, agency, periode)
    try:
        rev = check_bidang(session, row, _bidang_of(request, row, bidang), by=principal.name,
                           now=utcnow())
        session.commit()
    except NaskahError as exc:
        session.rollback()
        raise _refuse(exc) from None
    return _jsonable(_revision(rev))


@router.post("/pengumpulan/{agency}/{periode}/bidang/{bidang}/kembalikan",
             summary="Kepala Bidang: entries returned with a note")
def kembalikan(request: Request, agency: str, periode: PeriodePath, bidang: str, body: NoteIn,
               principal: Submitter, session: StoreSession):
    from naskah.collect.operator import return_bidang

    _visible(principal, agency)
    row = _pengumpulan(session, agency, periode)
    try:
        rev = return_bidang(session, row, _bidang_of(request, row, bidang), note=body.note,
                            by=principal.name, now=utcnow())
        session.commit()
    except NaskahError as exc:
        session.rollback()
        raise _refuse(exc) from None
    return _jsonable(_revision(rev))


# --- the SOP cycle -----------------------------------------------------------------------------


class CycleIn(BaseModel):
    agency: str
    periode: str = Field(pattern=PERIODE)
    procedure: str | None = None


class DecisionIn(BaseModel):
    keputusan: str = Field(pattern=r"^(YA|TIDAK|ya|tidak)$")
    note: str = ""


class AdvanceIn(BaseModel):
    note: str = ""


def _cycle_out(session: Session, plugins, cycle) -> dict[str, Any]:
    from naskah.sop_cycle.engine import procedure_of

    proc = procedure_of(plugins, cycle)
    step = proc.step(cycle.current_step) if cycle.current_step is not None else None
    return _jsonable({
        "id": cycle.id, "agency": cycle.agency, "procedure": cycle.procedure,
        "periode": cycle.periode, "status": cycle.status, "putaran": cycle.putaran,
        "current_step": None if step is None else {
            "nomor": step.nomor, "uraian": step.uraian, "pelaksana": list(step.pelaksana),
            "waktu": step.waktu_teks, "output": step.output,
            "keputusan": None if step.keputusan is None else {
                "ya": step.keputusan.ya, "tidak": step.keputusan.tidak}},
        "events": [{"step": e.step, "putaran": e.putaran, "started_at": e.started_at,
                    "ended_at": e.ended_at, "actor": e.actor, "note": e.note,
                    "keputusan": e.keputusan, "run_id": e.run_id} for e in cycle.events],
    })


def _get_cycle(session: Session, principal: Principal, cycle_id: int):
    from naskah.sop_cycle.engine import get_cycle

    try:
        cycle = get_cycle(session, cycle_id)
    except CycleError:
        raise HTTPException(404, _("No cycle {id}", id=cycle_id)) from None
    if not principal.can_see(cycle.agency):
        raise HTTPException(404, _("No cycle {id}", id=cycle_id))
    return cycle


@router.get("/siklus-sop", summary="SOP cycles")
def cycles(request: Request, principal: Reader, session: StoreSession,
           agency: str | None = None):
    from naskah.sop_cycle.engine import list_cycles

    plugins = _plugins(request)
    return [_cycle_out(session, plugins, c) for c in list_cycles(session, agency)
            if principal.can_see(c.agency)]


@router.post("/siklus-sop", status_code=201, summary="Start a cycle")
def start(request: Request, body: CycleIn, principal: Submitter, session: StoreSession):
    """Starts at the procedure's first step; the pengumpulan must be open (``naskah cycle
    start --data`` or ``naskah collect formulir --data``)."""
    from naskah.sop_cycle.engine import start_cycle

    _visible(principal, body.agency)
    plugins = _plugins(request)
    try:
        cycle = start_cycle(session, request.app.state.settings, plugins, agency=body.agency,
                            periode=body.periode, procedure=body.procedure, by=principal.name)
    except NaskahError as exc:
        session.rollback()
        raise _refuse(exc) from None
    return _cycle_out(session, plugins, cycle)


@router.get("/siklus-sop/{cycle_id}", summary="A cycle: where it is, the steps passed")
def cycle_state(request: Request, cycle_id: CycleId, principal: Reader, session: StoreSession):
    return _cycle_out(session, _plugins(request), _get_cycle(session, principal, cycle_id))


def _outcome(session: Session, plugins, outcome) -> dict[str, Any]:
    out = _cycle_out(session, plugins, outcome.cycle)
    out["completed"] = {"step": outcome.completed.nomor, "keputusan": outcome.keputusan}
    out["documents"] = [] if outcome.run is None else [
        {"id": d.id, "title": d.title, "nomor": d.nomor} for d in outcome.run.documents]
    out["warnings"] = outcome.warnings
    return out


@router.post("/siklus-sop/{cycle_id}/advance", summary="Complete the step in progress")
def advance(request: Request, cycle_id: CycleId, body: AdvanceIn, principal: Submitter,
            session: StoreSession):
    from naskah.sop_cycle import engine

    _get_cycle(session, principal, cycle_id)
    plugins = _plugins(request)
    try:
        outcome = engine.advance(session, request.app.state.settings, plugins, cycle_id,
                                 by=principal.name, note=body.note)
    except NaskahError as exc:
        session.rollback()
        raise _refuse(exc) from None
    return _outcome(session, plugins, outcome)


@router.post("/siklus-sop/{cycle_id}/decide", summary="The Sekretaris' decision: YA or TIDAK")
def decide(request: Request, cycle_id: CycleId, body: DecisionIn, principal: Submitter,
           session: StoreSession):
    from naskah.sop_cycle import engine

    _get_cycle(session, principal, cycle_id)
    plugins = _plugins(request)
    try:
        outcome = engine.decide(session, request.app.state.settings, plugins, cycle_id,
                                body.keputusan, by=principal.name, note=body.note)
    except NaskahError as exc:
        session.rollback()
        raise _refuse(exc) from None
    return _outcome(session, plugins, outcome)


def _report(request: Request, session: Session, principal: Principal, cycle_id: int):
    from naskah.sop_cycle.engine import procedure_of
    from naskah.sop_cycle.timing import JamKerja, timing_report
    from naskah.timezones import zone_of

    cycle = _get_cycle(session, principal, cycle_id)
    plugins = _plugins(request)
    return timing_report(cycle, procedure_of(plugins, cycle), utcnow(),
                         JamKerja(zona=zone_of(plugins, cycle.agency).tz))


@router.get("/siklus-sop/{cycle_id}/report", summary="Working time against mutu baku")
def report(request: Request, cycle_id: CycleId, principal: Reader, session: StoreSession):
    rep = _report(request, session, principal, cycle_id)
    return _jsonable({
        "cycle_id": rep.cycle_id, "total_menit": rep.total_menit,
        "total_standar": rep.total_standar,
        "steps": [{"step": r.step.nomor, "uraian": r.step.uraian, "putaran": r.putaran,
                   "mulai": r.mulai, "selesai": r.selesai, "menit": r.menit,
                   "standar": r.standar, "waktu_teks": r.step.waktu_teks, "over": r.over,
                   "keputusan": r.keputusan, "note": r.note} for r in rep.rows],
    })


@router.get("/siklus-sop/{cycle_id}/report.png", summary="The timing chart (PNG)")
def report_png(request: Request, cycle_id: CycleId, principal: Reader, session: StoreSession):
    from naskah.sop_cycle.chart import timing_chart

    rep = _report(request, session, principal, cycle_id)
    folder = Path(tempfile.mkdtemp(prefix="laporan-waktu-"))
    out = timing_chart(rep, folder / f"siklus-{cycle_id}-waktu.png")
    return FileResponse(out, media_type="image/png",
                        background=BackgroundTask(shutil.rmtree, folder, True))
