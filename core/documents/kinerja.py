"""Pieces shared by the pengumpulan and pengukuran documents: printed values, groups, status,
method texts, budget sums and charts.

Everything returned is plain printable text (Indonesian formatting through
:mod:`naskah.formatting`: ``94,44%``, ``Rp 1.004.422.800``, ``1.234,5``) or
:class:`naskah.render.Image`. A missing value is printed as what it is (``belum dilaporkan``,
``tidak dapat diukur``, ``tidak dihitung``, ``–``), never as 0.

Sources: seed ``000_91a605894ad13bf6.txt`` (II. TUJUAN, step tables), domain brief §1–§2.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from naskah.cycle import Cycle
from naskah.documents import charts
from naskah.formatting import (
    angka,
    angka_indikator,
    nama_bulan,
    nama_triwulan,
    nilai,
    persen,
)
from naskah.measurement.types import (
    PERMENDAGRI_86_2017,
    Capaian,
    DasarTargetKumulatif,
    MeasurementRules,
    Predikat,
    RumusNegatif,
)
from naskah.model import (
    TIDAK_DAPAT_DIUKUR,
    Agregasi,
    Indikator,
    Jenis,
    JenisPeriode,
    Level,
    Nilai,
    Pejabat,
    Periode,
    Polaritas,
    slugify,
)
from naskah.render import Image

STRIP = "–"
"""Printed where a value does not apply (no pagu for a sasaran, no period target)."""

TIDAK_DIHITUNG = "tidak dihitung"

TUJUAN = (
    "Mengumpulkan data realisasi capaian indikator kinerja pada jenjang program dan kegiatan "
    "sampai ke jenjang Indikator Kinerja Utama (IKU).",
    "Melakukan analisis capaian kinerja dengan mengacu pada target di Penetapan Kinerja.",
    "Melakukan koordinasi hasil evaluasi dan analisis capaian Indikator Kinerja Utama (IKU) dan "
    "menyusun rencana aksi pencapaian kinerja pada tahap selanjutnya.",
)
"""The SOP's "II. TUJUAN" (identical in the seeds 000, 001 and 003)."""

LEVEL_URUT = (Level.TUJUAN, Level.SASARAN, Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)

LEVEL_JUDUL = {
    Level.TUJUAN: "Tujuan",
    Level.SASARAN: "Sasaran",
    Level.PROGRAM: "Program",
    Level.KEGIATAN: "Kegiatan",
    Level.SUB_KEGIATAN: "Sub Kegiatan",
}

AGREGASI_JUDUL = {
    Agregasi.KUMULATIF: "Kumulatif",
    Agregasi.AKHIR_PERIODE: "Akhir periode",
    Agregasi.RATA_RATA: "Rata-rata",
}

POLARITAS_JUDUL = {Polaritas.POSITIF: "Positif", Polaritas.NEGATIF: "Negatif"}

POLARITAS_PANJANG = {
    Polaritas.POSITIF: "Positif (makin tinggi makin baik)",
    Polaritas.NEGATIF: "Negatif (makin rendah makin baik)",
}

RUMUS_POSITIF = "Realisasi / Target × 100"

RUMUS_NEGATIF = {
    RumusNegatif.LKJIP: "(2 × Target − Realisasi) / Target × 100",
    RumusNegatif.TARGET_PER_REALISASI: "Target / Realisasi × 100",
    RumusNegatif.SKP_2022: "(1 + (1 − Realisasi / Target)) × 100",
}
"""General form of the negative-polarity formulas (domain brief §2)."""

RUMUS_NEGATIF_SUMBER = {
    RumusNegatif.LKJIP: "sebagaimana dalam LKjIP yang mengacu pada Permenpan RB 53/2014 dan "
    "12/2015",
    RumusNegatif.TARGET_PER_REALISASI: "rumus target per realisasi",
    RumusNegatif.SKP_2022: "Permenpan RB 6/2022, kondisi khusus",
}

AMBANG_EFISIENSI = Decimal(5)
"""Points of capaian − serapan for the efficiency reading (domain brief §2, a common reading
marked *verify*; :func:`naskah.measurement.rules.efisiensi`)."""


# --- printed values ------------------------------------------------------------------------------


