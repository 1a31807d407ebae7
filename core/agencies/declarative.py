"""An agency described as data: one YAML file with its profile and its SOP table.

Most agencies have no Python programmer, but every one has its SOP as a Word table. A file
``<agencies_dir>/<slug>.yaml`` (folder ``settings.plugins.agencies_dir``, environment
``NASKAH_PLUGINS__AGENCIES_DIR``) describes one agency (or ``<slug>.xlsx``, the same data as a
workbook laid out like the SOP AP table: :mod:`naskah.agencies.agency_xlsx`); the built-in plugin
:class:`naskah.agencies.data_plugin.DeclarativeAgencies` (registered as
``naskah.plugins.declarative``) declares every valid
file's agency and answers its hooks (``naskah_agencies``, ``naskah_procedures``,
``naskah_numbering_pattern``) exactly as a Python plugin would; everything else (documents,
templates, measurement) is naskah's default. Start from ``naskah agency new SLUG``.

The file (keys in the words of the SOP; ``AgencyProfile`` field names)::

    slug: dinas-contoh                       # must equal the file name
    sumber: "SOP ... Nomor ... (where the facts come from)"
    nama: DINAS CONTOH KABUPATEN CONTOH      # required
    singkatan: Dinas Contoh
    pemerintah: PEMERINTAH KABUPATEN CONTOH  # required
    kabupaten: Kabupaten Contoh              # required
    kota, alamat, kontak, kode_unit, kertas (F4/A4), zona_waktu (WIB/WITA/WIT),
    logo (relative to the file),
    tahun_sop, nomor_sop, jenis_indikator: [IKU, IKK, IKI, IK], bidang: [...],
    persyaratan: [...], dokumen_pelengkap: [...], dasar_hukum: [...]
    kepala:     {jabatan (required), nama, pangkat, nip}
    sekretaris: {jabatan (required), nama, pangkat, nip}
    sop: {nama_sop, nomor, tanggal_pembuatan, ..., disahkan_label}   # the identity page
    penomoran: "{kode}/{nomor:03d}/{unit}/{tahun}"    # optional numbering pattern
    prosedur:                                # the SOP tables, in order
      - slug: pengumpulan                    # the Siklus prefixes use it: pengumpulan.rapat …
        judul: Pengumpulan Data Kinerja
        pelaksana: [Kepala, Sekretaris, Tim]  # the executor columns of the table
        langkah:
          - no: 1
            uraian: Kepala memerintahkan ...
            pelaksana: [Kepala]
            kelengkapan: [Blangko Nota Dinas]
            waktu: 5 menit                   # menit, jam or hari (1 hari = 300 menit); '-': none
            output: Nota Dinas
            dokumen: [nota_dinas]            # optional; absent: read from the output wording;
                                             # [] none; "kind:variant"; {jenis, varian, per_bidang}
            keputusan: {pertanyaan: Setuju?, ya: 11, tidak: 7}   # optional
            keterangan: ...                  # optional

Errors name the file, the key path and what was expected, e.g. ``agencies/dinas-contoh.yaml:
prosedur[0].langkah[3].waktu: '5 detik' has no number and unit``; the cross-checks of a run
(decision targets, pelaksana columns, document kinds …) are those of ``naskah plugins``
(:mod:`naskah.agencies.check_sop`). Rule: only facts from the agency's SOP and official
documents; a name or NIP not given stays empty (documents print a blank line and warn).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from naskah.agencies.profiles import (
    LOGO_SUFFIXES,
    PejabatOverride,
    SopOverride,
    _describe,
    _text,
    _texts,
    lembar_kerja_data,
    lembar_kerja_of,
)
from naskah.errors import NaskahError
from naskah.i18n import _
from naskah.model import (
    MENIT_PER_HARI_KERJA,
    AgencyProfile,
    DocumentSpec,
    Jenis,
    Keputusan,
    Pejabat,
    Procedure,
    SopIdentitas,
    Step,
)

SUFFIX = ".yaml"
PLUGIN_NAME = "naskah.plugins.declarative"
WAKTU = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(menit|jam|hari)\b", re.IGNORECASE)
MENIT_PER = {"menit": 1, "jam": 60, "hari": MENIT_PER_HARI_KERJA}


class AgencyFileError(NaskahError):
    """An agency data file cannot be used; ``problems``: ``"<file>: <key path>: <message>"``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        head = _("{count} problem(s) in the agency data file:", count=len(self.problems))
        return "\n".join([head, *(f"  • {p}" for p in self.problems)])


