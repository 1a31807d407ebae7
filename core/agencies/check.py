"""Checking what a plugin provides before it is used: its templates and numbering patterns.

A plugin's template (hook ``naskah_template`` returning a path other than naskah's own
``templates/docx/``) is checked with :func:`naskah.render.check_template` — readable DOCX, Jinja
syntax (with the text around the error), variables the template uses that the context lacks,
and a sample render — against the context the plugins really build for that kind
(``naskah_document_context``), from a small sample cycle of the agency (:func:`sample_cycle`).

Two callers:

- :meth:`naskah.agencies.manager.Plugins.template`, before a template's first use: the result is
  cached per (path, mtime, kind), so a run checks each plugin template once and an edited
  template is checked again; a broken template fails the run of THAT agency with a message
  naming the plugin, other agencies keep working;
- ``naskah plugins`` (:func:`check_plugins`): every template of every plugin, reported per
  plugin, plus kinds a plugin declares without any template.

Pattern: "templates are validated when they are installed" (adfinis document-merge-service).
"""

from __future__ import annotations

import dataclasses
from datetime import date, time
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naskah.agencies import DEFAULT_PLUGIN
from naskah.archive import nomor as numbering
from naskah.cycle import Cycle, merge_pejabat
from naskah.i18n import N_, _
from naskah.measurement.rules import measure_all
from naskah.model import (
    AgencyProfile,
    Agregasi,
    CollectedData,
    DocumentKind,
    Indikator,
    Jenis,
    Level,
    Periode,
    PlannedDocument,
    Polaritas,
    Rapat,
    Realisasi,
    Siklus,
)
from naskah.render import check_template

if TYPE_CHECKING:
    from naskah.agencies.manager import Plugins

SAMPLE_PERIODE = Periode(2025, 1)
SAMPLE_DATE = date(2025, 4, 14)
SAMPLE_SOURCE = "(contoh untuk pemeriksaan template)"
SAMPLE_DATE_KEYS = (
    "nota_dinas", "undangan", "rapat", "program_kerja", "checklist_dokumen", "formulir",
    "tanda_terima", "laporan", "disposisi", "surat_pengantar",
)  # fmt: skip
"""Siklus dates filled in the sample cycle (plus the checked kind's own slug)."""


@dataclasses.dataclass(frozen=True)
class TemplateCheck:
    """The check of one plugin template: which plugin, agency, kind and file, and its problems
    (printable sentences; empty when the template is fine). ``note`` says what was checked
    (``"sample render"`` or why only the syntax was checked)."""

    plugin: str
    agency: str
    kind: str
    template: str
    problems: tuple[str, ...]
    note: str = "sample render"

    @property
    def ok(self) -> bool:
        return not self.problems


_CACHE: dict[tuple[str, int, str], tuple[tuple[str, ...], str]] = {}


def builtin_templates_dir() -> Path:
    """naskah's own templates folder (``templates/docx``, package ``naskah.templates``)."""
    return Path(str(resources.files("naskah.templates") / "docx")).resolve()


def is_builtin_template(path: Path) -> bool:
    """Whether ``path`` is one of naskah's own templates (those are checked by naskah's tests)."""
    try:
        return Path(path).resolve().parent == builtin_templates_dir()
    except OSError:
        return False


# --- the sample cycle ----------------------------------------------------------------------------


