"""naskah.workers: the Celery app (``celery_app``) and the batch tasks (``tasks``) run by
``naskah worker``; see docs/deployment.md."""