# --- the schema ----------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def waktu_menit(teks: str) -> int | None:
    """Minutes of an SOP's waktu (``"5 menit"``, ``"2 jam"``, ``"1 hari"`` = one working day
    of :data:`~naskah.model.MENIT_PER_HARI_KERJA` minutes); ``None`` for ``""`` or ``"-"``.

    :raises ValueError: no number and unit."""
    teks = (teks or "").strip()
    if teks in ("", "-"):
        return None
    match = WAKTU.match(teks)
    if not match:
        raise ValueError(_("{found!r} has no number and unit (menit, jam or hari), e.g. "
                           "'30 menit'", found=teks))
    return round(float(match.group(1).replace(",", ".")) * MENIT_PER[match.group(2).lower()])


class DokumenData(_Strict):
    """A document a step produces: ``jenis`` (kind slug), ``varian``, ``per_bidang``."""

    jenis: str
    varian: str = ""
    per_bidang: bool = False


class KeputusanData(_Strict):
    pertanyaan: str = ""
    ya: int
    tidak: int


class LangkahData(_Strict):
    """One row of the SOP table."""

    no: int
    uraian: str
    pelaksana: list[str] = []
    kelengkapan: list[str] = []
    waktu: str = ""
    output: str = ""
    dokumen: list[DokumenData] | None = None
    keputusan: KeputusanData | None = None
    keterangan: str = ""

    @model_validator(mode="before")
    @classmethod
    def _no_key(cls, v: Any) -> Any:
        # YAML 1.1 reads an unquoted key `no:` as the boolean False: take it as "no".
        if isinstance(v, dict) and False in v and "no" not in v:
            v = {("no" if k is False else k): val for k, val in v.items()}
        return v

    @field_validator("waktu", "output", "keterangan", mode="before")
    @classmethod
    def _empty(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else _text(v)

    @field_validator("waktu")
    @classmethod
    def _waktu(cls, v: str) -> str:
        waktu_menit(v)
        return v

    @field_validator("pelaksana", "kelengkapan", mode="before")
    @classmethod
    def _lists(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else _texts(v)

    @field_validator("dokumen", mode="before")
    @classmethod
    def _dokumen(cls, v: Any) -> Any:
        if v is None:
            return None
        items = [v] if isinstance(v, str | dict) else v
        out = []
        for item in items or ():
            if isinstance(item, str):
                jenis, _sep, varian = item.partition(":")
                out.append({"jenis": jenis.strip(), "varian": varian.strip()})
            else:
                out.append(item)
        return out


class ProsedurData(_Strict):
    """One SOP table: slug, judul, executor columns, steps."""

    slug: str
    judul: str
    judul_tabel: str = ""
    pelaksana: list[str]
    langkah: list[LangkahData]

    @field_validator("langkah")
    @classmethod
    def _steps(cls, v: list[LangkahData]) -> list[LangkahData]:
        if not v:
            raise ValueError(_("at least one step (a row of the SOP table) is needed"))
        return v


class PejabatData(PejabatOverride):
    pass


class AgencyData(_Strict):
    """The keys of an agency data file (see the module docstring)."""

    slug: str
    sumber: str = ""
    nama: str
    singkatan: str = ""
    pemerintah: str
    kabupaten: str
    kota: str = ""
    alamat: str = ""
    kontak: str = ""
    kode_unit: str = ""
    kertas: Literal["F4", "A4"] = "F4"
    zona_waktu: Literal["WIB", "WITA", "WIT"] = "WIB"
    logo: str = ""
    tahun_sop: int | None = None
    nomor_sop: str = ""
    jenis_indikator: list[Jenis] = [Jenis.IKU, Jenis.IKK, Jenis.IKI, Jenis.IK]
    bidang: list[str] = []
    persyaratan: list[str] = []
    dokumen_pelengkap: list[str] = []
    dasar_hukum: list[str] = []
    kepala: PejabatData
    sekretaris: PejabatData
    sop: SopOverride = SopOverride()
    penomoran: str = ""
    prosedur: list[ProsedurData]

    @field_validator(
        "sumber", "singkatan", "kota", "alamat", "kontak", "kode_unit", "logo", "nomor_sop",
        "penomoran", mode="before",
    )  # fmt: skip
    @classmethod
    def _empty(cls, v: Any) -> Any:
        return _text(v)

    @field_validator("nama", "pemerintah", "kabupaten")
    @classmethod
    def _required(cls, v: str) -> str:
        if not v:
            raise ValueError(_("must not be empty: it heads every kop"))
        return v

    @field_validator(
        "bidang", "persyaratan", "dokumen_pelengkap", "dasar_hukum", "jenis_indikator",
        mode="before",
    )  # fmt: skip
    @classmethod
    def _lists(cls, v: Any) -> Any:
        return _texts(v)

    @field_validator("prosedur")
    @classmethod
    def _procedures(cls, v: list[ProsedurData]) -> list[ProsedurData]:
        if not v:
            raise ValueError(_("at least one SOP table is needed"))
        return v


# --- reading -------------------------------------------------------------------------------------


def _describe_at(error: Any) -> tuple[str, str]:
    """``(key path, message)``; the profile files' wording (:func:`profiles._describe`), the
    allowed keys those of this file's schema."""
    return _describe(error, AgencyData)


@dataclasses.dataclass(frozen=True)
class AgencyFile:
    """A validated agency data file: its path, profile, procedures and numbering pattern
    (``""``: the default). Facts it does not give (the Kepala's name, NIP) are warned about by
    ``naskah plugins`` and by the documents that print them."""

    path: Path
    profile: AgencyProfile
    procedures: tuple[Procedure, ...]
    penomoran: str = ""


def read_agency_file(path: Path) -> AgencyFile:
    """Read and validate ``path``.

    :raises AgencyFileError: unreadable, YAML syntax error (line, column), unknown or missing
        keys, wrong values, a slug other than the file name, a missing logo — all problems.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        problem = f"{path}: " + _("cannot be read ({error})", error=exc.strerror)
        raise AgencyFileError([problem]) from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line {line}, column {column}: ", line=mark.line + 1,
                  column=mark.column + 1) if mark else ""  # fmt: skip
        what = getattr(exc, "problem", None) or str(exc)
        problem = f"{path}: {where}" + _("YAML syntax error: {what}", what=what)
        raise AgencyFileError([problem]) from None
    if not isinstance(raw, dict):
        raise AgencyFileError([f"{path}: " + _("expected a mapping of keys (slug: …, nama: …, "
                                               "prosedur: …)")])  # fmt: skip
    return agency_from_data(raw, path)


def agency_from_data(
    raw: dict[str, Any], path: Path, where: Callable[[str], str] | None = None
) -> AgencyFile:
    """Validate the keys of an agency file read from ``path`` (YAML, or an agency workbook:
    :mod:`naskah.agencies.agency_xlsx`). ``where(key path)`` names the place of a key in the
    file (a workbook's cell); default: the key path itself.

    :raises AgencyFileError: every problem, ``"<file>: <where>: <message>"``."""
    where = where or (lambda key: key)
    try:
        data = AgencyData.model_validate(raw)
    except ValidationError as exc:
        raise AgencyFileError(
            [f"{path}: {where(k)}: {m}" for k, m in map(_describe_at, exc.errors())]
        ) from None
    problems: list[str] = []
    if data.slug != path.stem:
        problems.append(f"{path}: {where('slug')}: " + _(
            "{slug!r} differs from the file name {name!r} (name the file <slug>{suffix})",
            slug=data.slug, name=path.name, suffix=path.suffix))  # fmt: skip
    logo = ""
    if data.logo:
        candidate = Path(data.logo).expanduser()
        candidate = candidate if candidate.is_absolute() else path.parent / candidate
        if not candidate.is_file() or candidate.suffix.lower() not in LOGO_SUFFIXES:
            problems.append(f"{path}: {where('logo')}: " + _(
                "{logo!r} is not a PNG or JPEG file (looked for {path})", logo=data.logo,
                path=candidate))  # fmt: skip
        logo = str(candidate.resolve())
    if problems:
        raise AgencyFileError(problems)
    profile = _profile(data, path, logo)
    return AgencyFile(path, profile, _procedures(data), data.penomoran)


def _pejabat(p: PejabatData, peran: str) -> Pejabat:
    return Pejabat(jabatan=p.jabatan, nama=p.nama, pangkat=p.pangkat, nip=p.nip, peran=peran)


def _profile(data: AgencyData, path: Path, logo: str) -> AgencyProfile:
    sop = data.sop.model_dump()
    sop = {k: tuple(v) if isinstance(v, list) else v for k, v in sop.items()}
    nomor_sop = data.nomor_sop or sop["nomor"]
    source = f"{path.name}" + (f" ({data.sumber})" if data.sumber else "")
    return AgencyProfile(
        slug=data.slug, nama=data.nama, singkatan=data.singkatan, pemerintah=data.pemerintah,
        kabupaten=data.kabupaten, kota=data.kota, kepala=_pejabat(data.kepala, "kepala"),
        sekretaris=_pejabat(data.sekretaris, "sekretaris"), alamat=data.alamat,
        kontak=data.kontak, kode_unit=data.kode_unit, tahun_sop=data.tahun_sop,
        nomor_sop=nomor_sop, jenis_indikator=tuple(data.jenis_indikator),
        bidang=tuple(data.bidang), kertas=data.kertas, zona_waktu=data.zona_waktu, logo=logo,
        persyaratan=tuple(data.persyaratan), dokumen_pelengkap=tuple(data.dokumen_pelengkap),
        dasar_hukum=tuple(data.dasar_hukum), sop=_sop_identitas(sop), source=source,
    )  # fmt: skip


def _sop_identitas(sop: dict[str, Any]) -> SopIdentitas:
    fields = {f.name for f in dataclasses.fields(SopIdentitas)}
    values = {k: v for k, v in sop.items() if k in fields}
    if values.get("lembar_kerja") is not None:
        values["lembar_kerja"] = lembar_kerja_of(values["lembar_kerja"])
    return SopIdentitas(**values)


def _procedures(data: AgencyData) -> tuple[Procedure, ...]:
    out = []
    for p in data.prosedur:
        steps = []
        for s in p.langkah:
            documents = None if s.dokumen is None else tuple(
                DocumentSpec(d.jenis, d.varian, d.per_bidang) for d in s.dokumen
            )  # fmt: skip
            keputusan = (
                Keputusan(s.keputusan.ya, s.keputusan.tidak, s.keputusan.pertanyaan)
                if s.keputusan else None
            )  # fmt: skip
            steps.append(Step(
                s.no, s.uraian, tuple(s.pelaksana), tuple(s.kelengkapan), waktu_menit(s.waktu),
                s.waktu if s.waktu != "-" else "", s.output, documents, keputusan, s.keterangan,
            ))  # fmt: skip
        out.append(Procedure(p.slug, p.judul, tuple(p.pelaksana), tuple(steps), p.judul_tabel))
    return tuple(out)


# --- writing -------------------------------------------------------------------------------------


def agency_as_dict(
    profile: AgencyProfile, procedures: tuple[Procedure, ...] | list[Procedure],
    penomoran: str = "",
) -> dict[str, Any]:
    """``profile`` and ``procedures`` as the data of an agency file (:func:`read_agency_file`
    reads it back to the same profile facts and procedures)."""

    def pejabat(p: Pejabat) -> dict[str, str]:
        return {"jabatan": p.jabatan, "nama": p.nama, "pangkat": p.pangkat, "nip": p.nip}

    def dokumen(d: DocumentSpec) -> Any:
        if d.per_bidang:
            return {"jenis": d.kind, "varian": d.variant, "per_bidang": True}
        return f"{d.kind}:{d.variant}" if d.variant else d.kind

    def langkah(s: Step) -> dict[str, Any]:
        row: dict[str, Any] = {
            "no": s.nomor, "uraian": s.uraian, "pelaksana": list(s.pelaksana),
            "kelengkapan": list(s.kelengkapan), "waktu": s.waktu_teks or "-", "output": s.output,
        }  # fmt: skip
        if s.documents is not None:
            row["dokumen"] = [dokumen(d) for d in s.documents]
        if s.keputusan:
            row["keputusan"] = {"pertanyaan": s.keputusan.pertanyaan, "ya": s.keputusan.ya,
                                "tidak": s.keputusan.tidak}  # fmt: skip
        if s.keterangan:
            row["keterangan"] = s.keterangan
        return row

    sop = dataclasses.asdict(profile.sop)
    sop = {k: list(v) if isinstance(v, tuple) else v for k, v in sop.items()}
    if profile.sop.lembar_kerja is None:
        sop.pop("lembar_kerja", None)
    else:
        sop["lembar_kerja"] = lembar_kerja_data(profile.sop.lembar_kerja)
    return {
        "slug": profile.slug, "sumber": "", "nama": profile.nama,
        "singkatan": profile.singkatan, "pemerintah": profile.pemerintah,
        "kabupaten": profile.kabupaten, "kota": profile.kota, "alamat": profile.alamat,
        "kontak": profile.kontak, "kode_unit": profile.kode_unit, "kertas": profile.kertas,
        "zona_waktu": profile.zona_waktu,
        "logo": profile.logo, "tahun_sop": profile.tahun_sop, "nomor_sop": profile.nomor_sop,
        "jenis_indikator": [j.value for j in profile.jenis_indikator],
        "bidang": list(profile.bidang), "persyaratan": list(profile.persyaratan),
        "dokumen_pelengkap": list(profile.dokumen_pelengkap),
        "dasar_hukum": list(profile.dasar_hukum),
        "kepala": pejabat(profile.kepala), "sekretaris": pejabat(profile.sekretaris),
        "sop": sop, "penomoran": penomoran,
        "prosedur": [
            {"slug": p.slug, "judul": p.judul,
             **({"judul_tabel": p.judul_tabel} if p.judul_tabel else {}),
             "pelaksana": list(p.pelaksana), "langkah": [langkah(s) for s in p.steps]}
            for p in procedures
        ],
    }  # fmt: skip


def dump_agency(data: dict[str, Any], header: str = "") -> str:
    """The YAML text of an agency file (``header``: comment lines put first)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=96)
    return (header.rstrip("\n") + "\n" if header else "") + text
