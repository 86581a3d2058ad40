"""Photos and documents through the outbox and the emulator, on both engines: a stored
file is uploaded once and its file_id reused, a short text rides as the caption, a long
one follows the media."""

from bot.playground import Harness
from bot.sender import CAPTION_LIMIT
from models import files
from models.files import StoredFile
from models.messages import Button, Media
from models.outbox import Lane, enqueue

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


async def queue(harness: Harness, chat_id: int, text: str, media: list[Media]) -> None:
    async with harness.db.sessionmaker() as session, session.begin():
        enqueue(session, lane=Lane.bulk, chat_id=chat_id, template="test/media", text=text,
                media=media, now=harness.db.clock.now())
    harness.runtime.sender.wake()
    await harness.settle()


async def stored(harness: Harness) -> StoredFile:
    async with harness.db.sessionmaker() as session, session.begin():
        return await files.store(session, name="hearing.ics", content_type="text/calendar",
                                 data=ICS, now=harness.db.clock.now())


async def test_a_stored_document_is_uploaded_once_then_reused(harness: Harness) -> None:
    await harness.client.add_user(501, "甲")
    await harness.client.add_user(502, "乙")
    document = await stored(harness)
    media = [Media("document", stored_file_id=document.id)]
    await queue(harness, 501, "<b>听证会</b> 日历", media)
    await queue(harness, 502, "<b>听证会</b> 日历", media)

    first, second = [(await harness.client.bot_messages(chat))[-1] for chat in (501, 502)]
    assert first["kind"] == second["kind"] == "document"
    assert first["caption"] == "听证会 日历"
    name, data = await harness.client.upload(first["document"]["file_id"])
    assert (name, data) == ("hearing.ics", ICS)
    uploads = [c for c in await harness.client.calls("sendDocument")]
    assert len(uploads) == 2
    async with harness.db.sessionmaker() as session:
        kept = await session.get(StoredFile, document.id)
    assert kept is not None and kept.telegram_file_id == first["document"]["file_id"]
    assert second["document"]["file_id"] == kept.telegram_file_id  # sent by id, not re-uploaded


async def test_a_long_text_follows_its_media(harness: Harness) -> None:
    await harness.client.add_user(503, "丙")
    sent = await harness.client.send_photo(503, caption="路灯坏了")
    history = {m["message_id"]: m for m in await harness.client.messages(503)}
    photo_id = history[sent["message_id"]]["photo"][-1]["file_id"]
    long_text = "说明" * CAPTION_LIMIT
    await queue(harness, 503, long_text, [Media("photo", file_id=photo_id)])
    mine = [m for m in await harness.client.bot_messages(503) if m["kind"] == "photo"
            or (m["text"] or "").startswith("说明")]  # not the bot's answer to the photo
    photo, text = mine
    assert photo["kind"] == "photo" and photo["caption"] is None
    assert photo["photo"][-1]["file_id"] == photo_id
    assert text["kind"] == "text" and text["text"].startswith("说明")


async def test_a_message_with_buttons_stays_text_after_its_photo(harness: Harness) -> None:
    await harness.client.add_user(504, "丁")
    chart = await stored(harness)
    async with harness.db.sessionmaker() as session, session.begin():
        enqueue(session, lane=Lane.bulk, chat_id=504, template="test/media", text="选票",
                markup=harness.runtime.renderer.markup("zh", [[Button(text="赞成", data="x")]]),
                media=[Media("photo", stored_file_id=chart.id)], now=harness.db.clock.now())
    harness.runtime.sender.wake()
    await harness.settle()
    photo, ballot = await harness.client.bot_messages(504)
    assert photo["kind"] == "photo" and photo["caption"] is None
    assert ballot["text"] == "选票" and ballot["reply_markup"]


def test_media_names_exactly_one_source() -> None:
    import pytest

    with pytest.raises(ValueError):
        Media("photo")
    with pytest.raises(ValueError):
        Media("video", file_id="x")
    assert Media.from_dict(Media("photo", file_id="x").as_dict()) == Media("photo", file_id="x")
