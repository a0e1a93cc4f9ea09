"""agreements, documents, instructions, flags

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 04:07:12.092224
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agreement_document',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('uploaded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agreement_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_document_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('instruction_set',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('based_on_version', sa.Integer(), nullable=True),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'service', 'version')
    )
    with op.batch_alter_table('instruction_set', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instruction_set_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('agreement',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('governing_law', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('subprocessor_authorisation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('subprocessor_notice_days', sa.Integer(), nullable=False),
    sa.Column('breach_notice_hours', sa.Integer(), nullable=False),
    sa.Column('request_target_days', sa.Integer(), nullable=False),
    sa.Column('audit_rights', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('end_of_contract', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['agreement_document.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'kind', 'version')
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ux_agreement_current', ['tenant_id', 'kind'], unique=True, sqlite_where=sa.text("status = 'signed'"), postgresql_where=sa.text("status = 'signed'"))

    op.create_table('instruction_flag',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instruction_set_id', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('raised_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('raised_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('resolution', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('resolved_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['instruction_set_id'], ['instruction_set.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('instruction_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instruction_flag_instruction_set_id'), ['instruction_set_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_instruction_flag_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('instruction_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instruction_flag_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_instruction_flag_instruction_set_id'))

    op.drop_table('instruction_flag')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index('ux_agreement_current', sqlite_where=sa.text("status = 'signed'"), postgresql_where=sa.text("status = 'signed'"))
        batch_op.drop_index(batch_op.f('ix_agreement_tenant_id'))

    op.drop_table('agreement')
    with op.batch_alter_table('instruction_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instruction_set_tenant_id'))

    op.drop_table('instruction_set')
    with op.batch_alter_table('agreement_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_document_tenant_id'))

    op.drop_table('agreement_document')
