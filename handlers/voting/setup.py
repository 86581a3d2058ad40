"""/newmatter: a committee member puts a major matter to the vote (重大事项票决制) of
the representatives, the residents or the households: title, text, documents, kind,
electorate (handlers/voting/electorate.py), ballot type, times and pass rule, then
opens it now or at a set time."""

from datetime import datetime, timedelta

from chat import questions
from chat.context import Context
from chat.dialogue import LookUp, Question, Then
from chat.router import Router
from handlers.voting.buttons import (
    MatterDays,
    MatterFilesDone,
    MatterFromProposal,
    MatterKindPick,
    MatterOpen,
    MatterRecallPick,
    MatterRule,
    MatterSecret,
)
from handlers.voting.drafting import NEW_MATTER, MatterDraft, NewMatter
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.persons import Person
from models.people.roles import Role
from models.proposals import path
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage
from models.voting import electorate as electorates
from models.voting import recall
from models.voting import setup as matter_actions
from models.voting.matters import ATTACHMENTS_MAX, BODY_MAX, TITLE_MAX
from models.voting.tally import CHOICE_MAX, CHOICE_MIN, MatterKind, PassRule

router = Router("voting")
COMMITTEE = {Role.committee}
TIME_REFUSALS = {"voting/in_the_past", "voting/too_short"}
TEXT_ONLY = "voting/text_only"  # documents come at their own step
USE_BUTTONS = "voting/use_buttons"
FIXED_RULE = frozenset({MatterKind.poll, MatterKind.appoint})


@router.command("newmatter", roles=COMMITTEE, registered=True)
async def cmd_newmatter(ctx: Context) -> None:
    NEW_MATTER.start(ctx, MatterDraft(), NewMatter.TITLE)


@router.callback(MatterFromProposal, roles=COMMITTEE, registered=True)
async def on_from_proposal(ctx: Context, pick: MatterFromProposal) -> None:
    proposal = await ctx.session.get(Proposal, pick.proposal_id)
    if proposal is None or ctx.community is None or proposal.community_id != ctx.community.id:
        ctx.answer("voting/not_found", alert=True)
        return
    if proposal.stage != Stage.accepted:
        ctx.answer("voting/proposal_not_accepted", alert=True, proposal=proposal)
        return
    if refusal := await path.decision_refusal(ctx.session, ctx.community.config.proposals,
                                              proposal):
        ctx.refuse(refusal)  # said at the button, before a whole draft is typed
        return
    ctx.answer()
    ctx.reply("voting/from_proposal", proposal=proposal)
    NEW_MATTER.start(ctx, MatterDraft(
        title=f"{proposal.number} {proposal.title}"[:TITLE_MAX],
        body=proposal.description[:BODY_MAX], proposal_id=proposal.id,
        attachments=list(proposal.attachments)[:ATTACHMENTS_MAX]), NewMatter.FILES)


def files_done(ctx: Context, draft: MatterDraft) -> Markup:
    return [[Button(label="voting.files_done", data=MatterFilesDone().pack())]]


def kinds(ctx: Context, draft: MatterDraft) -> Markup:
    """Every kind; a proposal is put to a vote that decides, so not to a poll."""
    return [[Button(label=f"voting.kind_{k.value}", data=MatterKindPick(k).pack())]
            for k in MatterKind if k != MatterKind.poll or draft.proposal_id is None]


def take_choices(ctx: Context, draft: MatterDraft) -> bool:
    parsed = matter_actions.parse_choices(ctx.incoming.text or "")
    if isinstance(parsed, Refused):
        ctx.reply(parsed.template, **parsed.params)
        return False
    draft.choices = parsed
    return True


async def take_holder(ctx: Context, draft: MatterDraft) -> bool:
    """A recall names an office holder: what was typed is looked up among the holders,
    who are offered as buttons; the step goes on only when one is pressed."""
    assert ctx.community is not None
    found = await recall.holders_named(ctx.session, ctx.community.id or 0,
                                       ctx.incoming.text or "")
    if not found:
        ctx.reply("voting/no_holder", typed=(ctx.incoming.text or "")[:40])
        return False
    ctx.reply("voting/pick_holder", buttons=[
        [Button(label="voting.holder", params={"name": p.name or p.display_name,
                                               "role": role.value},
                data=MatterRecallPick(p.id or 0, role).pack())] for p, role in found])
    return False


