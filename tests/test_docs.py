"""docs/plugins.md cannot drift from the plugin API: hooks, profile keys, nomor fields."""

from __future__ import annotations

import ast
import importlib.util
import re
import textwrap

import yaml

from naskah.agencies.profiles import ProfileOverride
from naskah.archive.numbering import NOMOR_FIELDS
from tests.conftest import ROOT

DOC = ROOT / "docs" / "plugins.md"


def _generator():
    path = ROOT / "docs" / "gen_plugins_md.py"
    spec = importlib.util.spec_from_file_location("gen_plugins_md", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.S)


def test_hook_reference_is_up_to_date_with_the_hookspecs():
    gen = _generator()
    text = DOC.read_text(encoding="utf-8")
    assert gen.current_section(text) == gen.render_reference(), (
        "docs/plugins.md is out of date: run .venv/bin/python docs/gen_plugins_md.py"
    )


def test_every_hook_has_signature_result_parameters_and_example():
    gen = _generator()
    text = DOC.read_text(encoding="utf-8")
    reference = gen.current_section(text)
    names = [name for name, _ in gen.hookspecs()]
    assert len(names) >= 9
    sections = re.split(r"\n(?=### `)", reference)
    for name in names:
        (section,) = [s for s in sections if s.startswith(f"### `{name}`")]
        assert f"def {name}(" in section, f"{name}: no signature"
        assert "**Result:**" in section and "**Returns:**" in section, f"{name}: no result"
        assert "**Example:**" in section, f"{name}: no example (docstring or EXAMPLES)"
        params = re.search(rf"def {name}\((.*?)\)", section).group(1)
        for param in filter(None, (p.split(":")[0].strip() for p in params.split(","))):
            line = next((ln for ln in section.splitlines() if ln.startswith(f"- `{param}`")), "")
            assert len(line) > len(f"- `{param}` (`x`): "), f"{name}: parameter {param} unexplained"


def test_python_examples_in_the_guide_are_valid_python():
    text = DOC.read_text(encoding="utf-8")
    guide = text[: text.index("## Hook reference")]  # the reference quotes the docstrings
    blocks = _blocks(guide, "python")
    assert len(blocks) >= 4
    for block in blocks:
        ast.parse(block)
    for name, code in _generator().EXAMPLES.items():
        try:
            ast.parse(textwrap.dedent(code))
        except SyntaxError as exc:
            raise AssertionError(f"example of {name} in docs/gen_plugins_md.py: {exc}") from exc


def test_profile_yaml_example_uses_exactly_the_profile_keys():
    (block,) = [b for b in _blocks(DOC.read_text(encoding="utf-8"), "yaml")
                if b.startswith("# profiles/")]  # fmt: skip
    data = yaml.safe_load(block)
    ProfileOverride.model_validate(data)  # every key exists, every value is valid
    assert set(data) == set(ProfileOverride.model_fields)
    assert set(data["sop"]) == set(ProfileOverride.model_fields["sop"].annotation.__args__[0]
                                   .model_fields)  # fmt: skip


def test_numbering_fields_table_lists_every_field():
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## Numbering pattern") : text.index("## Measurement rules")]
    documented = set(re.findall(r"^\| `\{(\w+)\}`", table, flags=re.M))
    assert documented == set(NOMOR_FIELDS)


def test_guide_names_the_entry_point_group_and_the_example():
    text = DOC.read_text(encoding="utf-8")
    assert "[project.entry-points.naskah]" in text
    assert (ROOT / "examples" / "naskah-agency-example" / "pyproject.toml").is_file()


def test_agency_data_file_example_is_a_valid_agency_file(tmp_path):
    from naskah.agencies.declarative import read_agency_file

    (block,) = [b for b in _blocks(DOC.read_text(encoding="utf-8"), "yaml")
                if b.startswith("slug: dinkes-contoh")]  # fmt: skip
    path = tmp_path / "dinkes-contoh.yaml"
    path.write_text(block, encoding="utf-8")
    file = read_agency_file(path)
    assert file.procedures[0].steps[0].waktu_menit == 5


def test_reference_tables_are_up_to_date():
    gen = _generator()
    text = DOC.read_text(encoding="utf-8")
    assert gen.updated(text) == text, "run .venv/bin/python docs/gen_plugins_md.py"
    assert "| `formulir_pengumpulan` |" in text and "`terisi`" in text
