"""/audit for the supervisory committee (and admins): the community's audit entries,
newest first, a page at a time; filters by kind and by person; whether the hash chain
verifies; and the entries filtered downloaded as a CSV file."""

from chat.context import Context
from chat.dialogue import LookUp
from chat.questions import asking
from chat.router import Router
from handlers.supervision.audit_buttons import (
    AuditAskPerson,
    AuditBrowse,
    AuditExport,
    AuditKinds,
    AuditPerson,
)
from handlers.supervision.drafting import AUDIT_PERSON, AuditPersonDraft, AuditPersonStep
from models import audit_view
from models.audit_view import AuditPage, Filter
from models.messages import Button, Markup, Media
from models.outcomes import Refused

router = Router("supervision")
WATCHERS = set(audit_view.WATCHERS)


@router.command("audit", roles=WATCHERS, registered=True)
async def cmd_audit(ctx: Context) -> None:
    await show(ctx, Filter(), 0)


@router.callback(AuditBrowse, roles=WATCHERS, registered=True)
async def on_browse(ctx: Context, pick: AuditBrowse) -> None:
    ctx.answer()
    await show(ctx, Filter(pick.kind, pick.person_id), pick.page, edit=True)


async def show(ctx: Context, chosen: Filter, number: int, *, edit: bool = False) -> None:
    assert ctx.community is not None
    outcome = await audit_view.page(ctx.session, roles=ctx.roles,
                                    community_id=ctx.community.id or 0, chosen=chosen,
                                    number=number)
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    (ctx.edit if edit else ctx.reply)("supervision/page", shown=outcome.value,
                                      buttons=page_buttons(outcome.value))


def page_buttons(shown: AuditPage) -> Markup:
    kind, person = shown.filter.kind, shown.filter.person_id
    turns = [Button(label="supervision.newer", data=AuditBrowse(shown.page - 1, kind,
                                                                person).pack())
             ] if shown.has_newer else []
    if shown.has_older:
        turns.append(Button(label="supervision.older",
                            data=AuditBrowse(shown.page + 1, kind, person).pack()))
    rows = [turns, [Button(label="supervision.by_kind", data=AuditKinds(person).pack()),
                    Button(label="supervision.by_person", data=AuditAskPerson(kind).pack())]]
    last = [Button(label="supervision.export", data=AuditExport(kind, person).pack())]
    if kind or person:
        last.append(Button(label="supervision.clear", data=AuditBrowse(0, "", 0).pack()))
    return [*rows, last]


@router.callback(AuditKinds, roles=WATCHERS, registered=True)
async def on_kinds(ctx: Context, pick: AuditKinds) -> None:
    assert ctx.community is not None
    if refusal := audit_view.may_watch(ctx.roles):
        return ctx.refuse(refusal)
    kinds = await audit_view.kinds(ctx.session, ctx.community.id or 0)
    ctx.answer()
    ctx.edit("supervision/pick_kind", kinds=kinds, buttons=[
        *([Button(label="supervision.kind", params={"kind": kind},
                  data=AuditBrowse(0, kind, pick.person_id).pack())] for kind in kinds),
        [Button(label="supervision.all_kinds", data=AuditBrowse(0, "", pick.person_id).pack())]])


@router.callback(AuditAskPerson, roles=WATCHERS, registered=True)
async def on_ask_person(ctx: Context, pick: AuditAskPerson) -> None:
    if refusal := audit_view.may_watch(ctx.roles):
        return ctx.refuse(refusal)
    ctx.answer()
    AUDIT_PERSON.start(ctx, AuditPersonDraft(kind=pick.kind), AuditPersonStep.NAME)


async def take_name(ctx: Context, draft: AuditPersonDraft) -> bool:
    """What was typed is looked up among the community's people, offered as buttons;
    the step ends when one is pressed."""
    assert ctx.community is not None
    typed = ctx.incoming.text or ""
    found = await audit_view.people_named(ctx.session, ctx.community.id or 0, typed)
    if not found:
        ctx.reply("supervision/no_person", typed=typed[:40])
        return False
    ctx.reply("supervision/pick_person", buttons=[
        [Button(label="supervision.person", params={"name": p.name or p.display_name},
                data=AuditPerson(p.id or 0).pack())] for p in found])
    return False


AUDIT_PERSON.step(router, AuditPersonStep.NAME,
                  LookUp(asking("supervision/ask_person"), take_name),
                  roles=WATCHERS, registered=True)


@router.callback(AuditPerson, roles=WATCHERS, registered=True, step=AuditPersonStep.NAME)
async def on_person(ctx: Context, pick: AuditPerson) -> None:
    draft = AUDIT_PERSON.draft(ctx)
    ctx.finish()
    ctx.answer()
    await show(ctx, Filter(draft.kind, pick.person_id), 0)


@router.callback(AuditExport, roles=WATCHERS, registered=True)
async def on_export(ctx: Context, pick: AuditExport) -> None:
    assert ctx.community is not None
    community, chosen = ctx.community, Filter(pick.kind, pick.person_id)
    language = community.config.default_language
    outcome = await audit_view.export(
        ctx.session, roles=ctx.roles, community_id=community.id or 0, chosen=chosen,
        headers=ctx.render("supervision/audit_columns", language=language).splitlines(),
        kind_name=lambda kind: ctx.render("supervision/kind_name", language=language,
                                          kind=kind),
        zone=community.config.zone, now=ctx.now,
        name=f"audit-{community.code}-{ctx.now.astimezone(community.config.zone):%Y%m%d-%H%M}.csv")
    if isinstance(outcome, Refused):
        return ctx.refuse(outcome)
    ctx.answer()
    ctx.reply("supervision/exported", chosen=chosen,
              media=[Media("document", stored_file_id=outcome.value.id)])