def tampil(v: Nilai, kosong: str = "belum dilaporkan", desimal: int | None = None) -> str:
    """A target or realisasi as printed (domain brief §2, Decimals).

    - With ``desimal`` (the indicator's :attr:`~naskah.model.Indikator.desimal`): exactly that
      many decimals, ``Decimal("14.4"), 2`` → ``"14,40"``; a computed value with more decimals
      (a rata-rata) is rounded half-up to ``max(desimal, 2)``: ``Decimal("17.3333"), 0`` →
      ``"17,33"``.
    - Without: the decimals as given, at most 2 (half-up): ``Decimal("14.40")`` → ``"14,40"``,
      ``Decimal(80)`` → ``"80"``, ``Decimal("17.3333")`` → ``"17,33"``.

    Text as given; ``TIDAK_DAPAT_DIUKUR`` → ``"tidak dapat diukur"``; ``None`` → ``kosong``."""
    if isinstance(v, Decimal):
        return angka_indikator(v, desimal)
    return nilai(v, kosong=kosong)


def capaian_teks(c: Capaian) -> str:
    """Capaian in % as printed (``"94,44%"``), or ``"tidak dihitung"`` when it has no number."""
    return persen(c.nilai) if c.nilai is not None else TIDAK_DIHITUNG


def nama_indikator(ind: Indikator) -> str:
    """The indicator's name with its type when it is IKU/IKK/IKI: ``"… (IKU)"``."""
    return f"{ind.nama} ({ind.jenis.value})" if ind.jenis is not Jenis.IK else ind.nama


def dengan_satuan(v: Nilai, satuan: str, desimal: int | None = None) -> str:
    """``75,5%`` / ``34 Orang`` / ``"WTP"``; a non-number is printed by :func:`tampil`."""
    if isinstance(v, Decimal):
        s = tampil(v, desimal=desimal)
        return f"{s}%" if satuan.strip() == "%" else f"{s} {satuan}".strip()
    if isinstance(v, str):
        return f'"{v}"'
    return tampil(v)


# --- grouping ----------------------------------------------------------------------------------


def urut_level(capaian: Iterable[Capaian]) -> list[Capaian]:
    """``capaian`` ordered by level (tujuan, sasaran, program, kegiatan, sub kegiatan), input
    order kept within a level: the order of the measurement tables and charts."""
    items = list(capaian)
    return sorted(items, key=lambda c: LEVEL_URUT.index(c.indikator.level))


def groups_by_level(rows: Sequence[tuple[Capaian, dict[str, Any]]]) -> list[dict[str, Any]]:
    """``[{judul: "Indikator Sasaran", rows: [...]}, …]`` in :data:`LEVEL_URUT` order; empty
    levels left out. ``rows`` are (capaian, row dict) already in :func:`urut_level` order."""
    groups: list[dict[str, Any]] = []
    for level in LEVEL_URUT:
        members = [row for c, row in rows if c.indikator.level is level]
        if members:
            groups.append({"judul": f"Indikator {LEVEL_JUDUL[level]}", "rows": members})
    return groups