def ballots(ctx: Context, draft: MatterDraft) -> Markup:
    return [[Button(label="voting.open_ballot", data=MatterSecret(secret=False).pack()),
             Button(label="voting.secret_ballot", data=MatterSecret(secret=True).pack())]]


def ask_closes(ctx: Context, draft: MatterDraft) -> None:
    days = ctx.community.config.votes.voting_days if ctx.community else 7
    ctx.reply("voting/ask_closes", days=days, buttons=[
        [Button(label="voting.close_in", params={"days": days},
                data=MatterDays(days).pack())]])


def check_closes(ctx: Context, draft: MatterDraft, closes: datetime) -> Refused | None:
    return matter_actions.check_times(ctx.now, closes, ctx.now)


def show_preview(ctx: Context, draft: MatterDraft) -> None:
    assert ctx.community is not None
    matter = draft.matter()
    rule = matter.pass_rule or matter_actions.default_rule(ctx.community.config, matter.kind)
    places = electorates.place_names(ctx.community.config, draft.electorate())
    # A poll decides nothing: it has no pass rule to choose; naming a supervisor goes by
    # the community file's rule, which is not the committee's to choose.
    rules = [] if matter.kind in FIXED_RULE else list(PassRule)
    ctx.reply("voting/preview", draft=matter, rule=rule.value, places=places or [],
              quorum_percent=round(ctx.community.config.votes.quorum * 100),
              buttons=[
                  [Button(label=f"voting.rule_{r.value}", params={"chosen": r == rule},
                          data=MatterRule(r).pack())] for r in rules
              ] + [[Button(label="voting.open_now", data=MatterOpen(now=True).pack()),
                    Button(label="voting.open_later", data=MatterOpen(now=False).pack())]])


async def create(ctx: Context, draft: MatterDraft) -> None:
    assert ctx.community is not None
    outcome = await matter_actions.create(ctx.session, author=ctx.person,
                                          community=ctx.community, draft=draft.matter(),
                                          now=ctx.now)
    if isinstance(outcome, Refused):
        ctx.refuse(outcome)
        # The draft stays. A closing time that has passed while the preview was open is
        # asked for again; an opening time in the past stays at its own step.
        if outcome.template in TIME_REFUSALS and NEW_MATTER.at(ctx) == NewMatter.PREVIEW:
            NEW_MATTER.go(ctx, draft, NewMatter.CLOSES)
        return
    ctx.finish()
    ctx.answer()
    ctx.reply("voting/created", matter=outcome.value, later=draft.opens_at is not None)
    ctx.sweeps_due.add("matters")


def step(name: NewMatter, question: Question[MatterDraft] | LookUp[MatterDraft],
         then: NewMatter | Then[MatterDraft] | None = None) -> None:
    NEW_MATTER.step(router, name, question, then=then, roles=COMMITTEE, registered=True)


step(NewMatter.TITLE, questions.text(
    "title", questions.asking("voting/ask_title", limit=TITLE_MAX),
    matter_actions.check_title, texts_only=TEXT_ONLY), then=NewMatter.BODY)
step(NewMatter.BODY, questions.text(
    "body", questions.asking("voting/ask_body", limit=BODY_MAX),
    matter_actions.check_body, texts_only=TEXT_ONLY), then=NewMatter.FILES)
step(NewMatter.FILES, questions.files(
    "attachments", questions.asking("voting/ask_files", limit=ATTACHMENTS_MAX,
                                    buttons=files_done),
    limit=ATTACHMENTS_MAX, texts="voting"))
step(NewMatter.KIND, questions.choice(questions.asking("voting/ask_kind", buttons=kinds),
                                      use_buttons=USE_BUTTONS))
step(NewMatter.CHOICES, Question(questions.asking(
    "voting/ask_choices", least=CHOICE_MIN, most=CHOICE_MAX), take_choices),
    then=NewMatter.ELECTORATE)
