"""Conversation flows, one module per capability, combined into one router here."""

from bot.router import Router
from handlers import (
    approvals,
    ballots,
    board,
    broadcasts,
    hotline,
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
                   board, broadcasts, settings, hotline, tickets_back_office):
        router.include(module.router)
    return router
