"""Values as Indonesian users type them: numbers, Rupiah, ``n/a``.

Indonesian writing uses the comma as decimal separator and the dot to group thousands
(``85,5``; ``1.004.422.800``; ``Rp 1.004.422.800,50``). Spreadsheets add their own values:
Excel numbers arrive as ``int``/``float`` and are converted through ``str`` so that ``85.5``
becomes ``Decimal("85.5")``, never a binary artefact.

The rules (also in ``docs/input-format.md``):

- empty / ``None`` → ``None`` (*not reported*), never 0; ``0`` → ``Decimal(0)``;
- ``n/a``, ``na``, ``n.a.``, ``-``, ``–``, ``—``, ``tidak dapat diukur`` → ``TIDAK_DAPAT_DIUKUR``;
- a comma is the decimal separator: ``85,5``; more than one comma is an error;
- dots group thousands: ``1.004.422.800``, ``1.004.422.800,50``;
- a **single dot followed by exactly three digits** groups thousands (``1.500`` = 1500);
  a single dot followed by any other number of digits is a decimal point (``1.5``, ``85.55``,
  ``3.14159``); ``0.125`` (integer part 0) is a decimal point too;
- spaces (also non-breaking) are ignored; a leading ``Rp``/``Rp.`` and a sign are allowed;
- ``85%`` is an error: the satuan of the indicator already says "%", write ``85`` or ``85,5``;
- a number must lie below :data:`MAX_NILAI` (10^15: above any Rupiah amount of a local
  government) and, unless 0, at or above :data:`MIN_NILAI` (10^-6) in size: beyond them the
  arithmetic of capaian (28 significant digits) would fail, so ``1E+300``, a 40-digit
  realisasi or a target of ``1E-30`` are refused where they are typed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from naskah.i18n import N_, _
from naskah.model import TIDAK_DAPAT_DIUKUR, Nilai

__all__ = [
    "NilaiError",
    "NA_MARKERS",
    "is_na",
    "parse_nilai",
    "parse_rupiah",
]

NUMBER_HINT = N_("write 85 or 85,5")
SEPARATOR_HINT = N_(
    "group thousands with dots and write decimals after a comma: 1.004.422.800,50"
)
RUPIAH_HINT = N_("write Rupiah as 1004422800 or 1.004.422.800")

MAX_NILAI = Decimal(10) ** 15
"""Numbers must be smaller than this in size (exclusive)."""
MIN_NILAI = Decimal(10) ** -6
"""Non-zero numbers must be at least this in size."""

NA_MARKERS: frozenset[str] = frozenset(
    {"n/a", "na", "n.a", "n.a.", "-", "–", "—", "tidak dapat diukur", "tdd"}
)
"""Texts (compared in lower case, stripped) meaning *tidak dapat diukur*."""


class NilaiError(ValueError):
    """A value that cannot be read. ``found`` says what was found, ``expected`` what to write.

    Both are short English phrases made to fill a :class:`naskah.model.Problem`.
    """

    def __init__(self, found: str, expected: str) -> None:
        super().__init__(f"{found}; {expected}")
        self.found = found
        self.expected = expected


_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_RP = re.compile(r"^rp\.?", re.IGNORECASE)
# After removing spaces, "Rp" and the sign:
_INT = re.compile(r"^\d+$")
_COMMA_DECIMAL = re.compile(r"^\d+,\d+$")
_DOT_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")
# Text that is clearly an attempt at a number (digits and separators only).
_NO_SEN = re.compile(r"(?<=\d)\s*[,.]\s*-+$")
"""The ``,-`` closing a Rupiah amount in Indonesian bookkeeping (``Rp. 1.250.000,-``): no sen."""
_NUMBERISH = re.compile(r"^(rp\.?)?[-+]?[\d.,]*\d[\d.,]*%?$", re.IGNORECASE)


def is_na(text: str) -> bool:
    """Whether ``text`` is one of :data:`NA_MARKERS` (case-insensitive, spaces ignored)."""
    return _SPACES.sub(" ", text).strip().lower() in NA_MARKERS


class _RangeError(NilaiError):
    """A number outside :data:`MIN_NILAI` .. :data:`MAX_NILAI` (reported as it is, also for
    Rupiah)."""


def _bounded(value: Decimal, shown: str) -> Decimal:
    """``value`` if its size is within :data:`MIN_NILAI` .. :data:`MAX_NILAI` (or 0).

    :raises NilaiError: too large or too small, quoting at most 30 characters of ``shown``."""
    from naskah.i18n import _

    if len(shown) > 30:
        shown = _("{start}… ({n} characters)", start=shown[:20], n=len(shown))
    if abs(value) >= MAX_NILAI:
        raise _RangeError(_("'{value}' is too large", value=shown),
                         _("write a number below 1.000.000.000.000.000"))
    if value and abs(value) < MIN_NILAI:
        raise _RangeError(_("'{value}' is too small", value=shown),
                         _("write 0, or a number of at least 0,000001"))
    return value


def _from_excel_number(raw: int | float) -> Decimal:
    if isinstance(raw, float):
        if math.isnan(raw) or math.isinf(raw):
            raise NilaiError(_("{raw!r} is not a number", raw=raw), _(NUMBER_HINT))
        if raw.is_integer() and abs(raw) < 1e15:
            return Decimal(int(raw))
        return Decimal(str(raw))
    return Decimal(raw)


def _parse_number_text(text: str) -> Decimal | None:
    """The number written in ``text`` (spaces already removed), or ``None`` if not a number."""
    s = _RP.sub("", text)
    sign = ""
    if s[:1] in "+-":
        sign, s = s[0], s[1:]
    if not s:
        return None
    if _INT.match(s):
        digits = s
    elif _COMMA_DECIMAL.match(s):
        digits = s.replace(",", ".")
    elif _DOT_THOUSANDS.match(s):
        digits = s.replace(".", "").replace(",", ".")
    elif _DOT_DECIMAL.match(s):
        digits = s
    else:
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return None
    return -value if sign == "-" else value


def parse_nilai(raw: object, *, allow_text: bool = False) -> Nilai:
    """Read a target or realisasi value as typed by an Indonesian user.

    :param raw: a cell value: ``None``, ``str``, ``int``, ``float`` or ``Decimal``.
    :param allow_text: accept a text value such as an opini ``"WTP"`` (targets; realisasi of an
        indicator whose target is text). Text that looks like a malformed number (``85%``,
        ``1,5,0``) is still an error.
    :return: ``None`` (empty: not reported), a ``Decimal`` (``Decimal(0)`` for 0),
        ``TIDAK_DAPAT_DIUKUR`` (``n/a``, ``-`` …) or the stripped text.
    :raises NilaiError: for anything else, e.g. ``'85%' is not a number; write 85 or 85,5``.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NilaiError(_("'{raw}' is not a number", raw=raw), _(NUMBER_HINT))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NilaiError(_("'{raw}' is not a number", raw=raw), _(NUMBER_HINT))
        return _bounded(raw, str(raw))
    if isinstance(raw, int | float):
        return _bounded(_from_excel_number(raw), repr(raw))
    if isinstance(raw, datetime | date | time):
        raise NilaiError(_("'{raw}' is a date or time, not a number", raw=raw), _(NUMBER_HINT))
    text = str(raw).strip()
    if not text:
        return None
    if is_na(text):
        return TIDAK_DAPAT_DIUKUR
    compact = _SPACES.sub("", text)
    if "%" in compact and _NUMBERISH.match(compact):
        raise NilaiError(_("'{text}' is not a number", text=text), _(NUMBER_HINT))
    value = _parse_number_text(compact)
    if value is not None:
        return _bounded(value, text)
    if not _NUMBERISH.match(compact):
        if allow_text:
            return _SPACES.sub(" ", text)
        raise NilaiError(_("'{text}' is not a number", text=text), _(NUMBER_HINT))
    if compact.count(",") > 1 or ("," in compact and "." in compact.split(",")[-1]):
        raise NilaiError(_("'{text}' is not a number", text=text), _(SEPARATOR_HINT))
    raise NilaiError(_("'{text}' is not a number", text=text), _(NUMBER_HINT))


