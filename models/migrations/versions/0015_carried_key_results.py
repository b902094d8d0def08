"""carried key results: which key result of the period before a carried or reworked one continues

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("keyresult", schema=None) as batch_op:
        batch_op.add_column(sa.Column("carried_from_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_keyresult_carried_from_id"), ["carried_from_id"], unique=False)
        batch_op.create_foreign_key("fk_keyresult_carried_from_id", "keyresult", ["carried_from_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("keyresult", schema=None) as batch_op:
        batch_op.drop_constraint("fk_keyresult_carried_from_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_keyresult_carried_from_id"))
        batch_op.drop_column("carried_from_id")
