"""a sending flag on deliveries and channel posts: a send was started, so a take-over checks before sending again

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("delivery", "channelpost")


def upgrade() -> None:
    for table in TABLES:
        # Not in batch mode: SQLite adds a column with a constant default itself, without copying the table.
        op.add_column(table, sa.Column("sending", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("sending")
