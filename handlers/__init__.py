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
    notices,
    proposals,
    registration,
    review,
    roles,
    settings,
    start,
    voting,
)


def build_router() -> Router:
    router = Router("yishi")
    for module in (start, registration, approvals, roles, proposals, review, voting, ballots,
                   board, broadcasts, notices, hearings, hearings_setup, hearings_manage,
                   settings):
        router.include(module.router)
    return router
