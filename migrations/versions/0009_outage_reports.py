"""outage reports: deliveries given up after their retries, reported once

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-30 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outage_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('given_up', sa.Integer(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_outage_report_community_id_community')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outage_report'))
    )
    with op.batch_alter_table('outage_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outage_report_community_id'), ['community_id'], unique=False)

    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_up_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outage_report_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_delivery_outage_report_id_outage_report'), 'outage_report', ['outage_report_id'], ['id'])
        batch_op.create_index('ix_delivery_given_up', ['outage_report_id', 'given_up_at'], unique=False)
        batch_op.create_index('ix_delivery_sent_at', ['sent_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_sent_at')
        batch_op.drop_index('ix_delivery_given_up')
        batch_op.drop_constraint(batch_op.f('fk_delivery_outage_report_id_outage_report'), type_='foreignkey')
        batch_op.drop_column('outage_report_id')
        batch_op.drop_column('given_up_at')

    with op.batch_alter_table('outage_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outage_report_community_id'))

    op.drop_table('outage_report')
