"""Human names of agencies, document kinds and procedures, read once from the loaded plugins.

Only for display: the archive stores slugs. A slug the plugins don't know is shown as is.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

PROCEDURE_DEFAULTS = {"pengumpulan": "Pengumpulan Data Kinerja", "pengukuran": "Pengukuran Kinerja"}


@dataclass(frozen=True)
class Labels:
    """``slug → name`` maps; ``agency(slug)`` etc. fall back to the slug."""

    agencies: dict[str, str] = field(default_factory=dict)
    singkatan: dict[str, str] = field(default_factory=dict)
    wilayah: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    procedures: dict[str, str] = field(default_factory=lambda: dict(PROCEDURE_DEFAULTS))

    def agency(self, slug: str) -> str:
        return self.agencies.get(slug, slug)

    def agency_short(self, slug: str) -> str:
        """``Dinsos P3A``: the agency's abbreviation (its slug if unknown)."""
        return self.singkatan.get(slug) or slug

    def region(self, slug: str) -> str:
        """``Kabupaten Pesisir Selatan`` (empty if unknown)."""
        return self.wilayah.get(slug, "")

    def agency_choice(self, slug: str) -> str:
        """``Dinsos P3A — Kab. Pesisir Selatan``: a short, unambiguous label."""
        region = self.region(slug).replace("Kabupaten ", "Kab. ", 1)
        return f"{self.agency_short(slug)} — {region}" if region else self.agency_short(slug)

    def kind(self, slug: str) -> str:
        return self.kinds.get(slug, slug)

    def procedure(self, slug: str) -> str:
        return self.procedures.get(slug, slug)


@lru_cache(maxsize=4)
def load_labels(
    disabled: tuple[str, ...] = (),
    profiles_dir: Path | None = None,
    agencies_dir: Path | None = None,
) -> Labels:
    """Labels from the plugins (loaded once per process and argument set); empty on failure."""
    try:
        from naskah.agencies.manager import get_plugins

        plugins = get_plugins(list(disabled), profiles_dir=profiles_dir,
                              agencies_dir=agencies_dir)
        agencies = plugins.agencies()
        procedures = dict(PROCEDURE_DEFAULTS)
        for agency in agencies.values():
            procedures.update({p.slug: p.judul for p in plugins.procedures(agency)})
        return Labels(
            agencies={slug: a.nama for slug, a in agencies.items()},
            singkatan={slug: a.singkatan for slug, a in agencies.items()},
            wilayah={slug: a.kabupaten for slug, a in agencies.items()},
            kinds={slug: k.judul for slug, k in plugins.document_kinds().items()},
            procedures=procedures,
        )
    except Exception:  # noqa: BLE001 - names are cosmetic; the service works with slugs
        log.exception("could not load the plugins for display names; showing slugs")
        return Labels()
