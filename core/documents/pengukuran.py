"""Context builders of the measurement documents (prosedur Pengukuran Kinerja).

- ``kertas_kerja`` — step 4 (variant ``metodologi``: the method per indicator, no values) and
  step 5 (variant ``""``: the worksheet with the numbers of :mod:`naskah.measurement.rules`);
- ``rekapitulasi_pengukuran`` — step 6, signed by the Ketua Tim SAKIP, with the capaian chart;
- ``laporan_pengukuran`` — step 7 (variant ``draft``: Tim SAKIP → Sekretaris, no nomor) and
  step 8 (final: Sekretaris → Kepala, numbered), with charts and a Lampiran.

Every number comes from ``cycle.capaian`` (measured by :func:`naskah.measurement.rules.measure_all`)
and the budget functions of :mod:`naskah.measurement.rules`; nothing is recomputed differently here.
Capaian in %, rounded half-up to 2 decimals for display (``94,44%``); Rupiah as
``Rp 1.004.422.800``. Dates come from the Siklus sheet (:func:`~naskah.documents.common.tanggal_of`,
``pengukuran.<key>`` first): ``metodologi``, ``kertas_kerja``, ``rekapitulasi``,
``laporan_draft``, ``laporan``; a missing date prints a blank line.

Charts are PNGs written to a fresh temporary directory per document
(:func:`naskah.documents.kinerja.charts_dir`) and passed as :class:`naskah.render.Image`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from naskah.cycle import Cycle
from naskah.documents import anggaran as budget
from naskah.documents import charts
from naskah.documents import kinerja as k
from naskah.documents.common import (
    base_context,
    jabatan_kepala,
    jabatan_of,
    pejabat,
    periode_teks,
    tanggal_of,
    tempat_tanggal,
    ttd,
)
from naskah.documents.pengumpulan import arah_laporan, dasar_laporan
from naskah.documents.registry import builder
from naskah.formatting import persen
from naskah.measurement.types import Capaian, StatusCapaian
from naskah.model import Agregasi, Jenis, JenisPeriode, PlannedDocument, Polaritas
from naskah.render import Image

LEBAR_GRAFIK_LANDSCAPE_MM = 230.0
"""Printed width of the capaian chart on a landscape F4 page (text width 295 mm)."""

PER_GRAFIK_LANDSCAPE = 12
"""Indicators per capaian chart on a landscape page (28 + 12 × 10 mm = 148 mm high)."""

LEBAR_GRAFIK_PORTRAIT_MM = 160.0
"""Printed width of the capaian chart on a portrait F4 page (text width 170 mm)."""

PER_GRAFIK_PORTRAIT = 18
"""Indicators per capaian chart on a portrait page (28 + 18 × 11 mm = 226 mm high)."""

LEBAR_GRAFIK_KECIL_MM = 80.0
"""Printed width of each per-indicator chart of the Lampiran (two per row)."""


def _tw(cycle: Cycle) -> str:
    return cycle.periode.nama_singkat


def _ketua_tim_ttd(cycle: Cycle, document: PlannedDocument, date_key: str) -> dict[str, str]:
    return ttd(
        cycle,
        pejabat(cycle, "ketua_tim"),
        jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP"),
        tempat_tanggal(cycle, tanggal_of(cycle, document, date_key)),
    )


def _numbered(capaian: list[Capaian], make) -> list[tuple[Capaian, dict[str, Any]]]:
    return [(c, {"no": i, **make(c)}) for i, c in enumerate(capaian, start=1)]


def capaian_row(c: Capaian) -> dict[str, str]:
    """``{indikator, satuan, target, realisasi, capaian, predikat}`` as printed: target ``–``
    when there is none, realisasi ``belum dilaporkan`` / ``tidak dapat diukur``, capaian
    ``94,44%`` or ``tidak dihitung``, predikat ``–`` without a number."""
    return {
        "indikator": k.nama_indikator(c.indikator),
        "satuan": c.indikator.satuan,
        "target": k.tampil(c.target, kosong=k.STRIP, desimal=c.indikator.desimal),
        "realisasi": k.tampil(c.realisasi, desimal=c.indikator.desimal),
        "capaian": k.capaian_teks(c),
        "predikat": c.predikat or k.STRIP,
    }


# --- kertas kerja ------------------------------------------------------------------------------


@builder("kertas_kerja")
def kertas_kerja(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Kertas Kerja Pengukuran Kinerja, indicators grouped by level.

    Keys added to the base context:

    - ``metodologi`` (bool: variant ``metodologi``), ``subjudul``, ``dasar_kk`` (the step's
      kelengkapan from the SOP);
    - ``groups``: ``[{judul, rows}]`` — metodologi rows ``{no, indikator, satuan, polaritas,
      cara, rumus, sumber}`` (general formula, aggregation in words, data source); filled rows
      ``{no, indikator, satuan, polaritas, agregasi, target, realisasi, rumus (with numbers,
      ``Capaian.rumus``), capaian ("94,44%" / "tidak dihitung"), predikat, keterangan}``;
    - ``rumus``: ``[{judul, teks}]`` general formulas (positive, the agency's negative);
    - ``skala``: ``[{no, label, rentang, jumlah}]``, ``skala_sumber``; ``ketentuan``: cap,
      rounding, kumulatif target, missing/n/a values;
    - ``ttd``: Ketua Tim SAKIP (date ``metodologi`` or ``kertas_kerja``).
    """
    ctx = base_context(cycle, document, nomor)
    rules = cycle.rules
    metodologi = document.variant == "metodologi"
    ordered = k.urut_level(cycle.capaian)
    if metodologi:

        def make(c: Capaian) -> dict[str, Any]:
            ind = c.indikator
            return {
                "indikator": k.nama_indikator(ind),
                "satuan": ind.satuan,
                "polaritas": k.POLARITAS_PANJANG[ind.polaritas],
                "cara": k.cara_perhitungan(ind, rules, cycle.periode),
                "rumus": k.rumus_umum(ind, rules),
                "sumber": f"Formulir pengumpulan data capaian kinerja {ind.bidang}",
            }

        subjudul = f"Metodologi Pengukuran Capaian Kinerja {periode_teks(cycle)}"
    else:

        def make(c: Capaian) -> dict[str, Any]:
            ind = c.indikator
            return {
                **capaian_row(c),
                "polaritas": k.POLARITAS_JUDUL[ind.polaritas],
                "agregasi": k.AGREGASI_JUDUL[ind.agregasi],
                "rumus": c.rumus or k.STRIP,
                "keterangan": c.keterangan,
            }

        subjudul = f"Pengukuran Capaian Kinerja {periode_teks(cycle)}"
    ctx.update(
        metodologi=metodologi,
        subjudul=subjudul,
        dasar_kk=ctx["step"]["kelengkapan"] or k.STRIP,
        groups=k.groups_by_level(_numbered(ordered, make)),
        rumus=k.rumus_list(rules),
        skala=k.skala_rows(rules, cycle.capaian),
        skala_sumber=k.skala_sumber(rules),
        ketentuan=k.ketentuan(rules, cycle.periode),
        ttd=_ketua_tim_ttd(cycle, document, "metodologi" if metodologi else "kertas_kerja"),
    )
    return ctx


