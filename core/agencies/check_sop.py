"""Checking what a plugin declares about an agency: its profile, its SOP procedures, its
document kinds and variants, its numbering patterns, and that it answers only for its own
agencies.

Each problem is a :class:`PluginProblem` located by plugin, agency, procedure, step and field.
Two callers:

- ``naskah plugins`` (:func:`definition_problems` for every agency, plus :func:`guard_problems`);
- :func:`naskah.pipeline.prepare_cycle` before a run (:func:`refuse_broken`, the same
  messages for the one agency being run), so a broken plugin never starts writing documents.

Rules, each from what a run needs:

- profile: a slug of lowercase letters, digits and hyphens (it names archive folders); a nama and
  the Kepala's jabatan (printed on every kop and signature); ``kertas`` F4 or A4; ``tahun_sop``
  a plausible year; a NIP, when given, of 18 digits (PermenPAN-RB format); a ``logo``, when
  given, an existing file; at least one ``jenis_indikator``;
- procedures: at least one, unique non-empty slugs (a warning for a slug that is not a Siklus
  prefix, :data:`naskah.input.format.PROCEDURES`: its documents get no meeting data), the
  executor columns (``pelaksana``) given,
  at least one step; step numbers 1, 2, … n in table order; decision targets (``keputusan.ya`` /
  ``.tidak``) that are steps of the same procedure; each step's pelaksana one of the
  procedure's columns; mutu baku ``waktu_menit`` a positive whole number of minutes, its
  ``waktu_teks`` a number and a unit (menit, jam, hari) agreeing with it (1 jam = 60 menit,
  1 hari = :data:`naskah.model.MENIT_PER_HARI_KERJA` menit);
- documents: each document a step produces (hook ``naskah_step_documents``) is a declared kind,
  its variant one the kind lists (:attr:`naskah.model.DocumentKind.variants`);
- templates: every plugin template the agency's run may use renders a sample
  (:func:`template_problems`, before a run only: ``naskah plugins`` reports them per plugin);
- numbering: each numbered kind's pattern formats (:func:`naskah.archive.numbering.format_nomor`)
  and contains ``{nomor}`` (without it every document of a register gets the same number).
"""

from __future__ import annotations

import dataclasses
import re
import string
from pathlib import Path
from typing import TYPE_CHECKING

from naskah.agencies import DEFAULT_PLUGIN
from naskah.i18n import _
from naskah.input.format import PROCEDURES as SIKLUS_PREFIXES
from naskah.model import MENIT_PER_HARI_KERJA, AgencyProfile, Procedure

if TYPE_CHECKING:
    from naskah.agencies.manager import Plugins

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WAKTU = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(menit|jam|hari)\b", re.IGNORECASE)
MENIT_PER = {"menit": 1, "jam": 60, "hari": MENIT_PER_HARI_KERJA}
PER_AGENCY_HOOKS = ("naskah_procedures", "naskah_measurement_rules")
"""Hooks :func:`guard_problems` asks each agency plugin with the other agencies."""


@dataclasses.dataclass(frozen=True)
class PluginProblem:
    """One problem of a plugin's declarations, located: plugin, agency, procedure, step, field.

    ``warning``: reported but does not stop a run (a missing agency guard, which dispatch by
    declaration makes harmless)."""

    plugin: str
    message: str
    agency: str = ""
    procedure: str = ""
    step: int | None = None
    field: str = ""
    warning: bool = False

    @property
    def location(self) -> str:
        """``plugin 'x', agency 'y', procedure 'p', step 3, field 'pelaksana'`` (the parts
        known)."""
        parts = [_("plugin {name!r}", name=self.plugin)]
        if self.agency:
            parts.append(_("agency {slug!r}", slug=self.agency))
        if self.procedure:
            parts.append(_("procedure {slug!r}", slug=self.procedure))
        if self.step is not None:
            parts.append(_("step {nomor}", nomor=self.step))
        if self.field:
            parts.append(_("field {name!r}", name=self.field))
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self) | {"location": self.location}


def _raised(hook: str, exc: Exception) -> str:
    from naskah.agencies.manager import PluginError

    if isinstance(exc, PluginError):  # already names the plugin and the hook
        return str(exc)
    error = f"{type(exc).__name__}: {exc}"
    return _("hook {hook} raised {error}", hook=hook, error=error)


# --- the profile ---------------------------------------------------------------------------------


