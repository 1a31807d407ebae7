"""Collected realisasi in the naskah database: pengumpulan, revisions per bidang, values.

Tables (models on :class:`naskah.db.Base`, created by :func:`naskah.archive.store.init_db` through
the migrations, revision 0003):

- ``pengumpulan``: one per (agency, periode): the input workbook it was opened from (a copy
  under ``<data_dir>/inputs/``, with its sha256) and its :class:`Mode`;
- ``pengumpulan_revision``: one submission of a bidang's data (an imported formulir, or the
  operators' entries), numbered 1, 2, 3 … per bidang, with who, when, the source file and its
  :class:`RevisionStatus`. A corrected submission is a NEW revision; old ones are kept;
- ``pengumpulan_realisasi``: the values of a revision, one row per indicator on it (an empty
  realisasi is a row too: *belum dilaporkan* with its keterangan).

A value is stored as text with its form (:class:`Bentuk`): a number as its exact decimal
(``"75.5"``), a text realisasi as typed (``"WTP"``), ``n/a`` (*tidak dapat diukur*), or empty
(not reported, never 0).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from naskah.db import Base, UtcDateTime, make_engine, session_factory, utcnow
from naskah.model import TIDAK_DAPAT_DIUKUR, Nilai, Periode
from naskah.settings import Settings


class Mode(StrEnum):
    """How an agency's SOP collects realisasi (read from its SOP: :func:`.data.mode_of`)."""

    FORMULIR = "formulir"
    """Paper/Word/Excel formulir distributed to the bidang and returned filled (seed 000 …)."""
    APLIKASI = "aplikasi"
    """Operators enter data in an application, the Kepala Bidang checks it (seed 002)."""


class RevisionStatus(StrEnum):
    """State of a bidang's revision. The recap uses only :data:`USABLE` states."""

    DITERIMA = "diterima"
    """An imported formulir, accepted whole (formulir mode)."""
    ENTRI = "entri"
    """Operators are entering data; not yet checked by the Kepala Bidang (aplikasi mode)."""
    DIPERIKSA = "diperiksa"
    """Checked by the Kepala Bidang (aplikasi mode)."""
    DIKEMBALIKAN = "dikembalikan"
    """Returned by the Kepala Bidang with a note, to be entered again (aplikasi mode)."""


USABLE = (RevisionStatus.DITERIMA, RevisionStatus.DIPERIKSA)
"""Revision states the Tim SAKIP recaps from."""


class Bentuk(StrEnum):
    """The form of a stored realisasi."""

    KOSONG = "kosong"
    ANGKA = "angka"
    TEKS = "teks"
    NA = "n/a"


class Pengumpulan(Base):
    """The collection of one agency's realisasi for one period."""

    __tablename__ = "pengumpulan"
    __table_args__ = (UniqueConstraint("agency", "periode"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(100))
    tahun: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(16))
    """``Periode.key``, e.g. ``2025-TW1``."""
    mode: Mapped[str] = mapped_column(String(20))
    input_name: Mapped[str] = mapped_column(Text, default="")
    """File name of the input workbook as given (no directory)."""
    input_path: Mapped[str] = mapped_column(Text)
    """Its copy, relative to ``data_dir``: ``inputs/<agency>/<periode>/<sha256>.xlsx``."""
    input_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    revisions: Mapped[list[Revision]] = relationship(
        back_populates="pengumpulan", order_by="Revision.id", lazy="selectin"
    )

    @property
    def periode_obj(self) -> Periode:
        return Periode.parse(self.periode)

    def __repr__(self) -> str:
        return f"<Pengumpulan {self.id} {self.agency} {self.periode} {self.mode}>"


