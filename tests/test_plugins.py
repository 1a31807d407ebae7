"""The plugin API: one test per hook (test_hook_<name>), loading, failures, isolation."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import inspect
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

import naskah
from naskah import hookspecs
from naskah.agencies.manager import PluginError, get_plugins
from naskah.measurement.types import MeasurementRules, RumusNegatif
from naskah.model import DocumentKind, DocumentSpec, Jenis
from naskah.pipeline import plan_documents, prepare_cycle
from naskah.plugins.default import documents_from_output
from tests.factories import make_data

AGENCY = "dinsos-p3a-pessel"


def plugin(name: str, **hooks) -> types.ModuleType:
    """A throw-away plugin module whose functions are the given hook implementations."""
    module = types.ModuleType(name)
    for hook_name, fn in hooks.items():
        fn.__name__ = hook_name
        setattr(module, hook_name, naskah.hookimpl(fn))
    return module


def test_every_hookspec_has_a_test_and_a_docstring():
    specs = [n for n, f in inspect.getmembers(hookspecs, inspect.isfunction)
             if n.startswith("naskah_")]
    tests = {n for n in globals() if n.startswith("test_hook_")}
    assert specs, "no hookspecs found"
    for name in specs:
        assert f"test_hook_{name}" in tests, f"hook {name} has no test_hook_{name}"
        doc = getattr(hookspecs, name).__doc__ or ""
        assert len(doc.strip()) > 40, f"hook {name} has no real docstring"


def test_hook_naskah_agencies():
    plugins = get_plugins()
    profile = plugins.agency(AGENCY)
    assert profile.kepala.nama == "ILHAM RACHMADSYAH PUTRA, S.STP"
    assert profile.kepala.nip == "198305232002121002"
    dup = plugin("dup", naskah_agencies=lambda: [dataclasses.replace(profile)])
    with pytest.raises(PluginError, match="dinyatakan dua kali"):
        get_plugins(extra=(("dup", dup),)).agencies()


def test_unknown_agency_lists_the_installed_ones():
    with pytest.raises(PluginError, match=rf"instansi 'nope' tidak dikenal.*{AGENCY}"):
        get_plugins().agency("nope")


def test_hook_naskah_procedures():
    plugins = get_plugins()
    procs = plugins.procedures(plugins.agency(AGENCY))
    assert [p.slug for p in procs] == ["pengumpulan", "pengukuran"]
    orphan = dataclasses.replace(plugins.agency(AGENCY), slug="tanpa-sop")
    with pytest.raises(PluginError, match="tidak ada plugin yang menyatakan prosedur SOP"):
        plugins.procedures(orphan)


def test_hook_naskah_document_kinds():
    extra_kind = DocumentKind("daftar_arsip", "Daftar Arsip")
    renamed = DocumentKind("nota_dinas", "Nota Dinas Khusus", bernomor=True)
    mod = plugin("kinds", naskah_document_kinds=lambda: [extra_kind, renamed])
    kinds = get_plugins(extra=(("kinds", mod),)).document_kinds()
    assert kinds["daftar_arsip"] == extra_kind
    assert kinds["nota_dinas"].judul == "Nota Dinas Khusus"  # the plugin's replaces the default
    assert "kertas_kerja" in kinds


def test_hook_naskah_step_documents():
    plugins = get_plugins()
    agency = plugins.agency(AGENCY)
    proc = plugins.procedures(agency)[1]
    step8 = proc.step(8)
    assert [d.kind for d in plugins.step_documents(agency, proc, step8)] == [
        "laporan_pengukuran", "lembar_disposisi"]
    # Without declared documents the default reads the output wording.
    bare = dataclasses.replace(step8, documents=None)
    assert [d.kind for d in plugins.step_documents(agency, proc, bare)] == [
        "laporan_pengukuran", "lembar_disposisi"]
    override = plugin("steps", naskah_step_documents=lambda agency, procedure, step:
                      [DocumentSpec("surat_pengantar")] if step.nomor == 8 else None)
    plugins = get_plugins(extra=(("steps", override),))
    assert [d.kind for d in plugins.step_documents(agency, proc, step8)] == ["surat_pengantar"]
    assert plugins.step_documents(agency, proc, proc.step(1))[0].kind == "nota_dinas"
    # A step that declares no documents gets none, whatever its output says.
    assert plugins.step_documents(agency, proc, proc.step(9)) == []


def test_output_wording_maps_to_kinds():
    assert documents_from_output("Draft laporan hasil pengumpulan data kinerja") == [
        DocumentSpec("laporan_pengumpulan", "draft")]
    assert documents_from_output("Formulir pengumpulan data capaian kinerja sudah diisi") == [
        DocumentSpec("formulir_pengumpulan", "terisi", True)]
    assert documents_from_output("Pemahaman staf/ operator") == []


def test_hook_naskah_template(tmp_path):
    plugins = get_plugins()
    agency = plugins.agency(AGENCY)
    kinds = plugins.document_kinds()
    default = plugins.template(agency, kinds["nota_dinas"])
    assert default.name == "nota_dinas.docx" and default.is_file()
    own = tmp_path / "nota.docx"
    own.write_bytes(default.read_bytes())
    mod = plugin("tpl", naskah_template=lambda agency, kind: own if kind.slug == "nota_dinas"
                 else None)
    plugins = get_plugins(extra=(("tpl", mod),))
    assert plugins.template(agency, kinds["nota_dinas"]) == own
    assert plugins.template(agency, kinds["notulen_rapat"]).name == "notulen_rapat.docx"
    missing = DocumentKind("tidak_ada", "Tidak Ada")
    with pytest.raises(PluginError, match="tidak ada templat untuk jenis dokumen 'tidak_ada'"):
        plugins.template(agency, missing)


def test_hook_naskah_document_context():
    from tests.factories import make_cycle

    cycle = make_cycle()
    extra = plugin("ctx", naskah_document_context=lambda cycle, document, nomor:
                   {"hal_tambahan": "x", "nomor": "ditimpa"})
    plugins = get_plugins(extra=(("ctx", extra),))
    doc = plan_documents(plugins, cycle)[0]
    ctx = plugins.document_context(cycle, doc, "000.8.6.3/001/..../2025")
    assert ctx["hal_tambahan"] == "x"
    assert ctx["nomor"] == "ditimpa"  # plugin keys replace the default's
    assert "kop" in ctx  # the default's keys stay


def test_hook_naskah_numbering_pattern():
    plugins = get_plugins()
    agency = plugins.agency(AGENCY)
    kind = plugins.document_kinds()["nota_dinas"]
    assert plugins.numbering_pattern(agency, kind) == "{kode}/{nomor:03d}/{unit}/{tahun}"
    mod = plugin("num", naskah_numbering_pattern=lambda agency, kind:
                 "{kode}/{nomor}/{unit}/{bulan_romawi}/{tahun}")
    assert get_plugins(extra=(("num", mod),)).numbering_pattern(agency, kind).count("/") == 4


def test_hook_naskah_measurement_rules():
    plugins = get_plugins()
    data = make_data()
    default = prepare_cycle(plugins, AGENCY, data)
    neg = next(c for c in default.capaian if c.indikator.kode == "S.2")  # target 10, real 8
    assert neg.nilai == Decimal(120)  # (2·10 − 8)/10 × 100
    mod = plugin("rules", naskah_measurement_rules=lambda agency: MeasurementRules(
        rumus_negatif=RumusNegatif.TARGET_PER_REALISASI))
    other = prepare_cycle(get_plugins(extra=(("rules", mod),)), AGENCY, data)
    neg = next(c for c in other.capaian if c.indikator.kode == "S.2")
    assert neg.nilai == Decimal(125)  # 10 / 8 × 100


def test_hook_naskah_validate_data():
    plugins = get_plugins()
    data = make_data()
    badan = dataclasses.replace(plugins.agency(AGENCY), slug="badan-x",
                                jenis_indikator=(Jenis.IKU, Jenis.IKK))
    problems = plugins.validate_data(badan, data)
    assert problems and all(p.sheet == "Indikator" for p in problems)
    assert any("IKI" in p.found for p in problems)
    assert plugins.validate_data(plugins.agency(AGENCY), data) == []


def test_hook_naskah_signer(tmp_path):
    from pydantic import SecretStr

    from naskah.settings import Settings, SigningSettings
    from naskah.signing import SigningError
    from naskah.signing.keystore import load_pkcs12
    from naskah.signing.service import open_signer
    from naskah.signing.testca import make_ca

    ca = make_ca()
    kepala = ca.issue("KEPALA UJI", "198305232002121002", "Kepala Dinas")
    hsm = ca.issue("PEJABAT HSM", "197001012000031001", "Sekretaris")
    (tmp_path / "198305232002121002.p12").write_bytes(kepala.pkcs12("rahasia"))
    (tmp_path / "hsm.p12").write_bytes(hsm.pkcs12("hsm"))
    (tmp_path / "root.pem").write_bytes(ca.root.pem())
    settings = Settings(data_dir=tmp_path / "data", signing=SigningSettings(
        keystore_dir=tmp_path, passphrases={"198305232002121002": SecretStr("rahasia")},
        trust_roots=[tmp_path / "root.pem"]))
    # the default: the pejabat's PKCS#12 keystore, passphrase from the settings
    opened = open_signer(settings, "19830523 200212 1 002", plugins=get_plugins())
    assert (opened.info.nama, opened.info.nip) == ("KEPALA UJI", "198305232002121002")
    # no keystore for a NIP: the default answers None, nobody else does
    with pytest.raises(SigningError, match="tidak ada sertifikat penanda tangan"):
        open_signer(settings, "197001012000031001", plugins=get_plugins())
    # a plugin (a remote service, an HSM) answers for its NIPs before the default
    asked = []

    def naskah_signer(nip, settings, ask_passphrase):
        asked.append(nip)
        if nip == "197001012000031001":
            return load_pkcs12(tmp_path / "hsm.p12", ask_passphrase("PIN HSM"))
        return None

    plugins = get_plugins(extra=(("hsm", plugin("hsm", naskah_signer=naskah_signer)),))
    opened = open_signer(settings, "197001012000031001", plugins=plugins,
                         ask_passphrase=lambda prompt: "hsm")
    assert opened.info.nama == "PEJABAT HSM"
    assert open_signer(settings, "198305232002121002", plugins=plugins).info.nama == "KEPALA UJI"
    assert asked == ["197001012000031001", "198305232002121002"]


def _fake_entry_points(monkeypatch, *eps):
    real = importlib.metadata.entry_points

    def entry_points(**kw):
        if kw.get("group") == "naskah":
            return list(real(group="naskah")) + list(eps)
        return real(**kw)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_broken_plugin_is_reported_by_name_and_others_keep_working(monkeypatch):
    broken = importlib.metadata.EntryPoint("rusak", "naskah_tidak_ada_modul", "naskah")
    _fake_entry_points(monkeypatch, broken)
    plugins = get_plugins()
    assert [f.name for f in plugins.failures] == ["rusak"]
    assert "ModuleNotFoundError" in plugins.failures[0].error
    assert AGENCY in plugins.agencies()


def test_misspelt_hook_is_refused_and_unregistered(monkeypatch):
    module = types.ModuleType("naskah_typo_plugin")
    module.naskah_agencys = naskah.hookimpl(lambda: [])
    monkeypatch.setitem(sys.modules, "naskah_typo_plugin", module)
    _fake_entry_points(monkeypatch, importlib.metadata.EntryPoint(
        "typo", "naskah_typo_plugin", "naskah"))
    plugins = get_plugins()
    assert [f.name for f in plugins.failures] == ["typo"]
    assert not plugins.pm.has_plugin("typo")


def test_disabled_plugin_is_not_loaded():
    plugins = get_plugins(disabled=["dinsos_p3a_pessel"])
    assert AGENCY not in plugins.agencies()


def test_plugins_listing_names_distribution_and_hooks():
    infos = {i.name: i for i in get_plugins().describe()}
    assert infos["dinsos_p3a_pessel"].distribution == "naskah"
    assert "naskah_procedures" in infos["dinsos_p3a_pessel"].hooks
    assert "naskah_template" in infos["naskah.plugins.default"].hooks


def test_hookspec_module_paths_are_what_docs_cite():
    assert Path(hookspecs.__file__).parts[-2:] == ("core", "hookspecs.py")


def test_validation_problem_names_the_cell_of_the_workbook():
    from naskah.input.workbook import read_workbook
    from tests.conftest import EXAMPLE

    data = read_workbook(EXAMPLE)
    plugins = get_plugins()
    badan = dataclasses.replace(plugins.agency(AGENCY), jenis_indikator=(Jenis.IKU, Jenis.IKK))
    problems = plugins.validate_data(badan, data)
    iki = [i for i in data.indikator if i.jenis is Jenis.IKI]
    assert iki and len(problems) >= len(iki)
    first = next(p for p in problems if p.row == iki[0].source_row)
    assert first.column == data.column("Indikator", "jenis") is not None
    assert f"Indikator!{first.column}{first.row}" in str(first)
