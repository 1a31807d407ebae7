"""Parsers of single cell values (dates, times, periods) used by the sheet readers."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from naskah.input.format import _BULAN_ALIASES, _HARI, _ROMAN, BULAN
from naskah.input.rows import _RealRow

# --- value parsers ------------------------------------------------------------------------------


def _join_keterangan(months: list[_RealRow]) -> str:
    """Keterangan of folded months: the text once if every month says the same, else
    ``Januari: …; Maret: …``."""
    notes = [(BULAN[m.index - 1], m.keterangan) for m in months if m.keterangan]
    if len({text for _unused, text in notes}) == 1 and len(notes) == len(months):
        return notes[0][1]
    return "; ".join(f"{bulan}: {text}" for bulan, text in notes)


def _shown(v: Any) -> str:
    if isinstance(v, datetime):
        return f"{v:%d/%m/%Y}"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _is_plain_text(v: Any) -> bool:
    return isinstance(v, str) and not re.search(r"\d", v)


def _parse_date(v: Any) -> date:
    """A date from an Excel date cell or text ``15/04/2025``, ``15-04-2025``, ``2025-04-15``,
    ``15 April 2025``, ``Selasa, 15 April 2025``. Day first. Raises ``ValueError``."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        raise ValueError(v)
    s = re.sub(r"\s+", " ", v.strip().lower())
    s = re.sub(rf"^{_HARI}\s*,?\s*", "", s)
    if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", s):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[ \-]([a-z]+)\.?[ \-](\d{4})", s):
        bulan = _BULAN_ALIASES.get(m[2])
        if bulan is None:
            raise ValueError(v)
        return date(int(m[3]), bulan, int(m[1]))
    raise ValueError(v)


def _parse_time(v: Any) -> time | None:
    """A time from an Excel time cell or text ``09.00``, ``9:00``, ``09.00 WIB``; ``selesai``
    → ``None``. Raises ``ValueError``."""
    if isinstance(v, datetime):
        return v.time().replace(second=0, microsecond=0)
    if isinstance(v, time):
        return v.replace(second=0, microsecond=0)
    if not isinstance(v, str):
        raise ValueError(v)
    s = re.sub(r"\s*(wib|wita|wit)\.?$", "", v.strip().lower())
    if s in ("selesai", "s.d. selesai", "sampai selesai", "s/d selesai"):
        return None
    m = re.fullmatch(r"(\d{1,2})[.:](\d{2})", s)
    if not m:
        raise ValueError(v)
    return time(int(m[1]), int(m[2]))


def _parse_row_periode(v: Any) -> tuple[bool, int, int | None]:
    """``(monthly, index, year or None)`` of a Realisasi periode. Raises ``ValueError``."""
    if isinstance(v, datetime | date):
        return True, v.month, v.year
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, int | float):
        if float(v).is_integer() and 1 <= v <= 12:
            return True, int(v), None
        raise ValueError(v)
    s = re.sub(r"\s+", " ", str(v).strip().lower())
    year: int | None = None
    if m := re.fullmatch(r"(\d{4})\s*-\s*(.+)", s):
        year, s = int(m[1]), m[2].strip()
    if m := re.fullmatch(r"(?:tw|triwulan|trw)\s*[-.]?\s*([1-4]|iv|iii|ii|i)", s):
        g = m[1]
        return False, int(g) if g.isdigit() else _ROMAN[g], year
    if re.fullmatch(r"\d{1,2}", s) and 1 <= int(s) <= 12:
        return True, int(s), year
    if m := re.fullmatch(r"(?:bulan\s+)?([a-z]+)(?:\s+(\d{4}))?", s):
        bulan = _BULAN_ALIASES.get(m[1])
        if bulan is not None:
            return True, bulan, int(m[2]) if m[2] else year
    raise ValueError(v)
