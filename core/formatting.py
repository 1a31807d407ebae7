"""Indonesian formatting for documents: dates, numbers, Rupiah, words, Roman numerals, NIP.

Dates and numbers go through Babel (locale ``id``), words through num2words (``lang="id"``):
month names, day names and digit grouping are never hand-rolled here. Formats follow the domain
brief §2–§3: ``94,44%``, ``Rp 1.004.422.800``, ``Painan, 15 Januari 2025``,
``NIP. 19830523 200212 1 002``.

A missing value is never invented: functions print ``""`` or :data:`KOSONG` (a line of dots to
fill by hand), as each docstring says.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal
from num2words import num2words

from naskah.i18n import _
from naskah.model import TIDAK_DAPAT_DIUKUR, Nilai

LOCALE = "id"

KOSONG = "...................."
"""Printed where a fact is missing (a date, a place): a blank line of plain ASCII dots."""

# --- dates -------------------------------------------------------------------------------------


def tanggal(d: date | None) -> str:
    """``date(2025, 1, 15)`` → ``"15 Januari 2025"``; ``None`` → :data:`KOSONG`."""
    return format_date(d, "d MMMM y", locale=LOCALE) if d else KOSONG


def hari(d: date | None) -> str:
    """Day name: ``date(2025, 1, 13)`` → ``"Senin"``; ``None`` → :data:`KOSONG`."""
    return format_date(d, "EEEE", locale=LOCALE) if d else KOSONG


def hari_tanggal(d: date | None) -> str:
    """``date(2025, 1, 13)`` → ``"Senin, 13 Januari 2025"``; ``None`` → :data:`KOSONG`."""
    return format_date(d, "EEEE, d MMMM y", locale=LOCALE) if d else KOSONG


def nama_bulan(n: int) -> str:
    """Month name: ``1`` → ``"Januari"``, ``12`` → ``"Desember"``.

    Raises ``ValueError`` when ``n`` is not 1..12.
    """
    if not 1 <= n <= 12:
        raise ValueError(_("bulan must be 1..12, found {n!r}", n=n))
    return get_month_names("wide", locale=LOCALE)[n]


def tempat_tanggal(kota: str, d: date | None) -> str:
    """Place and date line above a signature: ``("Painan", date(2025, 1, 15))`` →
    ``"Painan, 15 Januari 2025"``.

    A missing part is printed as :data:`KOSONG`: ``("", None)`` →
    ``"...................., ...................."``.
    """
    return f"{(kota or '').strip() or KOSONG}, {tanggal(d)}"


# --- numbers -----------------------------------------------------------------------------------


def _decimal(x: Decimal | int) -> Decimal:
    if isinstance(x, bool) or not isinstance(x, Decimal | int):
        raise TypeError(f"expected Decimal or int, found {type(x).__name__} {x!r}")
    return Decimal(x)


def angka(x: Decimal | int | None, digits: int | None = None) -> str:
    """A number with Indonesian grouping and decimal comma.

    - ``digits=None``: the digits as given, trailing zeros dropped:
      ``Decimal("1234.5")`` → ``"1.234,5"``, ``Decimal("100.00")`` → ``"100"``;
    - ``digits=n``: exactly ``n`` decimals, rounded half-up: ``Decimal("94.444"), 2`` → ``"94,44"``;
    - ``None`` → ``""``.

    Raises ``TypeError`` for a float (use ``Decimal``) or any other type.
    """
    if x is None:
        return ""
    value = _decimal(x)
    if digits is None:
        value = value.normalize()
        pattern = "#,##0.###"
    else:
        value = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=False)


def _places(v: Decimal) -> int:
    exponent = v.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def angka_indikator(x: Decimal | int, desimal: int | None = None) -> str:
    """A target or realisasi number as every document prints it (domain brief §2, Decimals):
    the same text in the tables, the printed formula, the keterangan and the chart labels.

    - With ``desimal`` (the indicator's :attr:`~naskah.model.Indikator.desimal`, 0..4): exactly
      that many decimals, ``Decimal("14.4"), 2`` → ``"14,40"``; a computed value with more
      decimals (a rata-rata) is rounded half-up to ``max(desimal, 2)``:
      ``Decimal("17.3333"), 0`` → ``"17,33"``.
    - Without: the decimals as given, at most 2 (half-up): ``Decimal("14.40")`` → ``"14,40"``,
      ``Decimal(80)`` → ``"80"``, ``Decimal("17.3333")`` → ``"17,33"``.

    Raises ``TypeError`` for a float (see :func:`angka`)."""
    value = _decimal(x)
    if desimal is not None:
        own = _places(value.normalize()) if value else 0
        return angka(value, desimal if own <= desimal else max(desimal, 2))
    return angka(value, min(_places(value), 2))


def persen(x: Decimal | None, digits: int = 2) -> str:
    """Percentage, rounded half-up: ``Decimal("94.4444")`` → ``"94,44%"``,
    ``Decimal("166.6666")`` → ``"166,67%"``; ``None`` → ``""``."""
    return "" if x is None else f"{angka(x, digits)}%"


def rupiah(x: int | Decimal | None) -> str:
    """Rupiah, whole, grouped: ``1004422800`` → ``"Rp 1.004.422.800"``; ``None`` → ``""``.

    A fraction is rounded half-up to whole Rupiah; a negative amount prints ``"Rp -5.000"``.
    """
    return "" if x is None else f"Rp {angka(x, 0)}"


def terbilang(n: int) -> str:
    """An integer in Indonesian words (num2words): ``1004422800`` →
    ``"satu miliar empat juta empat ratus dua puluh dua ribu delapan ratus"``; ``1000`` →
    ``"seribu"``; a negative number starts with ``"minus"`` (num2words gives ``"min"``).

    Raises ``TypeError`` when ``n`` is not an ``int``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"terbilang needs an int, found {type(n).__name__} {n!r}")
    if n < 0:
        return f"minus {num2words(-n, lang=LOCALE)}"
    return num2words(n, lang=LOCALE)


