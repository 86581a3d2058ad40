"""disclosure board: announcements, subscriptions, channel deliveries

Revision ID: 0008
Revises: 0004
Create Date: 2026-11-23 13:30:30.310915
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0008'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('disclosure_subscription',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_disclosure_subscription_community_id_community')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_disclosure_subscription_person_id_person')),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_disclosure_subscription'))
    )
    with op.batch_alter_table('disclosure_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_subscription_community_id'), ['community_id'], unique=False)

    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chat_username', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))

    with op.batch_alter_table('disclosure_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_disclosure_entry_announced_at'), ['announced_at'], unique=False)
    # Entries published before the board posted anything are not announced again.
    op.execute("UPDATE disclosure_entry SET announced_at = published_at")



def downgrade() -> None:
    with op.batch_alter_table('disclosure_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_entry_announced_at'))
        batch_op.drop_column('announced_at')

    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_column('chat_username')

    with op.batch_alter_table('disclosure_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_subscription_community_id'))

    op.drop_table('disclosure_subscription')
