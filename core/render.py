"""Render a docxtpl template with a context into a DOCX file.

- The template's bytes are read once and cached (keyed by path and mtime); every document gets a
  FRESH ``DocxTemplate`` built from them, because the object is stateful (it keeps the rendered
  tree, the picture replacements and the ``is_rendered`` flag).
- Rendering uses a sandboxed Jinja environment with autoescape on: a value such as
  ``"Sarana & Prasarana <2025>"`` is escaped into valid XML instead of breaking the document
  (docxtpl issue #632). Values must therefore be plain text, never pre-built XML; a newline in a
  value becomes a line break, a tab a tab.
- Pictures travel in the context as :class:`Image` (path + width); they become
  ``docxtpl.InlineImage`` of the fresh template object at render time, wherever they sit in
  nested dicts and lists. An ``.svg`` picture (charts, flowcharts) is embedded as a vector
  picture whose text stays text (see :class:`SvgInlineImage`).
- One sandboxed environment per process compiles each distinct template source once
  (:func:`shared_environment`), and keeps the compiled code in the data dir's cache for the
  next process (:func:`_compiled`); docxtpl's ``patch_xml`` of a template's XML is memoised
  too. A kind rendered 30 times is parsed and compiled once, and not again in the next run.
- Signature blocks are kept with the text (or the last table rows) before them, and headings
  after a table with what follows them, on the rendered document (:mod:`naskah.keep_together`).
- Templates are built on F4 paper (215 × 330 mm, see ``templates/build/common.py``);
  ``kertas="A4"`` resizes every section to 210 × 297 mm keeping its orientation and margins and
  scales fixed table widths to the new text width.

Filters available in templates: ``tanggal``, ``hari_tanggal``, ``persen``, ``rupiah``,
``angka``, ``nip``, ``nilai``, ``romawi``, ``durasi`` (from :mod:`naskah.formatting`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from naskah import formatting
from naskah.errors import TemplateError
from naskah.i18n import _
from naskah.keep_together import keep_headings_after_tables, keep_signatures_with_text

log = logging.getLogger(__name__)

PAPER_MM: dict[str, tuple[float, float]] = {"F4": (215.0, 330.0), "A4": (210.0, 297.0)}
"""Paper sizes (portrait width, height) in mm."""

FILTERS = {
    name: getattr(formatting, name)
    for name in (
        "tanggal", "hari_tanggal", "persen", "rupiah", "angka", "nip", "nilai", "romawi",
        "durasi",
    )
}  # fmt: skip
"""Jinja filters from :mod:`naskah.formatting`."""


@dataclass(frozen=True)
class Image:
    """A picture in a context (logo, chart): the file and its printed width in mm (height
    follows the aspect ratio)."""

    path: Path
    width_mm: float


# --- template bytes and environment -------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _read(path: str, mtime_ns: int) -> bytes:
    return Path(path).read_bytes()


def _template_bytes(template: Path) -> bytes:
    """The bytes of ``template``, cached by (path, mtime): an edited template is re-read."""
    template = Path(template)
    try:
        stat = template.stat()
    except OSError as exc:
        raise TemplateError(_("template {template}: cannot be read ({strerror})",
                              template=template, strerror=exc.strerror)) from exc
    return _read(str(template.resolve()), stat.st_mtime_ns)


def make_environment(undefined: type[jinja2.Undefined] = jinja2.Undefined) -> SandboxedEnvironment:
    """A new sandboxed, autoescaping Jinja environment as templates are rendered with."""
    env = SandboxedEnvironment(autoescape=True, undefined=undefined)
    env.filters.update(FILTERS)
    return env


def _compiled(env: jinja2.Environment, source: str) -> Any:
    """The Python code object of ``source`` compiled by ``env`` (what ``from_string`` builds a
    template from), read from the process's artifact cache (:mod:`naskah.documents.artifacts`,
    ``<data dir>/cache/jinja/``) when an earlier process compiled it, else compiled and
    written there (a temporary file renamed into place: racing workers both succeed).

    The key is the sha256 of the source with Jinja's version, the interpreter's bytecode tag
    and the environment's class and syntax options, so a changed template, Jinja or Python is
    compiled afresh. Compiling the bundled example's 18 template parts costs ≈ 0.16 CPU
    seconds of every ``naskah run``; loading them ≈ 0.01 s (issue 15). Without a cache dir
    (tests, the web's previews before a data dir is known) it compiles every time. The cache
    holds code: it lives in naskah's own data dir, written by naskah only (as the archive)."""
    from naskah.documents.artifacts import cache_dir

    root = cache_dir()
    if root is None:
        return env.compile(source)
    options = (jinja2.__version__, sys.implementation.cache_tag, type(env).__qualname__,
               env.sandboxed, env.autoescape, env.optimized, env.block_start_string,
               env.variable_start_string, env.comment_start_string, env.line_statement_prefix,
               env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline)
    key = hashlib.sha256(repr((options, source)).encode()).hexdigest()
    path = root / "jinja" / key[:2] / f"{key}.code"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not there yet, or unreadable: compiled again (and rewritten)
    code = env.compile(source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".code-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(code))
        os.replace(tmp, path)
    except OSError as exc:  # a read-only or full disk: the run goes on without the cache
        log.warning("compiled template not cached in %s: %s", path.parent, exc)
    return code


class _CompilingOnceEnvironment(SandboxedEnvironment):
    """A sandboxed environment whose ``from_string`` compiles each distinct source once per
    process (docxtpl calls it with the patched XML of a template part for every document),
    and across processes through :func:`_compiled`."""

    MAX_SOURCES = 256

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._compiled: dict[str, jinja2.Template] = {}
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's name
        if globals or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self.template_class.from_code(self, _compiled(self, source),
                                                     self.make_globals(None))
            with self._lock:  # the web service renders in several threads
                if len(self._compiled) >= self.MAX_SOURCES:
                    self._compiled.pop(next(iter(self._compiled)))
                self._compiled[source] = compiled
        return compiled


@functools.lru_cache(maxsize=1)
def shared_environment() -> SandboxedEnvironment:
    """The process's rendering environment (sandboxed, autoescaping, :data:`FILTERS`): every
    distinct template source is compiled once per process. Thread-safe (compiled templates
    are; a source compiled twice by two threads at once is merely compiled twice)."""
    env = _CompilingOnceEnvironment(autoescape=True)
    env.filters.update(FILTERS)
    return env


@functools.lru_cache(maxsize=128)
def _patched(xml: str) -> str:
    return DocxTemplate.patch_xml(_PATCHER, xml)


class _Template(DocxTemplate):
    """A ``DocxTemplate`` whose ``patch_xml`` (a dozen regular expressions over the part's
    XML, the same for every document of a kind) is memoised per process."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)


_PATCHER = DocxTemplate.__new__(DocxTemplate)
"""``patch_xml`` uses no state of its template object."""


def _fresh(template: Path) -> DocxTemplate:
    try:
        return _Template(io.BytesIO(_template_bytes(template)))
    except TemplateError:
        raise
    except Exception as exc:  # a corrupt file: zip or XML errors of many kinds
        raise TemplateError(_("template {template}: not a readable DOCX ({exc})",
                              template=template, exc=exc)) from exc


SVG_CONTENT_TYPE = "image/svg+xml"
_RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_SVG_EXT_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_UNIT_PT = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0, "": 0.75}


def svg_size_pt(data: bytes) -> tuple[float, float]:
    """(width, height) in points of an SVG document, from its root ``width``/``height``
    (``pt``, ``px``, ``mm``, ``cm``, ``in`` or unitless = px), else its ``viewBox``.

    :raises ValueError: no size can be read.
    """
    head = data[:4096].decode("utf-8", "replace")
    root = re.search(r"<svg\b[^>]*>", head)
    if root is None:
        raise ValueError("not an SVG document (no <svg> element)")
    tag = root.group(0)
    size = []
    for name in ("width", "height"):
        m = re.search(rf'\s{name}="([0-9.]+)\s*(pt|px|mm|cm|in|)"', tag)
        if m is None:
            break
        size.append(float(m.group(1)) * _UNIT_PT[m.group(2)])
    if len(size) == 2 and all(size):
        return size[0], size[1]
    m = re.search(r'viewBox="[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+)[ ,]+([0-9.]+)"', tag)
    if m is None or not float(m.group(1)) or not float(m.group(2)):
        raise ValueError("SVG document without width/height or viewBox")
    return float(m.group(1)) * 0.75, float(m.group(2)) * 0.75


class SvgInlineImage(InlineImage):
    """An SVG picture inline in the rendered DOCX, ``width`` wide (EMU), its height from the
    SVG's aspect ratio.

    The picture's main ``a:blip`` points at the SVG part itself and an ``asvg:svgBlip``
    extension (Office 2016+) points at it too. Measured with LibreOffice 7.4: it ignores the
    ``svgBlip`` extension (with a PNG as main blip it draws and exports the PNG) and draws an
    SVG main blip as vector graphics, its text exported as text in the PDF (``pdftotext`` finds
    it); Word 2016+ reads the extension. Identical SVG files share one part per document."""

    def _insert_image(self) -> str:
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml.ns import qn
        from docx.oxml.shape import CT_Inline
        from lxml import etree

        part = self.tpl.current_rendering_part
        path = Path(self.image_descriptor)
        data = path.read_bytes()
        w_pt, h_pt = svg_size_pt(data)
        cx = int(self.width)
        cy = int(cx * h_pt / w_pt)
        shared = self.tpl.__dict__.setdefault("_naskah_svg_parts", {})
        digest = hashlib.sha1(data).hexdigest()
        svg_part = shared.get(digest)
        if svg_part is None:
            name = part.package.next_partname("/word/media/image%d.svg")
            svg_part = Part(PackURI(name), SVG_CONTENT_TYPE, data, part.package)
            shared[digest] = svg_part
        rid = part.relate_to(svg_part, _RT_IMAGE)
        inline = CT_Inline.new_pic_inline(part.next_id, rid, path.name, cx, cy)
        blip = inline.xpath(".//a:blip")[0]
        ext = etree.SubElement(etree.SubElement(blip, qn("a:extLst")), qn("a:ext"))
        ext.set("uri", _SVG_EXT_URI)
        svg_blip = etree.SubElement(ext, f"{{{_ASVG}}}svgBlip", nsmap={"asvg": _ASVG})
        svg_blip.set(qn("r:embed"), rid)
        return (
            f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


def inline_image(tpl: DocxTemplate, image: Image) -> InlineImage:
    """The docxtpl picture of ``image`` in ``tpl``: :class:`SvgInlineImage` for an ``.svg``
    file, else docxtpl's ``InlineImage`` (PNG, JPEG …)."""
    cls = SvgInlineImage if Path(image.path).suffix.lower() == ".svg" else InlineImage
    return cls(tpl, str(image.path), width=Mm(image.width_mm))


def _with_images(value: Any, tpl: DocxTemplate) -> Any:
    """``value`` with every :class:`Image` (nested in dicts, lists, tuples) replaced by an
    ``InlineImage`` of ``tpl``. Other objects are returned as they are."""
    if isinstance(value, Image):
        if not Path(value.path).is_file():
            raise TemplateError(_("image {path} does not exist", path=value.path))
        return inline_image(tpl, value)
    if isinstance(value, Mapping):
        return {k: _with_images(v, tpl) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_with_images(v, tpl) for v in value]
    return value


def _jinja_message(template: Path, exc: jinja2.TemplateError) -> str:
    """``template: <error> near: <text of the lines around it>`` (docxtpl puts each paragraph on
    its own line and gives the stripped lines around the error as ``docx_context``)."""
    msg = _("template {name}: {error}", name=Path(template).name,
            error=f"{type(exc).__name__}: {exc.message or exc}")
    if getattr(exc, "lineno", None):
        msg += " " + _("(paragraph {n})", n=max(exc.lineno - 1, 1))
    lines = [ln.strip() for ln in getattr(exc, "docx_context", None) or () if ln.strip()]
    if lines:
        msg += " — near: " + " | ".join(_shorten(ln) for ln in lines)
    return msg


def _shorten(text: str, n: int = 100) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= n else text[: n - 1] + "…"


# --- paper ---------------------------------------------------------------------------------------


def _resize(tpl: DocxTemplate, kertas: str) -> None:
    """Resize every section to ``kertas`` keeping orientation and margins; fixed table widths
    (``dxa``) are scaled by the ratio of the new to the old text width of the first section."""
    if kertas not in PAPER_MM:
        raise TemplateError(_("kertas {kertas!r} is not one of {value}", kertas=kertas,
                              value=', '.join(PAPER_MM)))
    doc = tpl.docx
    sections = list(doc.sections)
    if not sections:
        return
    first = sections[0]
    old_text = first.page_width - first.left_margin - first.right_margin
    for s in sections:
        w, h = (Mm(x) for x in PAPER_MM[kertas])
        landscape = s.page_width > s.page_height
        s.page_width, s.page_height = (h, w) if landscape else (w, h)
    new_text = first.page_width - first.left_margin - first.right_margin
    if old_text <= 0 or new_text == old_text:
        return
    ratio = new_text / old_text
    if ratio >= 1:
        return
    w_ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = doc.element.body
    for el in body.iter(f"{w_ns}tblW", f"{w_ns}tcW"):
        if el.get(f"{w_ns}type") == "dxa" and el.get(f"{w_ns}w"):
            el.set(f"{w_ns}w", str(int(int(el.get(f"{w_ns}w")) * ratio)))
    for el in body.iter(f"{w_ns}gridCol"):
        if el.get(f"{w_ns}w"):
            el.set(f"{w_ns}w", str(int(int(el.get(f"{w_ns}w")) * ratio)))


# --- public API ----------------------------------------------------------------------------------


def render_docx(template: Path, context: dict, out: Path, *, kertas: str = "F4") -> None:
    """Render ``template`` (a docxtpl ``.docx``) with ``context`` into ``out``.

    ``kertas``: ``"F4"`` (as built) or ``"A4"`` (sections resized to 210 × 297 mm).

    :raises naskah.errors.TemplateError: the template cannot be read, has a Jinja error (the
        message names the template and quotes the text around the error), an image is missing,
        or the paper is unknown.
    """
    tpl = _fresh(template)
    env = shared_environment()
    ctx = _with_images(context, tpl)
    try:
        tpl.render(ctx, env)
    except jinja2.TemplateError as exc:
        raise TemplateError(_jinja_message(template, exc)) from exc
    except TemplateError:
        raise
    except Exception as exc:  # docxtpl post-processing: malformed XML after rendering
        raise TemplateError(_("template {name}: {name2}: {exc}", name=Path(template).name,
                              name2=type(exc).__name__, exc=exc)) from exc
    keep_signatures_with_text(tpl.docx)
    keep_headings_after_tables(tpl.docx)
    if kertas != "F4":
        _resize(tpl, kertas)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(out)


class _RecordingUndefined(jinja2.Undefined):
    """An ``Undefined`` that records each name printed or iterated while undefined."""

    seen: list[str]

    def _record(self) -> None:
        name = self._undefined_name
        if self._undefined_obj is jinja2.utils.missing:
            self.seen.append(_("variable {name!r}", name=name))
        else:
            self.seen.append(_("attribute {name!r} of a {name2}", name=name,
                               name2=type(self._undefined_obj).__name__))

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self):
        self._record()
        return iter(())

    __html__ = __str__


def check_template(template: Path, sample_context: dict | None = None) -> list[str]:
    """Problems of ``template``, as printable sentences (``[]`` when it is fine):

    - it is not a readable DOCX;
    - a Jinja syntax error, with the text around it;
    - with ``sample_context``: top-level variables the template uses that the context lacks
      (``get_undeclared_template_variables``), a failing sample render, and values printed
      while undefined (e.g. a misspelt ``kop.alamt``).

    Used to validate templates (naskah's and plugins') when they are loaded.
    """
    name = Path(template).name
    try:
        tpl = _fresh(template)
        tpl.init_docx()
    except TemplateError as exc:
        return [str(exc)]
    env = make_environment()
    problems: list[str] = []
    try:
        xml = tpl.patch_xml(tpl.get_xml())
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        env.parse(xml)
        for _unused, part in tpl.get_headers_footers(tpl.HEADER_URI):
            env.parse(re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_part_xml(part))))
        for _unused, part in tpl.get_headers_footers(tpl.FOOTER_URI):
            env.parse(re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_part_xml(part))))
    except jinja2.TemplateSyntaxError as exc:
        if exc.lineno is not None and not getattr(exc, "docx_context", None):
            src = exc.source or xml
            lines = src.splitlines()[max(exc.lineno - 3, 0) : exc.lineno + 2]
            exc.docx_context = [re.sub(r"<[^>]+>", "", ln) for ln in lines]
        return [_jinja_message(template, exc)]
    if sample_context is None:
        return problems
    missing = tpl.get_undeclared_template_variables(env, sample_context)
    for var in sorted(missing):
        problems.append(_("template {name}: variable {var!r} is not in the context", name=name,
                          var=var))

    recorder = type("Recorder", (_RecordingUndefined,), {"seen": []})
    fresh = _fresh(template)
    try:
        fresh.render(_with_images(sample_context, fresh), make_environment(recorder))
        fresh.save(io.BytesIO())
    except jinja2.TemplateError as exc:
        problems.append(_jinja_message(template, exc))
    except Exception as exc:
        problems.append(_("template {name}: sample render failed: {name2}: {exc}", name=name,
                          name2=type(exc).__name__, exc=exc))
    for undefined in dict.fromkeys(recorder.seen):
        if not any(undefined == f"variable {m!r}" for m in missing):
            problems.append(_("template {name}: {undefined} is undefined in the sample context",
                              name=name, undefined=undefined))
    return problems
