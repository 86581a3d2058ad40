"""/newhearing: a committee member schedules a hearing step by step (topic, linked
proposal, time, place, capacity, audience, registration deadline), checks the notice
as the audience will see it, and publishes it."""

from collections.abc import Callable
from datetime import datetime

from chat import questions
from chat.context import Context
from chat.dialogue import Draft, Question
from chat.router import Router
from handlers.hearings.attend import notice_buttons, places
from handlers.hearings.buttons import HearingAudience, HearingDrop, HearingProposal, HearingPublish
from handlers.hearings.newhearing_drafting import NEWHEARING, NewHearing, Schedule
from models import audiences, local_time
from models.hearings import actions as hearings_actions
from models.hearings import rules
from models.hearings.actions import LINKABLE, Plan
from models.hearings.hearings import Hearing
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role
from models.proposals import proposals

router = Router("hearings_setup")
COMMITTEE = {Role.committee}
USE_BUTTONS = "hearings/use_buttons"


@router.command("newhearing", roles=COMMITTEE, registered=True)
async def cmd_newhearing(ctx: Context) -> None:
    NEWHEARING.start(ctx, NewHearing(), Schedule.TOPIC)


def refusal(check: Callable[[str], object]) -> questions.Check:
    """A rule that returns the checked value or its refusal, as a question's check."""
    def refused(text: str) -> Refused | None:
        checked = check(text)
        return checked if isinstance(checked, Refused) else None
    return refused


def example_time(ctx: Context) -> str:
    assert ctx.community is not None
    return local_time.example_time(ctx.now, ctx.community.config.zone)


def ask_time(ctx: Context, draft: Draft) -> None:
    ctx.reply("hearings/ask_time", example=example_time(ctx))


async def offer_proposals(ctx: Context, draft: NewHearing) -> None:
    """Ask which proposal the hearing is about, unless none can be linked."""
    assert ctx.community is not None
    linkable = await proposals.in_stages(ctx.session, ctx.community.id or 0, LINKABLE)
    draft.offered = [(p.id or 0, f"{p.number} {p.title[:40]}") for p in linkable]
    NEWHEARING.go(ctx, draft, Schedule.PROPOSAL if linkable else Schedule.TIME)


def ask_proposal(ctx: Context, draft: NewHearing) -> None:
    ctx.reply("hearings/ask_proposal", buttons=[
        *[[Button(text=label, data=HearingProposal(pid).pack())] for pid, label in draft.offered],
        [Button(label="hearings.no_proposal", data=HearingProposal(0).pack())]])


def take_capacity(ctx: Context, draft: NewHearing) -> bool:
    capacity = rules.check_capacity(ctx.incoming.text or "")
    if isinstance(capacity, Refused):
        ctx.reply(capacity.template, **capacity.params)
        return False
    draft.capacity = capacity
    return True


def audience_buttons(ctx: Context, draft: NewHearing) -> Markup:
    assert ctx.community is not None
    config = ctx.community.config
    representatives = [code for code, _ in audiences.options(config, "role")].index(
        Role.representative.value)
    rows = [[Button(label="hearings.whole_community",
                    data=HearingAudience("everyone", -1).pack()),
             Button(label="hearings.representatives",
                    data=HearingAudience("role", representatives).pack())]]
    places = [Button(text=" ".join(names), data=HearingAudience(kind, i).pack())
              for kind in ("areas", "buildings")
              for i, (_, names) in enumerate(audiences.options(config, kind))]
    return rows + [places[i:i + 3] for i in range(0, len(places), 3)]


def ask_deadline(ctx: Context, draft: NewHearing) -> None:
    ctx.reply("hearings/ask_deadline", example=example_time(ctx))


def before_start(ctx: Context, draft: NewHearing, deadline: datetime) -> Refused | None:
    assert draft.starts_at is not None
    return Refused("hearings/bad_deadline") if deadline > draft.starts_at else None


DEADLINE_MOMENT = questions.moment("deadline", ask_deadline, before_start)


def take_deadline(ctx: Context, draft: NewHearing) -> bool:
    """A moment before the start, or "-" for none."""
    if (ctx.incoming.text or "").strip() == "-":
        draft.deadline = None
        return True
    return DEADLINE_MOMENT.take(ctx, draft)


async def count_audience(ctx: Context, draft: NewHearing) -> None:
    assert ctx.community is not None
    draft.recipients = await audiences.count(ctx.session, ctx.community.id or 0,
                                             draft.audience)
    NEWHEARING.go(ctx, draft, Schedule.PREVIEW)


def plan_of(draft: NewHearing) -> Plan:
    assert draft.starts_at is not None  # the preview comes after the time
    return Plan(topic=draft.topic, place=draft.place, capacity=draft.capacity,
                starts_at=draft.starts_at, audience=draft.audience,
                registration_deadline=draft.deadline, proposal_id=draft.proposal_id)