def groups_by_bidang(
    cycle: Cycle, rows: Sequence[tuple[Capaian, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """``[{judul: "Sekretariat", rows: [...]}, …]`` in the bidang order of the data."""
    groups = []
    for bidang in cycle.data.bidang:
        members = [row for c, row in rows if c.indikator.bidang == bidang]
        if members:
            groups.append({"judul": bidang, "rows": members})
    return groups


def urut_bidang(cycle: Cycle) -> list[Capaian]:
    """Capaian ordered by bidang (data order), input order within a bidang."""
    order = {b: i for i, b in enumerate(cycle.data.bidang)}
    return sorted(cycle.capaian, key=lambda c: order.get(c.indikator.bidang, len(order)))


# --- collection status -------------------------------------------------------------------------

LENGKAP = "Lengkap"
BELUM = "Belum dilaporkan"
TIDAK_TERUKUR = "Tidak dapat diukur"


def realisasi_tw(cycle: Cycle, kode: str, triwulan: int) -> Nilai:
    """The realisasi reported for one triwulan (``None`` when not reported)."""
    r = cycle.data.realisasi_of(kode).get(triwulan)
    return r.nilai if r else None


def status_pengumpulan(cycle: Cycle, ind: Indikator) -> tuple[str, str]:
    """(status, keterangan) of an indicator's data for the cycle's triwulan ``n``:

    - ``Belum dilaporkan``: no realisasi for triwulan ``n`` (empty is not 0);
    - ``Tidak dapat diukur``: reported as n/a;
    - ``Lengkap``: a value (number or text) reported.

    Keterangan: the reporter's note, and the earlier triwulan still missing (``"Realisasi TW I
    belum dilaporkan."``)."""
    n = cycle.periode.triwulan
    reported = cycle.data.realisasi_of(ind.kode)
    cur = reported.get(n)
    v = cur.nilai if cur else None
    if v is None:
        status = BELUM
    elif v is TIDAK_DAPAT_DIUKUR:
        status = TIDAK_TERUKUR
    else:
        status = LENGKAP
    notes = []
    if cur and cur.keterangan.strip():
        notes.append(cur.keterangan.strip())
    missing = [nama_triwulan(t, singkat=True) for t in range(1, n) if t not in reported
               or reported[t].nilai is None]  # fmt: skip
    if missing:
        notes.append(f"Realisasi {', '.join(missing)} belum dilaporkan.")
    return status, " ".join(notes)


def ringkasan_pengumpulan(cycle: Cycle) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Per bidang ``{no, bidang, jumlah, dilaporkan, belum, tidak_terukur}`` (counts of
    indicators by :func:`status_pengumpulan`) and the totals."""
    rows = []
    total = {"jumlah": 0, "dilaporkan": 0, "belum": 0, "tidak_terukur": 0}
    for i, bidang in enumerate(cycle.data.bidang, start=1):
        statuses = [status_pengumpulan(cycle, c.indikator)[0]
                    for c in cycle.capaian_of_bidang(bidang)]  # fmt: skip
        row = {
            "jumlah": len(statuses),
            "dilaporkan": statuses.count(LENGKAP),
            "belum": statuses.count(BELUM),
            "tidak_terukur": statuses.count(TIDAK_TERUKUR),
        }
        for k, v in row.items():
            total[k] += v
        rows.append({"no": i, "bidang": bidang, **row})
    return rows, total


# --- method texts ------------------------------------------------------------------------------


def rumus_umum(ind: Indikator, rules: MeasurementRules) -> str:
    """General formula of an indicator: ``"Capaian = Realisasi / Target × 100"`` (positive) or
    the agency's negative formula; a text target is compared as text."""
    if isinstance(ind.target_tahunan, str) or any(
        isinstance(v, str) for v in ind.target_triwulan.values()
    ):
        return "Target berupa teks: realisasi dibandingkan dengan target (sama = 100%)"
    if ind.polaritas is Polaritas.NEGATIF:
        return f"Capaian = {RUMUS_NEGATIF[rules.rumus_negatif]}"
    return f"Capaian = {RUMUS_POSITIF}"


def sd_teks(periode: Periode) -> str:
    """The months a measurement covers, in words: ``"TW I"``, ``"TW I s.d. TW III"`` for a triwulan,
    ``"Januari s.d. Juni 2025"`` for a semester or the year."""
    if periode.jenis is JenisPeriode.TRIWULAN:
        if periode.nomor == 1:
            return "TW I"
        return f"TW I s.d. {nama_triwulan(periode.nomor, singkat=True)}"
    return f"Januari s.d. {nama_bulan(periode.bulan_akhir)} {periode.tahun}"


def _target_kata(periode: Periode) -> str:
    if periode.jenis is JenisPeriode.TAHUNAN:
        return "target tahunan"
    if periode.jenis is JenisPeriode.SEMESTER:
        return f"target semester s.d. {periode.nama} (atau target triwulan)"
    return f"target {sd_teks(periode)}"


def cara_perhitungan(ind: Indikator, rules: MeasurementRules, periode: Periode) -> str:
    """The indicator's aggregation over the period in words (cara perhitungan), with the
    no-target rule of :func:`naskah.measurement.rules.target_periode`."""
    sd = sd_teks(periode)
    tahunan = periode.jenis is JenisPeriode.TAHUNAN
    tanpa = (
        ""
        if tahunan
        else (
            "; bila target periode tidak ada: "
            + ("target tahunan (periode berakhir Desember)" if periode.akhir_tahun
               else "tidak dihitung")
        )
    )  # fmt: skip
    if ind.agregasi is Agregasi.KUMULATIF:
        if rules.dasar_target_kumulatif is DasarTargetKumulatif.TAHUNAN or tahunan:
            return f"Kumulatif: jumlah realisasi {sd} dibandingkan dengan target tahunan"
        return (
            f"Kumulatif: jumlah realisasi {sd} dibandingkan dengan jumlah "
            f"{_target_kata(periode)}{tanpa}"
        )
    if ind.agregasi is Agregasi.AKHIR_PERIODE:
        target = "target tahunan" if tahunan else f"target {periode.nama_singkat}"
        return (
            f"Akhir periode: realisasi terakhir yang dilaporkan {sd} dibandingkan dengan "
            f"{target}{tanpa}"
        )
    return (
        f"Rata-rata: rata-rata realisasi yang dilaporkan {sd} dibandingkan dengan "
        f"rata-rata {_target_kata(periode)}{tanpa}"
        if not tahunan
        else f"Rata-rata: rata-rata realisasi yang dilaporkan {sd} dibandingkan dengan "
        "target tahunan"
    )


def rumus_list(rules: MeasurementRules, *, anggaran: bool = False) -> list[dict[str, str]]:
    """``[{judul, teks}]``: the capaian formulas (positive, the agency's negative, text target)
    and, with ``anggaran``, serapan and efisiensi."""
    out = [
        {"judul": "Indikator positif", "teks": f"Capaian (%) = {RUMUS_POSITIF}"},
        {
            "judul": "Indikator negatif",
            "teks": f"Capaian (%) = {RUMUS_NEGATIF[rules.rumus_negatif]} "
            f"({RUMUS_NEGATIF_SUMBER[rules.rumus_negatif]})",
        },
        {
            "judul": "Target berupa teks",
            "teks": 'realisasi dibandingkan dengan target (mis. opini "WTP"): sama = 100%, '
            "berbeda = target tidak tercapai",
        },
    ]
    if anggaran:
        out += [
            {"judul": "Serapan anggaran", "teks": "Serapan (%) = Realisasi Anggaran / Pagu × 100"},
            {
                "judul": "Efisiensi",
                "teks": f"Capaian − Serapan > {angka(AMBANG_EFISIENSI)} poin: Efisien; "
                f"−{angka(AMBANG_EFISIENSI)} s.d. {angka(AMBANG_EFISIENSI)} poin: Cukup Efisien; "
                f"< −{angka(AMBANG_EFISIENSI)} poin: Tidak Efisien",
            },
        ]
    return out


def rentang(skala: Sequence[Predikat], i: int) -> str:
    """Printed interval of band ``i``: ``"≥ 91%"``, ``"≥ 76% dan < 91%"``, ``"< 51%"``."""
    band = skala[i]
    atas = skala[i - 1].batas_bawah if i > 0 else None
    if band.batas_bawah.is_infinite():
        return f"< {angka(atas)}%" if atas is not None else "semua nilai"
    if atas is None:
        return f"≥ {angka(band.batas_bawah)}%"
    return f"≥ {angka(band.batas_bawah)}% dan < {angka(atas)}%"


def skala_rows(rules: MeasurementRules, capaian: Sequence[Capaian] = ()) -> list[dict[str, Any]]:
    """``[{no, label, rentang, jumlah}]`` of the agency's predicate scale; ``jumlah`` counts the
    ``capaian`` with that predikat."""
    skala = rules.skala_predikat
    return [
        {
            "no": i + 1,
            "label": p.label,
            "rentang": rentang(skala, i),
            "jumlah": sum(1 for c in capaian if c.predikat == p.label),
        }
        for i, p in enumerate(skala)
    ]


def skala_sumber(rules: MeasurementRules) -> str:
    """Sentence naming the predicate scale's source."""
    if tuple(rules.skala_predikat) == PERMENDAGRI_86_2017:
        return "Predikat capaian menurut interval Permendagri 86/2017:"
    return "Predikat capaian menurut skala yang ditetapkan perangkat daerah:"


def ketentuan(rules: MeasurementRules, periode: Periode | None = None) -> list[str]:
    """Rules of the measurement printed in the methodology: cap, rounding, the target a period
    is compared with (as :func:`naskah.measurement.rules.target_periode` takes it for
    ``periode``'s kind: the year's target for a year, the semester or triwulan targets up to the
    period otherwise), missing and n/a values, target 0 and text targets."""
    if rules.batas_atas is None:
        cap = "Capaian tidak dibatasi (tanpa batas atas): capaian di atas 100% dicetak apa adanya."
    else:
        cap = (
            f"Capaian dibatasi paling tinggi {angka(rules.batas_atas)}%; nilai sebelum "
            "dibatasi dicatat pada keterangan."
        )
    jenis = periode.jenis if periode is not None else None
    tanpa = (
        "Indikator tanpa target untuk periode yang diukur tidak dihitung (tidak masuk "
        "rata-rata maupun jumlah predikat) dan tidak dibandingkan dengan target tahunan; "
        "periode yang berakhir bulan Desember memakai target tahunan."
    )
    if jenis is JenisPeriode.TAHUNAN:
        kum = "Setiap indikator dibandingkan dengan target tahunan."
        tanpa = (
            "Indikator tanpa target tahunan tidak dihitung (tidak masuk rata-rata maupun "
            "jumlah predikat)."
        )
    elif rules.dasar_target_kumulatif is DasarTargetKumulatif.TAHUNAN:
        kum = "Indikator kumulatif dibandingkan dengan target tahunan."
    elif jenis is JenisPeriode.SEMESTER:
        kum = (
            "Indikator kumulatif dibandingkan dengan jumlah target semester sampai periode "
            "pengukuran (bila target semester tidak ditetapkan: jumlah target triwulan)."
        )
    elif jenis is JenisPeriode.TRIWULAN:
        kum = (
            "Indikator kumulatif dibandingkan dengan jumlah target triwulan sampai periode "
            "pengukuran."
        )
    else:
        kum = (
            "Indikator kumulatif dibandingkan dengan jumlah target periode (triwulan atau "
            "semester) sampai periode pengukuran."
        )
    return [
        cap,
        "Capaian, serapan dan rata-rata capaian dihitung tanpa pembulatan (rata-rata dari "
        "capaian sebelum dibulatkan) dan disajikan dua desimal dengan pembulatan setengah ke "
        "atas (mis. 94,445 menjadi 94,45%); predikat ditentukan dari nilai yang disajikan. "
        "Target dan realisasi dicetak dengan jumlah desimal sebagaimana diisikan atau "
        "ditetapkan per indikator (hasil rata-rata yang lebih panjang dibulatkan dengan cara "
        "yang sama, sekurang-kurangnya dua desimal); Rupiah tanpa desimal.",
        kum,
        tanpa,
        'Realisasi kosong berarti belum dilaporkan dan realisasi "n/a" berarti tidak dapat '
        "diukur: keduanya tidak dihitung capaiannya dan tidak dianggap 0.",
        "Target 0: capaian (%) tidak dihitung (pembagian dengan 0), keterangan menyatakan "
        "tercapai atau tidaknya target.",
        "Efisiensi tidak dapat diukur bila capaian atau serapan tidak dapat dihitung, atau "
        "keduanya 0%.",
    ]


# --- budget ------------------------------------------------------------------------------------


# --- summary -----------------------------------------------------------------------------------


def rata_rata(capaian: Iterable[Capaian]) -> Decimal | None:
    """Mean capaian (%) of the indicators with a number (unrounded), ``None`` if none."""
    values = [c.nilai for c in capaian if c.nilai is not None]
    return sum(values, Decimal(0)) / len(values) if values else None


def alasan_tidak_dihitung(capaian: Iterable[Capaian]) -> str:
    """``"1 belum dilaporkan, 1 tidak dapat diukur"`` for the capaian without a number (``""``
    when none)."""
    counts: dict[str, int] = {}
    for c in capaian:
        if c.nilai is None:
            key = charts.STATUS_TEKS.get(c.status, str(c.status))
            counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in counts.items())


# --- officials ---------------------------------------------------------------------------------


def pengisi_formulir(cycle: Cycle, bidang: str) -> tuple[Pejabat | None, str]:
    """Who signs a bidang's formulir ("Yang mengisi"): the Sekretaris for the Sekretariat, else
    the Kepala of the bidang (``"Kepala Bidang Rehabilitasi Sosial"``).

    The official is looked up in ``cycle.pejabat`` by peran ``kepala_<bidang slug>`` (``-`` as
    ``_``) or by jabatan; ``None`` when not given (the name is then printed blank)."""
    if bidang.strip().casefold().startswith("sekretariat"):
        p = cycle.pejabat.get("sekretaris") or cycle.agency.sekretaris
        return p, p.jabatan or "Sekretaris"
    jabatan = f"Kepala {bidang}".strip()
    peran = "kepala_" + slugify(bidang).replace("-", "_")
    p = cycle.pejabat.get(peran)
    if p is None:
        p = next(
            (x for x in cycle.pejabat.values() if x.jabatan.casefold() == jabatan.casefold()),
            None,
        )
    return p, (p.jabatan if p and p.jabatan else jabatan)


# --- charts ------------------------------------------------------------------------------------


_CHARTS_ROOT: Path | None = None


def charts_dir() -> Path:
    """A fresh temporary directory for one document's chart PNGs, inside one per-process
    ``naskah-charts-*`` directory that is removed when the process exits. The PNGs are
    embedded into the DOCX at render time and are not needed afterwards."""
    global _CHARTS_ROOT
    if _CHARTS_ROOT is None or not _CHARTS_ROOT.is_dir():
        _CHARTS_ROOT = Path(tempfile.mkdtemp(prefix="naskah-charts-"))
        atexit.register(shutil.rmtree, _CHARTS_ROOT, True)
    return Path(tempfile.mkdtemp(prefix="doc-", dir=_CHARTS_ROOT))


TINGGI_BARIS_MIN_MM = 9.5
"""The lowest row of a capaian chart: three label lines of 7 pt (≈ 8.9 mm) still fit."""


def bagian_grafik(
    n: int, per_grafik: int, tinggi_baris_mm: float, tinggi_min_mm: float = TINGGI_BARIS_MIN_MM
) -> tuple[list[int], float]:
    """How ``n`` indicators are laid out in capaian charts that each fit the height of
    ``per_grafik`` rows of ``tinggi_baris_mm`` (``28 + per_grafik × tinggi_baris_mm`` mm, what
    one page holds): ``(sizes of the parts, row height in mm)``.

    One chart whenever the rows, lowered down to ``tinggi_min_mm``, fit that height (19
    indicators on a portrait page: one chart of 10.4 mm rows, not 18 + 1); otherwise as few
    parts as the page needs, of equal sizes (±1) — never a lone indicator in a last part
    (issue 11: "one indicator alone"). ``n = 0`` gives one empty chart.
    """
    if n <= per_grafik:
        return [max(n, 0)], tinggi_baris_mm
    room = per_grafik * tinggi_baris_mm
    if n * tinggi_min_mm <= room:
        return [n], room / n
    parts = -(-n // per_grafik)
    base, extra = divmod(n, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)], tinggi_baris_mm


def grafik_capaian(
    cycle: Cycle,
    capaian: Sequence[Capaian],
    lebar_mm: float,
    *,
    per_grafik: int,
    tinggi_baris_mm: float = 11,
) -> list[Image]:
    """The capaian bar chart(s) of ``capaian`` (in the order given, numbered 1..n like the
    tables) as :class:`Image` ``lebar_mm`` wide: one chart as long as it fits the height of
    ``per_grafik`` rows (a page), else parts of equal size (:func:`bagian_grafik`). Every part
    has the same axis scale (that of the whole list). The charts are SVG: vector graphics
    whose text is text (searchable in the PDF)."""
    out_dir = charts_dir()
    images = []
    rentang = charts.rentang_capaian(capaian)
    sizes, tinggi = bagian_grafik(len(capaian), per_grafik, tinggi_baris_mm)
    start = 0
    for k, size in enumerate(sizes, start=1):
        out = charts.capaian_chart(
            capaian[start : start + size],
            out_dir / f"capaian-{k}.svg",
            skala=cycle.rules.skala_predikat,
            lebar_mm=lebar_mm,
            tinggi_baris_mm=tinggi,
            nomor_awal=start + 1,
            rentang=rentang,
        )
        images.append(Image(out, lebar_mm))
        start += size
    return images


def grafik_keterangan(periode: str) -> str:
    return (
        f"Capaian kinerja per indikator, {periode}. Garis putus-putus: 100%. Indikator tanpa "
        "angka capaian ditulis “tidak dihitung”, tidak digambar sebagai 0."
    )
