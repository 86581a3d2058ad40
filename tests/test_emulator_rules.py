"""The emulator's rule engines on their own: Telegram HTML, spec validation, flood buckets."""

import pytest

from emulator.errors import ApiError
from emulator.html import parse_html
from emulator.limits import FloodConfig, FloodLimiter
from emulator.rules import check_inline_button, message_text
from emulator.scalars import FilePart
from emulator.spec import Spec


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def html_error(source: str) -> str:
    with pytest.raises(ApiError) as caught:
        parse_html(source)
    assert caught.value.code == 400
    return caught.value.description


def test_html_visible_text_strips_tags_and_decodes_entities():
    source = (
        '<b>a</b><i>b</i><u>c</u><s>d</s><span class="tg-spoiler">e</span>'
        '<a href="https://x.org/?a=1&amp;b=2">f</a><tg-emoji emoji-id="5">g</tg-emoji>'
        '<pre><code class="language-python">h</code></pre><blockquote expandable>i</blockquote>'
        "&lt;&gt;&amp;&quot;&#39;&#x4e2d; & j"
    )
    assert parse_html(source) == "abcdefghi<>&\"'中 & j"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
        ("中&nbsp;", 'Unsupported HTML entity "&nbsp;" at byte offset 3'),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<tg-emoji>x</tg-emoji>", 'Tag "tg-emoji" must have attribute "emoji-id"'),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
    ],
)
def test_html_errors_read_like_telegram(source, expected):
    description = html_error(source)
    assert description.startswith("Bad Request: can't parse entities: ")
    assert expected in description


def test_text_length_counts_visible_characters_only():
    assert message_text("<b>" + "字" * 4096 + "</b>", "HTML") == "字" * 4096
    with pytest.raises(ApiError, match="message is too long"):
        message_text("x" * 4097, None)
    with pytest.raises(ApiError, match="message text is empty"):
        message_text("<b> </b>", "HTML")


def test_callback_data_is_limited_in_utf8_bytes():
    check_inline_button({"text": "ok", "callback_data": "字" * 21})  # 63 bytes
    with pytest.raises(ApiError, match="BUTTON_DATA_INVALID"):
        check_inline_button({"text": "ok", "callback_data": "字" * 22})  # 66 bytes
    with pytest.raises(ApiError, match="exactly one of callback_data, url"):
        check_inline_button({"text": "ok", "callback_data": "a", "url": "https://x.org"})


def test_spec_coerces_form_strings(spec):
    params = spec.validate("sendmessage", {
        "chat_id": "-100", "text": "hi", "disable_notification": "true",
        "reply_markup": '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}',
        "not_a_parameter": "kept",
    })
    assert params["chat_id"] == -100
    assert params["disable_notification"] is True
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    assert params["not_a_parameter"] == "kept"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"text": "hi"}, 'parameter "chat_id" is required'),
        ({"chat_id": 1, "text": {"a": 1}}, 'parameter "text" must be of type String'),
        ({"chat_id": [1], "text": "x"}, 'parameter "chat_id" must be of type Integer or String'),
        ({"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"url": "x"}]]}},
         'field "reply_markup.inline_keyboard[0][0].text" is required'),
        ({"chat_id": 1, "text": "x", "reply_markup": "{not json"},
         'parameter "reply_markup" must be of type InlineKeyboardMarkup or'),
    ],
)
def test_spec_refuses_bad_calls(spec, params, expected):
    with pytest.raises(ApiError) as caught:
        spec.validate("sendMessage", params)
    assert caught.value.code == 400
    assert expected in caught.value.description


def test_spec_resolves_attached_files_and_unions(spec):
    part = FilePart("f1", "a.pdf", "application/pdf", b"123")
    params = spec.validate("sendDocument", {"chat_id": 1, "document": "attach://f1", "f1": part})
    assert params["document"] is part
    assert "f1" not in params
    scope = spec.validate("setMyCommands", {
        "commands": [{"command": "start", "description": "Start"}],
        "scope": {"type": "chat", "chat_id": "5"},
    })["scope"]
    assert scope == {"type": "chat", "chat_id": 5}
    with pytest.raises(ApiError, match='"scope.chat_id" is required'):
        spec.validate("setMyCommands", {"commands": [], "scope": {"type": "chat"}})


def test_unknown_method_is_404(spec):
    with pytest.raises(ApiError) as caught:
        spec.validate("sendTelepathy", {})
    assert (caught.value.code, caught.value.description) == (404, "Not Found")


def test_private_chat_bucket_allows_a_burst_then_one_per_second():
    clock = [100.0]
    limiter = FloodLimiter(FloodConfig(chat_burst=3, chat_per_second=1.0), clock=lambda: clock[0])
    assert [limiter.acquire(1, private=True) for _ in range(4)] == [None, None, None, 1]
    assert limiter.acquire(2, private=True) is None  # another chat has its own bucket
    clock[0] += 1.0
    assert limiter.acquire(1, private=True) is None
    assert limiter.acquire(1, private=True) == 1


def test_group_bucket_refills_twenty_per_minute():
    clock = [0.0]
    limiter = FloodLimiter(FloodConfig(), clock=lambda: clock[0])
    assert all(limiter.acquire(-5, private=False) is None for _ in range(20))
    assert limiter.acquire(-5, private=False) == 3  # one message every three seconds


def test_global_bucket_spans_all_chats_and_can_be_switched_off():
    limiter = FloodLimiter(FloodConfig(global_burst=2, global_per_second=0.5), clock=lambda: 0.0)
    assert [limiter.acquire(chat, private=True) for chat in (1, 2, 3)] == [None, None, 2]
    limiter.configure(enabled=False)
    assert limiter.acquire(3, private=True) is None
    with pytest.raises(ValueError, match="unknown flood settings"):
        limiter.configure(per_fortnight=1)


def test_the_vendored_spec_is_the_shared_one() -> None:
    from emulator.spec import SHARED_SPEC_PATH, VENDORED_SPEC_PATH

    if not SHARED_SPEC_PATH.exists():
        pytest.skip("no shared/ beside this checkout")
    assert VENDORED_SPEC_PATH.read_bytes() == SHARED_SPEC_PATH.read_bytes()