def sample_cycle(
    plugins: Plugins, agency: AgencyProfile, kind: DocumentKind | None = None
) -> Cycle:
    """A small measured cycle of ``agency`` for checking templates: one indicator per bidang of
    the profile (or one for the Sekretariat), of the first jenis the agency collects, every
    usual Siklus date filled with :data:`SAMPLE_DATE`, a meeting per procedure, and the
    officials of the profile. Values are placeholders, never printed on a real document.

    :raises naskah.agencies.manager.PluginError: the agency has no procedures.
    """
    bidang = agency.bidang or ("Sekretariat",)
    jenis = agency.jenis_indikator[0] if agency.jenis_indikator else Jenis.IKU
    indikator = tuple(
        Indikator(
            kode=f"CONTOH.{i}",
            level=Level.SASARAN,
            uraian="Contoh sasaran",
            nama=f"Contoh indikator {i}",
            jenis=jenis,
            satuan="%",
            polaritas=Polaritas.POSITIF,
            agregasi=Agregasi.KUMULATIF,
            bidang=b,
            target_tahunan=Decimal(100),
            target_triwulan={n: Decimal(25) for n in range(1, 5)},
            pagu=1_000_000,
        )  # fmt: skip
        for i, b in enumerate(bidang, start=1)
    )
    realisasi = tuple(
        Realisasi(kode=ind.kode, triwulan=1, nilai=Decimal(20), realisasi_anggaran=200_000)
        for ind in indikator
    )
    procedures = plugins.procedures(agency)
    keys = [*SAMPLE_DATE_KEYS, *([kind.slug] if kind else [])]
    rapat = Rapat(
        tanggal=SAMPLE_DATE, waktu_mulai=time(9), waktu_selesai=time(11), tempat="Contoh",
        acara="Contoh", pimpinan="Sekretaris", pencatat="Contoh", pembahasan=("Contoh",),
        keputusan=("Contoh",),
    )  # fmt: skip
    data = CollectedData(
        source=SAMPLE_SOURCE,
        siklus=Siklus(
            periode=SAMPLE_PERIODE,
            agency=agency.slug,
            tanggal=dict.fromkeys(keys, SAMPLE_DATE),
            rapat={p.slug: rapat for p in procedures},
        ),
        indikator=indikator,
        realisasi=realisasi,
    )

    rules = plugins.measurement_rules(agency)
    pejabat, daftar = merge_pejabat((), agency.kepala, agency.sekretaris)
    return Cycle(
        agency=agency, data=data, procedures=procedures, rules=rules,
        capaian=measure_all(data, rules), pejabat=pejabat, daftar_pejabat=daftar,
    )  # fmt: skip


def sample_document(plugins: Plugins, cycle: Cycle, kind: DocumentKind) -> PlannedDocument:
    """The first document of ``kind`` in the agency's trail (its procedure, step, variant and
    bidang), or a document of the first procedure's first step when no step produces it."""
    for procedure in cycle.procedures:
        for step in procedure.steps:
            for spec in plugins.step_documents(cycle.agency, procedure, step):
                if spec.kind == kind.slug:
                    return PlannedDocument(
                        agency=cycle.agency.slug, periode=cycle.periode,
                        procedure=procedure.slug, step=step.nomor, kind=kind,
                        variant=spec.variant,
                        bidang=cycle.data.bidang[0] if spec.per_bidang else "",
                    )  # fmt: skip
    first = cycle.procedures[0] if cycle.procedures else None
    return PlannedDocument(
        agency=cycle.agency.slug, periode=cycle.periode,
        procedure=first.slug if first else "", step=first.steps[0].nomor if first else 1,
        kind=kind,
    )  # fmt: skip


def sample_nomor(plugins: Plugins, agency: AgencyProfile, kind: DocumentKind) -> str | None:
    """A nomor as the agency's pattern prints it (``None`` for unnumbered kinds).

    :raises ValueError: the pattern does not format (unknown field, malformed)."""
    if not kind.bernomor:
        return None
    return numbering.format_nomor(
        plugins.numbering_pattern(agency, kind), kode=kind.kode_klasifikasi, nomor=1,
        unit=agency.kode_unit, tanggal=SAMPLE_DATE,
    )  # fmt: skip


def sample_context(plugins: Plugins, agency: AgencyProfile, kind: DocumentKind) -> dict[str, Any]:
    """The merged context the plugins build for ``kind`` of ``agency`` on the sample cycle.

    :raises Exception: whatever the plugins' context hooks raise on the sample data.
    """
    cycle = sample_cycle(plugins, agency, kind)
    document = sample_document(plugins, cycle, kind)
    try:
        nomor = sample_nomor(plugins, agency, kind)
    except ValueError:
        nomor = "000/001/CONTOH/2025"  # the pattern's own problem is reported elsewhere
    return plugins.document_context(cycle, document, nomor)


# --- checking ------------------------------------------------------------------------------------


def template_problems(
    plugins: Plugins, agency: AgencyProfile, kind: DocumentKind, template: Path
) -> tuple[tuple[str, ...], str]:
    """``(problems, note)`` of ``template`` for ``kind`` of ``agency``, cached per (path,
    mtime, kind slug). When the sample context cannot be built (the plugin's context hook fails
    on the sample data), only the syntax is checked and ``note`` says why.
    """
    path = Path(template)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        return (_("template {path}: cannot be read ({error})", path=path, error=exc.strerror),), \
            N_("not read")
    key = (str(path.resolve()), mtime, kind.slug)
    if key not in _CACHE:
        note = N_("sample render")
        try:
            context: dict[str, Any] | None = sample_context(plugins, agency, kind)
        except Exception as exc:  # the check must not crash on a plugin's context bug
            context = None
            note = _("syntax only: no sample context ({error})",
                     error=f"{type(exc).__name__}: {exc}")
        _CACHE[key] = (tuple(check_template(path, context)), note)
    return _CACHE[key]


