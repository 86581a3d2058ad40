"""Conversation flows, one module per capability, combined into one router here."""

from bot.router import Router
from handlers import (
    approvals,
    ballots,
    board,
    broadcasts,
    hearings,
    hearings_manage,
    hearings_setup,
    hotline,
    notices,
    proposals,
    registration,
    review,
    roles,
    settings,
    start,
    tickets_back_office,
    voting,
)


def build_router() -> Router:
    router = Router("yishi")
    for module in (start, registration, approvals, roles, proposals, review, voting, ballots,
                   board, broadcasts, notices, hearings, hearings_setup, hearings_manage,
                   settings, hotline, tickets_back_office):
        router.include(module.router)
    return router
