"""data sources feeding key results and KPIs; KPIs with their corridor, values and the key results they measure

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _string(length: int):
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "kpi",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", _string(300), nullable=False),
        sa.Column("name", _string(200), nullable=False),
        sa.Column("unit", _string(32), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("current", sa.Float(), nullable=True),
        sa.Column("measured_at", models.types.UTCDateTime(), nullable=True),
        sa.Column("outside_since", models.types.UTCDateTime(), nullable=True),
        sa.Column("told_at", models.types.UTCDateTime(), nullable=True),
        sa.Column("archived_at", models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("kpi", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_team_id"), ["team_id"], unique=False)

    op.create_table(
        "kpivalue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("measured_at", models.types.UTCDateTime(), nullable=False),
        sa.Column("recorded_at", models.types.UTCDateTime(), nullable=False),
        sa.Column("source", _string(16), nullable=False),
        sa.Column("origin", _string(200), nullable=False),
        sa.ForeignKeyConstraint(["kpi_id"], ["kpi.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kpivalue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpivalue_kpi_id"), ["kpi_id"], unique=False)

    op.create_table(
        "kpimeasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_result_id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["key_result_id"], ["keyresult.id"]),
        sa.ForeignKeyConstraint(["kpi_id"], ["kpi.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_result_id"),
    )
    with op.batch_alter_table("kpimeasure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpimeasure_kpi_id"), ["kpi_id"], unique=False)

    op.create_table(
        "feedsource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_result_id", sa.Integer(), nullable=True),
        sa.Column("kpi_id", sa.Integer(), nullable=True),
        sa.Column("kind", _string(16), nullable=False),
        sa.Column("name", _string(200), nullable=False),
        sa.Column("config", sa.Text(), nullable=False),
        sa.Column("every_minutes", sa.Integer(), nullable=False),
        sa.Column("next_due_at", models.types.UTCDateTime(), nullable=False),
        sa.Column("lease_until", models.types.UTCDateTime(), nullable=True),
        sa.Column("last_ok_at", models.types.UTCDateTime(), nullable=True),
        sa.Column("failing_since", models.types.UTCDateTime(), nullable=True),
        sa.Column("problem", _string(200), nullable=False),
        sa.Column("told", _string(16), nullable=False),
        sa.ForeignKeyConstraint(["key_result_id"], ["keyresult.id"]),
        sa.ForeignKeyConstraint(["kpi_id"], ["kpi.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_result_id"),
        sa.UniqueConstraint("kpi_id"),
    )
    with op.batch_alter_table("feedsource", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedsource_next_due_at"), ["next_due_at"], unique=False)


def downgrade() -> None:
    op.drop_table("feedsource")
    op.drop_table("kpimeasure")
    op.drop_table("kpivalue")
    op.drop_table("kpi")
