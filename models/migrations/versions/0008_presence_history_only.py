"""presence from absences only: drop person.vacation_until and the awaystatus table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 07:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import models.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _status_absences_from_awaystatus()
    op.drop_table("awaystatus")
    # Not in batch mode: on SQLite that copies and drops ``person``, which its foreign keys refuse once rows point at
    # it. SQLite drops a plain column itself since 3.35.
    op.drop_column("person", "vacation_until")


def _status_absences_from_awaystatus() -> None:
    """0007 copied vacation_until as typed; where a chat status had written it, it becomes the status's absence, and
    the end the person had typed before the status (``previous``) becomes a typed absence of its own."""
    today = datetime.now(UTC).date()
    op.execute(
        sa.text(
            "INSERT INTO absence (person_id, first_day, last_day, source, created_at) "
            "SELECT a.person_id, a.first_day, s.previous, 'typed', a.created_at FROM absence a "
            "JOIN awaystatus s ON s.person_id = a.person_id AND s.set_to = a.last_day "
            "WHERE a.source = 'typed' AND a.ended_at IS NULL AND s.previous >= :today AND s.previous <> s.set_to"
        ).bindparams(today=today)
    )
    op.execute(
        sa.text(
            "UPDATE absence SET source = 'status' WHERE source = 'typed' AND ended_at IS NULL AND EXISTS ("
            "SELECT 1 FROM awaystatus s WHERE s.person_id = absence.person_id AND s.set_to = absence.last_day "
            "AND (s.previous IS NULL OR s.previous <> s.set_to))"
        )
    )


def downgrade() -> None:
    op.add_column("person", sa.Column("vacation_until", sa.Date(), nullable=True))
    op.execute(
        sa.text(
            "UPDATE person SET vacation_until = (SELECT MAX(a.last_day) FROM absence a "
            "WHERE a.person_id = person.id AND a.last_day >= :today)"
        ).bindparams(today=datetime.now(UTC).date())
    )
    op.create_table(
        "awaystatus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("set_to", sa.Date(), nullable=False),
        sa.Column("previous", sa.Date(), nullable=True),
        sa.Column("updated_at", models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id"),
    )
