"""``naskah collect status``: per bidang, what has been collected and what is still missing.

For each bidang of the pengumpulan (input order): the revision the recap uses (newest usable:
accepted formulir, or checked by the Kepala Bidang), the newest revision if it is not that one
(e.g. operators' entries waiting for the check, or data returned with a note), and the
indicators that have no realisasi yet in the usable revision — an indicator without a usable
revision, or left empty, is *belum dilaporkan*, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from naskah.collect.data import load_source
from naskah.collect.store import Pengumpulan, Revision, latest_revision
from naskah.model import TIDAK_DAPAT_DIUKUR, Indikator
from naskah.settings import Settings


@dataclass(frozen=True)
class BidangStatus:
    """The collection state of one bidang.

    - ``indikator``: its indicators (input order);
    - ``dipakai``: the revision the recap uses, or ``None``;
    - ``terbaru``: the newest revision when it is not ``dipakai`` (waiting or returned);
    - ``belum``: indicators without realisasi in ``dipakai``; ``tidak_terukur``: reported n/a.
    """

    bidang: str
    indikator: tuple[Indikator, ...]
    dipakai: Revision | None
    terbaru: Revision | None
    belum: tuple[Indikator, ...]
    tidak_terukur: tuple[Indikator, ...]

    @property
    def dilaporkan(self) -> int:
        return len(self.indikator) - len(self.belum) - len(self.tidak_terukur)

    @property
    def lengkap(self) -> bool:
        return not self.belum


def collection_status(session: Session, settings: Settings, pengumpulan: Pengumpulan
                      ) -> list[BidangStatus]:
    """The :class:`BidangStatus` of every bidang of ``pengumpulan`` (input order)."""
    data = load_source(settings, pengumpulan)
    out = []
    for bidang in data.bidang:
        inds = tuple(i for i in data.indikator if i.bidang == bidang)
        usable = latest_revision(session, pengumpulan, bidang, usable=True)
        newest = latest_revision(session, pengumpulan, bidang)
        belum, na = [], []
        for ind in inds:
            value = usable.value_of(ind.kode) if usable is not None else None
            nilai = value.as_nilai if value is not None else None
            if nilai is None:
                belum.append(ind)
            elif nilai is TIDAK_DAPAT_DIUKUR:
                na.append(ind)
        out.append(BidangStatus(
            bidang=bidang, indikator=inds, dipakai=usable,
            terbaru=newest if newest is not None and newest is not usable else None,
            belum=tuple(belum), tidak_terukur=tuple(na),
        ))
    return out
