"""The archive: stored files and their index (``store``), the numbering register (``numbering``),
search and bundles (ZIP, merged PDF)."""
