"""The plugin host: loading agency plugins (``manager``), checking them (``check``), and the
profile overrides of agencies (``profiles``). The contract itself is :mod:`naskah.hookspecs`."""

DEFAULT_PLUGIN = "naskah.plugins.default"
"""The name the default plugin (:mod:`naskah.plugins.default`) is registered under."""
