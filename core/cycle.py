"""The cycle bundle: everything a document of one cycle may be built from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from naskah.measurement.types import Capaian, MeasurementRules
from naskah.model import AgencyProfile, CollectedData, Pejabat, Procedure


@dataclass(frozen=True)
class Cycle:
    """One agency's data for one period, measured, with its SOP procedures.

    - ``capaian``: one :class:`~naskah.measurement.types.Capaian` per indicator, input order;
    - ``pejabat``: officials by peran (``kepala``, ``sekretaris``, ``ketua_tim`` …), merged from
      the agency profile and the input's ``Pejabat`` sheet (input wins); for a peran held by
      several people (``anggota_tim``, ``kepala_bidang``) the first one;
    - ``daftar_pejabat``: every official, each once, in input order (daftar hadir);
    - ``nomor``: register numbers already given in this cycle, by document key (filled by the
      pipeline before rendering, so a laporan can cite the nota dinas it answers);
    - ``warnings``: missing official facts and other notes, printed after the run (a list of
      unique strings; use :meth:`warn`).
    """

    agency: AgencyProfile
    data: CollectedData
    procedures: tuple[Procedure, ...]
    rules: MeasurementRules
    capaian: tuple[Capaian, ...]
    pejabat: dict[str, Pejabat] = field(default_factory=dict)
    daftar_pejabat: tuple[Pejabat, ...] = ()
    nomor: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        """Record a warning once (documents of a cycle often hit the same missing fact)."""
        if message not in self.warnings:
            self.warnings.append(message)

    @property
    def periode(self):
        return self.data.siklus.periode

    def procedure(self, slug: str) -> Procedure:
        for p in self.procedures:
            if p.slug == slug:
                return p
        raise KeyError(f"agency {self.agency.slug} has no procedure {slug!r}")

    def kepala_bidang(self, bidang: str) -> Pejabat | None:
        """The head of ``bidang``: the Sekretaris for the Sekretariat, else the ``kepala_bidang``
        whose ``bidang`` is it (or, without one, whose jabatan is ``Kepala <bidang>``);
        ``None`` when the input does not give one."""
        wanted = bidang.strip().casefold()
        if wanted.startswith("sekretariat"):
            return self.pejabat.get("sekretaris") or self.agency.sekretaris
        for p in self.daftar_pejabat:
            if p.peran == "kepala_bidang" and p.bidang.strip().casefold() == wanted:
                return p
        for p in self.daftar_pejabat:
            if p.jabatan.strip().casefold() == f"kepala {wanted}":
                return p
        return None

    def capaian_of_bidang(self, bidang: str) -> tuple[Capaian, ...]:
        return tuple(c for c in self.capaian if c.indikator.bidang == bidang)


def merge_pejabat(
    cycle_pejabat: tuple[Pejabat, ...], *defaults: Pejabat
) -> tuple[dict[str, Pejabat], tuple[Pejabat, ...]]:
    """Officials from the agency profile (``defaults``: kepala, sekretaris) and the input's
    ``Pejabat`` sheet. A profile official is completed or replaced field by field by the first
    input row of the same peran (a non-empty input field wins).

    :return: ``(by peran — the first of each, everyone in order)``.
    """
    profile = {p.peran: p for p in defaults if p.peran}
    everyone: list[Pejabat] = []
    for p in cycle_pejabat:
        base = profile.pop(p.peran, None)
        if base is not None:
            fields = {f.name: getattr(p, f.name) for f in dataclasses.fields(Pejabat)}
            p = dataclasses.replace(base, **{k: v for k, v in fields.items() if v})
        everyone.append(p)
    everyone[:0] = profile.values()  # profile officials the input does not mention
    by_peran: dict[str, Pejabat] = {}
    for p in everyone:
        if p.peran:
            by_peran.setdefault(p.peran, p)
    return by_peran, tuple(everyone)
