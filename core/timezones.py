"""The time zone of an agency, and times shown to users in it, always labelled.

Indonesia has three zones (Undang-Undang/Keppres 41/1987 on the division of time zones):
``WIB`` (Waktu Indonesia Barat, UTC+7: Sumatera, Jawa, Kalimantan Barat/Tengah), ``WITA``
(Waktu Indonesia Tengah, UTC+8: Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara, Sulawesi)
and ``WIT`` (Waktu Indonesia Timur, UTC+9: Maluku, Papua). An agency's zone is its profile's
``zona_waktu`` (:attr:`naskah.model.AgencyProfile.zona_waktu`, default ``WIB``; overridable in a
profile file). Times are stored in UTC (:mod:`naskah.db`) and converted only for display,
formatted with Babel: ``2025-04-03 10:30 WIB``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

if TYPE_CHECKING:
    from naskah.agencies.manager import Plugins

ZONES: dict[str, str] = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}
"""Label → IANA zone of the three Indonesian time zones."""
DEFAULT_ZONE = "WIB"


@dataclass(frozen=True)
class Zone:
    """A labelled zone: ``label`` (``WIB``/``WITA``/``WIT``) and its :class:`ZoneInfo`."""

    label: str
    tz: ZoneInfo

    def local(self, value: datetime) -> datetime:
        """``value`` (aware; naive is taken as UTC) in this zone."""
        from datetime import UTC

        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(self.tz)

    def short(self, value: datetime | None, *, seconds: bool = False) -> str:
        """``"2025-04-03 10:30 WIB"`` (``seconds``: ``10:30:05``); ``"—"`` for ``None``."""
        if value is None:
            return "—"
        pattern = "yyyy-MM-dd HH:mm:ss" if seconds else "yyyy-MM-dd HH:mm"
        text = format_datetime(self.local(value), pattern, tzinfo=self.tz, locale="id_ID")
        return f"{text} {self.label}"

    def clock(self, value: datetime) -> str:
        """``"10:30 WIB"``."""
        return f"{format_datetime(self.local(value), 'HH:mm', tzinfo=self.tz)} {self.label}"


def zone(label: str | None = None) -> Zone:
    """The :class:`Zone` of ``label`` (``WIB``/``WITA``/``WIT``, any case; ``None``/empty:
    WIB).

    :raises ValueError: another label.
    """
    key = (label or DEFAULT_ZONE).strip().upper()
    if key not in ZONES:
        raise ValueError(f"unknown time zone {label!r}; expected one of {', '.join(ZONES)}")
    return Zone(key, ZoneInfo(ZONES[key]))


WIB = zone("WIB")


def zone_of(plugins: Plugins, agency: str) -> Zone:
    """The zone of ``agency`` (its profile's ``zona_waktu``); WIB when the agency cannot be
    found (the command reports that problem itself)."""
    from naskah.errors import NaskahError

    try:
        return zone(plugins.agency(agency).zona_waktu)
    except (NaskahError, ValueError):
        return WIB
