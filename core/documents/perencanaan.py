"""Contexts of the planning documents: program kerja kegiatan and checklist dokumen.

- Program kerja (SOP step 3): the procedure's steps with pelaksana, mutu baku waktu and output,
  and a schedule DERIVED from the mutu baku: from the procedure's meeting date (Siklus rapat),
  else the nota dinas date, steps in SOP order, :data:`naskah.model.MENIT_PER_HARI_KERJA`
  working minutes a day, Saturdays and Sundays skipped. National holidays are not known to
  naskah and are not skipped (the document says so).
- Checklist dokumen (pengumpulan step 4): the step's kelengkapan in the SOP's own wording plus
  the agency's persyaratan and dokumen pelengkap, with empty boxes to tick by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from naskah import formatting
from naskah.cycle import Cycle
from naskah.documents.common import (
    base_context,
    jabatan_of,
    jabatan_sekretaris,
    pejabat,
    rapat_of,
    step_of,
    tanggal_of,
    tempat_tanggal,
    ttd,
)
from naskah.documents.registry import builder
from naskah.model import MENIT_PER_HARI_KERJA, PlannedDocument, Procedure, Step

# --- schedule ------------------------------------------------------------------------------------


def is_hari_kerja(d: date) -> bool:
    """Monday to Friday (holidays are not known)."""
    return d.weekday() < 5


def next_hari_kerja(d: date) -> date:
    """``d`` itself when it is a working day, else the following Monday."""
    while not is_hari_kerja(d):
        d += timedelta(days=1)
    return d


@dataclass(frozen=True)
class Jadwal:
    """When a step is scheduled: first and last working day (equal for a step within a day)."""

    mulai: date
    selesai: date

    def __str__(self) -> str:
        return format_rentang(self.mulai, self.selesai)


def format_rentang(a: date, b: date) -> str:
    """``"3 April 2025"`` for one day; ``"3 – 4 April 2025"``, ``"30 April – 2 Mei
    2025"`` or ``"31 Desember 2025 – 2 Januari 2026"`` for a span."""
    if a == b:
        return formatting.tanggal(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day} – {formatting.tanggal(b)}"
    if a.year == b.year:
        return f"{formatting.tanggal(a).rsplit(' ', 1)[0]} – {formatting.tanggal(b)}"
    return f"{formatting.tanggal(a)} – {formatting.tanggal(b)}"


def jadwal_langkah(
    steps: tuple[Step, ...] | list[Step],
    mulai: date,
    menit_per_hari: int = MENIT_PER_HARI_KERJA,
) -> dict[int, Jadwal]:
    """Schedule ``steps`` one after another from the start of working day ``mulai``.

    Each step takes its ``waktu_menit`` out of the day's ``menit_per_hari`` minutes and runs
    over into the next working day (Saturdays and Sundays skipped) when the day is used up; a
    step without waktu is put on the day the previous one ended. Returns ``{step.nomor:
    Jadwal}``.

    Example (pengumpulan from Thursday 3 April 2025): step 2 (60 menit) and 3 (120) on Thursday,
    4 (1 hari = 300) Thursday–Friday, 5 (120) Friday, 6 (5) Monday 7 April."""
    day = next_hari_kerja(mulai)
    used = 0
    out: dict[int, Jadwal] = {}
    for step in steps:
        minutes = step.waktu_menit
        if minutes and used >= menit_per_hari:
            day, used = next_hari_kerja(day + timedelta(days=1)), 0
        start = day
        remaining = minutes or 0
        while remaining > 0:
            free = menit_per_hari - used
            if remaining <= free:
                used += remaining
                remaining = 0
            else:
                remaining -= free
                day, used = next_hari_kerja(day + timedelta(days=1)), 0
        out[step.nomor] = Jadwal(start, day)
    return out


