"""Agency profile overrides as data: ``<profiles_dir>/<slug>.yaml`` replaces parts of a plugin's
:class:`~naskah.model.AgencyProfile` without a new release of the plugin.

Officials change every few years, an office moves, a kode unit is assigned: an administrator
writes those facts into a YAML file named after the agency slug in the folder
``settings.plugins.profiles_dir`` (environment ``NASKAH_PLUGINS__PROFILES_DIR``). The file is
read every time the agencies are listed (:meth:`naskah.agencies.manager.Plugins.agencies`), so
an edit applies to the next run. Start from ``naskah profile template SLUG > SLUG.yaml``.

Keys (all optional; a key that is absent keeps the plugin's value, ``''`` or an empty value
clears it — the documents then print a blank line to fill by hand)::

    sumber: "SK Bupati Nomor ... (where these facts come from; kept in the profile's source)"
    singkatan: Dinsos P3A
    kota: Painan                       # place printed before the date of signing
    alamat: "Jl. ..."                  # kop line
    kontak: "Telp. ... Email ..."      # kop line
    kode_unit: Dinsos                  # {unit} of the nomor pattern
    kertas: F4                         # F4 (215 × 330 mm) or A4
    zona_waktu: WIB                    # WIB, WITA or WIT: times shown to the agency's users
    logo: logo.png                     # PNG/JPEG, path relative to the YAML file
    bidang: [Sekretariat, Bidang ...]
    kepala:     {nama, jabatan, pangkat, nip}   # nip: 18 digits, spaces allowed
    sekretaris: {nama, jabatan, pangkat, nip}
    sop: {nama_sop, nomor, tanggal_pembuatan, tanggal_revisi, tanggal_efektif, disahkan_oleh,
          disahkan_label, kualifikasi_pelaksana, keterkaitan, peralatan, peringatan, pencatatan,
          lembar_kerja: {jenis_kegiatan, penanggung_jawab_produk, penanggung_jawab_kegiatan,
                         ruang_lingkup, langkah_awal, langkah_utama, langkah_akhir, langkah}}

``sop.nomor`` sets both :attr:`SopIdentitas.nomor` and :attr:`AgencyProfile.nomor_sop` (the
SOP number the nota dinas and laporan cite). Dates are written ``2025-01-15``.

Errors name the file, the key path and what was expected, e.g.
``profiles/bkpsdm-pessel.yaml: kepala.nip: '1983' is not 18 digits``; unknown keys are errors;
a file for an agency no installed plugin declares is an error naming the installed slugs. All
problems of all files are reported together (:class:`ProfileError`).

Rule: a profile file holds facts from an official source (an SK, the SOP itself); never write a
name or NIP you do not have — leave it empty.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from naskah.errors import NaskahError
from naskah.i18n import _, ngettext
from naskah.model import AgencyProfile, LembarKerja, Pejabat, SopIdentitas

if TYPE_CHECKING:
    from naskah.settings import Settings

SUFFIX = ".yaml"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


class ProfileError(NaskahError):
    """One or more profile files cannot be used. ``problems``: one printable line each,
    ``"<file>: <key path>: <what was found and expected>"``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        head = ngettext("{n} problem in the agency profile files:",
                        "{n} problems in the agency profile files:", len(self.problems))
        return "\n".join([head, *(f"  • {p}" for p in self.problems)])


# --- the schema ----------------------------------------------------------------------------------


def _text(v: Any) -> Any:
    """``None`` (an empty YAML value) is the empty text; numbers are refused by the str type."""
    return "" if v is None else v


