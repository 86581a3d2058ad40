"""Charts come out as PNG images of the requested size, with Chinese labels drawn in a
font that has them (matplotlib warns about every missing glyph)."""

import warnings

import pytest

from models import charts

PNG = b"\x89PNG\r\n\x1a\n"


def test_a_bar_chart_with_chinese_labels_draws_every_glyph() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would fail here
        image = charts.bar_chart("表决结果", ["赞成", "反对", "弃权"], [12, 3, 1])
    assert image.startswith(PNG)
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert (width, height) == (768, 432)


def test_a_line_chart_draws_each_series() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        image = charts.line_chart("月度受理", ["9月", "10月"], {"受理": [3, 5], "办结": [2, 5]})
    assert image.startswith(PNG)


def test_values_must_match_labels() -> None:
    with pytest.raises(ValueError):
        charts.bar_chart("x", ["a", "b"], [1])
    with pytest.raises(ValueError):
        charts.line_chart("x", ["a", "b"], {"s": [1]})


async def test_drawing_runs_off_the_event_loop() -> None:
    image = await charts.draw(charts.bar_chart, "t", ["a"], [1])
    assert image.startswith(PNG)
