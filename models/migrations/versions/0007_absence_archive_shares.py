"""presence as intervals (absence), archived objectives and key results, shared personal objectives

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 06:20:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(), nullable=False),
        sa.Column("ended_at", models.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absence_person_id"), ["person_id"], unique=False)
    _absences_from_vacation_until()

    op.create_table(
        "objectiveshare",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["objective_id"], ["objective.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("objective_id", "person_id"),
    )
    with op.batch_alter_table("objectiveshare", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objectiveshare_objective_id"), ["objective_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_objectiveshare_person_id"), ["person_id"], unique=False)

    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", models.types.UTCDateTime(), nullable=True))
    with op.batch_alter_table("keyresult", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", models.types.UTCDateTime(), nullable=True))


def _absences_from_vacation_until() -> None:
    """Only the end of an absence was stored before: it becomes an interval from today (nothing in the past moves)."""
    today = datetime.now(UTC).date()
    op.execute(
        sa.text(
            "INSERT INTO absence (person_id, first_day, last_day, source, created_at) "
            "SELECT id, :today, vacation_until, 'typed', :now FROM person "
            "WHERE vacation_until IS NOT NULL AND vacation_until >= :today"
        ).bindparams(today=today, now=datetime.now(UTC).replace(tzinfo=None))
    )


def downgrade() -> None:
    with op.batch_alter_table("keyresult", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    with op.batch_alter_table("objective", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
    with op.batch_alter_table("objectiveshare", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objectiveshare_person_id"))
        batch_op.drop_index(batch_op.f("ix_objectiveshare_objective_id"))
    op.drop_table("objectiveshare")
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_person_id"))
    op.drop_table("absence")
