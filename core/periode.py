"""Reporting periods: a triwulan (``2025-TW1``), a semester (``2025-S1``) or a year (``2025``).

Domain brief §2 (Periods). Re-exported by :mod:`naskah.model`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from naskah.i18n import _

PERIODE_REGEX = r"(20[0-9]{2}|2100)(-(TW[1-4]|S[12]))?"
"""A period key as the API and the archive write it (:attr:`Periode.key`): ``2025-TW1``,
``2025-S1`` or ``2025``, years 2000..2100."""


class JenisPeriode(enum.StrEnum):
    """Kind of reporting period (domain brief §2, Periods): a *triwulan* (quarter), a
    *semester* (I: Januari–Juni, II: Juli–Desember) or the year (*tahunan*)."""

    TRIWULAN = "triwulan"
    SEMESTER = "semester"
    TAHUNAN = "tahunan"


_ROMAN_PERIODE = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_TEXT = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Periode:
    """A reporting period: a triwulan, a semester or a year.

    ``Periode.parse("2025-TW1")`` → ``Periode(tahun=2025, nomor=1)`` (a triwulan, the default
    kind); ``Periode.parse("2025-S2")`` → ``Periode(2025, 2, JenisPeriode.SEMESTER)``;
    ``Periode.parse("2025")`` → ``Periode(2025, 1, JenisPeriode.TAHUNAN)``.

    A period's measurement covers the months from January to its last month (realisasi *s.d.*
    the period, as an LKjIP measures); :attr:`triwulan` is the last triwulan it covers
    (TW n → n, S1 → 2, S2 → 4, the year → 4) and :attr:`bulan` its own months.
    Raises ``ValueError`` for a number outside the kind's range or a year outside 2000..2100.
    """

    tahun: int
    nomor: int
    jenis: JenisPeriode = JenisPeriode.TRIWULAN

    _PATTERN = re.compile(
        r"^\s*(\d{4})\s*(?:-\s*(TW|S|SMT|SEMESTER)\s*([1-4]|IV|III|II|I))?\s*$", re.IGNORECASE
    )
    _BATAS = {JenisPeriode.TRIWULAN: 4, JenisPeriode.SEMESTER: 2, JenisPeriode.TAHUNAN: 1}

    def __post_init__(self) -> None:
        batas = self._BATAS[JenisPeriode(self.jenis)]
        if not 1 <= self.nomor <= batas:
            raise ValueError(_("{jenis} number must be 1..{batas}, found {nomor}",
                               jenis=self.jenis, batas=batas, nomor=self.nomor))
        if not 2000 <= self.tahun <= 2100:
            raise ValueError(_("tahun must be 2000..2100, found {tahun}", tahun=self.tahun))

    @classmethod
    def triwulan_ke(cls, tahun: int, n: int) -> Periode:
        """Triwulan ``n`` (1..4) of ``tahun``."""
        return cls(tahun, n, JenisPeriode.TRIWULAN)

    @classmethod
    def semester_ke(cls, tahun: int, n: int) -> Periode:
        """Semester ``n`` (1..2) of ``tahun``."""
        return cls(tahun, n, JenisPeriode.SEMESTER)

    @classmethod
    def tahunan(cls, tahun: int) -> Periode:
        """The year ``tahun`` as a period."""
        return cls(tahun, 1, JenisPeriode.TAHUNAN)

    @classmethod
    def parse(cls, text: str) -> Periode:
        """Parse ``YYYY-TWn`` (n = 1..4 or I..IV), ``YYYY-Sn`` (n = 1..2 or I..II; ``SMT``,
        ``SEMESTER`` also) or ``YYYY`` (the year).

        Raises ``ValueError`` naming the expected forms."""
        m = cls._PATTERN.match(text or "")
        hint = _("write the period as YYYY-TWn, YYYY-Sn or YYYY, e.g. 2025-TW1, 2025-S1, 2025")
        if not m:
            raise ValueError(_("period {text!r} is not a period; {hint}", text=text, hint=hint))
        tahun = int(m.group(1))
        if m.group(2) is None:
            return cls.tahunan(tahun)
        raw = m.group(3).upper()
        n = int(raw) if raw.isdigit() else _ROMAN_PERIODE[raw]
        jenis = JenisPeriode.TRIWULAN if m.group(2).upper() == "TW" else JenisPeriode.SEMESTER
        if jenis is JenisPeriode.SEMESTER and n > 2:
            raise ValueError(_("period {text!r}: a year has semester 1 and 2 only; {hint}",
                               text=text, hint=hint))
        return cls(tahun, n, jenis)

    @property
    def key(self) -> str:
        """``"2025-TW1"``, ``"2025-S1"``, ``"2025"``: the form used on the command line, in the
        workbook and in archive paths."""
        if self.jenis is JenisPeriode.TAHUNAN:
            return str(self.tahun)
        kode = "TW" if self.jenis is JenisPeriode.TRIWULAN else "S"
        return f"{self.tahun}-{kode}{self.nomor}"

    @property
    def triwulan(self) -> int:
        """The last triwulan (1..4) the period covers: TW n → n, S1 → 2, S2 → 4, year → 4."""
        if self.jenis is JenisPeriode.TRIWULAN:
            return self.nomor
        if self.jenis is JenisPeriode.SEMESTER:
            return 2 * self.nomor
        return 4

    @property
    def bulan(self) -> tuple[int, ...]:
        """The period's own months (1..12): TW2 → 4..6, S2 → 7..12, the year → 1..12."""
        akhir = self.bulan_akhir
        panjang = {JenisPeriode.TRIWULAN: 3, JenisPeriode.SEMESTER: 6, JenisPeriode.TAHUNAN: 12}
        return tuple(range(akhir - panjang[self.jenis] + 1, akhir + 1))

    @property
    def bulan_akhir(self) -> int:
        """The period's last month: TW1 → 3, S1 → 6, the year → 12."""
        return self.triwulan * 3

    @property
    def bulan_sd(self) -> tuple[int, ...]:
        """Months measured (January up to the period's last month)."""
        return tuple(range(1, self.bulan_akhir + 1))

    @property
    def akhir_tahun(self) -> bool:
        """Whether the period ends in December (TW4, S2, the year)."""
        return self.bulan_akhir == 12

    @property
    def nama(self) -> str:
        """``"Triwulan I"``, ``"Semester II"``, ``"Tahun"`` (without the year)."""
        if self.jenis is JenisPeriode.TAHUNAN:
            return "Tahun"
        kata = "Triwulan" if self.jenis is JenisPeriode.TRIWULAN else "Semester"
        return f"{kata} {_ROMAN_TEXT[self.nomor]}"

    @property
    def nama_singkat(self) -> str:
        """``"TW I"``, ``"Semester II"``, ``"Tahun 2025"``: the short label of tables."""
        if self.jenis is JenisPeriode.TRIWULAN:
            return f"TW {_ROMAN_TEXT[self.nomor]}"
        if self.jenis is JenisPeriode.SEMESTER:
            return self.nama
        return f"Tahun {self.tahun}"

    @property
    def nama_lengkap(self) -> str:
        """``"Triwulan I Tahun 2025"``, ``"Semester I Tahun 2025"``, ``"Tahun 2025"``."""
        if self.jenis is JenisPeriode.TAHUNAN:
            return f"Tahun {self.tahun}"
        return f"{self.nama} Tahun {self.tahun}"

    def __str__(self) -> str:
        return self.key
