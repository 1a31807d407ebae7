"""naskah's benchmarks (``make bench``): see ``benchmarks/run.py`` and ``docs/performance.md``."""
