"""Contexts of the meeting documents: surat undangan rapat and notulen rapat (with daftar hadir).

The meeting is SOP step 2 of each procedure: "Sekretaris melakukan rapat dengan Tim untuk
memberikan arahan pelaksanaan kegiatan …". Facts come from the ``Siklus`` sheet's rapat of the
procedure (:class:`naskah.model.Rapat`); every missing fact is printed as dots or dotted lines
to fill by hand. Formats: domain brief §3.
"""

from __future__ import annotations

from typing import Any

from naskah import formatting
from naskah.cycle import Cycle
from naskah.documents.common import (
    base_context,
    jabatan_sekretaris,
    or_kosong,
    pejabat,
    rapat_of,
    tanggal_of,
    tempat_tanggal,
    ttd,
    waktu_rapat,
)
from naskah.documents.registry import builder
from naskah.formatting import KOSONG
from naskah.model import Pejabat, PlannedDocument, Rapat

MIN_BARIS_HADIR = 10
"""The daftar hadir has at least this many rows (empty ones to fill by hand)."""

TIM_SAKIP = "Tim SAKIP"


def resolve_pejabat(cycle: Cycle, who: str) -> Pejabat | None:
    """The official a Rapat field names: a peran (``"sekretaris"``), a jabatan or a name of the
    Pejabat sheet (case-insensitive); a name not in the sheet becomes ``Pejabat("", who)``;
    ``""`` → ``None``."""
    who = (who or "").strip()
    if not who:
        return None
    key = who.lower()
    if key in cycle.pejabat:
        return cycle.pejabat[key]
    for p in cycle.pejabat.values():
        if key in (p.nama.strip().lower(), p.jabatan.strip().lower()):
            return p
    return Pejabat(jabatan="", nama=who)


def _label(p: Pejabat | None) -> str:
    """``"NAMA (Jabatan)"``, the name or the jabatan alone, or dots."""
    if p is None:
        return KOSONG
    if p.nama and p.jabatan:
        return f"{p.nama} ({p.jabatan})"
    return p.nama or p.jabatan or KOSONG


def _pimpinan(cycle: Cycle, rapat: Rapat) -> Pejabat:
    """The chair: the Rapat's ``pimpinan``, else the Sekretaris (the SOP: "Sekretaris melakukan
    rapat dengan Tim")."""
    p = resolve_pejabat(cycle, rapat.pimpinan)
    if p is not None:
        return p
    return pejabat(cycle, "sekretaris") or cycle.agency.sekretaris


def rapat_context(cycle: Cycle, document: PlannedDocument, ctx: dict[str, Any]) -> dict[str, Any]:
    """The ``rapat`` key shared by undangan and notulen::

        {nama, hari_tanggal, waktu, tempat, acara, pimpinan, pencatat, peserta}

    ``nama`` is "Rapat Arahan Pelaksanaan Kegiatan <procedure> <periode>" (SOP step 2);
    ``acara``/``tempat``/``pencatat`` are the Siklus sheet's or dots."""
    r = rapat_of(cycle, document.procedure)
    judul = ctx["procedure"]["judul"]
    return {
        "nama": f"Rapat Arahan Pelaksanaan Kegiatan {judul} {ctx['periode']}",
        "hari_tanggal": formatting.hari_tanggal(r.tanggal),
        "waktu": waktu_rapat(r),
        "tempat": or_kosong(r.tempat),
        "acara": or_kosong(r.acara),
        "pimpinan": _label(_pimpinan(cycle, r)),
        "pencatat": _label(resolve_pejabat(cycle, r.pencatat)),
        "peserta": f"Sekretaris dan {TIM_SAKIP} {ctx['agency']['nama']} (daftar hadir terlampir)",
    }