def parse_rupiah(raw: object) -> int | None:
    """Read an amount in Rupiah (pagu, realisasi anggaran) as a whole, non-negative ``int``.

    Accepts Excel numbers and texts such as ``1004422800``, ``1.004.422.800``,
    ``Rp 1.004.422.800``, ``Rp1.004.422.800,00`` and the "no sen" dash of Indonesian
    bookkeeping, ``Rp. 1.004.422.800,-``. Empty and ``-``/``n/a`` → ``None`` (not
    given; write ``0`` for zero). Sen other than ``,00`` are an error (Rupiah are whole here).

    :raises NilaiError: not a number, negative, or with sen.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.strip()
        if not text or is_na(text):
            return None
        raw = _NO_SEN.sub("", text)
    else:
        text = str(raw)
    try:
        value = parse_nilai(raw)
    except _RangeError:
        raise
    except NilaiError as err:
        raise NilaiError(_("'{text}' is not an amount in Rupiah", text=text),
                         _(RUPIAH_HINT)) from err
    if not isinstance(value, Decimal):  # pragma: no cover - None/n/a handled above
        return None
    if value < 0:
        raise NilaiError(_("'{text}' is negative", text=text),
                         _("write an amount of 0 or more Rupiah"))
    if value != value.to_integral_value():
        raise NilaiError(
            _("'{text}' has sen", text=text),
            _("write whole Rupiah, e.g. 1.004.422.800 (round the sen)"),
        )
    return int(value)
