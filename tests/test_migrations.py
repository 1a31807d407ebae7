"""Alembic migrations: the head revision creates exactly the models' schema, on SQLite and PG."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from naskah.archive.store import init_db
from naskah.db import make_engine
from naskah.migrations import (
    FOUNDATION_REVISION,
    current_revision,
    downgrade,
    head_revision,
    include_name,
    target_metadata,
    upgrade,
)


def _diff(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_name": include_name})
        return compare_metadata(ctx, target_metadata())


def test_the_head_read_without_alembic_is_alembics_head():
    from alembic.script import ScriptDirectory

    from naskah.migrations import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_head_revision_matches_the_models(database_url):
    engine = make_engine(database_url)
    try:
        init_db(engine)
        assert current_revision(engine) == head_revision()
        assert _diff(engine) == [], "models and migrations differ: add a revision"
    finally:
        engine.dispose()


def test_init_db_twice_is_a_no_op_and_keeps_rows(database_url):
    from naskah.accounts.users import Role, add_user, list_users
    from naskah.db import session_factory

    engine = make_engine(database_url)
    try:
        init_db(engine)
        with session_factory(engine)() as s, s.begin():
            add_user(s, "rina", Role.ARSIPARIS)
        init_db(engine)
        with session_factory(engine)() as s:
            assert [u.name for u in list_users(s)] == ["rina"]
    finally:
        engine.dispose()


def test_an_index_made_before_migrations_is_stamped_and_upgraded(database_url):
    engine = make_engine(database_url)
    try:
        # What create_all made before migrations: the foundation schema, without alembic_version
        # (the models of today have more columns, so they cannot stand in for it).
        upgrade(engine, FOUNDATION_REVISION)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
        assert current_revision(engine) is None
        init_db(engine)
        assert current_revision(engine) == head_revision()
        assert {"app_user", "api_token", "batch", "batch_item"} <= set(
            inspect(engine).get_table_names()
        )
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_downgrade_to_foundation_drops_only_the_service_tables(database_url):
    engine = make_engine(database_url)
    try:
        init_db(engine)
        downgrade(engine, FOUNDATION_REVISION)
        names = set(inspect(engine).get_table_names())
        assert {"run", "document", "register", "nomor_issued"} <= names
        assert not names & {"app_user", "api_token", "batch", "batch_item"}
        init_db(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
