"""teams conversation references

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 04:52:01.246421
"""

from collections.abc import Callable

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teamschannel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("service_url", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bot_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("dead", sa.Boolean(), nullable=False),
        sa.Column("updated_at", models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id"),
    )
    with op.batch_alter_table("teamschannel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teamschannel_team_id"), ["team_id"], unique=False)

    op.create_table(
        "teamsuser",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("aad_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("service_url", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bot_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("conversation_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("dead", sa.Boolean(), nullable=False),
        sa.Column("updated_at", models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
    )
    with op.batch_alter_table("teamsuser", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teamsuser_aad_id"), ["aad_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_teamsuser_email"), ["email"], unique=False)

    _without_foreign_keys(_widen_person_and_team)


def _widen_person_and_team() -> None:
    """Teams user ids (29:...) and channel ids need more than 64 characters; people get an Azure AD object id."""
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aad_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.alter_column(
            "platform_user_id",
            existing_type=sa.VARCHAR(length=64),
            type_=sqlmodel.sql.sqltypes.AutoString(length=255),
            existing_nullable=False,
        )
        batch_op.create_index(batch_op.f("ix_person_aad_id"), ["aad_id"], unique=False)

    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.alter_column(
            "channel",
            existing_type=sa.VARCHAR(length=64),
            type_=sqlmodel.sql.sqltypes.AutoString(length=255),
            existing_nullable=True,
        )


def _without_foreign_keys(change: Callable[[], None]) -> None:
    """Run ``change`` with SQLite's foreign keys off, then check them all.

    SQLite alters a column by copying the table and dropping the old one; with foreign keys on, that drop fails as
    soon as other rows (memberships, managers, objectives) point at it. The pragma is ignored inside a transaction,
    so the open one is committed first; ``foreign_key_check`` proves the copy broke no reference before switching
    enforcement back on. PostgreSQL alters in place and needs none of this.
    """
    if op.get_bind().dialect.name != "sqlite":
        change()
        return
    _end_transaction()
    op.execute("PRAGMA foreign_keys = OFF")
    try:
        change()
        broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"widening person/team would break {len(broken)} foreign keys: {broken[:5]}")
        _end_transaction()
    finally:
        op.execute("PRAGMA foreign_keys = ON")


def _end_transaction() -> None:
    # The no-op update opens a transaction when none is open, so the COMMIT always has one to end.
    op.execute("UPDATE alembic_version SET version_num = version_num")
    op.execute("COMMIT")


def downgrade() -> None:
    def narrow() -> None:
        with op.batch_alter_table("team", schema=None) as batch_op:
            batch_op.alter_column(
                "channel",
                existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
                type_=sa.VARCHAR(length=64),
                existing_nullable=True,
            )
        with op.batch_alter_table("person", schema=None) as batch_op:
            batch_op.drop_index(batch_op.f("ix_person_aad_id"))
            batch_op.alter_column(
                "platform_user_id",
                existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
                type_=sa.VARCHAR(length=64),
                existing_nullable=False,
            )
            batch_op.drop_column("aad_id")

    _without_foreign_keys(narrow)
    with op.batch_alter_table("teamsuser", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teamsuser_email"))
        batch_op.drop_index(batch_op.f("ix_teamsuser_aad_id"))
    op.drop_table("teamsuser")
    with op.batch_alter_table("teamschannel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teamschannel_team_id"))
    op.drop_table("teamschannel")
