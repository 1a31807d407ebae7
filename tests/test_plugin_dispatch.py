"""Dispatch by declaration: an agency is answered for only by the plugin declaring it (or a
site-wide plugin, or the default), whatever the order plugins are installed in
(naskah.agencies.manager)."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import sys
import types

import pytest

import naskah
from naskah.agencies.check_sop import guard_problems
from naskah.agencies.manager import get_plugins
from naskah.model import AgencyProfile, DocumentSpec, Pejabat, Procedure, Step
from naskah.pipeline import plan_documents, prepare_cycle
from naskah.plugins.dinsos_p3a_pessel import PROFILE as DINSOS
from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES as DINSOS_PROCEDURES
from tests.factories import make_data

LAIN = "uji-tanpa-penjaga"
LAIN_PROFILE = dataclasses.replace(
    DINSOS, slug=LAIN, nama="DINAS CONTOH TANPA PENJAGA (FIKTIF)", source="test",
    kepala=Pejabat(jabatan="Kepala Dinas Contoh", peran="kepala"),
)  # fmt: skip
LAIN_SOP = (
    Procedure(
        slug="pengumpulan", judul="Pengumpulan (contoh)", pelaksana=("Kepala", "Tim"),
        steps=tuple(
            Step(n, f"Langkah contoh {n}", ("Tim",), (), 5, "5 menit", "Nota Dinas",
                 (DocumentSpec("nota_dinas"),))
            for n in range(1, 9)
        ),
    ),
)  # fmt: skip
"""An 8-step SOP: what the unguarded plugin answers for every agency it is asked about."""


def unguarded(name: str) -> types.ModuleType:
    """A plugin declaring :data:`LAIN` whose per-agency hooks have no ``agency.slug`` guard."""
    module = types.ModuleType(name)

    def naskah_agencies():
        return [LAIN_PROFILE]

    def naskah_procedures(agency):
        return list(LAIN_SOP)  # no guard: answers for every agency

    def naskah_numbering_pattern(agency, kind):
        return "SALAH/{nomor}/{tahun}"

    def naskah_document_context(cycle, document, nomor):
        return {"hal": "dari plugin tanpa penjaga"}

    for fn in (naskah_agencies, naskah_procedures, naskah_numbering_pattern,
               naskah_document_context):  # fmt: skip
        setattr(module, fn.__name__, naskah.hookimpl(fn))
    return module


def trail(plugins, slug: str) -> list[str]:
    data = make_data()
    data = dataclasses.replace(data, siklus=dataclasses.replace(data.siklus, agency=slug))
    return [d.key for d in plan_documents(plugins, prepare_cycle(plugins, slug, data))]


@pytest.fixture(scope="module")
def baseline() -> list[str]:
    return trail(get_plugins(), DINSOS.slug)


def test_bundled_agency_keeps_its_own_sop_next_to_an_unguarded_plugin(baseline):
    plugins = get_plugins(extra=(("tanpa_penjaga", unguarded("tanpa_penjaga")),))
    dinsos = plugins.agency(DINSOS.slug)
    assert plugins.procedures(dinsos) == tuple(DINSOS_PROCEDURES)
    assert len(baseline) == 30 and trail(plugins, DINSOS.slug) == baseline
    kind = plugins.document_kinds()["nota_dinas"]
    assert plugins.numbering_pattern(dinsos, kind) == "{kode}/{nomor:03d}/{unit}/{tahun}"
    # Its own agency gets its own answers.
    lain = plugins.agency(LAIN)
    assert plugins.procedures(lain) == LAIN_SOP
    assert plugins.numbering_pattern(lain, kind) == "SALAH/{nomor}/{tahun}"
    assert len(trail(plugins, LAIN)) == 9  # 8 steps + the SOP document


def _with_entry_points(monkeypatch, first: bool) -> None:
    """The ``naskah`` entry points with the unguarded plugin found first or last."""
    module = unguarded("naskah_uji_tanpa_penjaga")
    monkeypatch.setitem(sys.modules, "naskah_uji_tanpa_penjaga", module)
    real = importlib.metadata.entry_points
    ep = importlib.metadata.EntryPoint("tanpa_penjaga", "naskah_uji_tanpa_penjaga", "naskah")

    def entry_points(**kw):
        eps = list(real(**kw))
        if kw.get("group") == "naskah":
            return [ep, *eps] if first else [*eps, ep]
        return eps

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


@pytest.mark.parametrize("first", [True, False], ids=["installed-first", "installed-last"])
def test_installation_order_never_changes_a_trail(monkeypatch, baseline, first):
    _with_entry_points(monkeypatch, first)
    plugins = get_plugins()
    assert "tanpa_penjaga" in {i.name for i in plugins.describe()}
    assert trail(plugins, DINSOS.slug) == baseline
    assert len(trail(plugins, LAIN)) == 9  # 8 steps + the SOP document
    for slug in plugins.agencies():
        if slug != LAIN:
            assert plugins.procedures(plugins.agency(slug)) != LAIN_SOP, slug


def test_document_context_of_an_agency_ignores_other_agencies_plugins(baseline):
    from tests.factories import make_cycle

    plugins = get_plugins(extra=(("tanpa_penjaga", unguarded("tanpa_penjaga")),))
    cycle = make_cycle()
    nota = next(d for d in plan_documents(plugins, cycle) if d.kind.slug == "nota_dinas")
    assert plugins.document_context(cycle, nota, "1")["hal"] != "dari plugin tanpa penjaga"


def test_site_wide_plugin_declaring_no_agency_is_asked_for_every_agency():
    rules = types.ModuleType("situs")
    rules.naskah_numbering_pattern = naskah.hookimpl(lambda agency, kind: "SITUS/{nomor}")
    plugins = get_plugins(extra=(("situs", rules),))
    kind = plugins.document_kinds()["nota_dinas"]
    assert plugins.numbering_pattern(plugins.agency(DINSOS.slug), kind) == "SITUS/{nomor}"


def test_missing_guard_is_reported_as_a_warning_naming_the_plugin():
    plugins = get_plugins(extra=(("tanpa_penjaga", unguarded("tanpa_penjaga")),))
    warnings = guard_problems(plugins)
    assert warnings and all(w.warning and w.plugin == "tanpa_penjaga" for w in warnings)
    assert "naskah_procedures" in str(warnings[0]) and "tanpa_penjaga" in str(warnings[0])
    assert guard_problems(get_plugins()) == []  # the bundled plugins all guard


def test_profile_type_is_the_declared_one():
    assert isinstance(LAIN_PROFILE, AgencyProfile)


# --- hooks that are not asked per agency, and site-wide plugins ----------------------------------


def _kinds_plugin(name: str, **hooks) -> types.ModuleType:
    module = types.ModuleType(name)
    for hook_name, fn in hooks.items():
        setattr(module, hook_name, naskah.hookimpl(fn))
    return module


def test_document_kinds_of_an_agency_plugin_never_change_another_agencys():
    from naskah.model import DocumentKind

    # The unguarded plugin redeclares the nota dinas: unnumbered, another kode klasifikasi.
    module = unguarded("tanpa_penjaga")
    module.naskah_document_kinds = naskah.hookimpl(
        lambda: [DocumentKind("nota_dinas", "Nota Dinas (lain)", "999", bernomor=False)]
    )
    for order in ((("tanpa_penjaga", module),), ()):
        plugins = get_plugins(extra=order)
        dinsos = plugins.document_kinds(plugins.agency(DINSOS.slug))["nota_dinas"]
        assert (dinsos.judul, dinsos.kode_klasifikasi, dinsos.bernomor) == (
            "Nota Dinas", "000.8.6.3", True)  # fmt: skip
    plugins = get_plugins(extra=(("tanpa_penjaga", module),))
    assert plugins.document_kinds(LAIN)["nota_dinas"].kode_klasifikasi == "999"
    assert all(d.kind.kode_klasifikasi != "999" for d in _planned(plugins, DINSOS.slug))


def _planned(plugins, slug):
    data = make_data()
    data = dataclasses.replace(data, siklus=dataclasses.replace(data.siklus, agency=slug))
    return plan_documents(plugins, prepare_cycle(plugins, slug, data))


@pytest.mark.parametrize("site_first", [True, False], ids=["site-wide-first", "site-wide-last"])
def test_declaring_plugin_is_asked_before_site_wide_plugins_in_any_order(site_first):
    """A kabupaten's site-wide pattern and an agency's own: the agency's own wins for it,
    whichever was installed first; other agencies get the site-wide one."""
    site = _kinds_plugin("situs", naskah_numbering_pattern=lambda agency, kind: "SITUS/{nomor}")
    own = unguarded("tanpa_penjaga")
    extra = (("situs", site), ("tanpa_penjaga", own))
    plugins = get_plugins(extra=extra if site_first else extra[::-1])
    kind = plugins.document_kinds()["nota_dinas"]
    assert plugins.numbering_pattern(plugins.agency(LAIN), kind) == "SALAH/{nomor}/{tahun}"
    assert plugins.numbering_pattern(plugins.agency(DINSOS.slug), kind) == "SITUS/{nomor}"


@pytest.mark.parametrize("reverse", [False, True], ids=["a-then-b", "b-then-a"])
def test_two_site_wide_plugins_answer_by_name_not_by_installation(reverse):
    a = _kinds_plugin("situs_a", naskah_numbering_pattern=lambda agency, kind: "A/{nomor}")
    b = _kinds_plugin("situs_b", naskah_numbering_pattern=lambda agency, kind: "B/{nomor}")
    extra = (("situs_a", a), ("situs_b", b))
    plugins = get_plugins(extra=extra[::-1] if reverse else extra)
    kind = plugins.document_kinds()["nota_dinas"]
    assert plugins.numbering_pattern(plugins.agency(DINSOS.slug), kind) == "A/{nomor}"


def test_agency_plugin_declaring_no_agency_is_not_site_wide():
    """A plugin implementing naskah_agencies that declares nothing today (its data missing) is
    an agency plugin: its unguarded hooks are asked for no agency."""
    module = unguarded("kosong")
    module.naskah_agencies = naskah.hookimpl(lambda: [])
    plugins = get_plugins(extra=(("kosong", module),))
    dinsos = plugins.agency(DINSOS.slug)
    assert plugins.procedures(dinsos) == tuple(DINSOS_PROCEDURES)
    kind = plugins.document_kinds()["nota_dinas"]
    assert plugins.numbering_pattern(dinsos, kind) == "{kode}/{nomor:03d}/{unit}/{tahun}"