def profile_problems(plugin: str, agency: AgencyProfile) -> list[PluginProblem]:
    """Problems of ``agency``'s profile (see the module docstring for the rules)."""
    out: list[PluginProblem] = []

    def bad(field: str, message: str) -> None:
        out.append(PluginProblem(plugin, message, agency.slug, field=field))

    if not SLUG.match(agency.slug or ""):
        bad("slug", _("{found!r} is not a slug (lowercase letters, digits and hyphens, e.g. "
                      "'dinkes-contoh')", found=agency.slug))  # fmt: skip
    if not (agency.nama or "").strip():
        bad("nama", _("the agency's name is empty (it heads every kop)"))
    if not (agency.kepala.jabatan or "").strip():
        bad("kepala.jabatan", _("the Kepala's jabatan is empty (it is printed on every "
                                "signature block)"))  # fmt: skip
    if agency.kertas not in ("F4", "A4"):
        bad("kertas", _("{found!r} is not a paper size naskah prints (F4 or A4)",
                        found=agency.kertas))  # fmt: skip
    if agency.tahun_sop is not None and not 1945 <= agency.tahun_sop <= 2100:
        bad("tahun_sop", _("{found} is not a plausible year", found=agency.tahun_sop))
    for role, person in (("kepala", agency.kepala), ("sekretaris", agency.sekretaris)):
        nip = (person.nip or "").replace(" ", "")
        if nip and not (nip.isdigit() and len(nip) == 18):
            bad(f"{role}.nip", _("{found!r} is not a NIP of 18 digits", found=person.nip))
    for key in ("nama", "nip"):
        if not getattr(agency.kepala, key).strip():
            out.append(PluginProblem(
                plugin, _("not given: the documents print a blank line to fill by hand (or the "
                          "workbook's Pejabat sheet gives it)"),
                agency.slug, field=f"kepala.{key}", warning=True,
            ))  # fmt: skip
    if agency.logo and not Path(agency.logo).expanduser().is_file():
        bad("logo", _("the file {path} does not exist", path=agency.logo))
    if not agency.jenis_indikator:
        bad("jenis_indikator", _("no indicator type is collected (IKU, IKK, IKI, IK)"))
    return out


# --- procedures and steps ------------------------------------------------------------------------


def _waktu_problem(menit: int | None, teks: str) -> str | None:
    if menit is None:
        return None
    if isinstance(menit, bool) or not isinstance(menit, int) or menit <= 0:
        return _("waktu_menit {found!r} is not a positive whole number of minutes", found=menit)
    if not (teks or "").strip():
        return None
    match = WAKTU.match(teks)
    if not match:
        return _("waktu {found!r} has no number and unit (menit, jam or hari)", found=teks)
    amount = float(match.group(1).replace(",", "."))
    expected = round(amount * MENIT_PER[match.group(2).lower()])
    if expected != menit:
        return _("waktu {teks!r} is {expected} minutes but waktu_menit says {found}",
                 teks=teks, expected=expected, found=menit)  # fmt: skip
    return None