def terbilang_rupiah(n: int) -> str:
    """``1500`` → ``"seribu lima ratus rupiah"`` (see :func:`terbilang`)."""
    return f"{terbilang(n)} rupiah"


_ROMAWI = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def romawi(n: int) -> str:
    """Roman numeral: ``1`` → ``"I"``, ``4`` → ``"IV"``, ``12`` → ``"XII"``, ``2025`` → ``"MMXXV"``.

    Used for months in nomor naskah and for triwulan. Raises ``ValueError`` outside 1..3999.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 3999:
        raise ValueError(_("romawi needs an integer 1..3999, found {n!r}", n=n))
    out = []
    for value, letters in _ROMAWI:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def nama_triwulan(n: int, singkat: bool = False) -> str:
    """``1`` → ``"Triwulan I"``; ``singkat=True``: ``3`` → ``"TW III"``.

    Raises ``ValueError`` when ``n`` is not 1..4.
    """
    if not 1 <= n <= 4:
        raise ValueError(_("triwulan must be 1..4, found {n!r}", n=n))
    return f"{'TW' if singkat else 'Triwulan'} {romawi(n)}"


# --- people and values -------------------------------------------------------------------------


def nip(s: str) -> str:
    """NIP (18 digits, spaces allowed in input) in groups 8-6-1-3:
    ``"198305232002121002"`` → ``"19830523 200212 1 002"``; ``""`` → ``""`` (missing stays missing).

    Raises ``ValueError`` naming the value when it is not 18 digits.
    """
    digits = "".join((s or "").split())
    if not digits:
        return ""
    if len(digits) != 18 or not digits.isascii() or not digits.isdigit():
        raise ValueError(_("NIP {s!r} must be 18 digits (e.g. 19830523 200212 1 002)", s=s))
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def nilai(v: Nilai, kosong: str = "belum dilaporkan") -> str:
    """A target or realisasi as printed: ``Decimal("1234.5")`` → ``"1.234,5"``; ``"WTP"`` →
    ``"WTP"``; ``TIDAK_DAPAT_DIUKUR`` → ``"tidak dapat diukur"``; ``None`` → ``kosong``."""
    if v is None:
        return kosong
    if v is TIDAK_DAPAT_DIUKUR:
        return "tidak dapat diukur"
    if isinstance(v, str):
        return v
    return angka(v)


def durasi(menit: int | None) -> str:
    """A step's standard time: ``5`` → ``"5 menit"``, ``120`` → ``"2 jam"``,
    ``90`` → ``"1 jam 30 menit"``; ``None`` → ``""``.

    Raises ``ValueError`` for a negative duration.
    """
    if menit is None:
        return ""
    if menit < 0:
        raise ValueError(_("durasi must not be negative, found {menit!r}", menit=menit))
    if menit < 60:
        return f"{menit} menit"
    jam, sisa = divmod(menit, 60)
    return f"{jam} jam {sisa} menit" if sisa else f"{jam} jam"
