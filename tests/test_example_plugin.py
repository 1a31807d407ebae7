"""``pip install examples/naskah-agency-example`` works next to naskah, and the plugin runs a
cycle without any change to naskah.

How the environment is made (fast, offline, and without touching the project's ``.venv``):

1. a FRESH venv from the same interpreter, ``python -m venv --without-pip``;
2. a ``.pth`` file in its site-packages that adds the project environment's site-packages as a
   lower layer (``site.addsitedir``): naskah (as installed there) and its dependencies are
   "already installed" for the new venv, the way ``--system-site-packages`` would expose a
   system-wide naskah. (``--system-site-packages`` itself would expose the BASE interpreter's
   site-packages, which do not hold naskah; a ``pip install`` of naskah and its dependencies
   into the venv would take minutes and need the network);
3. ``python -m pip install --no-index --no-build-isolation`` of a copy of the example (the copy
   keeps the build's ``build/`` and ``*.egg-info`` out of the repository): pip resolves the
   plugin's ``naskah>=0.1`` dependency against the lower layer, ``--no-index`` proves nothing is
   downloaded, and the build uses the environment's setuptools. The plugin lands in the new
   venv only, and is found there through its ``naskah`` entry point.

Then the CLI runs in that venv (``naskah plugins --json``, ``naskah run``) with its own data
dir, and the plugin's own test suite runs there too. About 30 s on 2 cores.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from naskah.settings import Settings
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "naskah-agency-example"
CLI = "from naskah.cli.main import app; app(prog_name='naskah')"


def _run(args: list, env: dict, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"{args[1:4]} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """``(python, env, workdir)`` of a fresh venv with naskah below and the example installed."""
    work = tmp_path_factory.mktemp("example-plugin")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NASKAH_", "PYTHON", "PIP_", "VIRTUAL_ENV"))}  # fmt: skip
    env |= {"NASKAH_DATA_DIR": str(work / "data"), "NASKAH_PDF__ENABLED": "false",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}  # fmt: skip
    venv_dir = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv_dir], env, work)
    python = venv_dir / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   env, work).stdout.strip()  # fmt: skip
    host = sysconfig.get_paths()["purelib"]  # this environment: naskah and its dependencies
    Path(purelib, "_naskah_host.pth").write_text(f"import site; site.addsitedir({host!r})\n")
    src = work / "naskah-agency-example"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__", ".pytest_cache"))  # fmt: skip
    _run([python, "-m", "pip", "install", "--no-index", "--no-build-isolation",
          "--no-cache-dir", "--quiet", src], env, work)  # fmt: skip
    return python, env, work


def test_pip_installed_example_is_listed_with_its_distribution(venv):
    python, env, work = venv
    where = _run([python, "-c", "import naskah_agency_example as m; print(m.__file__)"],
                 env, work).stdout  # fmt: skip
    assert where.startswith(str(work / "venv")), where  # installed in the new venv, not found
    listing = json.loads(_run([python, "-c", CLI, "plugins", "--json"], env, work).stdout)
    plugins = {p["name"]: p for p in listing["plugins"]}
    assert plugins["contoh_fiktif"]["distribution"] == "naskah-agency-example"
    assert plugins["contoh_fiktif"]["version"] == "0.1.0"
    assert "naskah_document_kinds" in plugins["contoh_fiktif"]["hooks"]
    assert listing["agencies"]["contoh-fiktif"] == "DINAS CONTOH KABUPATEN FIKTIF"
    assert "dinsos-p3a-pessel" in listing["agencies"]  # naskah's own agencies are still there
    checks = listing["template_checks"]["contoh_fiktif"]
    assert {c["kind"] for c in checks} == {"nota_dinas", "berita_acara"}
    assert all(not c["problems"] for c in checks), checks
    assert listing["failures"] == []


def test_pip_installed_example_runs_a_cycle_and_archives_its_own_kind(venv):
    python, env, work = venv
    workbook = work / "naskah-agency-example" / "contoh-fiktif-2025-TW1.xlsx"
    out = _run([python, "-c", CLI, "run", workbook, "--agency", "contoh-fiktif", "--no-pdf"],
               env, work).stdout  # fmt: skip
    assert "25 dokumen" in out, out  # the SOP document + 24 step outputs

    from naskah.run import open_archive

    settings = Settings(data_dir=work / "data")
    with open_archive(settings) as (session, archive):
        docs = archive.list_documents(session, agency="contoh-fiktif", periode="2025-TW1")
        berita = [d for d in docs if d.kind == "berita_acara"]
        assert [(d.procedure, d.step, d.nomor) for d in berita] == [
            ("pengukuran", 6, "000.8.6.3/004/D-Contoh/IV/2025")]
        assert berita[0].docx_file(settings.archive_dir).is_file()
        assert archive.verify(session, settings.archive_dir) == []


def test_example_plugins_own_tests_pass_where_it_is_installed(venv):
    python, env, work = venv
    tests = work / "naskah-agency-example" / "tests"
    # From outside the plugin's folder, so that its tests import the INSTALLED package.
    out = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests], env, work,
               timeout=400).stdout  # fmt: skip
    assert " passed" in out and "failed" not in out, out