@builder("undangan_rapat")
def undangan_rapat(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Surat undangan of the Sekretaris to the Tim SAKIP for the step-2 meeting.

    Keys: ``tempat_tanggal`` (Siklus ``undangan``), ``sifat`` ("Biasa"), ``lampiran`` ("-"),
    ``hal`` ("Undangan Rapat"), ``yth``, ``tempat_tujuan`` ("Tempat"), ``pembuka`` and
    ``penutup`` (paragraph lists), ``rapat`` (see :func:`rapat_context`), ``ttd`` (the
    chair, by default the Sekretaris)."""
    ctx = base_context(cycle, document, nomor)
    judul = ctx["procedure"]["judul"]
    r = rapat_of(cycle, document.procedure)
    chair = _pimpinan(cycle, r)
    ctx.update(
        tempat_tanggal=tempat_tanggal(cycle, tanggal_of(cycle, document, "undangan")),
        sifat="Biasa",
        lampiran="-",
        hal="Undangan Rapat",
        yth=f"Ketua dan Anggota {TIM_SAKIP} {ctx['agency']['nama']}",
        tempat_tujuan="Tempat",
        pembuka=[
            f"Dalam rangka pelaksanaan kegiatan {judul.lower()} {ctx['periode']} sesuai "
            f"{ctx['sop']['sebutan']}, dengan ini kami mengundang Saudara untuk menghadiri "
            "rapat arahan pelaksanaan kegiatan tersebut yang akan dilaksanakan pada:"
        ],
        penutup=[
            "Mengingat pentingnya acara tersebut, diharapkan kehadiran Saudara tepat pada "
            "waktunya.",
            "Demikian disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
        ],
        rapat=rapat_context(cycle, document, ctx),
        ttd=ttd(cycle, chair, chair.jabatan or jabatan_sekretaris(cycle), ""),
    )
    return ctx


def daftar_hadir(cycle: Cycle, rows: int = MIN_BARIS_HADIR) -> list[dict[str, Any]]:
    """Rows ``{no, nama, jabatan, kiri, kanan}`` of the daftar hadir: the known participants
    (every official of the cycle but the Kepala, the Sekretaris first, then the Tim SAKIP),
    then empty rows up to ``rows``. ``kiri``/``kanan`` hold the zig-zag signature numbers
    ("1. ........" on the left for odd rows, on the right for even rows)."""
    people = [p for p in cycle.daftar_pejabat if p.peran != "kepala"]
    order = {"sekretaris": 0, "ketua_tim": 1}
    people.sort(key=lambda p: order.get(p.peran, 2))
    out: list[dict[str, Any]] = []
    for no in range(1, max(rows, len(people)) + 1):
        p = people[no - 1] if no <= len(people) else None
        mark = f"{no}. .........."
        out.append(
            {
                "no": no,
                "nama": p.nama if p else "",
                "jabatan": p.jabatan if p else "",
                "kiri": mark if no % 2 else "",
                "kanan": "" if no % 2 else mark,
            }
        )
    return out


@builder("notulen_rapat")
def notulen_rapat(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Notulen of the step-2 meeting with its daftar hadir on a new page.

    Keys: ``rapat`` (see :func:`rapat_context`), ``pembukaan``, ``pembahasan``, ``keputusan``,
    ``penutupan`` (lists; the template prints dotted lines for an empty one — pembahasan and
    keputusan come from the Siklus sheet, pembukaan/penutupan are left to fill by hand),
    ``ttd_pimpinan`` / ``ttd_pencatat`` (labels "Pimpinan Rapat," / "Pencatat,"; the place and
    date of the meeting above the pencatat), ``hadir`` (see :func:`daftar_hadir`)."""
    ctx = base_context(cycle, document, nomor)
    r = rapat_of(cycle, document.procedure)
    chair = _pimpinan(cycle, r)
    pencatat = resolve_pejabat(cycle, r.pencatat)
    ctx.update(
        rapat=rapat_context(cycle, document, ctx),
        pembukaan=[],
        pembahasan=list(r.pembahasan),
        keputusan=list(r.keputusan),
        penutupan=[],
        ttd_pimpinan=ttd(
            cycle, chair, chair.jabatan or jabatan_sekretaris(cycle), "",
            label="Pimpinan Rapat,",
        ),
        ttd_pencatat=ttd(
            cycle, pencatat, pencatat.jabatan if pencatat else "",
            tempat_tanggal(cycle, r.tanggal), label="Pencatat,",
        ),
        hadir=daftar_hadir(cycle),
    )  # fmt: skip
    return ctx