def show_preview(ctx: Context, draft: NewHearing) -> None:
    assert ctx.community is not None
    plan = plan_of(draft)
    hearing = Hearing(community_id=ctx.community.id or 0, topic=plan.topic, place=plan.place,
                      starts_at=plan.starts_at, ends_at=plan.starts_at, capacity=plan.capacity,
                      registration_deadline=plan.registration_deadline or plan.starts_at,
                      audience=plan.audience, created_by_id=ctx.person.id or 0,
                      proposal_id=plan.proposal_id)
    ctx.reply("hearings/notice", hearing=hearing, recipient=ctx.person)
    ctx.reply("hearings/preview", hearing=hearing, places=places(ctx, plan.audience),
              recipients=draft.recipients,
              buttons=[[Button(label="hearings.publish", data=HearingPublish().pack()),
                        Button(label="hearings.drop", data=HearingDrop().pack())]])


NEWHEARING.step(router, Schedule.TOPIC, questions.text(
    "topic", questions.asking("hearings/ask_topic", limit=rules.TOPIC_MAX),
    refusal(rules.check_topic)), then=offer_proposals, roles=COMMITTEE, registered=True)
NEWHEARING.step(router, Schedule.PROPOSAL,
                questions.choice(ask_proposal, use_buttons=USE_BUTTONS),
                roles=COMMITTEE, registered=True)
NEWHEARING.step(router, Schedule.TIME, questions.moment("starts_at", ask_time),
                then=Schedule.PLACE, roles=COMMITTEE, registered=True)
NEWHEARING.step(router, Schedule.PLACE, questions.text(
    "place", questions.asking("hearings/ask_place", limit=rules.PLACE_MAX),
    refusal(rules.check_place)), then=Schedule.CAPACITY, roles=COMMITTEE, registered=True)
NEWHEARING.step(router, Schedule.CAPACITY, Question(
    questions.asking("hearings/ask_capacity", limit=rules.CAPACITY_MAX), take_capacity),
    then=Schedule.AUDIENCE, roles=COMMITTEE, registered=True)
NEWHEARING.step(router, Schedule.AUDIENCE, questions.choice(questions.asking(
    "hearings/ask_audience", buttons=audience_buttons), use_buttons=USE_BUTTONS),
    roles=COMMITTEE, registered=True)
NEWHEARING.step(router, Schedule.DEADLINE, Question(ask_deadline, take_deadline),
                then=count_audience, roles=COMMITTEE, registered=True)
NEWHEARING.step(router, Schedule.PREVIEW,
                questions.choice(show_preview, use_buttons=USE_BUTTONS),
                roles=COMMITTEE, registered=True)


@router.callback(HearingProposal, roles=COMMITTEE, registered=True, step=Schedule.PROPOSAL)
async def on_proposal(ctx: Context, pick: HearingProposal) -> None:
    ctx.answer()
    draft = NEWHEARING.draft(ctx)
    draft.proposal_id = pick.proposal_id or None
    NEWHEARING.go(ctx, draft, Schedule.TIME)


@router.callback(HearingAudience, roles=COMMITTEE, registered=True, step=Schedule.AUDIENCE)
async def on_audience(ctx: Context, pick: HearingAudience) -> None:
    assert ctx.community is not None
    options = audiences.options(ctx.community.config, pick.kind)
    chosen = [options[pick.index][0]] if 0 <= pick.index < len(options) else []
    audience = audiences.make(pick.kind, chosen)
    offered = pick.kind in ("everyone", "areas", "buildings") or \
        chosen == [Role.representative.value]
    if not offered or not audiences.is_valid(ctx.community.config, audience):
        return ctx.answer("common/stale_button", alert=True)
    ctx.answer()
    draft = NEWHEARING.draft(ctx)
    draft.audience = audience
    NEWHEARING.go(ctx, draft, Schedule.DEADLINE)


@router.callback(HearingPublish, roles=COMMITTEE, registered=True, step=Schedule.PREVIEW)
async def on_publish(ctx: Context, _: HearingPublish) -> None:
    assert ctx.community is not None
    outcome = await hearings_actions.schedule(
        ctx.session, author=ctx.person, community=ctx.community,
        plan=plan_of(NEWHEARING.draft(ctx)), now=ctx.now, notify=ctx.notify,
        buttons=notice_buttons)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    ctx.edit("hearings/published", hearing=outcome.value, notified=ctx.notified)


@router.callback(HearingDrop, roles=COMMITTEE, step=Schedule.PREVIEW)
async def on_drop(ctx: Context, _: HearingDrop) -> None:
    ctx.finish()
    ctx.answer()
    ctx.edit("hearings/dropped")
