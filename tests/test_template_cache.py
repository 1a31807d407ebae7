"""Compiled template code kept in the data dir's cache (issue 15): the next process loads it
instead of compiling, a changed source or a damaged file is compiled afresh, no cache dir means
no files."""

from __future__ import annotations

import docx
import jinja2
import pytest

from naskah import render
from naskah.documents import artifacts
from tests.test_render import make_template


@pytest.fixture
def cache(tmp_path):
    artifacts.use_cache_dir(tmp_path / "cache")
    yield tmp_path / "cache"
    artifacts.use_cache_dir(None)


def fresh_environment() -> jinja2.Environment:
    """A new process's environment: nothing compiled in memory yet."""
    return render._CompilingOnceEnvironment(autoescape=True)


def test_the_compiled_code_is_written_once_and_loaded_by_the_next_process(cache, monkeypatch):
    source = "<p>{{ nama }} — {{ angka | e }}</p>"
    first = fresh_environment().from_string(source)
    files = list((cache / "jinja").rglob("*.code"))
    assert len(files) == 1
    assert not [p for p in files[0].parent.iterdir() if p.name.startswith(".")]

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    env = fresh_environment()
    monkeypatch.setattr(env, "compile", no_compiling)
    again = env.from_string(source)
    context = {"nama": "Sarana & Prasarana", "angka": "<2025>"}
    assert again.render(context) == first.render(context)
    assert again.render(context) == "<p>Sarana &amp; Prasarana — &lt;2025&gt;</p>"  # escaped


def test_another_source_or_a_damaged_file_is_compiled_afresh(cache):
    fresh_environment().from_string("{{ a }}")
    fresh_environment().from_string("{{ b }}")
    files = sorted((cache / "jinja").rglob("*.code"))
    assert len(files) == 2
    for f in files:
        f.write_bytes(b"not marshal data")
    assert fresh_environment().from_string("{{ a }}").render(a="x") == "x"
    damaged = [f for f in sorted((cache / "jinja").rglob("*.code"))
               if f.read_bytes() == b"not marshal data"]
    assert len(damaged) == 1  # only the source asked for was rewritten


def test_without_a_cache_dir_nothing_is_written(tmp_path):
    artifacts.use_cache_dir(None)
    assert fresh_environment().from_string("{{ x }}").render(x=1) == "1"
    assert not list(tmp_path.rglob("*.code"))


def test_a_document_renders_the_same_from_cached_code(cache, tmp_path):
    tpl = make_template(tmp_path / "t.docx",
                        ["{{ judul }}", "{% for x in xs %}{{ x }};{% endfor %}"])
    render.shared_environment.cache_clear()
    render.render_docx(tpl, {"judul": "A & B", "xs": [1, 2]}, tmp_path / "one.docx")
    assert list((cache / "jinja").rglob("*.code"))
    render.shared_environment.cache_clear()  # a new process: compiled code from the cache
    render.render_docx(tpl, {"judul": "A & B", "xs": [1, 2]}, tmp_path / "two.docx")

    texts = [[p.text for p in docx.Document(str(tmp_path / f)).paragraphs]
             for f in ("one.docx", "two.docx")]
    assert texts[0] == texts[1] and "A & B" in texts[0] and "1;2;" in texts[0]
    render.shared_environment.cache_clear()
