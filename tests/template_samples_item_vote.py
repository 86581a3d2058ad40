"""Samples of the templates of an agenda item's vote put by the chair's choices (tests/
template_samples.py explains SAMPLES): the choices, the vote opened and ended, and the
result sent to a voter at a meeting, added to the cases those templates already have."""

from collections.abc import Callable
from typing import Any

from handlers.meetings.item_vote_drafting import ItemVoteDraft
from models.meetings.meetings import ItemState, MeetingItem
from models.voting.matters import Matter
from models.voting.tally import MatterKind, PassRule, Result

Case = tuple[str, dict[str, Any]]


def samples(matter: Callable[..., Matter],
            result: Callable[..., Result]) -> dict[str, list[Case]]:
    item = MeetingItem(id=2, meeting_id=3, position=2, title="物业费调整", body="",
                       matter_id=8, state=ItemState.closed)
    secret = matter(MatterKind.decision, id=8, title="物业费调整", meeting_id=3, secret=True,
                    pass_rule=PassRule.two_thirds_cast)
    choice = matter(meeting_id=3)
    setup = ItemVoteDraft(item_id=2, position=2, title="物业费调整", offered=[5, 10, 15, 30])
    return {
        "meetings/item_vote_setup.j2": [
            ("defaults", {"draft": setup}),
            ("two thirds, secret", {"draft": setup.model_copy(update={
                "pass_rule": PassRule.two_thirds_cast, "secret": True, "minutes": 30})})],
        "meetings/vote_opened.j2": [
            ("secret", {"matter": secret, "item": item, "sent": 12}),
            ("open", {"matter": choice, "item": item, "sent": 12})],
        "meetings/vote_ended.j2": [
            ("failed", {"item": item, "matter": secret, "result": result(secret, False)}),
            ("choice", {"item": item, "matter": choice, "result": result(choice)}),
            ("not valid", {"item": item, "matter": secret,
                           "result": result(secret, False, False)}),
            ("closed before", {"item": item, "matter": None, "result": None})],
        "voting/result.j2": [("at a meeting", {"matter": secret,
                                               "result": result(secret, False)})],
    }
