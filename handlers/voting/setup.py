"""/newmatter: a committee member puts a major matter to the representatives' vote
(重大事项票决制): title, text, documents, kind, electorate, ballot type, times and
pass rule, then opens it now or at a set time."""

from datetime import datetime, timedelta

from chat.context import Context
from chat.router import Router
from handlers import drafts
from handlers.drafts import Check, take_files
from handlers.voting.buttons import (
    MatterArea,
    MatterDays,
    MatterFilesDone,
    MatterFromProposal,
    MatterKindPick,
    MatterOpen,
    MatterRule,
    MatterSecret,
)
from models.local_time import read_future_time
from models.messages import Button
from models.outcomes import Refused
from models.people.roles import Role
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage
from models.voting import setup as matter_actions
from models.voting.matters import ATTACHMENTS_MAX, BODY_MAX, TITLE_MAX
from models.voting.setup import Draft
from models.voting.tally import CHOICE_MAX, CHOICE_MIN, MatterKind, PassRule

router = Router("voting")
COMMITTEE = {Role.committee}
TIME_REFUSALS = {"voting/in_the_past", "voting/too_short"}


@router.command("newmatter", roles=COMMITTEE, registered=True)
async def cmd_newmatter(ctx: Context) -> None:
    ctx.finish()
    ctx.enter("matter.title", attachments=[])
    ctx.reply("voting/ask_title", limit=TITLE_MAX)


@router.callback(MatterFromProposal, roles=COMMITTEE, registered=True)
async def on_from_proposal(ctx: Context, pick: MatterFromProposal) -> None:
    proposal = await ctx.session.get(Proposal, pick.proposal_id)
    if proposal is None or ctx.community is None or proposal.community_id != ctx.community.id:
        ctx.answer("voting/not_found", alert=True)
        return
    if proposal.stage != Stage.accepted:
        ctx.answer("voting/proposal_not_accepted", alert=True, proposal=proposal)
        return
    ctx.answer()
    ctx.finish()
    ctx.enter("matter.files", title=f"{proposal.number} {proposal.title}"[:TITLE_MAX],
              body=proposal.description[:BODY_MAX], proposal_id=proposal.id,
              attachments=list(proposal.attachments)[:ATTACHMENTS_MAX])
    ctx.reply("voting/from_proposal", proposal=proposal)
    ask_files(ctx)


@router.step("matter.title", roles=COMMITTEE, registered=True)
async def step_title(ctx: Context) -> None:
    if take_text(ctx, "title", matter_actions.check_title):
        ctx.enter("matter.body")
        ctx.reply("voting/ask_body", limit=BODY_MAX)


@router.step("matter.body", roles=COMMITTEE, registered=True)
async def step_body(ctx: Context) -> None:
    if take_text(ctx, "body", matter_actions.check_body):
        ask_files(ctx)


def take_text(ctx: Context, field: str, check: Check) -> bool:
    if ctx.incoming.attachments and not ctx.incoming.text:
        ctx.reply("voting/text_only")  # documents come at the next step
        return False
    return drafts.take_text(ctx, field, check)


def ask_files(ctx: Context) -> None:
    ctx.enter("matter.files")
    ctx.reply("voting/ask_files", limit=ATTACHMENTS_MAX, buttons=[[Button(
        label="voting.files_done", data=MatterFilesDone().pack())]])


@router.step("matter.files", roles=COMMITTEE, registered=True)
async def step_files(ctx: Context) -> None:
    take_files(ctx, step="matter.files", limit=ATTACHMENTS_MAX, texts="voting")


@router.callback(MatterFilesDone, roles=COMMITTEE, step="matter.files")
async def on_files_done(ctx: Context, _: MatterFilesDone) -> None:
    ctx.answer()
    ctx.enter("matter.kind")
    ctx.reply("voting/ask_kind", buttons=[
        [Button(label=f"voting.kind_{k.value}", data=MatterKindPick(k).pack())]
        for k in MatterKind])


@router.callback(MatterKindPick, roles=COMMITTEE, step="matter.kind")
async def on_kind(ctx: Context, pick: MatterKindPick) -> None:
    ctx.answer()
    ctx.enter("matter.kind", kind=pick.kind)
    if pick.kind == MatterKind.choice:
        ctx.enter("matter.choices")
        ctx.reply("voting/ask_choices", least=CHOICE_MIN, most=CHOICE_MAX)
    elif pick.kind == MatterKind.recall:
        ctx.enter("matter.target")
        ctx.reply("voting/ask_target")
    else:
        ask_electorate(ctx)


@router.step("matter.choices", roles=COMMITTEE, registered=True)
async def step_choices(ctx: Context) -> None:
    parsed = matter_actions.parse_choices(ctx.incoming.text or "")
    if isinstance(parsed, Refused):
        ctx.reply(parsed.template, **parsed.params)
        return
    ctx.enter("matter.choices", choices=parsed)
    ask_electorate(ctx)


@router.step("matter.target", roles=COMMITTEE, registered=True)
async def step_target(ctx: Context) -> None:
    if take_text(ctx, "recall_target", matter_actions.check_target):
        ask_electorate(ctx)


def ask_electorate(ctx: Context) -> None:
    ctx.enter("matter.electorate")
    areas = ctx.community.config.areas if ctx.community else []
    ctx.reply("voting/ask_electorate", buttons=[
        [Button(label="voting.everyone", data=MatterArea("*").pack())],
        *[[Button(label="voting.area", params={"name": a.name}, data=MatterArea(a.code).pack())]
          for a in areas]])