def _texts(v: Any) -> Any:
    return [] if v is None else v


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PejabatOverride(_Strict):
    """An official (``kepala``, ``sekretaris``): any of nama, jabatan, pangkat, nip."""

    nama: str = ""
    jabatan: str = ""
    pangkat: str = ""
    nip: str = ""

    @field_validator("nama", "pangkat", mode="before")
    @classmethod
    def _empty(cls, v: Any) -> Any:
        return _text(v)

    @field_validator("jabatan", mode="before")
    @classmethod
    def _jabatan(cls, v: Any) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            raise ValueError(_("must not be empty: the jabatan is printed under every signature"))
        return v

    @field_validator("nip", mode="before")
    @classmethod
    def _nip(cls, v: Any) -> Any:
        # YAML reads an unquoted 198305232002121002 as an int: accept it as its digits.
        if isinstance(v, int) and not isinstance(v, bool):
            v = str(v)
        v = _text(v)
        if isinstance(v, str) and v.strip():
            digits = "".join(v.split())
            if len(digits) != 18 or not digits.isascii() or not digits.isdigit():
                raise ValueError(
                    _("{value!r} is not 18 digits (write it like 19830523 200212 1 002, or '' "
                      "when not known)", value=v.strip())
                )
            return digits
        return v


class LembarKerjaOverride(_Strict):
    """The SOP's "Lembar Kerja Identifikasi Kegiatan", A. Data Kegiatan
    (:class:`~naskah.model.LembarKerja`)."""

    jenis_kegiatan: str = ""
    penanggung_jawab_produk: str = ""
    penanggung_jawab_kegiatan: str = ""
    ruang_lingkup: str = ""
    langkah_awal: str = ""
    langkah_utama: str = ""
    langkah_akhir: str = ""
    langkah: list[str] = []

    @field_validator("jenis_kegiatan", "penanggung_jawab_produk", "penanggung_jawab_kegiatan",
                     "ruang_lingkup", "langkah_awal", "langkah_utama", "langkah_akhir",
                     mode="before")
    @classmethod
    def _empty(cls, v: Any) -> Any:
        return _text(v)

    @field_validator("langkah", mode="before")
    @classmethod
    def _none(cls, v: Any) -> Any:
        return _texts(v)


def lembar_kerja_of(values: Mapping[str, Any]) -> LembarKerja:
    """The :class:`~naskah.model.LembarKerja` of a profile's or data file's ``lembar_kerja``
    mapping (its ``langkah`` list becomes a tuple)."""
    return LembarKerja(**{**values, "langkah": tuple(values.get("langkah") or ())})


def lembar_kerja_data(lembar_kerja: LembarKerja) -> dict[str, Any]:
    """``lembar_kerja`` as a YAML-ready mapping (lists, no tuples)."""
    data = dataclasses.asdict(lembar_kerja)
    data["langkah"] = list(lembar_kerja.langkah)
    return data


