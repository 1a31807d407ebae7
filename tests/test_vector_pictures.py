"""Charts and flowcharts as vector pictures (issue 15): SVG embedded in the DOCX with its text
kept as text through LibreOffice's PDF; the capaian chart split over pages keeps one axis
scale; content-addressed artifacts are built once, also by processes racing each other."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from naskah.documents import artifacts, charts
from naskah.documents.kinerja import grafik_capaian
from naskah.render import Image, render_docx, svg_size_pt
from tests.factories import make_cycle
from tests.test_render import make_template

ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def svg_texts(path: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)<", Path(path).read_text())


def test_svg_sizes_are_read_in_points():
    assert svg_size_pt(b'<svg width="72pt" height="36pt">') == (72.0, 36.0)
    assert svg_size_pt(b'<svg width="25.4mm" height="12.7mm" viewBox="0 0 1 1">') == (
        pytest.approx(72.0), pytest.approx(36.0))
    assert svg_size_pt(b'<svg viewBox="0 0 200 100">') == (150.0, 75.0)
    with pytest.raises(ValueError):
        svg_size_pt(b"<png/>")


def test_an_svg_picture_is_embedded_as_svg_with_the_office_extension(tmp_path):
    cycle = make_cycle()
    svg = charts.capaian_chart(cycle.capaian, tmp_path / "c.svg", lebar_mm=160)
    assert svg.read_bytes().startswith(b"<?xml")
    tpl = make_template(tmp_path / "t.docx", ["{{ chart }}", "{{ again }}"])
    out = tmp_path / "out.docx"
    render_docx(tpl, {"chart": Image(svg, 160), "again": Image(svg, 80)}, out)
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        body = z.read("word/document.xml").decode()
        types = z.read("[Content_Types].xml").decode()
    assert media == ["word/media/image1.svg"]  # one part for the same picture twice
    assert "image/svg+xml" in types
    assert body.count("<a:blip ") == 2 and body.count(f'xmlns:asvg="{ASVG}"') == 2
    blips = re.findall(r'<a:blip r:embed="(rId\d+)"', body)
    svg_blips = re.findall(r'<asvg:svgBlip [^>]*r:embed="(rId\d+)"', body)
    assert blips == svg_blips
    w_pt, h_pt = svg_size_pt(svg.read_bytes())
    cx, cy = (int(v) for v in re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', body).groups())
    assert cx == 160 * 36000
    assert cy == pytest.approx(cx * h_pt / w_pt, abs=1)


@pytest.mark.soffice
def test_the_text_of_an_svg_chart_is_text_in_the_pdf(tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed")
    from naskah.pdf.soffice import convert_to_pdf
    from naskah.settings import get_settings

    cycle = make_cycle()
    svg = charts.capaian_chart(cycle.capaian, tmp_path / "c.svg", lebar_mm=160)
    tpl = make_template(tmp_path / "t.docx", ["Grafik", "{{ chart }}"])
    render_docx(tpl, {"chart": Image(svg, 160)}, tmp_path / "out.docx")
    pdf = convert_to_pdf([tmp_path / "out.docx"], tmp_path / "pdf", get_settings())
    text = subprocess.run(["pdftotext", str(pdf[tmp_path / "out.docx"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Capaian (%)" in text
    first = cycle.capaian[0].indikator.nama.split()[0]
    assert first in text


def test_the_parts_of_a_split_capaian_chart_share_one_axis_scale(tmp_path, monkeypatch):
    import dataclasses
    from decimal import Decimal

    cycle = make_cycle()
    capaian = list(cycle.capaian)
    numbers = [c for c in capaian if c.nilai is not None]
    assert len(numbers) >= 2
    # the highest capaian only in the first part: the other parts must still reach it
    high = dataclasses.replace(numbers[0], nilai=Decimal("187.5"))
    ordered = [high, *[c for c in capaian if c is not numbers[0]]]
    monkeypatch.setattr("naskah.documents.kinerja.charts_dir", lambda: tmp_path)
    parts = grafik_capaian(cycle, ordered, 160, per_grafik=1)
    assert len(parts) == len(ordered)
    ticks = [{t for t in svg_texts(p.path) if t.isdigit()} for p in parts]
    assert all(t == ticks[0] for t in ticks), ticks
    assert "200" in ticks[0]  # the axis reaches 187,5 % in every part
    others = [float(c.nilai) for c in numbers[1:]]
    assert charts.rentang_capaian(ordered) == (min([187.5, *others]), 187.5)
    assert charts.rentang_capaian([c for c in capaian if c.nilai is None]) is None


def _build_once(args: tuple[str, str]) -> str:
    root, marker = args
    artifacts.use_cache_dir(Path(root))

    def build(folder: Path) -> None:
        with open(marker, "a") as f:
            f.write("built\n")
        (folder / "page-1.svg").write_text("<svg/>")

    return str(artifacts.artifact("flowchart", "k" * 64, build))


def test_an_artifact_is_built_once_and_racing_processes_agree(tmp_path):
    marker = tmp_path / "built.txt"
    with ProcessPoolExecutor(4) as pool:
        folders = set(pool.map(_build_once, [(str(tmp_path / "cache"), str(marker))] * 8))
    assert folders == {str(tmp_path / "cache" / "flowchart" / ("k" * 64))}
    assert (Path(next(iter(folders))) / "page-1.svg").read_text() == "<svg/>"
    built = marker.read_text().count("built")
    assert 1 <= built <= 4  # at most one build per racing process, later calls find it
    assert not [p for p in (tmp_path / "cache" / "flowchart").iterdir() if p.name.startswith(".")]
    _build_once((str(tmp_path / "cache"), str(marker)))
    assert marker.read_text().count("built") == built


def test_without_a_cache_dir_an_artifact_is_built_every_time(tmp_path):
    artifacts.use_cache_dir(None)
    calls = []
    for _ in range(2):
        folder = artifacts.artifact("x", "key", lambda f: calls.append(f), scratch=tmp_path)
        assert folder.parent == tmp_path
    assert len(calls) == 2
