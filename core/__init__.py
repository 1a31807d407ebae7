"""naskah: official documents of the SAKIP SOP "Pengumpulan Data dan Pengukuran Kinerja".

Plugin authors need only :data:`hookimpl` from here::

    import naskah

    @naskah.hookimpl
    def naskah_agencies():
        ...
"""

import pluggy

__version__ = "0.2.0"

PROJECT_NAME = "naskah"
"""The pluggy project name and the entry-point group agency plugins register in."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
hookspec = pluggy.HookspecMarker(PROJECT_NAME)

__all__ = ["hookimpl", "hookspec", "__version__", "PROJECT_NAME"]
