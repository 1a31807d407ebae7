"""The cycle bundle: everything a document of one cycle may be built from."""

from __future__ import annotations

from dataclasses import dataclass, field

from naskah.measurement_types import Capaian, MeasurementRules
from naskah.model import AgencyProfile, CollectedData, Pejabat, Procedure


@dataclass(frozen=True)
class Cycle:
    """One agency's data for one period, measured, with its SOP procedures.

    - ``capaian``: one :class:`~naskah.measurement_types.Capaian` per indicator, input order;
    - ``pejabat``: officials by peran (``kepala``, ``sekretaris``, ``ketua_tim`` …), merged from
      the agency profile and the input's ``Pejabat`` sheet (input wins);
    - ``warnings``: missing official facts and other notes, printed after the run.
    """

    agency: AgencyProfile
    data: CollectedData
    procedures: tuple[Procedure, ...]
    rules: MeasurementRules
    capaian: tuple[Capaian, ...]
    pejabat: dict[str, Pejabat] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def periode(self):
        return self.data.siklus.periode

    def procedure(self, slug: str) -> Procedure:
        for p in self.procedures:
            if p.slug == slug:
                return p
        raise KeyError(f"agency {self.agency.slug} has no procedure {slug!r}")

    def capaian_of_bidang(self, bidang: str) -> tuple[Capaian, ...]:
        return tuple(c for c in self.capaian if c.indikator.bidang == bidang)