def procedure_problems(
    plugins: Plugins, plugin: str, agency: AgencyProfile, procedures: list[Procedure]
) -> list[PluginProblem]:
    """Problems of ``agency``'s procedures and of the documents their steps produce."""
    out: list[PluginProblem] = []
    kinds = plugins.document_kinds(agency)
    if not procedures:
        return [PluginProblem(plugin, _("no SOP procedures (hook naskah_procedures)"),
                              agency.slug)]  # fmt: skip
    seen: set[str] = set()
    for proc in procedures:
        slug = proc.slug

        def bad(message: str, step: int | None = None, field: str = "", _slug=slug) -> None:
            out.append(PluginProblem(plugin, message, agency.slug, _slug, step, field))

        if not SLUG.match((slug or "").replace("_", "-")):
            bad(_("{found!r} is not a procedure slug (e.g. 'pengumpulan')", found=slug),
                field="slug")  # fmt: skip
        if slug in seen:
            bad(_("the procedure slug is used twice"), field="slug")
        seen.add(slug)
        if slug not in SIKLUS_PREFIXES:
            out.append(PluginProblem(
                plugin, _("the Siklus sheet's tanggal_/rapat_ keys take only the prefixes "
                          "{prefixes}: this procedure's documents read the unprefixed tanggal_ "
                          "keys and no meeting (rapat_ keys); name it so if it is the SOP's "
                          "collection or measurement table",
                          prefixes=", ".join(f"{p}." for p in SIKLUS_PREFIXES)),
                agency.slug, slug, field="slug", warning=True,
            ))  # fmt: skip
        if not proc.pelaksana:
            bad(_("no executor columns (pelaksana) are given"), field="pelaksana")
        if not proc.steps:
            bad(_("the procedure has no steps"), field="steps")
            continue
        numbers = [s.nomor for s in proc.steps]
        expected_numbers = list(range(1, len(numbers) + 1))
        if numbers != expected_numbers:
            bad(_("steps are numbered {found}, expected 1–{last} (in table order)",
                  found=", ".join(map(str, numbers)), last=len(numbers)),
                field="nomor")  # fmt: skip
        existing = set(numbers)
        columns = set(proc.pelaksana)
        for step in proc.steps:
            if not (step.uraian or "").strip():
                bad(_("the step has no uraian"), step.nomor, "uraian")
            if step.keputusan is not None:
                for field, target in (("ya", step.keputusan.ya), ("tidak", step.keputusan.tidak)):
                    if target not in existing:
                        bad(_("the decision goes to step {target}, which the procedure does "
                              "not have (steps {first}–{last})", target=target,
                              first=min(existing), last=max(existing)),
                            step.nomor, f"keputusan.{field}")  # fmt: skip
            for who in step.pelaksana:
                if who not in columns:
                    bad(_("pelaksana {found!r} is not one of the procedure's columns ({columns})",
                          found=who, columns=", ".join(proc.pelaksana)),
                        step.nomor, "pelaksana")  # fmt: skip
            waktu = _waktu_problem(step.waktu_menit, step.waktu_teks)
            if waktu:
                bad(waktu, step.nomor, "waktu")
            try:
                specs = plugins.step_documents(agency, proc, step)
            except Exception as exc:
                bad(_raised("naskah_step_documents", exc), step.nomor, "documents")
                continue
            for spec in specs:
                kind = kinds.get(spec.kind)
                if kind is None:
                    bad(_("document kind {kind!r} does not exist (known: {known})",
                          kind=spec.kind, known=", ".join(sorted(kinds))),
                        step.nomor, "documents")  # fmt: skip
                elif spec.variant and spec.variant not in kind.variants:
                    bad(_("document kind {kind!r} has no variant {variant!r} (variants: "
                          "{known})", kind=spec.kind, variant=spec.variant,
                          known=", ".join(kind.variants) or "-"),
                        step.nomor, "documents")  # fmt: skip
    return out


# --- numbering -----------------------------------------------------------------------------------


def numbering_problems(plugins: Plugins, plugin: str, agency: AgencyProfile) -> list[PluginProblem]:
    """Each numbered kind's pattern must format and contain ``{nomor}``; reported once per
    distinct pattern."""
    from naskah.agencies.check import sample_nomor

    out: list[PluginProblem] = []
    seen: set[str] = set()
    for kind in plugins.document_kinds(agency).values():
        if not kind.bernomor:
            continue
        try:
            pattern = plugins.numbering_pattern(agency, kind)
        except Exception as exc:
            out.append(PluginProblem(plugin, _raised("naskah_numbering_pattern", exc),
                                     agency.slug, field="numbering"))  # fmt: skip
            break
        if pattern in seen:
            continue
        seen.add(pattern)
        field = f"numbering ({kind.slug})"
        try:
            sample_nomor(plugins, agency, kind)
            names = {f for _t, f, _s, _c in string.Formatter().parse(pattern) if f}
        except Exception as exc:
            out.append(PluginProblem(plugin, str(exc), agency.slug, field=field))
            continue
        if "nomor" not in names:
            out.append(PluginProblem(plugin, _("numbering pattern {pattern!r} has no {{nomor}}: "
                                               "every document would get the same number",
                                               pattern=pattern),
                                     agency.slug, field=field))  # fmt: skip
    return out


# --- everything of one agency --------------------------------------------------------------------


DATA_FILE_FIELDS = {"documents": "dokumen", "steps": "langkah", "nomor": "no",
                    "keputusan.ya": "keputusan.ya", "keputusan.tidak": "keputusan.tidak"}
"""Field names of :class:`~naskah.model.Step` / :class:`~naskah.model.Procedure` as an agency
data file writes them (:mod:`naskah.agencies.declarative`)."""


