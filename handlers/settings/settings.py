"""/language and /cancel: the person's own settings and their open dialogue."""

from chat.context import Context
from chat.router import Router
from handlers.settings.buttons import DiscardDialogue, KeepDialogue, SetLanguage
from models.languages import LANGUAGES
from models.messages import Button

router = Router("settings")


@router.command("language")
async def cmd_language(ctx: Context) -> None:
    buttons = [[Button(label=f"common.language_{code}", data=SetLanguage(code).pack())
                for code in LANGUAGES]]
    ctx.reply("common/language_prompt", buttons=buttons)


@router.callback(SetLanguage)
async def on_language(ctx: Context, pick: SetLanguage) -> None:
    ctx.person.language = pick.language
    ctx.roles_changed_for.add(ctx.person.id or 0)  # the menu follows the language
    ctx.answer()
    ctx.edit("common/language_set")


@router.command("cancel")
async def cmd_cancel(ctx: Context) -> None:
    if ctx.conversation.step is None:
        ctx.reply("common/nothing_to_cancel")
        return
    person_id = ctx.person.id or 0
    ctx.reply("common/cancel_confirm", buttons=[[
        Button(label="common.discard", data=DiscardDialogue(person_id).pack()),
        Button(label="common.keep", data=KeepDialogue(person_id).pack())]])


@router.callback(DiscardDialogue)
async def on_discard(ctx: Context, pick: DiscardDialogue) -> None:
    if pick.person_id != ctx.person.id or ctx.conversation.step is None:
        return ctx.answer("common/stale_button", alert=True)
    ctx.finish()
    ctx.answer()
    ctx.edit("common/cancelled")


@router.callback(KeepDialogue)
async def on_keep(ctx: Context, pick: KeepDialogue) -> None:
    if pick.person_id != ctx.person.id:
        return ctx.answer("common/stale_button", alert=True)
    ctx.answer()
    ctx.edit("common/kept")
