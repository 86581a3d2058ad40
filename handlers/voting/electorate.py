"""/newmatter's electorate: who votes (representatives, registered residents, one ballot
per household), then where, drilled down from the whole community to an area, a
building or a unit of the community file (一院一策: a courtyard on its parking rules)."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.voting.buttons import MatterScope, MatterVoters
from handlers.voting.drafting import NEW_MATTER, MatterDraft, NewMatter
from models.community_file import Community as CommunityFile
from models.messages import Button, Markup
from models.people.roles import Role
from models.voting import electorate as electorates
from models.voting.electorate import Electorate, Voters

router = Router("electorate")
COMMITTEE = {Role.committee}
USE_BUTTONS = "voting/use_buttons"
HERE = "*"  # the scope button that takes the whole place shown, rather than a part of it


def voters(ctx: Context, draft: MatterDraft) -> Markup:
    return [[Button(label=f"voting.voters_{v.value}", data=MatterVoters(v).pack())]
            for v in Voters]


def ask_scope(ctx: Context, draft: MatterDraft) -> None:
    """The place chosen so far, a button to take all of it and one for each part."""
    config = _config(ctx)
    chosen = draft.electorate()
    depth = len(chosen.codes())
    ctx.reply("voting/ask_scope", voters=draft.voters.value,
              places=electorates.place_names(config, chosen) or [], buttons=[
                  [Button(label="voting.scope_here", params={"depth": depth},
                          data=MatterScope(depth, HERE).pack())],
                  *_rows([Button(text=name, data=MatterScope(depth, code).pack())
                          for code, name in _parts(config, chosen)])])


def _parts(config: CommunityFile, chosen: Electorate) -> list[tuple[str, str]]:
    """The codes and names one level below the place chosen (none below a unit)."""
    if chosen.area is None:
        return [(a.code, a.name) for a in config.areas]
    area = next(a for a in config.areas if a.code == chosen.area)
    if chosen.building is None:
        return [(b.code, b.name) for b in area.buildings]
    building = next(b for b in area.buildings if b.code == chosen.building)
    return [(u.code, u.name) for u in building.units] if chosen.unit is None else []


NEW_MATTER.step(router, NewMatter.ELECTORATE, questions.choice(
    questions.asking("voting/ask_electorate", buttons=voters), use_buttons=USE_BUTTONS),
    roles=COMMITTEE, registered=True)
NEW_MATTER.step(router, NewMatter.SCOPE, questions.choice(ask_scope, use_buttons=USE_BUTTONS),
                roles=COMMITTEE, registered=True)


@router.callback(MatterVoters, roles=COMMITTEE, step=NewMatter.ELECTORATE)
async def on_voters(ctx: Context, pick: MatterVoters) -> None:
    ctx.answer()
    draft = NEW_MATTER.draft(ctx)
    draft.voters, draft.area, draft.building, draft.unit = pick.voters, None, None, None
    NEW_MATTER.go(ctx, draft, NewMatter.SCOPE)


@router.callback(MatterScope, roles=COMMITTEE, step=NewMatter.SCOPE)
async def on_scope(ctx: Context, pick: MatterScope) -> None:
    """A button of the place shown last: take it whole, or go down to the part pressed.
    One from an earlier place, or a part the community file no longer has, is stale."""
    draft = NEW_MATTER.draft(ctx)
    codes = draft.electorate().codes()
    if pick.depth != len(codes):
        ctx.answer("common/stale_button", alert=True)
        return
    if pick.code != HERE:
        codes.append(pick.code)
        draft.area, draft.building, draft.unit = (codes + [None, None, None])[:3]
        if electorates.check(_config(ctx), draft.electorate()) is not None:
            ctx.answer("common/stale_button", alert=True)
            return
    ctx.answer()
    done = pick.code == HERE or draft.unit is not None  # a unit has no parts
    NEW_MATTER.go(ctx, draft, NewMatter.BALLOT if done else NewMatter.SCOPE)


def _config(ctx: Context) -> CommunityFile:
    assert ctx.community is not None
    return ctx.community.config


def _rows(buttons: list[Button], width: int = 3) -> list[list[Button]]:
    return [buttons[i:i + width] for i in range(0, len(buttons), width)]