class SopOverride(_Strict):
    """The SOP identity page (:class:`~naskah.model.SopIdentitas`)."""

    nama_sop: str = ""
    nomor: str = ""
    tanggal_pembuatan: date | None = None
    tanggal_revisi: date | None = None
    tanggal_efektif: date | None = None
    disahkan_oleh: str = ""
    disahkan_label: str = ""
    kualifikasi_pelaksana: list[str] = []
    keterkaitan: list[str] = []
    peralatan: list[str] = []
    peringatan: list[str] = []
    pencatatan: list[str] = []
    lembar_kerja: LembarKerjaOverride | None = None

    @field_validator("nama_sop", "nomor", "disahkan_oleh", "disahkan_label", mode="before")
    @classmethod
    def _empty(cls, v: Any) -> Any:
        return _text(v)

    @field_validator("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        # Only real dates and ISO text: pydantic alone would read 2025 as a Unix timestamp.
        if isinstance(v, datetime):
            return v.date()
        if v is None or isinstance(v, date):
            return v
        if isinstance(v, str):
            text = v.strip()
            if text in ("", "-"):  # an SOP prints "-" for "no revision"
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        raise ValueError(_("{v!r} is not a date; write it as 2025-01-15 ('-' or empty: none)", v=v))

    @field_validator(
        "kualifikasi_pelaksana", "keterkaitan", "peralatan", "peringatan", "pencatatan",
        mode="before",
    )  # fmt: skip
    @classmethod
    def _lists(cls, v: Any) -> Any:
        return _texts(v)


class ProfileOverride(_Strict):
    """The keys of a ``<slug>.yaml`` profile file (see the module docstring)."""

    sumber: str = ""
    singkatan: str = ""
    kota: str = ""
    alamat: str = ""
    kontak: str = ""
    kode_unit: str = ""
    kertas: Literal["F4", "A4"] = "F4"
    zona_waktu: Literal["WIB", "WITA", "WIT"] = "WIB"
    logo: str = ""
    bidang: list[str] = []
    kepala: PejabatOverride | None = None
    sekretaris: PejabatOverride | None = None
    sop: SopOverride | None = None

    @field_validator(
        "sumber", "singkatan", "kota", "alamat", "kontak", "kode_unit", "logo", mode="before"
    )
    @classmethod
    def _empty(cls, v: Any) -> Any:
        return _text(v)

    @field_validator("bidang", mode="before")
    @classmethod
    def _lists(cls, v: Any) -> Any:
        return _texts(v)

    @field_validator("kepala", "sekretaris", "sop", mode="before")
    @classmethod
    def _mapping(cls, v: Any) -> Any:
        return {} if v is None else v


@dataclasses.dataclass(frozen=True)
class ProfileFile:
    """A validated profile file: its path, the agency slug (the file name) and the override."""

    path: Path
    slug: str
    override: ProfileOverride


# --- errors --------------------------------------------------------------------------------------


def _model_at(loc: tuple[Any, ...], root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class a location points into from ``root`` (for the list of allowed keys);
    list indexes (``prosedur[0]``) lead into the list's item model."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return model
        ann = model.model_fields[part].annotation
        model = _model_in(ann)
    return model


def _model_in(ann: Any) -> type[BaseModel] | None:
    """The model class in an annotation (``X``, ``X | None``, ``list[X]``)."""
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in getattr(ann, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _describe(error: Mapping[str, Any], root: type[BaseModel] | None = None) -> tuple[str, str]:
    """``(key path, message)`` of one pydantic error, in the words of the file whose schema is
    ``root`` (default: the profile file's)."""
    loc = tuple(error["loc"])
    path = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    kind, found = error["type"], error.get("input")
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1], root or ProfileOverride)
        allowed = ", ".join(parent.model_fields) if parent else ""
        return path, _("unknown key; expected one of: {allowed}", allowed=allowed)
    if kind == "value_error":
        return path, str(error["ctx"]["error"])
    if kind == "literal_error":
        word_or = _("or")
        expected = str(error["ctx"]["expected"]).replace(" or ", f" {word_or} ")
        return path, _("{found!r} is not one of {expected}", found=found, expected=expected)
    if kind.startswith("date"):
        return path, _("{found!r} is not a date; write it as 2025-01-15 (or leave it empty)",
                       found=found)
    if kind == "string_type":
        return path, _("expected text, found {found!r}", found=found)
    if kind == "list_type":
        return path, _("expected a list (one '- item' per line), found {found!r}", found=found)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return path, _("expected a mapping of keys (key: value lines), found {found!r}",
                       found=found)
    if kind == "missing":
        return path, _("required key is missing")
    if kind.startswith("int_"):
        return path, _("expected a whole number, found {found!r}", found=found)
    if kind.startswith("bool_"):
        return path, _("expected true or false, found {found!r}", found=found)
    if kind == "enum":
        return path, _("{found!r} is not one of {expected}", found=found,
                       expected=str(error["ctx"]["expected"]).replace(" or ", f" {_('or')} "))
    if kind == "too_short":
        return path, _("must not be empty")
    return path, _("invalid value {found!r} ({detail})", found=found, detail=error["msg"])


# --- reading -------------------------------------------------------------------------------------


def read_profile(path: Path) -> ProfileFile:
    """Read and validate one profile file; its slug is the file name without ``.yaml``.

    A relative ``logo`` is resolved against the file's folder and must be an existing PNG or
    JPEG file.

    :raises ProfileError: unreadable file, YAML syntax error (line and column), not a mapping,
        unknown keys, wrong values, missing logo — every problem of the file.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError([_("{path}: cannot be read ({error})", path=path,
                              error=exc.strerror)]) from exc
    except UnicodeDecodeError as exc:
        raise ProfileError([_("{path}: not UTF-8 text ({error})", path=path,
                              error=exc.reason)]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (_("line {line}, column {column}: ", line=mark.line + 1, column=mark.column + 1)
                 if mark else "")
        what = getattr(exc, "problem", None) or str(exc)
        raise ProfileError([_("{path}: {where}YAML syntax error: {what}", path=path, where=where,
                              what=what)]) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ProfileError([_("{path}: expected a mapping of keys at the top level (kota: …, "
                              "kepala: …), found a {type}", path=path, type=type(raw).__name__)])
    try:
        override = ProfileOverride.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{path}: {k}: {m}" for k, m in map(_describe, exc.errors())]
        raise ProfileError(problems) from None
    if override.logo:
        logo = Path(override.logo).expanduser()
        logo = logo if logo.is_absolute() else path.parent / logo
        if not logo.is_file():
            raise ProfileError([_("{path}: logo: {logo!r} not found (looked for {where}; the "
                                  "path is relative to the YAML file)", path=path,
                                  logo=override.logo, where=logo)])
        if logo.suffix.lower() not in LOGO_SUFFIXES:
            raise ProfileError([_("{path}: logo: {logo!r} is not a PNG or JPEG file ({suffixes})",
                                  path=path, logo=override.logo,
                                  suffixes=", ".join(LOGO_SUFFIXES))])
        override = override.model_copy(update={"logo": str(logo.resolve())})
    return ProfileFile(path, path.name[: -len(SUFFIX)], override)


def read_profiles(profiles_dir: Path) -> dict[str, ProfileFile]:
    """Every ``<slug>.yaml`` of ``profiles_dir`` by slug (other files are ignored, except
    ``.yml`` files, which are refused so that a misnamed file is not silently skipped).

    :raises ProfileError: the folder does not exist, or any file has problems (all listed).
    """
    found, problems = _read_all(profiles_dir, None)
    if problems:
        raise ProfileError(problems)
    return found


def _read_all(
    profiles_dir: Path, known: Collection[str] | None
) -> tuple[dict[str, ProfileFile], list[str]]:
    """Valid files by slug and the problems of the others; with ``known`` (the installed
    slugs), a file whose slug is not among them is a problem too."""
    profiles_dir = Path(profiles_dir)
    if not profiles_dir.is_dir():
        return {}, [
            _("{path}: the profiles folder does not exist (settings.plugins.profiles_dir, "
              "NASKAH_PLUGINS__PROFILES_DIR)", path=profiles_dir)
        ]
    found: dict[str, ProfileFile] = {}
    problems: list[str] = []
    for path in sorted(profiles_dir.iterdir()):
        if path.suffix == ".yml":
            problems.append(_("{path}: rename it to {stem}{SUFFIX} (profiles are <slug>.yaml)",
                              path=path, stem=path.stem, SUFFIX=SUFFIX))
            continue
        if path.suffix != SUFFIX or not path.is_file():
            continue
        if known is not None and path.stem not in known:
            installed = ", ".join(sorted(known)) or _("none")
            problems.append(
                _("{path}: no installed agency {stem!r} (the file name is the agency slug); "
                  "installed agencies: {installed}", path=path, stem=path.stem,
                  installed=installed)
            )
            continue
        try:
            found[path.stem] = read_profile(path)
        except ProfileError as exc:
            problems.extend(exc.problems)
    return found, problems


# --- applying ------------------------------------------------------------------------------------


def apply_profile(profile: AgencyProfile, file: ProfileFile) -> AgencyProfile:
    """``profile`` with the keys present in ``file`` replaced (absent keys keep the plugin's
    value). The profile's ``source`` gains ``"; profile <path> (<sumber>)"``."""
    given = file.override.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {}
    for key in ("singkatan", "kota", "alamat", "kontak", "kode_unit", "kertas", "zona_waktu",
                "logo"):
        if key in given:
            changes[key] = given[key]
    if "bidang" in given:
        changes["bidang"] = tuple(given["bidang"])
    for peran in ("kepala", "sekretaris"):
        if given.get(peran):
            changes[peran] = dataclasses.replace(getattr(profile, peran), **given[peran])
    if given.get("sop"):
        sop = {k: tuple(v) if isinstance(v, list) else v for k, v in given["sop"].items()}
        if sop.get("lembar_kerja") is not None:
            sop["lembar_kerja"] = lembar_kerja_of(sop["lembar_kerja"])
        changes["sop"] = dataclasses.replace(profile.sop, **sop)
        if "nomor" in sop:
            changes["nomor_sop"] = sop["nomor"]
    note = f"profile {file.path}" + (f" ({file.override.sumber})" if file.override.sumber else "")
    changes["source"] = f"{profile.source}; {note}" if profile.source else note
    return dataclasses.replace(profile, **changes)


def apply_all(
    agencies: Mapping[str, AgencyProfile], profiles_dir: Path | None
) -> dict[str, AgencyProfile]:
    """The agencies with the overrides of ``profiles_dir`` applied (``None``: unchanged).

    :raises ProfileError: any file with problems, or a file whose slug no plugin declares (the
        message lists the installed slugs).
    """
    result, problems = apply_each(agencies, profiles_dir)
    if problems:
        raise ProfileError([p for found in problems.values() for p in found])
    return result


def apply_each(
    agencies: Mapping[str, AgencyProfile], profiles_dir: Path | None
) -> tuple[dict[str, AgencyProfile], dict[str, list[str]]]:
    """``(usable agencies, problems by slug)``: each agency with its override applied; an
    agency whose own file has problems is left out of the first and its located problems are
    under its slug in the second, so one bad file disables that agency only. Problems that
    belong to no agency (a file named after no installed agency, a ``.yml`` file) are under
    ``""`` and disable nothing.

    :raises ProfileError: the folder itself does not exist (a setting, every agency is
        concerned).
    """
    result = dict(agencies)
    if profiles_dir is None:
        return result, {}
    if not Path(profiles_dir).is_dir():
        read_profiles(profiles_dir)  # raises the "folder does not exist" problem
    files, problems = _read_all(profiles_dir, known=result)
    by_slug: dict[str, list[str]] = {}
    for problem in problems:
        slug = next((s for s in result if problem.startswith(f"{Path(profiles_dir) / s}{SUFFIX}:")),
                    "")
        by_slug.setdefault(slug, []).append(problem)
    for slug in by_slug:
        result.pop(slug, None)
    for slug, file in files.items():
        if slug in result:
            result[slug] = apply_profile(result[slug], file)
    return result, by_slug


def apply_overrides(profile: AgencyProfile, settings: Settings) -> AgencyProfile:
    """``profile`` with its override ``<settings.plugins.profiles_dir>/<slug>.yaml`` applied;
    unchanged when no folder is set or the folder has no file for this agency.

    :raises ProfileError: the folder is missing or the agency's file has problems.
    """
    profiles_dir = settings.plugins.profiles_dir
    if profiles_dir is None:
        return profile
    if not Path(profiles_dir).is_dir():
        read_profiles(profiles_dir)  # raises the "folder does not exist" problem
    path = Path(profiles_dir) / f"{profile.slug}{SUFFIX}"
    return apply_profile(profile, read_profile(path)) if path.is_file() else profile


# --- writing a starting point --------------------------------------------------------------------

_COMMENTS: dict[str, str] = {
    "sumber": "Where these facts come from (an SK, the SOP): kept in the profile's source.",
    "singkatan": "Short name of the agency.",
    "kota": "Place printed before the date of signing (e.g. Painan).",
    "alamat": "Address line of the kop ('' : the line is left out).",
    "kontak": "Telephone / e-mail / website line of the kop ('' : left out).",
    "kode_unit": "Kode unit in the nomor pattern ({unit}); '' prints '....' to fill by hand.",
    "kertas": "Paper: F4 (215 x 330 mm) or A4.",
    "zona_waktu": "Time zone of the agency: WIB, WITA or WIT (times shown to its users).",
    "logo": "PNG or JPEG of the emblem, path relative to this file ('' : the kop without one).",
    "bidang": "The agency's Sekretariat and bidang.",
    "kepala": "The head. nip: 18 digits (spaces allowed); '' when not known — never guess.",
    "sekretaris": "The Sekretaris. Same keys as kepala.",
    "sop": "The SOP identity page. Dates as 2025-01-15; lists one '- item' per line.",
}


def profile_as_dict(profile: AgencyProfile) -> dict[str, Any]:
    """The overridable facts of ``profile`` as plain data, in the profile file's key order."""

    def pejabat(p: Pejabat) -> dict[str, str]:
        return {"nama": p.nama, "jabatan": p.jabatan, "pangkat": p.pangkat, "nip": p.nip}

    sop: SopIdentitas = profile.sop
    return {
        "sumber": "",
        "singkatan": profile.singkatan,
        "kota": profile.kota,
        "alamat": profile.alamat,
        "kontak": profile.kontak,
        "kode_unit": profile.kode_unit,
        "kertas": profile.kertas,
        "zona_waktu": profile.zona_waktu,
        "logo": profile.logo,
        "bidang": list(profile.bidang),
        "kepala": pejabat(profile.kepala),
        "sekretaris": pejabat(profile.sekretaris),
        "sop": {
            "nama_sop": sop.nama_sop,
            "nomor": sop.nomor or profile.nomor_sop,
            "tanggal_pembuatan": sop.tanggal_pembuatan,
            "tanggal_revisi": sop.tanggal_revisi,
            "tanggal_efektif": sop.tanggal_efektif,
            "disahkan_oleh": sop.disahkan_oleh,
            "disahkan_label": sop.disahkan_label,
            "kualifikasi_pelaksana": list(sop.kualifikasi_pelaksana),
            "keterkaitan": list(sop.keterkaitan),
            "peralatan": list(sop.peralatan),
            "peringatan": list(sop.peringatan),
            "pencatatan": list(sop.pencatatan),
            "lembar_kerja": lembar_kerja_data(sop.lembar_kerja) if sop.lembar_kerja else None,
        },
    }


def profile_template(profile: AgencyProfile) -> str:
    """A commented YAML profile file holding ``profile``'s current facts: the starting point
    of ``<profiles_dir>/<slug>.yaml`` (``naskah profile template SLUG > SLUG.yaml``). Reading
    it back and applying it leaves the profile's facts unchanged."""
    lines = [
        f"# Profile of agency {profile.slug!r}: {profile.nama}",
        f"# Save as <profiles_dir>/{profile.slug}{SUFFIX} (NASKAH_PLUGINS__PROFILES_DIR).",
        "# Delete a key to keep the plugin's value; '' clears it (documents print a blank line",
        "# to fill by hand). Write only facts from an official source: never guess a name or NIP.",
        f"# Current source: {profile.source or '(not given)'}",
        "",
    ]
    for key, value in profile_as_dict(profile).items():
        lines.append(f"# {_COMMENTS[key]}")
        text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=96)
        lines.append(text.rstrip("\n"))
        lines.append("")
    return "\n".join(lines)
