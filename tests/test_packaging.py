"""The distribution lists every package of the source tree and ships the templates."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def _config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_folder_is_listed_in_pyproject():
    config = _config()
    listed = set(config["packages"])
    for package, folder in config["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            name = ".".join([package, *rel.parts]) if rel.parts else package
            if any(part in ("build", "tests") for part in rel.parts):
                continue  # tooling (templates/build) and plugin-local tests are not shipped
            assert name in listed, f"{init.parent} is not in [tool.setuptools] packages"


def test_every_builtin_kind_has_a_shipped_template():
    from naskah.documents import BUILTIN_KINDS

    docx_dir = ROOT / "templates" / "docx"
    for kind in BUILTIN_KINDS:
        assert (docx_dir / f"{kind.slug}.docx").is_file(), f"no template for {kind.slug}"
