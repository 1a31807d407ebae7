"""Context builders for the built-in document kinds.

Each kind has one builder ``f(cycle, document, nomor) -> dict`` registered with
:func:`naskah.documents.registry.builder`; :func:`build_context` dispatches by kind slug.
The default plugin exposes them through the ``naskah_document_context`` hook.
"""

from naskah.documents.registry import BUILTIN_KINDS, build_context, builder, kind

__all__ = ["BUILTIN_KINDS", "build_context", "builder", "kind"]
