"""A nomor printed from the region's pattern (:func:`format_nomor`): pure, no database.

Kept apart from the register (:mod:`naskah.archive.numbering`, which re-exports it) so that
checking a plugin's pattern (``naskah plugins``, :mod:`naskah.agencies.check`) does not import
SQLAlchemy (≈ 0.2 s of its start-up, issue 15).
"""

from __future__ import annotations

import string
from datetime import date

from naskah.i18n import _

BULAN_ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
"""Roman month numerals, index 0 = January."""

NOMOR_FIELDS = ("kode", "nomor", "unit", "bulan", "bulan_romawi", "tahun")
"""The fields a nomor pattern may use."""

MISSING_UNIT = "...."
"""Printed for an unknown kode unit, to be filled by hand (never invented)."""


def format_nomor(pattern: str, *, kode: str, nomor: int, unit: str, tanggal: date) -> str:
    """Print a nomor from the region's ``str.format`` pattern.

    Fields: ``kode`` (kode klasifikasi), ``nomor`` (the sequence number, an int: use ``{nomor:04d}``
    for zero padding), ``unit`` (kode unit; empty prints ``....``), ``bulan`` (month 1..12, an int),
    ``bulan_romawi`` (I..XII) and ``tahun`` (year of ``tanggal``). Example:
    ``"{kode}/{nomor:04d}/{unit}/{tahun}"`` → ``"000.8.6.3/0007/Dinsos/2025"``.

    Raises ``ValueError`` naming an unknown field, a positional field (``{}``) or a malformed
    pattern.
    """
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ValueError(_("nomor pattern {pattern!r} is malformed: {error}", pattern=pattern,
                           error=exc)) from None
    for _literal, field, _spec, _conv in parsed:
        if field is None:
            continue
        name = field.split(".", 1)[0].split("[", 1)[0]
        if name not in NOMOR_FIELDS:
            shown = name or "{}"
            raise ValueError(
                _("nomor pattern {pattern!r} uses unknown field {field!r}; known fields: "
                  "{known}", pattern=pattern, field=shown, known=", ".join(NOMOR_FIELDS))
            )
    values = {
        "kode": kode,
        "nomor": nomor,
        "unit": unit or MISSING_UNIT,
        "bulan": tanggal.month,
        "bulan_romawi": BULAN_ROMAWI[tanggal.month - 1],
        "tahun": tanggal.year,
    }
    try:
        return pattern.format(**values)
    except (ValueError, AttributeError, IndexError, KeyError, TypeError) as exc:
        raise ValueError(_("nomor pattern {pattern!r} cannot be formatted: {error}",
                           pattern=pattern, error=exc)) from None