class Revision(Base):
    """One submission of a bidang's data. ``nomor`` counts 1, 2, 3 … per (pengumpulan, bidang).

    ``sumber``: ``xlsx``, ``docx`` (an imported formulir) or ``operator`` (entries);
    ``pengisi``: who filled the formulir, as written on it (may be empty); ``created_by``: who
    imported or first entered it; ``checked_by``/``checked_at``: the Kepala Bidang's check or
    return; ``note``: the note of a return.
    """

    __tablename__ = "pengumpulan_revision"
    __table_args__ = (UniqueConstraint("pengumpulan_id", "bidang", "nomor"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pengumpulan_id: Mapped[int] = mapped_column(ForeignKey("pengumpulan.id"), index=True)
    bidang: Mapped[str] = mapped_column(Text)
    nomor: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    sumber: Mapped[str] = mapped_column(String(20))
    source_name: Mapped[str] = mapped_column(Text, default="")
    source_sha256: Mapped[str] = mapped_column(String(64), default="")
    pengisi: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    checked_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")

    pengumpulan: Mapped[Pengumpulan] = relationship(back_populates="revisions")
    values: Mapped[list[RealisasiValue]] = relationship(
        back_populates="revision", order_by="RealisasiValue.id", lazy="selectin",
        cascade="all, delete-orphan",
    )

    @property
    def usable(self) -> bool:
        return self.status in USABLE

    def value_of(self, kode: str) -> RealisasiValue | None:
        return next((v for v in self.values if v.kode == kode), None)

    def __repr__(self) -> str:
        return f"<Revision {self.id} {self.bidang!r} #{self.nomor} {self.status}>"


class RealisasiValue(Base):
    """The realisasi of one indicator in one revision (see the module docstring for ``nilai``).

    ``realisasi_anggaran`` in whole Rupiah; ``entered_by``/``entered_at``: who typed or
    imported this value last.
    """

    __tablename__ = "pengumpulan_realisasi"
    __table_args__ = (UniqueConstraint("revision_id", "kode"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("pengumpulan_revision.id"), index=True)
    kode: Mapped[str] = mapped_column(String(100))
    bentuk: Mapped[str] = mapped_column(String(10))
    nilai: Mapped[str] = mapped_column(Text, default="")
    realisasi_anggaran: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    keterangan: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    revision: Mapped[Revision] = relationship(back_populates="values")

    @property
    def as_nilai(self) -> Nilai:
        """The value as the domain model has it (``None``: not reported)."""
        return nilai_from(self.bentuk, self.nilai)

    def set_nilai(self, value: Nilai) -> None:
        self.bentuk, self.nilai = nilai_to(value)


TABLES = (Pengumpulan.__table__, Revision.__table__, RealisasiValue.__table__)


# --- values ------------------------------------------------------------------------------------


def nilai_to(value: Nilai) -> tuple[str, str]:
    """``(bentuk, text)`` of a domain value: ``Decimal("75.5")`` → ``("angka", "75.5")``."""
    if value is None:
        return Bentuk.KOSONG.value, ""
    if value is TIDAK_DAPAT_DIUKUR:
        return Bentuk.NA.value, ""
    if isinstance(value, Decimal):
        return Bentuk.ANGKA.value, format(value, "f")
    return Bentuk.TEKS.value, str(value)


def nilai_from(bentuk: str, text: str) -> Nilai:
    """The domain value of a stored ``(bentuk, text)`` (inverse of :func:`nilai_to`)."""
    if bentuk == Bentuk.ANGKA:
        return Decimal(text)
    if bentuk == Bentuk.TEKS:
        return text
    if bentuk == Bentuk.NA:
        return TIDAK_DAPAT_DIUKUR
    return None


# --- queries -----------------------------------------------------------------------------------


def get_pengumpulan(session: Session, agency: str, periode: str | Periode) -> Pengumpulan | None:
    """The pengumpulan of (agency, periode), or ``None``."""
    key = periode.key if isinstance(periode, Periode) else Periode.parse(periode).key
    return session.scalar(
        select(Pengumpulan).where(Pengumpulan.agency == agency, Pengumpulan.periode == key)
    )


def revisions_of(session: Session, pengumpulan: Pengumpulan, bidang: str | None = None
                 ) -> list[Revision]:
    """Revisions of a pengumpulan (of one bidang if given), oldest first."""
    q = select(Revision).where(Revision.pengumpulan_id == pengumpulan.id)
    if bidang is not None:
        q = q.where(Revision.bidang == bidang)
    return list(session.scalars(q.order_by(Revision.id)))


def latest_revision(session: Session, pengumpulan: Pengumpulan, bidang: str,
                    *, usable: bool = False) -> Revision | None:
    """The newest revision of ``bidang`` (``usable``: the newest the recap may use)."""
    q = select(Revision).where(Revision.pengumpulan_id == pengumpulan.id,
                               Revision.bidang == bidang)
    if usable:
        q = q.where(Revision.status.in_([s.value for s in USABLE]))
    return session.scalar(q.order_by(Revision.nomor.desc()).limit(1))


def new_revision(
    session: Session,
    pengumpulan: Pengumpulan,
    bidang: str,
    *,
    status: RevisionStatus,
    sumber: str,
    created_by: str,
    created_at: datetime,
    source_name: str = "",
    source_sha256: str = "",
    pengisi: str = "",
) -> Revision:
    """Add the next revision of ``bidang`` (no values yet). Does not commit.

    Numbers come from ``max(nomor) + 1`` in the caller's write transaction (on SQLite the
    session's ``BEGIN IMMEDIATE`` serialises writers; elsewhere the unique constraint refuses a
    concurrent duplicate, and the caller retries).
    """
    last = session.scalar(
        select(func.max(Revision.nomor)).where(Revision.pengumpulan_id == pengumpulan.id,
                                               Revision.bidang == bidang)
    )
    rev = Revision(
        pengumpulan=pengumpulan, bidang=bidang, nomor=(last or 0) + 1, status=status.value,
        sumber=sumber, source_name=source_name, source_sha256=source_sha256, pengisi=pengisi,
        created_by=created_by, created_at=created_at,
    )
    session.add(rev)
    session.flush()
    return rev


def ensure_tables(engine: Engine) -> None:
    """Bring the schema to the newest migration (revision 0003 creates ``pengumpulan*`` and
    ``sop_*``)."""
    from naskah.archive.store import init_db

    init_db(engine)


@contextmanager
def open_store(settings: Settings) -> Iterator[Session]:
    """A session on ``settings.database`` with every table in place (:func:`ensure_tables`).

    Sessions begin ``IMMEDIATE`` on SQLite (they may write); the engine is disposed on exit.
    """
    engine = make_engine(settings.database)
    try:
        ensure_tables(engine)
        with session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()
