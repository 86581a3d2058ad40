"""Conversation flows, one module per capability, combined into one router here."""

from chat.router import Router
from handlers import start
from handlers.board import board
from handlers.hearings import attend as hearings
from handlers.hearings import manage as hearings_manage
from handlers.hearings import setup as hearings_setup
from handlers.hotline import back_office as tickets_back_office
from handlers.hotline import filing as hotline
from handlers.hotline import ranking as hotline_ranking
from handlers.meetings import attend as meetings_attend
from handlers.meetings import in_session as meetings_in_session
from handlers.meetings import meetings, newmeeting
from handlers.meetings import petition as meetings_petition
from handlers.notices import broadcasts, deliveries
from handlers.notices import scheduled as notices
from handlers.people import approvals, registration, roles
from handlers.proposals import proposals, review
from handlers.settings import settings
from handlers.supervision import audit as supervision_audit
from handlers.supervision import (
    evaluation_ratings,
    evaluation_reports,
    findings,
    inquiries,
    inquiries_answer,
    inquiries_list,
    oversight,
)
from handlers.voting import appoint as voting_appoint
from handlers.voting import ballots
from handlers.voting import comments as poll_comments
from handlers.voting import electorate as voting_electorate
from handlers.voting import setup as voting


def build_router() -> Router:
    router = Router("yishi")
    for module in (start, registration, approvals, roles, proposals, review, voting,
                   voting_electorate, voting_appoint, ballots, poll_comments,
                   board, broadcasts, deliveries, notices, hearings, hearings_setup,
                   hearings_manage, settings, hotline, tickets_back_office, hotline_ranking,
                   newmeeting,
                   meetings, meetings_attend, meetings_in_session, meetings_petition,
                   evaluation_reports, evaluation_ratings, inquiries, inquiries_answer,
                   inquiries_list, supervision_audit, oversight, findings):
        router.include(module.router)
    router.check()
    return router
