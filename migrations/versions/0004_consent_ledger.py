"""consent ledger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 04:15:11.117082
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('consent_evidence',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('uploaded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consent_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_evidence_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('consent_subject',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref_hmac', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ref_encrypted', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('subject_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'ref_hmac')
    )
    with op.batch_alter_table('consent_subject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_subject_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('consent_event',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=63), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('captured_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('notice_version', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('evidence_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('evidence_id', sa.Integer(), nullable=True),
    sa.Column('guardian_encrypted', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('jurisdiction', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['consent_evidence.id'], ),
    sa.ForeignKeyConstraint(['subject_id'], ['consent_subject.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'subject_id', 'purpose', 'status', 'captured_at')
    )
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.create_index('ix_consent_event_captured', ['tenant_id', 'captured_at'], unique=False)
        batch_op.create_index('ix_consent_event_latest', ['tenant_id', 'purpose', 'subject_id', 'captured_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_event_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('consent_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_event_tenant_id'))
        batch_op.drop_index('ix_consent_event_latest')
        batch_op.drop_index('ix_consent_event_captured')

    op.drop_table('consent_event')
    with op.batch_alter_table('consent_subject', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_subject_tenant_id'))

    op.drop_table('consent_subject')
    with op.batch_alter_table('consent_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_evidence_tenant_id'))

    op.drop_table('consent_evidence')