@router.callback(MatterArea, roles=COMMITTEE, step="matter.electorate")
async def on_area(ctx: Context, pick: MatterArea) -> None:
    areas = {a.code for a in ctx.community.config.areas} if ctx.community else set()
    if pick.area != "*" and pick.area not in areas:
        ctx.answer("common/stale_button", alert=True)
        return
    ctx.answer()
    ctx.enter("matter.ballot", area=None if pick.area == "*" else pick.area)
    ctx.reply("voting/ask_ballot", buttons=[
        [Button(label="voting.open_ballot", data=MatterSecret(secret=False).pack()),
         Button(label="voting.secret_ballot", data=MatterSecret(secret=True).pack())]])


@router.callback(MatterSecret, roles=COMMITTEE, step="matter.ballot")
async def on_secret(ctx: Context, pick: MatterSecret) -> None:
    ctx.answer()
    ctx.enter("matter.closes", secret=pick.secret)
    ask_closes(ctx)


def ask_closes(ctx: Context) -> None:
    ctx.enter("matter.closes")
    days = ctx.community.config.votes.voting_days if ctx.community else 7
    ctx.reply("voting/ask_closes", days=days, buttons=[
        [Button(label="voting.close_in", params={"days": days},
                data=MatterDays(days).pack())]])


@router.callback(MatterDays, roles=COMMITTEE, step="matter.closes")
async def on_days(ctx: Context, pick: MatterDays) -> None:
    if not 1 <= pick.days <= 90:
        ctx.answer("common/stale_button", alert=True)
        return
    ctx.answer()
    closes = ctx.now + timedelta(days=pick.days)
    ctx.enter("matter.preview", closes_at=closes.isoformat())
    show_preview(ctx)


@router.step("matter.closes", roles=COMMITTEE, registered=True)
async def step_closes(ctx: Context) -> None:
    closes = read_time(ctx)
    if closes is None:
        return
    if refusal := matter_actions.check_times(ctx.now, closes, ctx.now):
        ctx.reply(refusal.template, **refusal.params)
        return
    ctx.enter("matter.preview", closes_at=closes.isoformat())
    show_preview(ctx)


def read_time(ctx: Context) -> datetime | None:
    assert ctx.community is not None
    when = read_future_time(ctx.incoming.text or "", ctx.community.config.zone, now=ctx.now)
    if isinstance(when, Refused):
        ctx.reply(when.template, **when.params)
        return None
    return when


def draft_of(ctx: Context) -> Draft:
    data = ctx.conversation.data
    opens = data.get("opens_at")
    return Draft(title=data["title"], body=data["body"], kind=MatterKind(data["kind"]),
                 closes_at=datetime.fromisoformat(data["closes_at"]),
                 opens_at=datetime.fromisoformat(opens) if opens else None,
                 choices=data.get("choices", []), recall_target=data.get("recall_target"),
                 area=data.get("area"), secret=bool(data.get("secret")),
                 pass_rule=PassRule(data["pass_rule"]) if data.get("pass_rule") else None,
                 attachments=data.get("attachments", []), proposal_id=data.get("proposal_id"))


def show_preview(ctx: Context) -> None:
    assert ctx.community is not None
    draft = draft_of(ctx)
    rule = draft.pass_rule or matter_actions.default_rule(ctx.community.config, draft.kind)
    areas = {a.code: a.name for a in ctx.community.config.areas}
    ctx.reply("voting/preview", draft=draft, rule=rule.value,
              area=areas.get(draft.area or ""),
              quorum_percent=round(ctx.community.config.votes.quorum * 100),
              buttons=[
                  [Button(label=f"voting.rule_{r.value}", params={"chosen": r == rule},
                          data=MatterRule(r).pack())] for r in PassRule
              ] + [[Button(label="voting.open_now", data=MatterOpen(now=True).pack()),
                    Button(label="voting.open_later", data=MatterOpen(now=False).pack())]])


@router.callback(MatterRule, roles=COMMITTEE, step="matter.preview")
async def on_rule(ctx: Context, pick: MatterRule) -> None:
    ctx.answer()
    ctx.enter("matter.preview", pass_rule=pick.rule)
    show_preview(ctx)


@router.callback(MatterOpen, roles=COMMITTEE, step="matter.preview")
async def on_open(ctx: Context, pick: MatterOpen) -> None:
    if not pick.now:
        ctx.answer()
        ctx.enter("matter.opens")
        ctx.reply("voting/ask_opens")
        return
    await create(ctx)


@router.step("matter.opens", roles=COMMITTEE, registered=True)
async def step_opens(ctx: Context) -> None:
    opens = read_time(ctx)
    if opens is None:
        return
    ctx.enter("matter.opens", opens_at=opens.isoformat())
    await create(ctx)


async def create(ctx: Context) -> None:
    assert ctx.community is not None
    outcome = await matter_actions.create(ctx.session, author=ctx.person,
                                          community=ctx.community, draft=draft_of(ctx),
                                          now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        # The draft stays. A closing time that has passed while the preview was open is
        # asked for again; an opening time in the past stays at its own step.
        if outcome.template in TIME_REFUSALS and ctx.conversation.step == "matter.preview":
            ask_closes(ctx)
        return
    later = ctx.conversation.data.get("opens_at") is not None
    ctx.finish()
    ctx.answer()
    ctx.reply("voting/created", matter=outcome.value, later=later)
    ctx.sweeps_due.add("matters")


async def step_expects_button(ctx: Context) -> None:
    ctx.reply("voting/use_buttons")


for step in ("matter.kind", "matter.electorate", "matter.ballot", "matter.preview"):
    router.step(step, roles=COMMITTEE, registered=True)(step_expects_button)
