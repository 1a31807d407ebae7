"""The collection round trip (pengumpulan data kinerja): formulir out, filled formulir in.

One *pengumpulan* is the collection of one agency's realisasi for one period. It is opened from
an input workbook (``docs/input-format.md``: the indicator definitions, targets, officials and
the realisasi of earlier triwulan) and then filled, bidang by bidang, in one of two ways the
agencies' SOPs prescribe:

- **formulir** (seeds 000, 001, 003, 004): the Tim SAKIP sends each bidang its formulir (XLSX
  from :mod:`.formulir_xlsx`, DOCX from :mod:`.formulir_docx`); the filled files come back
  through :mod:`.importer` and are accepted whole or refused whole;
- **aplikasi** (seed 002, Disdagtrans): operators enter realisasi per indicator and the Kepala
  Bidang checks the bidang's data or returns it with a note (:mod:`.operator`).

Every accepted submission of a bidang is a new :class:`~.store.Revision` (the old ones stay);
the recap uses, per bidang, the newest *usable* revision (accepted formulir, or checked by the
Kepala Bidang): :func:`.data.cycle_data`. :mod:`.status` shows what is still missing.

Modules: :mod:`.meta` (the formulir's identity and checksum), :mod:`.formulir_xlsx`,
:mod:`.formulir_docx`, :mod:`.read_xlsx` and :mod:`.read_docx` (into :mod:`.filled`),
:mod:`.importer`, :mod:`.store`, :mod:`.data`, :mod:`.status`, :mod:`.operator`. Guide:
``docs/collect-and-cycle.md``.
"""

from __future__ import annotations

from naskah.errors import NaskahError


class CollectError(NaskahError):
    """A collection request was refused (no pengumpulan opened, wrong mode, unknown bidang …)."""
