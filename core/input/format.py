"""The input workbook's format: sheet names, columns and their aliases, Siklus keys, hints.

Documented for users in ``docs/input-format.md``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from naskah.i18n import N_
from naskah.model import (
    Agregasi,
    Jenis,
    Level,
    Polaritas,
)

# --- the format --------------------------------------------------------------------------------

SIKLUS = "Siklus"
INDIKATOR = "Indikator"
REALISASI = "Realisasi"
PEJABAT = "Pejabat"
REQUIRED_SHEETS: tuple[str, ...] = (SIKLUS, INDIKATOR, REALISASI)
OPTIONAL_SHEETS: tuple[str, ...] = (PEJABAT,)


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its canonical header, whether the header must be present
    (``required``), whether each data row must fill it (``value_required``), and other
    accepted headers (``aliases``)."""

    name: str
    required: bool = False
    value_required: bool = False
    aliases: tuple[str, ...] = ()


def _tw_aliases(n: int) -> tuple[str, ...]:
    roman = ("I", "II", "III", "IV")[n - 1]
    return (f"target_tw_{roman}", f"target_triwulan_{n}", f"target_triwulan_{roman}")


def _s_aliases(n: int) -> tuple[str, ...]:
    roman = ("I", "II")[n - 1]
    return (
        f"target_s_{roman}",
        f"target_semester_{n}",
        f"target_semester_{roman}",
        f"target_smt{n}",
        f"target_smt_{roman}",
    )


REALISASI_LALU = re.compile(r"^realisasi(?:tahun)?(\d{4})$")
"""Normalised header of an earlier year's realisasi on the Indikator sheet (``realisasi_2023``,
``Realisasi Tahun 2023``); the column name used is ``realisasi_<year>``."""

COLUMNS: dict[str, tuple[Column, ...]] = {
    SIKLUS: (
        Column("kunci", required=True, aliases=("key",)),
        Column("nilai", required=True, aliases=("value",)),
    ),
    INDIKATOR: (
        Column("kode", required=True, value_required=True),
        Column("level", required=True, value_required=True, aliases=("tingkat",)),
        Column("uraian", required=True),
        Column(
            "indikator",
            required=True,
            value_required=True,
            aliases=("nama", "nama_indikator", "indikator_kinerja"),
        ),
        Column("jenis", required=True, value_required=True),
        Column("satuan", required=True, value_required=True),
        Column("polaritas", required=True, value_required=True, aliases=("sifat", "arah")),
        Column("agregasi", required=True, value_required=True, aliases=("cara_perhitungan",)),
        Column("bidang", required=True, value_required=True),
        Column("target_tahunan", required=True, aliases=("target",)),
        *(Column(f"target_tw{n}", aliases=_tw_aliases(n)) for n in range(1, 5)),
        *(Column(f"target_s{n}", aliases=_s_aliases(n)) for n in range(1, 3)),
        Column("pagu", aliases=("pagu_anggaran", "anggaran")),
        Column("induk", aliases=("kode_induk", "parent")),
        Column("desimal", aliases=("jumlah_desimal", "angka_desimal")),
    ),
    REALISASI: (
        Column("kode", required=True, value_required=True),
        Column("periode", required=True, value_required=True),
        Column("realisasi", required=True),
        Column("realisasi_anggaran"),
        Column("keterangan", aliases=("bukti", "catatan")),
    ),
    PEJABAT: (
        Column("peran", required=True, value_required=True),
        Column("jabatan", required=True, value_required=True),
        Column("nama"),
        Column("pangkat", aliases=("pangkat_golongan", "golongan")),
        Column("nip"),
        Column("bidang"),
    ),
}
"""Every sheet's columns, in the order the input template writes them."""

PROCEDURES: tuple[str, ...] = ("pengumpulan", "pengukuran")
"""Procedure slugs accepted as a prefix of ``tanggal_*``/``rapat_*`` keys of ``Siklus``."""

