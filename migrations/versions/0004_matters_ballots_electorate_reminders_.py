"""matters, ballots, electorate, reminders, disclosure links

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:17:48.357543
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('matter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('recall_target', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('may_change', sa.Boolean(), nullable=False),
    sa.Column('quorum', sa.Float(), nullable=False),
    sa.Column('pass_rule', sa.String(length=32), nullable=False),
    sa.Column('reminder_hours', sa.JSON(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('salt', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_matter_community_id_community')),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_matter_created_by_id_person')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_matter_proposal_id_proposal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter'))
    )
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matter_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_matter_due', ['state', 'opens_at', 'closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_matter_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('option', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('receipt', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_ballot_matter_id_matter')),
    sa.ForeignKeyConstraint(['voter_id'], ['person.id'], name=op.f('fk_ballot_voter_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sa.UniqueConstraint('matter_id', 'voter_id', 'version', name=op.f('uq_ballot_matter_id_voter_id_version'))
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_receipt'), ['receipt'], unique=False)

    op.create_table('matter_reminder',
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('hours_before', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_matter_reminder_matter_id_matter')),
    sa.PrimaryKeyConstraint('matter_id', 'hours_before', name=op.f('pk_matter_reminder'))
    )
    op.create_table('matter_voter',
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_matter_voter_matter_id_matter')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_matter_voter_person_id_person')),
    sa.PrimaryKeyConstraint('matter_id', 'person_id', name=op.f('pk_matter_voter'))
    )
    with op.batch_alter_table('matter_voter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matter_voter_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('disclosure_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matter_id', sa.Integer(), nullable=True))
        # Entries published before this revision have no media.
        batch_op.add_column(sa.Column('media', sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_disclosure_entry_matter_id'), ['matter_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_disclosure_entry_matter_id_matter'), 'matter', ['matter_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('disclosure_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_disclosure_entry_matter_id_matter'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_disclosure_entry_matter_id'))
        batch_op.drop_column('media')
        batch_op.drop_column('matter_id')

    with op.batch_alter_table('matter_voter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matter_voter_person_id'))

    op.drop_table('matter_voter')
    op.drop_table('matter_reminder')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_receipt'))
        batch_op.drop_index(batch_op.f('ix_ballot_matter_id'))

    op.drop_table('ballot')
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matter_proposal_id'))
        batch_op.drop_index('ix_matter_due')
        batch_op.drop_index(batch_op.f('ix_matter_community_id'))

    op.drop_table('matter')
