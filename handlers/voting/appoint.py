"""/newmatter naming a supervisor (居务监督委员会成员): the name typed is looked up among
the community's registered residents who may be named (models/voting/appoint.py) and
offered as buttons; the press is checked again, and the vote then goes to every
representative, so the electorate is not asked."""

from chat import questions
from chat.context import Context
from chat.dialogue import LookUp
from chat.router import Router
from handlers.voting.buttons import MatterNomineePick
from handlers.voting.drafting import NEW_MATTER, MatterDraft, NewMatter
from models.messages import Button
from models.people.persons import Person
from models.people.roles import Role
from models.voting import appoint
from models.voting import electorate as electorates
from models.voting.electorate import Electorate, Voters

router = Router("appoint")
COMMITTEE = {Role.committee}


async def take_nominee(ctx: Context, draft: MatterDraft) -> bool:
    """Offer the residents whose name contains what was typed; the step goes on only
    when one of them is pressed."""
    assert ctx.community is not None
    typed = ctx.incoming.text or ""
    found = await appoint.nominees_named(ctx.session, ctx.community.id or 0, typed)
    if not found:
        ctx.reply("voting/appoint_none", typed=typed[:40])
        return False
    ctx.reply("voting/appoint_pick", buttons=[
        [Button(label="voting.nominee", params={"name": p.name or p.display_name,
                                                "place": _place(ctx, p)},
                data=MatterNomineePick(p.id or 0).pack())] for p in found])
    return False


def _place(ctx: Context, person: Person) -> str:
    """Where the nominee lives, to tell two residents of one name apart."""
    assert ctx.community is not None
    names = electorates.place_names(ctx.community.config, Electorate(
        Voters.residents, person.area, person.building, person.unit))
    return " ".join(names or [])


NEW_MATTER.step(router, NewMatter.NOMINEE, LookUp(questions.asking("voting/appoint_ask"),
                                                  take_nominee),
                roles=COMMITTEE, registered=True)


@router.callback(MatterNomineePick, roles=COMMITTEE, step=NewMatter.NOMINEE)
async def on_nominee(ctx: Context, pick: MatterNomineePick) -> None:
    """Checked again at the press: the button may be old, or forged for someone the
    look-up would not offer (a committee member, a supervisor already)."""
    assert ctx.community is not None
    if refusal := await appoint.refusal(ctx.session, ctx.community.id or 0, pick.person_id):
        ctx.refuse(refusal)
        return
    person = await ctx.session.get(Person, pick.person_id)
    assert person is not None  # refusal() found them
    ctx.answer()
    draft = NEW_MATTER.draft(ctx)
    draft.recall_person_id, draft.recall_role = person.id, appoint.OFFICE
    draft.recall_target = person.name or person.display_name
    electorate = appoint.ELECTORATE
    draft.voters, draft.area, draft.building, draft.unit = (
        electorate.voters, electorate.area, electorate.building, electorate.unit)
    NEW_MATTER.go(ctx, draft, NewMatter.BALLOT)
