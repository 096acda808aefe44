"""PostgreSQL: NOTIFY antrian_calls on every new call_event, so boards update at once (SQLite boards poll).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from shared.services import call_notify

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(call_notify.CREATE_FUNCTION_SQL)
    op.execute(call_notify.DROP_TRIGGER_SQL)
    op.execute(call_notify.CREATE_TRIGGER_SQL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(call_notify.DROP_TRIGGER_SQL)
    op.execute(call_notify.DROP_FUNCTION_SQL)
