"""四议 in order: whatever is attempted, what gets recorded follows the path forward,
skips no required step, and a decision waits for every required one; a hearing may
come anywhere."""

from hypothesis import given
from hypothesis import strategies as st

from bot.app import Database
from models.community_file import PathStep, ProposalRules
from models.outcomes import Done, Refused
from models.proposals import path
from tests.test_proposals_binding import accepted, accepted_only, decide, deliberate

CODES = ["a", "b", "c", "d"]


@given(required=st.lists(st.booleans(), min_size=4, max_size=4),
       attempts=st.lists(st.sampled_from([*CODES, path.HEARING]), max_size=12))
def test_what_is_recorded_goes_forward_and_skips_nothing_required(
        required: list[bool], attempts: list[str]) -> None:
    rules = ProposalRules(path=[PathStep(code=c, name=c.upper(), required=r)
                                for c, r in zip(CODES, required, strict=True)])
    done: list[str] = []
    for code in attempts:
        if path.step_refusal(rules, done, code) is None:
            done.append(code)
    steps = [c for c in done if c != path.HEARING]
    positions = [CODES.index(c) for c in steps]
    assert positions == sorted(set(positions))  # forward only, each once
    if positions:  # every required step before the last one recorded is recorded
        assert all(CODES[i] in steps for i in range(positions[-1]) if required[i])
    assert done.count(path.HEARING) == attempts.count(path.HEARING)
    complete = path.standing(rules, done).complete
    assert complete == all(c in steps for c, r in zip(CODES, required, strict=True) if r)


async def test_the_example_path_refuses_skipping_going_back_and_an_early_decision(
        db: Database) -> None:
    proposal = await accepted(db, "environment")  # records 党组织提议 and 两委会商议
    back, again = await deliberate(db, proposal, "party_proposal", "committee")
    assert isinstance(back, Refused) and back.template == "proposals/step_out_of_order"
    assert isinstance(again, Refused) and again.template == "proposals/step_out_of_order"
    optional, hearing = await deliberate(db, proposal, "party_members", path.HEARING)
    assert isinstance(optional, Done) and isinstance(hearing, Done)
    assert isinstance(await decide(db, proposal.id or 0), Done)


async def test_a_decision_and_a_skip_are_refused_until_the_path_allows_them(
        db: Database) -> None:
    proposal = await accepted_only(db, "environment")
    refused = await decide(db, proposal.id or 0)
    assert isinstance(refused, Refused) and refused.template == "proposals/path_incomplete"
    assert refused.params["missing"] == ["党组织提议", "两委会商议"]
    (skipped,) = await deliberate(db, proposal, "committee")
    assert isinstance(skipped, Refused) and skipped.template == "proposals/step_skipped"
    assert skipped.params == {"step": "两委会商议", "missing": "党组织提议"}
    (unknown,) = await deliberate(db, proposal, "joint_meeting")  # not on this path
    assert isinstance(unknown, Refused) and unknown.template == "proposals/unknown_step"
    await deliberate(db, proposal, "party_proposal")
    still = await decide(db, proposal.id or 0)
    assert isinstance(still, Refused) and still.params["missing"] == ["两委会商议"]
