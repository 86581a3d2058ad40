"""/petition: a sitting representative asks, with a reason, that a representatives'
meeting be convened (联名提议召开); every other sitting representative gets the news with
a sign button. Once the signatures reach the community's share, its signers and the
committee are told, with a button that begins /newmeeting on the petition."""

from chat import questions
from chat.context import Context
from chat.router import Router
from handlers.meetings import newmeeting
from handlers.meetings.buttons import PetitionConvene, PetitionSend, PetitionSign
from handlers.meetings.petition_drafting import PETITION, Petition, PetitionDraft
from models.meetings import convening, petitions
from models.meetings.meetings import PETITION_MAX, MeetingPetition
from models.messages import Button, Markup
from models.outcomes import Refused
from models.people.roles import Role

router = Router("meetings_petition")
REPRESENTATIVES = {Role.representative}
CONVENERS = {Role.committee, Role.representative}


def sign_buttons(petition: MeetingPetition) -> Markup:
    return [[Button(label="meetings.sign_petition", params={"number": petition.number},
                    data=PetitionSign(petition.id or 0).pack())]]


def convene_buttons(petition: MeetingPetition) -> Markup:
    return [[Button(label="meetings.convene_petition", params={"number": petition.number},
                    data=PetitionConvene(petition.id or 0).pack())]]


@router.command("petition", roles=REPRESENTATIVES, registered=True)
async def cmd_petition(ctx: Context) -> None:
    assert ctx.community is not None
    if refusal := await petitions.may_petition(ctx.session, ctx.person, ctx.community):
        ctx.reply(refusal.template, **refusal.params)
        return
    PETITION.start(ctx, PetitionDraft(), Petition.REASON)


def show_preview(ctx: Context, draft: PetitionDraft) -> None:
    ctx.reply("meetings/petition_preview", reason=draft.reason,
              buttons=[[Button(label="meetings.send_petition", data=PetitionSend(True).pack()),
                        Button(label="meetings.drop", data=PetitionSend(False).pack())]])


PETITION.step(router, Petition.REASON, questions.text(
    "reason", questions.asking("meetings/petition_ask_reason", limit=PETITION_MAX),
    petitions.check_reason, texts_only="meetings/text_only"),
    then=Petition.PREVIEW, roles=REPRESENTATIVES, registered=True)
PETITION.step(router, Petition.PREVIEW,
              questions.choice(show_preview, use_buttons=newmeeting.USE_BUTTONS),
              roles=REPRESENTATIVES, registered=True)


@router.callback(PetitionSend, roles=REPRESENTATIVES, registered=True, step=Petition.PREVIEW)
async def on_send(ctx: Context, pick: PetitionSend) -> None:
    assert ctx.community is not None
    ctx.answer()
    if not pick.send:
        ctx.finish()
        return ctx.edit("meetings/petition_dropped")
    outcome = await petitions.start_petition(
        ctx.session, person=ctx.person, community=ctx.community,
        reason=PETITION.draft(ctx).reason, now=ctx.now, notify=ctx.notify,
        buttons=sign_buttons, convene=convene_buttons)
    ctx.finish()  # refused only when petitions were closed to the person meanwhile
    if isinstance(outcome, Refused):
        return ctx.edit(outcome.template, **outcome.params)
    ctx.edit("meetings/petition_sent", tally=outcome.value, notified=ctx.notified)


@router.callback(PetitionSign, roles=REPRESENTATIVES, registered=True)
async def on_sign(ctx: Context, pick: PetitionSign) -> None:
    outcome = await petitions.sign_petition(ctx.session, person=ctx.person,
                                            petition_id=pick.petition_id, now=ctx.now,
                                            notify=ctx.notify, convene=convene_buttons)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("meetings/petition_signed", tally=outcome.value)


@router.callback(PetitionConvene, roles=CONVENERS, registered=True)
async def on_convene(ctx: Context, pick: PetitionConvene) -> None:
    petition = await convening.may_convene_on(ctx.session, ctx.person, pick.petition_id)
    if isinstance(petition, Refused):
        return ctx.refuse(petition)
    ctx.answer()
    newmeeting.begin(ctx, petition)