def _anchor(cycle: Cycle, document: PlannedDocument, procedure: Procedure) -> tuple[int, date, str]:
    """``(first scheduled step, its date, what the date is)`` or ``(0, None, "")``: the
    procedure's meeting (the step producing the notulen, else step 2), else its nota dinas
    (step 1)."""
    rapat = rapat_of(cycle, procedure.slug)
    if rapat.tanggal:
        nomor = next(
            (
                s.nomor
                for s in procedure.steps
                if any(d.kind == "notulen_rapat" for d in s.documents or ())
                or (s.documents is None and "notulen" in s.output.lower())
            ),
            2,
        )
        return nomor, rapat.tanggal, "tanggal rapat arahan"
    nd = tanggal_of(cycle, document, "nota_dinas")
    if nd:
        return procedure.steps[0].nomor if procedure.steps else 1, nd, "tanggal nota dinas"
    return 0, None, ""  # type: ignore[return-value]


@builder("program_kerja")
def program_kerja(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Program kerja kegiatan of the procedure (SOP step 3).

    Keys: ``pengantar`` (paragraphs), ``kegiatan`` (rows ``no``, ``uraian``, ``pelaksana``,
    ``waktu`` (the SOP's mutu baku wording), ``jadwal``, ``output``), ``total_waktu``
    ("1.180 menit (3,93 hari kerja)"), ``total_jadwal`` (first – last scheduled day, or ""),
    ``catatan_jadwal`` (how the schedule was derived, or why it is blank), ``mengetahui``
    (the Sekretaris, label "Mengetahui,") and ``ttd`` (the Ketua Tim SAKIP, date: Siklus
    ``program_kerja``).

    Steps before the anchor (the nota dinas before the meeting) show their own date when the
    Siklus sheet gives it."""
    ctx = base_context(cycle, document, nomor)
    procedure = cycle.procedure(document.procedure)
    first, start, what = _anchor(cycle, document, procedure)
    jadwal: dict[int, str] = {}
    days: list[date] = []
    if start:
        later = [s for s in procedure.steps if s.nomor >= first]
        for n, j in jadwal_langkah(later, start).items():
            jadwal[n] = str(j)
            days += [j.mulai, j.selesai]
        nd = tanggal_of(cycle, document, "nota_dinas")
        for s in procedure.steps:
            if s.nomor < first and nd and any(d.kind == "nota_dinas" for d in s.documents):
                jadwal[s.nomor] = formatting.tanggal(nd)
                days.append(nd)
    total = sum(s.waktu_menit or 0 for s in procedure.steps)
    hari = formatting.angka(Decimal(total) / MENIT_PER_HARI_KERJA, 2) if total else ""
    judul = ctx["procedure"]["judul"]
    if start:
        catatan = [
            f"Jadwal disusun dari mutu baku waktu setiap langkah SOP, mulai {what} "
            f"{formatting.hari_tanggal(start)}, dengan {MENIT_PER_HARI_KERJA} menit kerja per "
            "hari (1 hari = 1 hari kerja) tanpa hari Sabtu dan Minggu. Hari libur nasional dan "
            "cuti bersama belum diperhitungkan.",
        ]
    else:
        catatan = [
            "Kolom jadwal dikosongkan: tanggal rapat arahan dan tanggal nota dinas tidak ada di "
            "data, sehingga jadwal belum dapat disusun. Isi jadwal secara manual atau lengkapi "
            "tanggal pada lembar Siklus.",
        ]
    kegiatan = [
        {
            "no": s.nomor,
            "uraian": s.uraian,
            "pelaksana": ", ".join(s.pelaksana) or "-",
            "waktu": s.waktu_teks or formatting.durasi(s.waktu_menit) or "-",
            "jadwal": jadwal.get(s.nomor, ""),
            "output": s.output or "-",
        }
        for s in procedure.steps
    ]
    d = tanggal_of(cycle, document, "program_kerja")
    ketua = pejabat(cycle, "ketua_tim")
    sekretaris = pejabat(cycle, "sekretaris") or cycle.agency.sekretaris
    ctx.update(
        pengantar=[
            f"Program kerja ini disusun oleh Tim SAKIP sebagai rencana pelaksanaan kegiatan "
            f"{judul.lower()} {ctx['periode']} pada {ctx['agency']['nama']}, berdasarkan "
            f"{ctx['sop']['sebutan']} dan arahan rapat Sekretaris dengan Tim SAKIP.",
        ],
        kegiatan=kegiatan,
        total_waktu=f"{formatting.angka(total)} menit ({hari} hari kerja)" if total else "-",
        total_hari=f"{hari} hari kerja" if hari else "",
        total_jadwal=format_rentang(min(days), max(days)) if days else "",
        catatan_jadwal=catatan,
        mengetahui=ttd(
            cycle, sekretaris, jabatan_sekretaris(cycle), "", label="Mengetahui,"
        ),
        ttd=ttd(
            cycle, ketua, jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP"),
            tempat_tanggal(cycle, d),
        ),
    )  # fmt: skip
    return ctx


# --- checklist ------------------------------------------------------------------------------------


def daftar_dokumen(cycle: Cycle, step: Step | None) -> list[tuple[str, str]]:
    """``[(dokumen, sumber)]``: the step's kelengkapan (SOP wording, each entry split on
    commas), then the agency's persyaratan and dokumen pelengkap; de-duplicated
    case-insensitively, the first wording kept."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    groups = [
        (step.kelengkapan if step else (), f"Kelengkapan langkah {step.nomor}" if step else ""),
        (cycle.agency.persyaratan, "Persyaratan umum SOP"),
        (cycle.agency.dokumen_pelengkap, "Dokumen pelengkap SOP"),
    ]
    for items, sumber in groups:
        for item in items:
            for part in item.split(","):
                name = " ".join(part.split())
                if name and name.lower() not in seen:
                    seen.add(name.lower())
                    out.append((name, sumber))
    return out


def sumber_dokumen(docs: list[tuple[str, str]]) -> str:
    """Where the rows come from: ``"Sumber: no. 1–9 kelengkapan langkah 4; no. 10–11
    persyaratan umum SOP; no. 12–13 dokumen pelengkap SOP."`` (``""`` for no rows)."""
    parts: list[str] = []
    start = 1
    for i in range(1, len(docs) + 1):
        if i == len(docs) or docs[i][1] != docs[i - 1][1]:
            nos = f"{start}" if start == i else f"{start}–{i}"
            parts.append(f"no. {nos} {docs[i - 1][1][:1].lower()}{docs[i - 1][1][1:]}")
            start = i + 1
    return f"Sumber: {'; '.join(parts)}." if parts else ""


@builder("checklist_dokumen")
def checklist_dokumen(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Checklist of the documents the Tim SAKIP gathers (pengumpulan step 4).

    Keys: ``pengantar`` (paragraphs), ``dokumen`` (rows ``no``, ``nama``, ``sumber``; see
    :func:`daftar_dokumen`), ``catatan`` (legend), ``ttd`` (the Ketua Tim SAKIP; date: Siklus
    ``checklist_dokumen``)."""
    ctx = base_context(cycle, document, nomor)
    step = step_of(cycle, document)
    docs = daftar_dokumen(cycle, step)
    d = tanggal_of(cycle, document, "checklist_dokumen")
    ctx.update(
        pengantar=[
            "Daftar dokumen yang diperlukan untuk kegiatan "
            f"{ctx['procedure']['judul'].lower()} {ctx['periode']}, sesuai kelengkapan pada "
            "SOP serta persyaratan umum dan dokumen pelengkapnya. Beri tanda centang (✓) pada "
            "kolom Ada atau Tidak Ada.",
        ],
        dokumen=[{"no": i, "nama": n, "sumber": s} for i, (n, s) in enumerate(docs, start=1)],
        catatan=sumber_dokumen(docs),
        ttd=ttd(
            cycle, pejabat(cycle, "ketua_tim"), jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP"),
            tempat_tanggal(cycle, d),
        ),
    )  # fmt: skip
    return ctx
