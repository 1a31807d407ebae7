"""``naskah agency new SLUG``: the starting point of a new agency, in either form.

- **data** (:func:`write_data_file`): ``<slug>.yaml``, an agency data file
  (:mod:`naskah.agencies.declarative`) to put in ``settings.plugins.agencies_dir``;
- **xlsx** (:func:`write_workbook_file`): ``<slug>.xlsx``, the same data as a workbook whose
  SOP tables are laid out like the SOP AP table (:mod:`naskah.agencies.agency_xlsx`);
- **package** (:func:`write_package`): ``naskah-agency-<slug>/``, a pip-installable plugin like
  ``examples/naskah-agency-example`` whose module reads the same data file and is the place for
  Python hooks (own templates, kinds, context).

Both hold the common SOP's two tables (pengumpulan and pengukuran, the structure of the SOP AP
tables of the seeds) as a model to replace with the agency's own SOP table, and BLANK profile
facts: ``nama``, ``pemerintah``, ``kabupaten`` and the jabatan of the Kepala and Sekretaris are
empty and refused until filled (located errors); names and NIPs stay empty until known (printed
as blank lines, warned). Nothing is invented.
"""

from __future__ import annotations

import re
from pathlib import Path

from naskah.agencies.check_sop import SLUG
from naskah.agencies.declarative import agency_as_dict, dump_agency
from naskah.errors import NaskahError
from naskah.i18n import N_, _
from naskah.model import AgencyProfile, Pejabat, Procedure

FORMS = ("data", "xlsx", "package")

HEADER = N_(
    "# Agency data file for naskah: {slug}\n"
    "# Fill every '' below from the agency's own SOP and official documents; never guess a name\n"
    "# or NIP (leave it '' : the documents print a blank line to fill by hand, and naskah warns).\n"
    "# Required: nama, pemerintah, kabupaten, kepala.jabatan, sekretaris.jabatan.\n"
)
"""The comment lines heading a new agency data file (translated when written)."""
MODEL = N_(
    "# The two 'prosedur' tables are the common SOP (pengumpulan 12 steps, pengukuran 10 steps)\n"
    "# as a MODEL: replace every row with your SOP table (No, Uraian, Pelaksana, Kelengkapan,\n"
    "# Waktu, Output, decisions).\n"
)
IMPORTED = N_(
    "# The 'prosedur' tables were read from {source}: check every row against it; the notes\n"
    "# below say what could not be read.\n"
)
CHECK = N_(
    "# 'dokumen' names the documents a step produces (docs/plugins.md, \"Built-in document kinds\n"
    "# and variants\"); without it naskah reads them from the Output.\n"
    "# Check it: naskah plugins (a data file: with NASKAH_PLUGINS__AGENCIES_DIR set to its\n"
    "# folder; a package: after pip install).\n"
)
NOT_READ = N_("Not read from the SOP document (fill by hand):")


class ScaffoldError(NaskahError):
    """The slug is not a slug, the form unknown, or the target exists."""


def model_procedures() -> tuple[Procedure, ...]:
    """The common SOP's two tables (the model rows of a new agency file)."""
    from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES

    return tuple(PROCEDURES)


def blank_profile(slug: str) -> AgencyProfile:
    """A profile of ``slug`` with every fact blank."""
    return AgencyProfile(
        slug=slug, nama="", singkatan="", pemerintah="", kabupaten="", kota="",
        kepala=Pejabat(jabatan="", peran="kepala"),
        sekretaris=Pejabat(jabatan="", peran="sekretaris"),
    )  # fmt: skip


def data_file_text(slug: str, procedures: tuple[Procedure, ...] | None = None,
                   notes: list[str] | tuple[str, ...] = (), source: str = "") -> str:
    """The YAML text of a new agency data file for ``slug``: ``procedures`` (default: the
    model tables; ``source``: the document they were read from) and ``notes`` (what an
    import could not read) as comments at the top."""
    _check_slug(slug)
    data = agency_as_dict(blank_profile(slug), procedures or model_procedures())
    header = _(HEADER, slug=slug)
    header += _(IMPORTED, source=source) if procedures and source else _(MODEL)
    header += _(CHECK)
    if notes:
        header += f"#\n# {_(NOT_READ)}\n"
        header += "".join(f"#  - {n}\n" for n in notes)
    return dump_agency(data, header)


def _check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise ScaffoldError(
            _("{slug!r} is not an agency slug: lowercase letters, digits and hyphens, e.g. "
              "'dinkes-contoh'", slug=slug)
        )  # fmt: skip


