"""Batches: several agencies and periods as one job (``batches``), done in steps (``steps``) with
per-document state (``state``), by an executor handed in: in-process (``inprocess``) or Celery
(:mod:`naskah.workers`)."""
