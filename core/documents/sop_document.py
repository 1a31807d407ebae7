"""Render an agency's SOP document (SOP AP format, Permenpan RB 35/2012) without a data cycle.

The same document as the ``sop`` kind of a cycle's trail (:mod:`naskah.documents.sop`), built only
from what the agency plugin declares: its profile (identity page, signatory) and its procedures
(flowchart matrices). Used by ``naskah sop --agency SLUG``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from naskah.agencies.manager import Plugins
from naskah.documents.registry import kind
from naskah.documents.sop import sop_context, sumber_teks
from naskah.render import render_docx


def render_sop(
    plugins: Plugins,
    agency_slug: str,
    out: Path,
    *,
    kertas: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Write the SOP document of agency ``agency_slug`` to ``out`` (a ``.docx`` path; its folder
    is created) and return ``out``.

    The template is the agency's ``sop`` template (hook ``naskah_template``, default
    ``templates/docx/sop.docx``); ``kertas`` (``"F4"``/``"A4"``) overrides the agency's paper.
    ``warn`` receives one message per fact the profile does not give (printed blank).

    :raises naskah.agencies.manager.PluginError: unknown agency, no procedures, no template.
    :raises naskah.errors.TemplateError: the template does not render.
    :raises ValueError: unknown ``kertas``, or a decision naming a step that does not exist.
    """
    agency = plugins.agency(agency_slug)
    procedures = plugins.procedures(agency)
    sop_kind = plugins.document_kinds(agency).get("sop") or kind("sop")
    template = plugins.template(agency, sop_kind)
    paper = kertas or agency.kertas or "F4"
    workdir = Path(tempfile.mkdtemp(prefix="naskah-sop-"))
    try:
        ctx = sop_context(agency, procedures, workdir=workdir, kertas=paper, warn=warn)
        ctx["sumber"] = sumber_teks(ctx["identitas"]["nama_sop"], agency.singkatan)
        render_docx(template, ctx, Path(out), kertas=paper)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return Path(out)
