"""outgoing webhooks: endpoints and the outbox of events to POST

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 10:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _string(length: int):
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "webhook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", _string(500), nullable=False),
        sa.Column("secret_env", _string(100), nullable=False),
        sa.Column("events", _string(200), nullable=False),
        sa.Column("origin", _string(8), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    op.create_table(
        "webhookevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", _string(36), nullable=False),
        sa.Column("event", _string(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", models.types.UTCDateTime(), nullable=True),
        sa.Column("lease_until", models.types.UTCDateTime(), nullable=True),
        sa.Column("delivered_at", models.types.UTCDateTime(), nullable=True),
        sa.Column("problem", _string(64), nullable=False),
        sa.ForeignKeyConstraint(["webhook_id"], ["webhook.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("delivery_id"),
    )
    with op.batch_alter_table("webhookevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhookevent_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_webhookevent_webhook_id"), ["webhook_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("webhookevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhookevent_webhook_id"))
        batch_op.drop_index(batch_op.f("ix_webhookevent_status"))
    op.drop_table("webhookevent")
    op.drop_table("webhook")
