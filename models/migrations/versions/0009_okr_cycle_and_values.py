"""the OKR cycle and values from outside chat: objective status and carry-over, OKR change history, key-result values

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default="active"))
        batch_op.add_column(sa.Column("carried_from_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_objective_carried_from_id", "objective", ["carried_from_id"], ["id"])

    op.create_table(
        "okrchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("key_result_id", sa.Integer(), nullable=True),
        sa.Column("what", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("before", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("after", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("by_person_id", sa.Integer(), nullable=True),
        sa.Column("at", models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["objective_id"], ["objective.id"]),
        sa.ForeignKeyConstraint(["key_result_id"], ["keyresult.id"]),
        sa.ForeignKeyConstraint(["by_person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("okrchange", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_okrchange_objective_id"), ["objective_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_okrchange_key_result_id"), ["key_result_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_okrchange_at"), ["at"], unique=False)

    op.create_table(
        "keyresultvalue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_result_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("measured_at", models.types.UTCDateTime(), nullable=False),
        sa.Column("recorded_at", models.types.UTCDateTime(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(["key_result_id"], ["keyresult.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("keyresultvalue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_keyresultvalue_key_result_id"), ["key_result_id"], unique=False)


def downgrade() -> None:
    op.drop_table("keyresultvalue")
    op.drop_table("okrchange")
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_constraint("fk_objective_carried_from_id", type_="foreignkey")
        batch_op.drop_column("carried_from_id")
        batch_op.drop_column("status")
