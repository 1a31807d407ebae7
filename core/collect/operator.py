"""Application-based collection (seed 002, Disdagtrans): operators enter, the Kepala Bidang checks.

The SOP of the Dinas Perdagangan dan Transmigrasi (steps 6–8 of its collection table): the
Staf/Operator of each bidang enter the data in the application (2 hari), the Kepala Bidang
checks the entries (120 menit), the Tim SAKIP recaps from the application; data rejected by the
Sekretaris is completed and entered again (step 10, TIDAK → step 6). Here:

- :func:`enter_realisasi`: one indicator's realisasi (and anggaran, keterangan) into the
  bidang's *open* revision (status ``entri``). With none open, a new revision is started as a
  copy of the bidang's newest one, so a correction changes only what is corrected and the
  older revisions stay as they were;
- :func:`check_bidang`: the Kepala Bidang marks the open revision ``diperiksa``: from now on
  the recap uses it;
- :func:`return_bidang`: the Kepala Bidang returns it (``dikembalikan``) with a note; the next
  entry starts a new revision from it.

Values are read as everywhere else (:func:`naskah.numbers_id.parse_nilai`, ``parse_rupiah``):
``85,5``, ``n/a`` (tidak dapat diukur), empty (not reported, never 0).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from naskah.collect import CollectError
from naskah.collect.data import butuh_anggaran, load_source, target_teks
from naskah.collect.store import (
    Mode,
    Pengumpulan,
    RealisasiValue,
    Revision,
    RevisionStatus,
    latest_revision,
    new_revision,
)
from naskah.i18n import _
from naskah.numbers_id import NilaiError, parse_nilai, parse_rupiah
from naskah.settings import Settings

OPERATOR = "operator"
"""``Revision.sumber`` of operators' entries."""

_KEEP = object()


def _require_aplikasi(pengumpulan: Pengumpulan) -> None:
    if pengumpulan.mode != Mode.APLIKASI:
        raise CollectError(
            _("{agency} collects through formulir, not an application: import the filled "
              "formulir (naskah collect import FILE --agency {agency} --period {periode})",
              agency=pengumpulan.agency, periode=pengumpulan.periode))


def open_revision(session: Session, pengumpulan: Pengumpulan, bidang: str, *, by: str,
                  now: datetime) -> Revision:
    """The bidang's revision in entry (``entri``): the newest one if it is, else a new one that
    starts as a copy of the newest revision's values (none: empty). Does not commit."""
    newest = latest_revision(session, pengumpulan, bidang)
    if newest is not None and newest.status == RevisionStatus.ENTRI:
        return newest
    rev = new_revision(session, pengumpulan, bidang, status=RevisionStatus.ENTRI,
                       sumber=OPERATOR, created_by=by, created_at=now)
    for old in newest.values if newest is not None else ():
        session.add(RealisasiValue(
            revision=rev, kode=old.kode, bentuk=old.bentuk, nilai=old.nilai,
            realisasi_anggaran=old.realisasi_anggaran, keterangan=old.keterangan,
            entered_by=old.entered_by, entered_at=old.entered_at,
        ))
    session.flush()
    session.refresh(rev)
    return rev


def enter_realisasi(
    session: Session,
    settings: Settings,
    pengumpulan: Pengumpulan,
    *,
    kode: str,
    realisasi: object = _KEEP,
    anggaran: object = _KEEP,
    keterangan: str | None = None,
    by: str,
    now: datetime,
) -> tuple[Revision, RealisasiValue]:
    """Enter one indicator's values (an operator). Does not commit.

    ``realisasi`` and ``anggaran`` are raw values as typed (``"85,5"``, ``"n/a"``, ``""`` to
    clear); left out, they keep what the revision has. ``keterangan=None`` keeps it too.

    :raises CollectError: formulir mode, unknown kode, a value that cannot be read (the
        message says what to write), or anggaran for an indicator without a budget line.
    """
    _require_aplikasi(pengumpulan)
    data = load_source(settings, pengumpulan)
    ind = next((i for i in data.indikator if i.kode == kode), None)
    if ind is None:
        raise CollectError(_("kode {kode!r} is not an indicator of {agency} {periode} (see "
                             "naskah collect status)", kode=kode, agency=pengumpulan.agency,
                             periode=pengumpulan.periode))
    try:
        nilai = (parse_nilai(realisasi, allow_text=target_teks(ind))
                 if realisasi is not _KEEP else _KEEP)
        rupiah = parse_rupiah(anggaran) if anggaran is not _KEEP else _KEEP
    except NilaiError as err:
        raise CollectError(f"{kode}: {err.found}; {err.expected}") from None
    if rupiah not in (_KEEP, None) and not butuh_anggaran(ind):
        raise CollectError(_("{kode}: realisasi anggaran given for a {value}; only program, "
                             "kegiatan and sub kegiatan rows have a budget", kode=kode,
                             value=ind.level.value))
    rev = open_revision(session, pengumpulan, ind.bidang, by=by, now=now)
    value = rev.value_of(kode)
    if value is None:
        value = RealisasiValue(revision=rev, kode=kode, bentuk="kosong", nilai="",
                               keterangan="", entered_by=by, entered_at=now)
        session.add(value)
    if nilai is not _KEEP:
        value.set_nilai(nilai)  # type: ignore[arg-type]
    if rupiah is not _KEEP:
        value.realisasi_anggaran = rupiah  # type: ignore[assignment]
    if keterangan is not None:
        value.keterangan = keterangan.strip()
    value.entered_by, value.entered_at = by, now
    session.flush()
    return rev, value


def _entry_of(session: Session, pengumpulan: Pengumpulan, bidang: str) -> Revision:
    _require_aplikasi(pengumpulan)
    rev = latest_revision(session, pengumpulan, bidang)
    if rev is None or rev.status != RevisionStatus.ENTRI:
        state = (_("nothing was entered") if rev is None
                 else _("revision {n} is {status}", n=rev.nomor, status=rev.status))
        raise CollectError(_("{bidang} has no data waiting for a check ({state})", bidang=bidang,
                             state=state))
    return rev


def check_bidang(session: Session, pengumpulan: Pengumpulan, bidang: str, *, by: str,
                 now: datetime) -> Revision:
    """The Kepala Bidang marks ``bidang``'s entries checked. Does not commit.

    :raises CollectError: formulir mode, or no revision in entry for ``bidang``.
    """
    rev = _entry_of(session, pengumpulan, bidang)
    rev.status = RevisionStatus.DIPERIKSA.value
    rev.checked_by, rev.checked_at = by, now
    session.flush()
    return rev


def return_bidang(session: Session, pengumpulan: Pengumpulan, bidang: str, *, note: str,
                  by: str, now: datetime) -> Revision:
    """The Kepala Bidang returns ``bidang``'s entries with ``note`` (required). Does not commit.

    :raises CollectError: formulir mode, an empty note, or no revision in entry for ``bidang``.
    """
    if not note.strip():
        raise CollectError(_("say what to correct: --note is required when returning data"))
    rev = _entry_of(session, pengumpulan, bidang)
    rev.status = RevisionStatus.DIKEMBALIKAN.value
    rev.checked_by, rev.checked_at, rev.note = by, now, note.strip()
    session.flush()
    return rev