# --- rekapitulasi ------------------------------------------------------------------------------


def _ringkasan(cycle: Cycle, anggaran: dict[str, Any]) -> dict[str, Any]:
    caps = cycle.capaian
    dihitung = [c for c in caps if c.nilai is not None]
    rata = k.rata_rata(caps)
    tidak = len(caps) - len(dihitung)
    alasan = k.alasan_tidak_dihitung(caps)
    return {
        "jumlah": f"{len(caps)} indikator",
        "dihitung": f"{len(dihitung)} indikator",
        "rata_rata": (
            f"{persen(rata)} (dari {len(dihitung)} indikator yang dihitung)"
            if rata is not None
            else k.TIDAK_DIHITUNG
        ),
        "tidak_dihitung": f"{tidak} indikator" + (f" ({alasan})" if alasan else ""),
        "jumlah_tidak_dihitung": tidak,
        "serapan": (
            f"{anggaran['serapan']} ({anggaran['realisasi']} dari pagu {anggaran['pagu']})"
            if anggaran["jumlah"]
            else k.STRIP
        ),
    }


@builder("rekapitulasi_pengukuran")
def rekapitulasi_pengukuran(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    """Rekapitulasi Hasil Pengukuran Kinerja, indicators grouped by level (tujuan, sasaran,
    program, kegiatan, sub kegiatan).

    Keys added to the base context:

    - ``groups``: ``[{judul, rows: [{no, indikator, satuan, target, realisasi, capaian,
      predikat, pagu, realisasi_anggaran, serapan, efisiensi}]}]`` — capaian ``94,44%`` or
      ``tidak dihitung``; pagu/realisasi anggaran ``Rp …`` (cumulative to the period), ``–``
      without a pagu; serapan %; efisiensi ``Efisien``/``Cukup Efisien``/``Tidak Efisien``/``–``;
    - ``anggaran``: totals ``{pagu, realisasi, serapan, …}``;
    - ``ringkasan``: ``{jumlah, dihitung, rata_rata, tidak_dihitung, jumlah_tidak_dihitung,
      serapan}`` (texts); ``skala``: predicate bands with ``jumlah`` indicators each;
    - ``grafik``: list of :class:`Image` — the capaian chart(s) (230 mm, 12 indicators each),
      ``grafik_keterangan``; ``jumlah_tidak_dihitung`` (int);
    - ``sumber_data``; ``ttd``: Ketua Tim SAKIP (date ``rekapitulasi``).
    """
    ctx = base_context(cycle, document, nomor)
    ordered = k.urut_level(cycle.capaian)

    def make(c: Capaian) -> dict[str, Any]:
        a = budget.anggaran_of(cycle, c)
        return {
            **capaian_row(c),
            "pagu": a["pagu_teks"],
            "realisasi_anggaran": a["realisasi_teks"],
            "serapan": a["serapan_teks"],
            "efisiensi": a["efisiensi_teks"],
        }

    anggaran = budget.jumlah_anggaran(cycle, cycle.capaian)
    ctx.update(
        groups=k.groups_by_level(_numbered(ordered, make)),
        anggaran=anggaran,
        ringkasan=_ringkasan(cycle, anggaran),
        skala=k.skala_rows(cycle.rules, cycle.capaian),
        grafik=k.grafik_capaian(
            cycle,
            ordered,
            LEBAR_GRAFIK_LANDSCAPE_MM,
            per_grafik=PER_GRAFIK_LANDSCAPE,
            tinggi_baris_mm=10,
        ),
        jumlah_tidak_dihitung=sum(1 for c in cycle.capaian if c.nilai is None),
        grafik_keterangan=k.grafik_keterangan(periode_teks(cycle)),
        sumber_data=f"Kertas Kerja Pengukuran Kinerja {periode_teks(cycle)}",
        ttd=_ketua_tim_ttd(cycle, document, "rekapitulasi"),
    )
    return ctx


# --- laporan -----------------------------------------------------------------------------------


def analisis(c: Capaian) -> str:
    """One sentence on an indicator, generated from its numbers only: realisasi vs target,
    capaian and predikat, whether the target is met; or why no capaian is computed.

    The capaian against the yearly target (``Capaian.capaian_tahunan``) is added only where it
    reads as progress towards the year: positive polarity, kumulatif or akhir periode (for a
    rata-rata or a negative indicator a part-year value against the yearly target misleads)."""
    ind = c.indikator
    nama = ind.nama
    if c.status is StatusCapaian.DIHITUNG:
        arah = (
            " (indikator negatif: makin rendah makin baik)"
            if (ind.polaritas is Polaritas.NEGATIF)
            else ""
        )
        hasil = "target tercapai" if c.tercapai else "target belum tercapai"
        real = k.dengan_satuan(c.realisasi, ind.satuan, ind.desimal)
        target = k.dengan_satuan(c.target, ind.satuan, ind.desimal)
        kalimat = (
            f"{nama}: realisasi {real} dari target {target}{arah}, capaian {persen(c.nilai)} "
            f"dengan predikat {c.predikat}; {hasil}."
        )
        if (
            c.capaian_tahunan is not None
            and c.target != ind.target_tahunan
            and ind.agregasi is not Agregasi.RATA_RATA
            and ind.polaritas is Polaritas.POSITIF
        ):
            tahunan = k.dengan_satuan(ind.target_tahunan, ind.satuan, ind.desimal)
            kalimat += (
                f" Terhadap target tahunan {tahunan}, capaian {persen(c.capaian_tahunan)}."
            )
        return kalimat
    if c.nilai is not None:  # text target met: 100%
        return f"{nama}: {c.keterangan} Predikat {c.predikat}."
    return f"{nama}: capaian tidak dihitung. {c.keterangan}"


def perbandingan_tahun(cycle: Cycle, ordered: list[Capaian]) -> dict[str, Any]:
    """The LKjIP Bab III comparison with earlier years, for an annual run whose input gives
    ``realisasi_<tahun>`` columns (:attr:`~naskah.model.Indikator.realisasi_lalu`):

    - ``tahun_lalu``: the two latest earlier years given, oldest first (``["2023", "2024"]``;
      ``"–"`` for a missing one); ``kolom_lalu``: their column headers (``"Realisasi 2023"``);
    - ``perbandingan``: ``[{no, indikator, satuan, lalu: [two printed values], target,
      realisasi, capaian}]`` for the indicators with an earlier year (``–`` where not given);
      empty for a triwulan or semester run (a part-year value beside a whole year misleads);
    - ``perbandingan_teks``: one sentence saying where the figures come from.
    """
    kosong = {"tahun_lalu": ["–", "–"], "kolom_lalu": ["–", "–"], "perbandingan": [],
              "perbandingan_teks": ""}  # fmt: skip
    if cycle.periode.jenis is not JenisPeriode.TAHUNAN:
        return kosong
    years = sorted({y for c in ordered for y in c.indikator.realisasi_lalu
                    if y < cycle.periode.tahun})[-2:]  # fmt: skip
    if not years:
        return kosong
    cols: list[int | None] = [None] * (2 - len(years)) + list(years)
    rows = []
    for c in ordered:
        ind = c.indikator
        if not any(y in ind.realisasi_lalu for y in years):
            continue
        rows.append({
            "no": len(rows) + 1,
            "indikator": k.nama_indikator(ind),
            "satuan": ind.satuan,
            "lalu": [
                k.tampil(ind.realisasi_lalu.get(y), kosong=k.STRIP, desimal=ind.desimal)
                if y is not None else k.STRIP
                for y in cols
            ],
            "target": k.tampil(c.target, kosong=k.STRIP, desimal=ind.desimal),
            "realisasi": k.tampil(c.realisasi, desimal=ind.desimal),
            "capaian": k.capaian_teks(c),
        })  # fmt: skip
    return {
        "tahun_lalu": [str(y) if y is not None else "–" for y in cols],
        "kolom_lalu": [f"Realisasi {y}" if y is not None else "–" for y in cols],
        "perbandingan": rows,
        "perbandingan_teks": (
            f"Realisasi {len(rows)} indikator pada tahun sebelumnya sebagaimana diisikan pada "
            "data (kolom realisasi tahun sebelumnya), disandingkan dengan target, realisasi dan "
            f"capaian {periode_teks(cycle)}."
        ),
    }


def _pasangan(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    kosong = {"gambar": "", "judul": ""}
    return [
        [items[i], items[i + 1] if i + 1 < len(items) else kosong] for i in range(0, len(items), 2)
    ]


def lampiran_grafik(cycle: Cycle, ordered: list[Capaian]) -> list[list[dict[str, Any]]]:
    """Pairs (two per table row) of ``{gambar: Image, judul}``: target vs realisasi per triwulan
    of each indicator with at least one number to draw (realisasi up to the period only).
    Numbered like the tables."""
    out_dir = k.charts_dir()
    n = cycle.periode.triwulan
    items = []
    for i, c in enumerate(ordered, start=1):
        ind = c.indikator
        real = {t: k.realisasi_tw(cycle, ind.kode, t) for t in range(1, n + 1)}
        target = dict(ind.target_triwulan)
        if not any(
            v is not None for v in charts.triwulan_series(real) + charts.triwulan_series(target)
        ):
            continue
        png = charts.indikator_chart(
            c, real, target, out_dir / f"indikator-{i:03d}.svg", lebar_mm=LEBAR_GRAFIK_KECIL_MM
        )
        satuan = f" ({ind.satuan})" if ind.satuan else ""
        items.append(
            {"gambar": Image(png, LEBAR_GRAFIK_KECIL_MM), "judul": f"{i}. {ind.nama}{satuan}"}
        )
    return _pasangan(items)


@builder("laporan_pengukuran")
def laporan_pengukuran(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    """Laporan Hasil Pengukuran Kinerja: draft (step 7) or final (step 8).

    Keys added to the base context (``is_draft``/``nomor`` from it; nomor printed only when
    final):

    - ``catatan_arahan``: the label of the ruled block for the reader's notes before the
      closing ("Catatan/arahan Sekretaris:" on the draft; ``""``: no block — the final, which
      the Sekretaris signs);
    - ``kepada``, ``dari``, ``hal``, ``draft_catatan``, ``ttd`` (draft: Ketua Tim → Sekretaris;
      final: Sekretaris → Kepala);
    - I: ``dasar`` (SOP; the Nota Dinas of the pengukuran procedure with its nomor),
      ``maksud``, ``tujuan`` (the SOP's Tujuan 2 and 3), ``ruang_lingkup``;
    - II: ``rumus`` (with serapan and efisiensi), ``cara_perhitungan`` (the agregasi in use),
      ``skala``, ``skala_sumber``, ``ketentuan``;
    - III: ``iku`` (rows of the IKU, numbered apart), ``groups`` (all indicators by level,
      rows ``{no, indikator, satuan, target, realisasi, capaian, predikat}``),
      ``ringkasan_teks``, ``grafik`` (list of :class:`Image`, 160 mm), ``grafik_keterangan``,
      ``analisis`` (one sentence per indicator);
    - IV: ``anggaran_rows`` ``[{no, uraian, pagu, realisasi_anggaran, serapan, capaian,
      efisiensi}]`` (indicators with a pagu), ``anggaran`` totals, ``anggaran_teks``,
      ``efisiensi_catatan``;
    - V: ``kesimpulan``, ``rencana_aksi_teks``, ``rencana_aksi`` (``[{no, indikator}]``: the
      indicators below target or not measured, action cells left blank for the Sekretaris),
      ``penutup``;
    - Lampiran: ``lampiran`` (pairs of ``{gambar, judul}``).
    """
    ctx = base_context(cycle, document, nomor)
    rules = cycle.rules
    periode = periode_teks(cycle)
    tw = _tw(cycle)
    caps = cycle.capaian
    ordered = k.urut_level(caps)
    rows = _numbered(ordered, capaian_row)
    iku = [
        {"no": i, **capaian_row(c)}
        for i, c in enumerate((c for c in ordered if c.indikator.jenis is Jenis.IKU), start=1)
    ]

    dihitung = [c for c in caps if c.nilai is not None]
    rata = k.rata_rata(caps)
    tercapai = sum(1 for c in caps if c.tercapai is True)
    belum_tercapai = sum(1 for c in caps if c.tercapai is False)
    tidak = len(caps) - len(dihitung)
    alasan = k.alasan_tidak_dihitung(caps)
    rata_teks = persen(rata) if rata is not None else k.TIDAK_DIHITUNG
    ringkasan_teks = (
        f"Dari {len(caps)} indikator kinerja, capaian {len(dihitung)} indikator dapat dihitung "
        f"dengan rata-rata {rata_teks}; {tidak} indikator tidak dihitung"
        + (f" ({alasan})" if alasan else "")
        + "."
    )
    per_predikat = Counter(c.predikat for c in dihitung)
    predikat_teks = ", ".join(
        f"{per_predikat[p.label]} indikator {p.label}"
        for p in rules.skala_predikat
        if per_predikat[p.label]
    )

    budget_caps = [c for c in ordered if c.indikator.pagu is not None]
    anggaran_rows = []
    for i, c in enumerate(budget_caps, start=1):
        a = budget.anggaran_of(cycle, c)
        anggaran_rows.append(
            {
                "no": i,
                "uraian": f"{k.LEVEL_JUDUL[c.indikator.level]}: {c.indikator.uraian}",
                "pagu": a["pagu_teks"],
                "realisasi_anggaran": a["realisasi_teks"],
                "serapan": a["serapan_teks"],
                "capaian": k.capaian_teks(c),
                "efisiensi": a["efisiensi_teks"],
            }
        )
    anggaran = budget.jumlah_anggaran(cycle, caps)
    if anggaran["jumlah"]:
        anggaran_teks = (
            f"Pagu anggaran {anggaran['jumlah']} program/kegiatan/sub kegiatan yang diukur "
            f"sebesar {anggaran['pagu']}; realisasi anggaran {k.sd_teks(cycle.periode)} sebesar "
            f"{anggaran['realisasi']} atau serapan {anggaran['serapan']}."
        )
        if anggaran["dasar"]:
            anggaran_teks += " " + anggaran["dasar"]
        if anggaran["belum"]:
            anggaran_teks += (
                f" Realisasi anggaran {anggaran['belum']} program/kegiatan/sub kegiatan belum "
                "dilaporkan (tidak dihitung sebagai 0)."
            )
    else:
        anggaran_teks = "Data pagu anggaran tidak tersedia pada data periode ini."

    aksi = [c for c in ordered if c.tercapai is not True]
    draft = document.variant == "draft"
    kesimpulan = (
        f"Capaian kinerja {periode}: {tercapai} indikator mencapai target, {belum_tercapai} "
        f"indikator belum mencapai target dan {len(caps) - tercapai - belum_tercapai} indikator "
        f"belum dapat dinilai. Rata-rata capaian indikator yang dihitung {rata_teks}"
        + (f" ({predikat_teks})" if predikat_teks else "")
        + (f"; serapan anggaran {anggaran['serapan']}" if anggaran["jumlah"] else "")
        + "."
    )
    agregasi_dipakai = Counter(c.indikator.agregasi for c in caps)
    cara = [
        f"{k.cara_perhitungan(ind_c.indikator, rules, cycle.periode)} "
        f"({agregasi_dipakai[ind_c.indikator.agregasi]} indikator)."
        for ind_c in {c.indikator.agregasi: c for c in caps}.values()
    ]

    ctx.update(arah_laporan(cycle, document, "Laporan Hasil Pengukuran Kinerja"))
    ctx.update(
        tw=tw,
        dasar=dasar_laporan(cycle, document, "pengukuran kinerja"),
        maksud=(
            f"Laporan ini menyajikan hasil pengukuran capaian kinerja {periode} sebagai bahan "
            "penyusunan Laporan Kinerja dan evaluasi, sesuai tujuan SOP:"
        ),
        tujuan=[k.TUJUAN[1], k.TUJUAN[2]],
        ruang_lingkup=(
            f"Pengukuran meliputi {len(caps)} indikator kinerja pada jenjang tujuan/sasaran, "
            f"program, kegiatan dan sub kegiatan, membandingkan realisasi "
            f"{k.sd_teks(cycle.periode)} dengan target dalam Perjanjian Kinerja."
        ),
        rumus=k.rumus_list(rules, anggaran=True),
        cara_perhitungan=cara,
        skala=k.skala_rows(rules, caps),
        skala_sumber=k.skala_sumber(rules),
        ketentuan=k.ketentuan(rules, cycle.periode),
        iku=iku,
        groups=k.groups_by_level(rows),
        ringkasan_teks=ringkasan_teks,
        grafik=k.grafik_capaian(
            cycle, ordered, LEBAR_GRAFIK_PORTRAIT_MM, per_grafik=PER_GRAFIK_PORTRAIT
        ),
        grafik_keterangan=k.grafik_keterangan(periode),
        analisis=[analisis(c) for c in ordered],
        anggaran_rows=anggaran_rows,
        anggaran=anggaran,
        anggaran_teks=anggaran_teks,
        efisiensi_catatan=(
            "Efisiensi dibaca dari selisih capaian kinerja dan serapan anggaran (poin persen): "
            f"lebih dari {k.AMBANG_EFISIENSI} poin Efisien, −{k.AMBANG_EFISIENSI} s.d. "
            f"{k.AMBANG_EFISIENSI} poin Cukup Efisien, kurang dari −{k.AMBANG_EFISIENSI} poin "
            "Tidak Efisien."
        ),
        kesimpulan=kesimpulan,
        rencana_aksi_teks=(
            "Rencana aksi pencapaian kinerja pada tahap selanjutnya bagi indikator yang belum "
            "mencapai target atau belum dapat dinilai, diisi oleh Sekretaris:"
        ),
        rencana_aksi=[
            {"no": i, "indikator": c.indikator.nama} for i, c in enumerate(aksi, start=1)
        ],
        penutup=(
            "Demikian draft laporan hasil pengukuran kinerja ini disampaikan kepada Sekretaris "
            "untuk dianalisa. Apabila disetujui, laporan akan digunakan sebagai bahan penyusunan "
            "Laporan Kinerja dan evaluasi; apabila tidak, pengukuran akan dilengkapi sesuai "
            "arahan."
            if draft
            else "Demikian laporan hasil pengukuran kinerja ini disampaikan kepada "
            f"{jabatan_kepala(cycle)} sebagai bahan penyusunan Laporan Kinerja dan evaluasi, "
            "untuk mendapat arahan lebih lanjut."
        ),
        # the Sekretaris' arahan goes on the draft (SOP step 8: "dikembalikan untuk dilengkapi
        # sesuai arahan"); the final is the Sekretaris' own report to the Kepala (step 9), whose
        # answer is the Lembar Disposisi: no block for notes in a document the Sekretaris signs
        catatan_arahan="Catatan/arahan Sekretaris:" if draft else "",
        lampiran=lampiran_grafik(cycle, ordered),
        **perbandingan_tahun(cycle, ordered),
    )
    return ctx