step(NewMatter.TARGET, LookUp(questions.asking("voting/ask_target"), take_holder))
# NewMatter.ELECTORATE and SCOPE: handlers/voting/electorate.py
step(NewMatter.BALLOT, questions.choice(
    questions.asking("voting/ask_ballot", buttons=ballots), use_buttons=USE_BUTTONS))
step(NewMatter.CLOSES, questions.moment("closes_at", ask_closes, check_closes),
     then=NewMatter.PREVIEW)
step(NewMatter.PREVIEW, questions.choice(show_preview, use_buttons=USE_BUTTONS))
step(NewMatter.OPENS, questions.moment("opens_at", questions.asking("voting/ask_opens")),
     then=create)


@router.callback(MatterFilesDone, roles=COMMITTEE, step=NewMatter.FILES)
async def on_files_done(ctx: Context, _: MatterFilesDone) -> None:
    ctx.answer()
    NEW_MATTER.go(ctx, NEW_MATTER.draft(ctx), NewMatter.KIND)


AFTER_KIND = {MatterKind.choice: NewMatter.CHOICES, MatterKind.poll: NewMatter.CHOICES,
              MatterKind.recall: NewMatter.TARGET, MatterKind.appoint: NewMatter.NOMINEE}


@router.callback(MatterKindPick, roles=COMMITTEE, step=NewMatter.KIND)
async def on_kind(ctx: Context, pick: MatterKindPick) -> None:
    draft = NEW_MATTER.draft(ctx)
    if pick.kind == MatterKind.poll and draft.proposal_id is not None:
        ctx.answer("common/stale_button", alert=True)  # never offered for a proposal
        return
    ctx.answer()
    draft.kind = pick.kind
    NEW_MATTER.go(ctx, draft, AFTER_KIND.get(pick.kind, NewMatter.ELECTORATE))


@router.callback(MatterRecallPick, roles=COMMITTEE, step=NewMatter.TARGET)
async def on_holder(ctx: Context, pick: MatterRecallPick) -> None:
    assert ctx.community is not None
    person = await ctx.session.get(Person, pick.person_id)
    if person is None or not await recall.holds(ctx.session, pick.person_id, pick.role,
                                                ctx.community.id or 0):
        ctx.answer("voting/holder_gone", alert=True)
        return
    ctx.answer()
    draft = NEW_MATTER.draft(ctx)
    draft.recall_person_id, draft.recall_role = person.id, pick.role
    draft.recall_target = person.name or person.display_name
    NEW_MATTER.go(ctx, draft, NewMatter.ELECTORATE)


@router.callback(MatterSecret, roles=COMMITTEE, step=NewMatter.BALLOT)
async def on_secret(ctx: Context, pick: MatterSecret) -> None:
    ctx.answer()
    draft = NEW_MATTER.draft(ctx)
    draft.secret = pick.secret
    NEW_MATTER.go(ctx, draft, NewMatter.CLOSES)


@router.callback(MatterDays, roles=COMMITTEE, step=NewMatter.CLOSES)
async def on_days(ctx: Context, pick: MatterDays) -> None:
    if not 1 <= pick.days <= 90:
        ctx.answer("common/stale_button", alert=True)
        return
    ctx.answer()
    draft = NEW_MATTER.draft(ctx)
    draft.closes_at = ctx.now + timedelta(days=pick.days)
    NEW_MATTER.go(ctx, draft, NewMatter.PREVIEW)


@router.callback(MatterRule, roles=COMMITTEE, step=NewMatter.PREVIEW)
async def on_rule(ctx: Context, pick: MatterRule) -> None:
    draft = NEW_MATTER.draft(ctx)
    if draft.kind in FIXED_RULE:  # their preview offers no rule
        ctx.answer("common/stale_button", alert=True)
        return
    ctx.answer()
    draft.pass_rule = pick.rule
    NEW_MATTER.go(ctx, draft, NewMatter.PREVIEW)


@router.callback(MatterOpen, roles=COMMITTEE, step=NewMatter.PREVIEW)
async def on_open(ctx: Context, pick: MatterOpen) -> None:
    if not pick.now:
        ctx.answer()
        NEW_MATTER.go(ctx, NEW_MATTER.draft(ctx), NewMatter.OPENS)
        return
    await create(ctx, NEW_MATTER.draft(ctx))