RAPAT_KEYS: tuple[str, ...] = (
    "rapat_waktu_mulai",
    "rapat_waktu_selesai",
    "rapat_tempat",
    "rapat_acara",
    "rapat_pimpinan",
    "rapat_pencatat",
    "rapat_pembahasan",
    "rapat_keputusan",
)
"""Meeting facts of ``Siklus``; ``rapat_pembahasan`` and ``rapat_keputusan`` take several rows."""

_RAPAT_LIST_KEYS = frozenset({"rapat_pembahasan", "rapat_keputusan"})

SIKLUS_KEYS: tuple[str, ...] = (
    "agency",
    "periode",
    "catatan",
    "tanggal_nota_dinas",
    "tanggal_undangan",
    "tanggal_rapat",
    "tanggal_program_kerja",
    "tanggal_checklist_dokumen",
    "tanggal_formulir",
    "tanggal_tanda_terima",
    "tanggal_laporan",
    "tanggal_disposisi",
    "tanggal_surat_pengantar",
    *RAPAT_KEYS,
)
"""The keys the input template lists. Any other ``tanggal_<nama>`` key is accepted too."""


def _norm(text: object) -> str:
    """Header/alias key: lower case without spaces, underscores, hyphens and dots."""
    return re.sub(r"[\s_\-.]+", "", str(text).lower())


def _enum_key(text: str) -> str:
    """Enum lookup key: lower case; separators between words dropped (``sub kegiatan``,
    ``rata-rata``), but a lone ``-`` or ``(+)`` kept."""
    s = re.sub(r"\s+", " ", text.strip().lower())
    return re.sub(r"(?<=\w)[\s_\-]+(?=\w)", "", s)


LEVEL_ALIASES: dict[str, Level] = {
    "tujuan": Level.TUJUAN,
    "sasaran": Level.SASARAN,
    "program": Level.PROGRAM,
    "kegiatan": Level.KEGIATAN,
    "subkegiatan": Level.SUB_KEGIATAN,
}
JENIS_ALIASES: dict[str, Jenis] = {j.value.lower(): j for j in Jenis}
POLARITAS_ALIASES: dict[str, Polaritas] = {
    "positif": Polaritas.POSITIF,
    "+": Polaritas.POSITIF,
    "(+)": Polaritas.POSITIF,
    "negatif": Polaritas.NEGATIF,
    "-": Polaritas.NEGATIF,
    "(-)": Polaritas.NEGATIF,
    "–": Polaritas.NEGATIF,
}
AGREGASI_ALIASES: dict[str, Agregasi] = {
    "kumulatif": Agregasi.KUMULATIF,
    "akhirperiode": Agregasi.AKHIR_PERIODE,
    "nilaiakhir": Agregasi.AKHIR_PERIODE,
    "ratarata": Agregasi.RATA_RATA,
    "rerata": Agregasi.RATA_RATA,
}

BULAN: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_BULAN_ALIASES: dict[str, int] = {
    **{b.lower(): i for i, b in enumerate(BULAN, start=1)},
    **{b.lower()[:3]: i for i, b in enumerate(BULAN, start=1)},
    "agt": 8,
    "ags": 8,
    "agu": 8,
    "agust": 8,
    "sept": 9,
    "okt": 10,
    "nop": 11,
    "des": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
    "aug": 8,
    "oct": 10,
    "dec": 12,
}
_HARI = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
_SINGLE_PERAN = frozenset({"kepala", "sekretaris", "ketua_tim"})

_DATE_HINT = N_("write a date as 15/04/2025, 2025-04-15 or 15 April 2025")
_TIME_HINT = N_("write a time as 09.00 or 09:00")
_PERIODE_HINT = N_(
    "write TW1..TW4 (or TW I..TW IV, Triwulan I), a month 1..12 or a month name (Januari)"
)


def decimals_of_format(number_format: str | None) -> int | None:
    """Decimals an Excel number format shows: ``"0.00"`` → 2, ``"#,##0.0"`` → 1, ``"0"`` → 0;
    ``None`` for ``General``/text formats (the value's own digits apply)."""
    fmt = (number_format or "").split(";")[0]
    fmt = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)  # quoted text, escapes, [colour]
    if not re.search(r"[0#?]", fmt):
        return None
    m = re.search(r"\.([0#?]+)", fmt)
    return len(m.group(1)) if m else 0
