"""rights requests, reminders, data volumes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 03:57:34.941887
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('data_volume',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('service', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('records_total', sa.Integer(), nullable=False),
    sa.Column('records_created', sa.Integer(), nullable=False),
    sa.Column('records_deleted', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'day', 'service', 'category')
    )
    with op.batch_alter_table('data_volume', schema=None) as batch_op:
        batch_op.create_index('ix_data_volume_day', ['day', 'tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_data_volume_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('rights_request',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('external_ref', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('request_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('jurisdictions', sa.JSON(), nullable=False),
    sa.Column('subject_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('extension_reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('assignee', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('deciding_law', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'external_ref')
    )
    with op.batch_alter_table('rights_request', schema=None) as batch_op:
        batch_op.create_index('ix_rights_request_open', ['tenant_id', 'status', 'due_date'], unique=False)
        batch_op.create_index('ix_rights_request_received', ['tenant_id', 'received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_rights_request_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('request_reminder',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['rights_request.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('request_id', 'kind')
    )
    with op.batch_alter_table('request_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_reminder_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_request_reminder_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('tenant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holiday_calendar', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('tenant', schema=None) as batch_op:
        batch_op.drop_column('holiday_calendar')

    with op.batch_alter_table('request_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_reminder_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_request_reminder_request_id'))

    op.drop_table('request_reminder')
    with op.batch_alter_table('rights_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rights_request_tenant_id'))
        batch_op.drop_index('ix_rights_request_received')
        batch_op.drop_index('ix_rights_request_open')

    op.drop_table('rights_request')
    with op.batch_alter_table('data_volume', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_volume_tenant_id'))
        batch_op.drop_index('ix_data_volume_day')

    op.drop_table('data_volume')
