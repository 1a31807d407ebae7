"""``python -m naskah.migrations revision "message"``: autogenerate a revision for model changes.

Upgrades a throw-away SQLite database to head, compares it with the models and writes the
difference as a new file in ``versions/`` (review it: Alembic does not see renames).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from naskah.db import make_engine
from naskah.migrations import alembic_config, head_revision, upgrade


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "revision":
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'head.db'}")
        upgrade(engine)
        number = int(head_revision()) + 1
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=argv[1], autogenerate=True, rev_id=f"{number:04d}")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