def clear_cache() -> None:
    """Forget every cached check (tests)."""
    _CACHE.clear()


def _call(impl: Any, **kwargs: Any) -> Any:
    return impl.function(*(kwargs[a] for a in impl.argnames))


def agency_template_checks(
    plugins: Plugins, agency: AgencyProfile, seen: set[tuple[str, str, str]] | None = None
) -> list[TemplateCheck]:
    """The checks of every plugin template ``agency``'s run may use: for each kind it sees,
    each plugin asked for it (its declaring plugin, site-wide plugins; not the default)
    implementing ``naskah_template``, on its own. naskah's own templates are not checked here
    (naskah's tests do). ``seen``: (plugin, path, kind) already checked, updated — a template
    shared by several agencies is checked once by :func:`check_plugins`."""
    seen = set() if seen is None else seen
    out: list[TemplateCheck] = []
    impls = [
        i
        for i in plugins.for_agency(agency.slug).naskah_template.get_hookimpls()
        if not (i.hookwrapper or i.wrapper) and i.plugin_name != DEFAULT_PLUGIN
    ]
    for kind in plugins.document_kinds(agency).values():
        for impl in impls:
            try:
                path = _call(impl, agency=agency, kind=kind)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
                out.append(TemplateCheck(
                    impl.plugin_name, agency.slug, kind.slug, "",
                    (_("{hook} raised {error}", hook="naskah_template", error=error),),
                    N_("not read"),
                ))  # fmt: skip
                continue
            if path is None or is_builtin_template(Path(path)):
                continue
            seen_key = (impl.plugin_name, str(Path(path).resolve()), kind.slug)
            if seen_key in seen:
                continue
            seen.add(seen_key)
            if not Path(path).is_file():
                problems = (_("template {path} does not exist", path=path),)
                note = N_("not read")
            else:
                problems, note = template_problems(plugins, agency, kind, Path(path))
            out.append(
                TemplateCheck(impl.plugin_name, agency.slug, kind.slug, str(path), problems, note)
            )
    return out


def check_plugins(plugins: Plugins) -> dict[str, list[TemplateCheck]]:
    """Every plugin's templates and kinds, checked for every agency as a run asks them.

    For each agency, :func:`agency_template_checks` (a path checked once is not repeated for
    other agencies). Also reported, under the plugin that declares them: a
    kind of the plugin with no template at all for one of its agencies, and a hook that raises
    while being asked. Numbering patterns are checked with the procedures
    (:func:`naskah.agencies.check_sop.numbering_problems`).

    :return: plugin name → its checks (plugins with nothing to check are absent).
    :raises naskah.agencies.manager.PluginError: the agencies themselves cannot be listed.
    """
    agencies = plugins.agencies()
    report: dict[str, list[TemplateCheck]] = {}
    seen: set[tuple[str, str, str]] = set()

    def add(plugin: str, agency: str, kind: str, problem: str, note: str = "") -> None:
        note = note or N_("not read")
        report.setdefault(plugin, []).append(
            TemplateCheck(plugin, agency, kind, "", (problem,), note)
        )

    def raised(hook: str, exc: Exception) -> str:
        return _("{hook} raised {error}", hook=hook, error=f"{type(exc).__name__}: {exc}")

    for agency in agencies.values():
        for check in agency_template_checks(plugins, agency, seen):
            report.setdefault(check.plugin, []).append(check)

    # Kinds a plugin declares need a template for its own agencies.
    own: dict[str, list[AgencyProfile]] = {}
    for slug, plugin_name in plugins.agency_plugins().items():
        if slug in agencies:  # an agency disabled by its profile file is not checked
            own.setdefault(plugin_name, []).append(agencies[slug])
    for impl in plugins.hook.naskah_document_kinds.get_hookimpls():
        if impl.plugin_name == DEFAULT_PLUGIN:
            continue
        try:
            declared = list(impl.function() or ())
        except Exception as exc:
            add(impl.plugin_name, "", "", raised("naskah_document_kinds", exc))
            continue
        for kind in declared:
            for agency in own.get(impl.plugin_name, ()):
                try:
                    path = plugins.for_agency(agency.slug).naskah_template(agency=agency, kind=kind)
                except Exception as exc:
                    add(impl.plugin_name, agency.slug, kind.slug, raised("naskah_template", exc))
                    continue
                if path is None:
                    add(impl.plugin_name, agency.slug, kind.slug,
                        _("document kind {slug!r} has no template (hook naskah_template returns "
                          "None)", slug=kind.slug))  # fmt: skip
    return report
