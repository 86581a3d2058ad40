"""/newhearing: a committee member schedules a hearing step by step (topic, linked
proposal, time, place, capacity, audience, registration deadline), checks the notice
as the audience will see it, and publishes it."""

from datetime import datetime
from typing import Any

from chat.context import Context
from chat.router import Router
from handlers.hearings.attend import notice_buttons, places
from handlers.hearings.buttons import HearingAudience, HearingDrop, HearingProposal, HearingPublish
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


@router.command("newhearing", roles=COMMITTEE, registered=True)
async def cmd_newhearing(ctx: Context) -> None:
    ctx.finish()
    ctx.enter("hearing.topic")
    ctx.reply("hearings/ask_topic", limit=rules.TOPIC_MAX)


@router.step("hearing.topic", roles=COMMITTEE, registered=True)
async def step_topic(ctx: Context) -> None:
    if (topic := take(ctx, rules.check_topic(ctx.incoming.text or ""))) is None:
        return
    ctx.enter("hearing.proposal", topic=topic)
    assert ctx.community is not None
    linkable = await proposals.in_stages(ctx.session, ctx.community.id or 0, LINKABLE)
    if not linkable:
        return ask_time(ctx)
    ctx.reply("hearings/ask_proposal", buttons=[
        *[[Button(text=f"{p.number} {p.title[:40]}", data=HearingProposal(p.id or 0).pack())]
          for p in linkable],
        [Button(label="hearings.no_proposal", data=HearingProposal(0).pack())]])


@router.callback(HearingProposal, roles=COMMITTEE, registered=True, step="hearing.proposal")
async def on_proposal(ctx: Context, pick: HearingProposal) -> None:
    ctx.answer()
    ctx.enter("hearing.proposal", proposal_id=pick.proposal_id or None)
    ask_time(ctx)


def ask_time(ctx: Context) -> None:
    ctx.enter("hearing.time")
    ctx.reply("hearings/ask_time", example=example_time(ctx))


def example_time(ctx: Context) -> str:
    assert ctx.community is not None
    return local_time.example_time(ctx.now, ctx.community.config.zone)


def take(ctx: Context, checked: Any) -> Any:
    """The checked value, or None after explaining the refusal (the draft is kept)."""
    if isinstance(checked, Refused):
        ctx.reply(checked.template, **checked.params)
        return None
    return checked


def parse_time(ctx: Context, text: str) -> datetime | Refused:
    assert ctx.community is not None
    return local_time.read_future_time(text, ctx.community.config.zone, now=ctx.now)


@router.step("hearing.time", roles=COMMITTEE, registered=True)
async def step_time(ctx: Context) -> None:
    if (starts_at := take(ctx, parse_time(ctx, ctx.incoming.text or ""))) is None:
        return
    ctx.enter("hearing.place", starts_at=starts_at.isoformat())
    ctx.reply("hearings/ask_place", limit=rules.PLACE_MAX)


@router.step("hearing.place", roles=COMMITTEE, registered=True)
async def step_place(ctx: Context) -> None:
    if (place := take(ctx, rules.check_place(ctx.incoming.text or ""))) is None:
        return
    ctx.enter("hearing.capacity", place=place)
    ctx.reply("hearings/ask_capacity", limit=rules.CAPACITY_MAX)


@router.step("hearing.capacity", roles=COMMITTEE, registered=True)
async def step_capacity(ctx: Context) -> None:
    if (capacity := take(ctx, rules.check_capacity(ctx.incoming.text or ""))) is None:
        return
    ctx.enter("hearing.audience", capacity=capacity)
    ctx.reply("hearings/ask_audience", buttons=audience_buttons(ctx))


def audience_buttons(ctx: Context) -> Markup:
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


@router.callback(HearingAudience, roles=COMMITTEE, registered=True, step="hearing.audience")
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
    ctx.enter("hearing.deadline", audience=audience)
    ctx.reply("hearings/ask_deadline", example=example_time(ctx))


@router.step("hearing.deadline", roles=COMMITTEE, registered=True)
async def step_deadline(ctx: Context) -> None:
    text = (ctx.incoming.text or "").strip()
    deadline = None
    if text != "-" and (deadline := take(ctx, parse_time(ctx, text))) is None:
        return
    starts_at = datetime.fromisoformat(ctx.conversation.data["starts_at"])
    if deadline is not None and deadline > starts_at:
        ctx.reply("hearings/bad_deadline")
        return
    ctx.enter("hearing.preview", deadline=deadline.isoformat() if deadline else None)
    await show_preview(ctx)


def plan_of(data: dict[str, Any]) -> Plan:
    return Plan(topic=data["topic"], place=data["place"], capacity=data["capacity"],
                starts_at=datetime.fromisoformat(data["starts_at"]), audience=data["audience"],
                registration_deadline=datetime.fromisoformat(data["deadline"])
                if data.get("deadline") else None, proposal_id=data.get("proposal_id"))


async def show_preview(ctx: Context) -> None:
    assert ctx.community is not None
    plan, me = plan_of(ctx.conversation.data), ctx.person.id or 0
    draft = Hearing(community_id=ctx.community.id or 0, topic=plan.topic, place=plan.place,
                    starts_at=plan.starts_at, ends_at=plan.starts_at, capacity=plan.capacity,
                    registration_deadline=plan.registration_deadline or plan.starts_at,
                    audience=plan.audience, created_by_id=me, proposal_id=plan.proposal_id)
    ctx.reply("hearings/notice", hearing=draft, recipient=ctx.person)
    ctx.reply("hearings/preview", hearing=draft, places=places(ctx, plan.audience),
              recipients=await audiences.count(ctx.session, ctx.community.id or 0,
                                               plan.audience),
              buttons=[[Button(label="hearings.publish", data=HearingPublish().pack()),
                        Button(label="hearings.drop", data=HearingDrop().pack())]])


@router.callback(HearingPublish, roles=COMMITTEE, registered=True, step="hearing.preview")
async def on_publish(ctx: Context, _: HearingPublish) -> None:
    assert ctx.community is not None
    outcome = await hearings_actions.schedule(
        ctx.session, author=ctx.person, community=ctx.community,
        plan=plan_of(ctx.conversation.data), now=ctx.now, notify=ctx.notify,
        buttons=notice_buttons)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.finish()
    ctx.answer()
    ctx.edit("hearings/published", hearing=outcome.value, notified=ctx.notified)


@router.callback(HearingDrop, roles=COMMITTEE, step="hearing.preview")
async def on_drop(ctx: Context, _: HearingDrop) -> None:
    ctx.finish()
    ctx.answer()
    ctx.edit("hearings/dropped")


async def step_expects_button(ctx: Context) -> None:
    ctx.reply("hearings/use_buttons")


for step in ("hearing.proposal", "hearing.audience", "hearing.preview"):
    router.step(step, roles=COMMITTEE, registered=True)(step_expects_button)