def _in_data_file_words(problem: PluginProblem, plugin: str) -> PluginProblem:
    """``problem`` with its field named by the data file's key (``dokumen``, ``langkah``,
    ``no``, ``penomoran``) and its plugin named with the file, as a load failure is
    (``naskah.plugins.declarative:<slug>.yaml`` or ``.xlsx``)."""
    field = problem.field
    if field.startswith("numbering"):
        field = "penomoran"
    field = DATA_FILE_FIELDS.get(field, field)
    return dataclasses.replace(problem, field=field, plugin=plugin)


def definition_problems(plugins: Plugins, agency: AgencyProfile) -> list[PluginProblem]:
    """Every problem of ``agency``'s profile, procedures, documents and numbering, located under
    the plugin declaring it (``naskah.plugins.default`` for an undeclared slug). For an agency
    data file the fields are named by the file's keys (:data:`DATA_FILE_FIELDS`)."""
    from naskah.agencies.declarative import PLUGIN_NAME

    plugin = plugins.agency_plugins().get(agency.slug, DEFAULT_PLUGIN)
    out = profile_problems(plugin, agency)
    try:
        procedures = list(plugins.for_agency(agency.slug).naskah_procedures(agency=agency) or ())
    except Exception as exc:
        out.append(PluginProblem(plugin, _raised("naskah_procedures", exc), agency.slug))
    else:
        out += procedure_problems(plugins, plugin, agency, procedures)
    out += numbering_problems(plugins, plugin, agency)
    if plugin == PLUGIN_NAME:
        files = getattr(plugins.pm.get_plugin(PLUGIN_NAME), "files", {})
        name = files[agency.slug].path.name if agency.slug in files else f"{agency.slug}.yaml"
        out = [_in_data_file_words(p, f"{plugin}:{name}") for p in out]
    return out


def guard_problems(plugins: Plugins) -> list[PluginProblem]:
    """Warnings: a plugin declaring agencies that answers a per-agency hook for an agency it
    does not declare (a missing ``agency.slug`` guard). naskah never uses such an answer
    (dispatch by declaration, :mod:`naskah.agencies.manager`), but the plugin is wrong."""
    agencies = plugins.agencies()
    declarers = plugins.agency_plugins()
    out: list[PluginProblem] = []
    for hook in PER_AGENCY_HOOKS:
        for impl in getattr(plugins.hook, hook).get_hookimpls():
            own = {s for s, p in declarers.items() if p == impl.plugin_name}
            if impl.plugin_name == DEFAULT_PLUGIN or not own:
                continue
            for slug, agency in agencies.items():
                if slug in own:
                    continue
                try:
                    answer = impl.function(agency=agency)
                except Exception:
                    answer = None
                if answer is not None:
                    out.append(PluginProblem(
                        impl.plugin_name,
                        _("hook {hook} answers for agency {other!r}, declared by plugin "
                          "{declarer!r}: the plugin lacks an agency.slug guard; naskah asks it "
                          "only for its own agencies ({own})", hook=hook, other=slug,
                          declarer=declarers.get(slug, "?"), own=", ".join(sorted(own))),
                        warning=True,
                    ))  # fmt: skip
                    break
    return out


def template_problems(plugins: Plugins, agency: AgencyProfile) -> list[PluginProblem]:
    """The problems of the plugin templates ``agency``'s run may use
    (:func:`naskah.agencies.check.agency_template_checks`, cached per file and mtime), located
    under the plugin giving the template, field ``template (<kind>)``."""
    from naskah.agencies.check import agency_template_checks

    return [
        PluginProblem(c.plugin, problem, c.agency, field=f"template ({c.kind})")
        for c in agency_template_checks(plugins, agency) for problem in c.problems
    ]  # fmt: skip


def refuse_broken(plugins: Plugins, agency: AgencyProfile) -> None:
    """Raise when ``agency``'s declarations or plugin templates have problems (warnings
    aside): the run stops before a number is taken or anything written, with the messages
    ``naskah plugins`` prints.

    :raises naskah.agencies.manager.PluginError: listing every located problem."""
    from naskah.agencies.manager import PluginError

    problems = [p for p in definition_problems(plugins, agency) if not p.warning]
    problems += template_problems(plugins, agency)
    if problems:
        raise PluginError(
            _("agency {slug!r} cannot be run: its plugin has {count} problem(s) (see `naskah "
              "plugins`):", slug=agency.slug, count=len(problems))
            + "\n" + "\n".join(f"  • {p}" for p in problems)
        )  # fmt: skip
