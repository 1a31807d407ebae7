"""Budget figures of the measurement documents: per line (pagu, realisasi anggaran, serapan,
efisiensi) and the totals over the program → kegiatan → sub kegiatan hierarchy, summed over one
level (:mod:`naskah.measurement.anggaran`), with a located warning where a parent's pagu differs
from its children's sum. Printed as ``Rp 1.004.422.800`` and ``94,44%``.

Sources: domain brief §2 (Budget, Budget hierarchy, Efficiency).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from naskah.cycle import Cycle
from naskah.documents.kinerja import AMBANG_EFISIENSI, STRIP
from naskah.formatting import persen, rupiah
from naskah.i18n import _
from naskah.measurement.anggaran import (
    BarisAnggaran,
    jumlah_daun,
    selisih_pagu,
    susun_anggaran,
)
from naskah.measurement.rules import efisiensi, realisasi_anggaran, serapan
from naskah.measurement.types import Capaian

TIDAK_TERUKUR_EFISIENSI = "tidak dapat diukur"
"""Printed for the efficiency of a budget line when capaian or serapan is not measurable or
both are 0 (domain brief §2, Efficiency)."""


def anggaran_of(cycle: Cycle, c: Capaian) -> dict[str, Any]:
    """Budget figures of an indicator for the period: ``pagu`` and ``realisasi`` (Rupiah,
    cumulative January up to the end of the period, ``None`` when not given), ``serapan`` (%)
    and ``efisiensi`` (text or ``None``); printable ``*_teks`` versions with ``–`` where the
    value does not exist and ``tidak dapat diukur`` for the efficiency of a line with a pagu
    that cannot be read (:func:`naskah.measurement.rules.efisiensi`)."""
    ind = c.indikator
    ra = realisasi_anggaran(cycle.data.realisasi_of(ind.kode), cycle.periode)
    sp = serapan(ind.pagu, ra)
    ef = efisiensi(c.nilai, sp, AMBANG_EFISIENSI)
    bisa = TIDAK_TERUKUR_EFISIENSI if ind.pagu is not None else STRIP
    ef_teks = ef if ef is not None else bisa
    return {
        "pagu": ind.pagu,
        "realisasi": ra,
        "serapan": sp,
        "efisiensi": ef,
        "pagu_teks": rupiah(ind.pagu) if ind.pagu is not None else STRIP,
        "realisasi_teks": (
            rupiah(ra) if ra is not None else ("belum dilaporkan" if ind.pagu else STRIP)
        ),
        "serapan_teks": persen(sp) if sp is not None else STRIP,
        "efisiensi_teks": ef_teks,
    }


def baris_anggaran(cycle: Cycle, capaian: Iterable[Capaian]) -> list[BarisAnggaran]:
    """The budget lines of ``capaian``'s indicators with their hierarchy
    (:func:`naskah.measurement.anggaran.susun_anggaran`)."""
    return susun_anggaran((c.indikator for c in capaian), cycle.data.realisasi_of, cycle.periode)


def periksa_pagu(cycle: Cycle, lines: Iterable[BarisAnggaran]) -> None:
    """Warn (located: file, Indikator row, pagu column) about each parent line whose pagu
    differs from the sum of its children; the figures stay as given."""
    kolom = cycle.data.column("Indikator", "pagu") or ""
    file = Path(cycle.data.source).name
    for s in selisih_pagu(lines):
        row = s.baris.indikator.source_row
        where = f"{file}: Indikator!{kolom}{row}" if row else f"{file}: Indikator"
        cycle.warn(
            _(
                "{where}: pagu of {kode} ({pagu}) differs from the sum of its {n} child lines "
                "({sum}); printed as given, the totals add the child lines only",
                where=where,
                kode=s.baris.kode,
                pagu=rupiah(s.baris.pagu),
                n=len(s.baris.anak),
                sum=rupiah(s.jumlah_anak),
            )
        )


def jumlah_anggaran(cycle: Cycle, capaian: Iterable[Capaian]) -> dict[str, Any]:
    """Totals over the budget lines of ``capaian`` summed over ONE level, the leaves (lines
    without a child line; see :mod:`naskah.measurement.anggaran`): ``{pagu, realisasi,
    serapan}`` printed (``Rp …``, ``%``), raw ``pagu_rp``/``realisasi_rp`` (int),
    ``jumlah`` (leaf lines counted), ``baris`` (all lines), ``belum`` (leaf lines with a pagu
    but no realisasi) and ``dasar`` (a sentence saying which level is summed). Warns about a
    parent whose pagu differs from its children's sum (:func:`periksa_pagu`)."""
    lines = baris_anggaran(cycle, capaian)
    periksa_pagu(cycle, lines)
    total = jumlah_daun(lines)
    n = total.jumlah
    sp = serapan(total.pagu, total.realisasi) if n else None
    if n and total.baris > n:
        dasar = (
            f"Jumlah dihitung dari {n} baris anggaran terbawah (sub kegiatan, atau kegiatan/"
            f"program tanpa rincian); {total.baris - n} baris program/kegiatan yang merinci "
            "tidak dijumlahkan lagi."
        )
    else:
        dasar = ""
    return {
        "pagu": rupiah(total.pagu) if n else STRIP,
        "realisasi": rupiah(total.realisasi) if n else STRIP,
        "serapan": persen(sp) if sp is not None else STRIP,
        "pagu_rp": total.pagu,
        "realisasi_rp": total.realisasi,
        "serapan_nilai": sp,
        "jumlah": n,
        "baris": total.baris,
        "belum": total.belum,
        "dasar": dasar,
    }