def write_data_file(slug: str, folder: Path, procedures: tuple[Procedure, ...] | None = None,
                    notes: list[str] | tuple[str, ...] = (), source: str = "") -> Path:
    """Write ``folder/<slug>.yaml`` (see :func:`data_file_text`); :class:`ScaffoldError` if it
    exists."""
    target = Path(folder) / f"{slug}.yaml"
    text = data_file_text(slug, procedures, notes, source)
    if target.exists():
        raise ScaffoldError(_("{path} already exists: nothing was written", path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


WORKBOOK_GUIDE = (
    N_("Agency workbook for naskah: {slug}. naskah reads the sheet Profil and one sheet per SOP "
       "table (named by the procedure's slug: pengumpulan, pengukuran …); this sheet is not "
       "read."),
    N_("Profil: fill every empty 'nilai' from the agency's own SOP and official documents; "
       "never guess a name or NIP (leave it empty: the documents print a blank line to fill by "
       "hand, and naskah warns). Required: nama, pemerintah, kabupaten, kepala.jabatan, "
       "sekretaris.jabatan. A list (bidang, dasar_hukum …) takes one item per line of its cell "
       "(Alt+Enter). Type a NIP as text: the cells are formatted as Text."),
    N_("Each SOP table: one row per step as the SOP prints it — No, Uraian, a mark (√) in the "
       "column of each pelaksana (numbers 1, 2 … when the order matters: 1 is the main "
       "pelaksana), Kelengkapan (one per line), Waktu ('5 menit', '2 jam', '1 hari'), Output, "
       "Keterangan; then Dokumen (the documents the step produces: nota_dinas, "
       "laporan_pengukuran:draft, tanda_terima per bidang; '-' none; empty: read from the "
       "Output), Keputusan (the question), Ya and Tidak (the steps a decision goes to)."),
    N_("Check it: naskah plugins, with NASKAH_PLUGINS__AGENCIES_DIR set to this workbook's "
       "folder; the list of document kinds is in docs/plugins.md (\"Built-in document kinds "
       "and variants\")."),
)
"""The lines of a new agency workbook's Petunjuk sheet."""
WORKBOOK_MODEL = N_("The tables here are the common SOP (pengumpulan 12 steps, pengukuran 10 "
                    "steps) as a MODEL: replace every row with the agency's own SOP table.")
WORKBOOK_IMPORTED = N_("The tables were read from {source}: check every row against it; what "
                       "could not be read is listed below.")


def write_workbook_file(slug: str, folder: Path, procedures: tuple[Procedure, ...] | None = None,
                        notes: list[str] | tuple[str, ...] = (), source: str = "") -> Path:
    """Write ``folder/<slug>.xlsx``, an agency workbook (:mod:`naskah.agencies.agency_xlsx`):
    blank profile, ``procedures`` (default: the model tables; ``source``: the document they
    were read from), ``notes`` on its Petunjuk sheet; :class:`ScaffoldError` if it exists."""
    from naskah.agencies.agency_xlsx import write_workbook

    _check_slug(slug)
    target = Path(folder) / f"{slug}.xlsx"
    if target.exists():
        raise ScaffoldError(_("{path} already exists: nothing was written", path=target))
    guide = [_(WORKBOOK_GUIDE[0], slug=slug), *(_(line) for line in WORKBOOK_GUIDE[1:])]
    guide.append(_(WORKBOOK_IMPORTED, source=source) if procedures and source
                 else _(WORKBOOK_MODEL))  # fmt: skip
    if notes:
        guide += ["", _(NOT_READ), *(f"- {n}" for n in notes)]
    return write_workbook(blank_profile(slug), procedures or model_procedures(), target, guide)


def module_name(slug: str) -> str:
    """``dinkes-contoh`` → ``naskah_agency_dinkes_contoh``."""
    return "naskah_agency_" + re.sub(r"[^a-z0-9]+", "_", slug)


PYPROJECT = """\
# naskah agency plugin of {slug}. Install it next to naskah:  pip install .
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "naskah-agency-{slug}"
version = "0.1.0"
description = "naskah agency plugin: {slug}"
requires-python = ">=3.11"
dependencies = ["naskah>=0.2"]

# The entry point that makes naskah find the plugin: group "naskah".
[project.entry-points.naskah]
{plugin} = "{module}"

[tool.setuptools]
packages = ["{module}"]

[tool.setuptools.package-data]
{module} = ["*.yaml"]
"""

MODULE = '''\
"""naskah agency plugin of {slug}: its profile and SOP tables are in ``{slug}.yaml`` (the data
form of an agency, naskah.agencies.declarative); add Python hooks here for what data cannot say
(own templates, own document kinds, context). Every hook answers only for this agency."""

from __future__ import annotations

from pathlib import Path

import naskah
from naskah.agencies.declarative import read_agency_file
from naskah.model import AgencyProfile, DocumentKind, Procedure

AGENCY = read_agency_file(Path(__file__).with_name("{slug}.yaml"))
PROFILE = AGENCY.profile


def _ours(agency: AgencyProfile) -> bool:
    return agency.slug == PROFILE.slug


@naskah.hookimpl
def naskah_agencies() -> list[AgencyProfile]:
    return [PROFILE]


@naskah.hookimpl
def naskah_procedures(agency: AgencyProfile) -> list[Procedure] | None:
    return list(AGENCY.procedures) if _ours(agency) else None


@naskah.hookimpl
def naskah_numbering_pattern(agency: AgencyProfile, kind: DocumentKind) -> str | None:
    return AGENCY.penomoran or None if _ours(agency) else None
'''

README = """\
# naskah-agency-{slug}

naskah agency plugin. Fill `{module}/{slug}.yaml` from the agency's SOP (every `''`; never
guess a name or NIP), then, in this folder:

    pip install -e .        # -e: later edits of the YAML file apply without installing again
    naskah plugins          # lists {slug} and checks it
    naskah run WORKBOOK.xlsx --agency {slug}
"""


def write_package(slug: str, folder: Path) -> Path:
    """Write ``folder/naskah-agency-<slug>/`` (pyproject, module, data file, README);
    :class:`ScaffoldError` if it exists."""
    text = data_file_text(slug)
    root = Path(folder) / f"naskah-agency-{slug}"
    if root.exists():
        raise ScaffoldError(_("{path} already exists: nothing was written", path=root))
    module = module_name(slug)
    fields = {"slug": slug, "module": module, "plugin": module.removeprefix("naskah_")}
    (root / module).mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT.format(**fields), encoding="utf-8")
    (root / "README.md").write_text(README.format(**fields), encoding="utf-8")
    (root / module / "__init__.py").write_text(MODULE.format(**fields), encoding="utf-8")
    (root / module / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return root
