"""The identity of a formulir: which agency, period and bidang it was issued for, with a checksum.

Every formulir naskah writes carries a :class:`FormulirMeta`: the XLSX in a very hidden sheet
``_naskah`` (key/value rows), the DOCX in its core property *comments* (JSON, without the kode
list: core properties hold 255 characters; the DOCX rows are matched by their kode). The importer
reads it back and refuses a form of another agency, period or bidang, and a form whose
metadata was edited (the checksum no longer matches).

The checksum is a sha256 over the fields: it recognises a damaged or hand-edited identity, it
is not a signature (anyone with naskah's source can compute one). What a form may contain is
checked again, row by row, against the pengumpulan's indicators on import.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from naskah.i18n import _

FORMAT = "naskah-formulir"
"""Value of the ``format`` field: marks a file as a naskah formulir."""

FORMAT_VERSION = 1
"""Version of the formulir layout; a form of another version is refused (issue it again)."""

META_SHEET = "_naskah"
"""Name of the XLSX sheet holding the metadata (state ``veryHidden``)."""


class MetaError(ValueError):
    """The metadata is missing or damaged. ``found``/``expected`` fill a Problem."""

    def __init__(self, found: str, expected: str) -> None:
        super().__init__(f"{found}; {expected}")
        self.found = found
        self.expected = expected


@dataclass(frozen=True)
class FormulirMeta:
    """What a formulir was issued for.

    - ``agency``: agency slug (``dinsos-p3a-pessel``);
    - ``periode``: :attr:`naskah.model.Periode.key` (``2025-TW1``);
    - ``bidang``: the bidang as spelt in the ``Indikator`` sheet;
    - ``kode``: the indicators printed on the form, in order;
    - ``versi``: :data:`FORMAT_VERSION` of the layout.
    """

    agency: str
    periode: str
    bidang: str
    kode: tuple[str, ...] = field(default_factory=tuple)
    versi: int = FORMAT_VERSION

    @property
    def checksum(self) -> str:
        """First 16 hex digits of the sha256 of every field (see the module docstring)."""
        text = "\n".join([FORMAT, str(self.versi), self.agency, self.periode, self.bidang,
                          *self.kode])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def as_dict(self) -> dict[str, str]:
        """Flat text fields, checksum included (``kode`` joined with new lines; left out when
        empty)."""
        values = {
            "format": FORMAT,
            "versi": str(self.versi),
            "agency": self.agency,
            "periode": self.periode,
            "bidang": self.bidang,
            "kode": "\n".join(self.kode),
            "checksum": self.checksum,
        }
        if not self.kode:
            del values["kode"]
        return values

    def identity(self) -> FormulirMeta:
        """The same form without its kode list (what fits in a DOCX core property)."""
        return FormulirMeta(self.agency, self.periode, self.bidang, (), self.versi)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, values: Mapping[str, object]) -> FormulirMeta:
        """Read the fields written by :meth:`as_dict`.

        :raises MetaError: not a naskah formulir, another layout version, a missing field, or a
            checksum that does not match the fields.
        """
        get = {k: "" if v is None else str(v).strip() for k, v in values.items()}
        if get.get("format") != FORMAT:
            raise MetaError(_("the file has no naskah formulir metadata"),
                            _("use the formulir issued by naskah (naskah collect formulir)"))
        if get.get("versi") != str(FORMAT_VERSION):
            raise MetaError(_("formulir layout version {value}", value=get.get('versi') or '?'),
                            _("version {FORMAT_VERSION}: ask the Tim SAKIP for a new formulir",
                              FORMAT_VERSION=FORMAT_VERSION))
        missing = [k for k in ("agency", "periode", "bidang", "checksum") if not get.get(k)]
        if missing:
            raise MetaError(_("formulir metadata without {value}", value=', '.join(missing)),
                            _("use the formulir issued by naskah, unchanged"))
        meta = cls(
            agency=get["agency"],
            periode=get["periode"],
            bidang=get["bidang"],
            kode=tuple(k for k in get.get("kode", "").split("\n") if k),
        )
        if meta.checksum != get["checksum"]:
            raise MetaError(_("the formulir metadata was changed (checksum does not match)"),
                            _("use the formulir issued by naskah, unchanged"))
        return meta

    @classmethod
    def from_json(cls, text: str) -> FormulirMeta:
        """:meth:`from_dict` of a JSON object. :raises MetaError: as there, or not JSON."""
        try:
            values = json.loads(text)
        except (TypeError, ValueError):
            values = None
        if not isinstance(values, dict):
            raise MetaError(_("the file has no naskah formulir metadata"),
                            _("use the formulir issued by naskah (naskah collect formulir)"))
        return cls.from_dict(values)
