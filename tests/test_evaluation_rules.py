"""The evaluation's plain rules: the period each year in the community's zone, across
the new year and clock changes, the settings the file accepts, and the published
counts and shares adding up whatever the ratings."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from chat.render import Renderer
from models.supervision.evaluation import CONTENT, EvaluationRound, Grade
from models.supervision.evaluation_results import summarise
from models.supervision.evaluation_rules import EvaluationRules, current, last_ended, period_of
from tests.template_samples import BASE

SHANGHAI, NEW_YORK = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_period_that_runs_into_the_new_year_is_the_year_it_opened() -> None:
    rules = EvaluationRules(opens="12-20", days=20)
    period = period_of(rules, SHANGHAI, 2026)
    assert (period.opens_at, period.closes_at) == (utc(2026, 12, 19, 16), utc(2027, 1, 8, 16))
    assert current(rules, SHANGHAI, utc(2027, 1, 5)) == period
    assert current(rules, SHANGHAI, utc(2027, 1, 8, 15, 59)) == period
    assert current(rules, SHANGHAI, utc(2027, 1, 8, 16)) is None
    assert current(rules, SHANGHAI, utc(2026, 12, 19, 15, 59)) is None
    assert last_ended(rules, SHANGHAI, utc(2027, 1, 10)).year == 2026
    # Before this year's opens, the latest ended is last year's.
    assert last_ended(rules, SHANGHAI, utc(2026, 12, 25)).year == 2025


def test_the_period_opens_at_midnight_in_the_community_s_zone() -> None:
    rules = EvaluationRules(opens="12-20", days=14)
    moment = utc(2026, 12, 19, 17)  # 01:00 on the 20th in Shanghai, noon of the 19th in New York
    assert current(rules, SHANGHAI, moment) is not None
    assert current(rules, NEW_YORK, moment) is None
    assert period_of(rules, NEW_YORK, 2026).opens_at == utc(2026, 12, 20, 5)
    # New Year's Eve in New York is already the new year in Shanghai: a period of one
    # day on 01-01 runs at different instants.
    new_year = EvaluationRules(opens="01-01", days=1)
    eve = utc(2027, 1, 1, 3)  # 11:00 on 1 January in Shanghai, 22:00 on 31 December in New York
    assert current(new_year, SHANGHAI, eve) is not None
    assert current(new_year, NEW_YORK, eve) is None
    assert current(new_year, NEW_YORK, utc(2027, 1, 1, 5)) is not None


def test_whole_local_days_across_a_clock_change() -> None:
    # New York moves its clocks on 8 March 2026: the period still ends at local midnight.
    period = period_of(EvaluationRules(opens="03-01", days=30), NEW_YORK, 2026)
    assert period.opens_at == utc(2026, 3, 1, 5) and period.closes_at == utc(2026, 3, 31, 4)


@pytest.mark.parametrize("settings", [
    {"opens": "02-29"}, {"opens": "13-01"}, {"opens": "2026-12-01"}, {"opens": "12-01", "days": 0},
    {"opens": "12-01", "flag_below": 0}, {"opens": "12-01", "flag_below": 1.5},
    {"opens": "12-01", "voters": "all"}])
def test_settings_the_file_refuses(settings: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        EvaluationRules.model_validate(settings)


MEMBERS = [(1, "王主任"), (2, "李委员"), (3, "张委员")]
RENDERER = Renderer(strict=True)
PUBLISHED = re.compile(r"满意 (\d+) · 基本满意 (\d+) · 不满意 (\d+)，共 (\d+) 人\n"
                       r"满意率：(?:无人评议|([\d.]+)%)")


@given(grades=st.lists(st.tuples(st.integers(1, 4), st.sampled_from(list(Grade))),
                       max_size=60),
       flag_below=st.floats(0.01, 1))
def test_published_counts_and_shares_add_up(grades: list[tuple[int, Grade]],
                                            flag_below: float) -> None:
    results = summarise(MEMBERS, grades, flag_below=flag_below)
    assert [(r.member_id, r.name) for r in results] == MEMBERS
    for r in results:
        given_to = [g for m, g in grades if m == r.member_id]
        assert r.total == len(given_to) == sum(r.counts.values())
        assert set(r.counts) == set(Grade)
        assert all(r.counts[g] == given_to.count(g) for g in Grade)
        content = sum(1 for g in given_to if g in CONTENT)
        if r.total:
            assert r.share == content / r.total and 0 <= r.share <= 1
            assert r.percent == round(100 * content / r.total, 1)
            assert r.flagged == (r.share < flag_below)
        else:  # nobody rated: no share and no flag
            assert r.share is None and r.percent is None and not r.flagged
        stored = r.as_dict()
        assert stored["satisfied"] + stored["basically"] + stored["dissatisfied"] == r.total
    # A grade for someone who did not report (member 4) is counted for nobody.
    assert sum(r.total for r in results) == sum(1 for m, _ in grades if m != 4)
    # And as published on the board: each member's counts add up to their total, and
    # the share is (satisfied + basically satisfied) over it.
    found = EvaluationRound(year=2026, opens_at=utc(2026, 12, 1),
                            closes_at=utc(2026, 12, 1) + timedelta(days=14),
                            community_id=1, flag_below=flag_below)
    body = RENDERER.render("zh", "supervision/evaluation_results", **BASE, round=found,
                           results=results, silent=[], comments={})
    shown = PUBLISHED.findall(body)
    assert len(shown) == len(MEMBERS)
    for (satisfied, basically, dissatisfied, total, share), r in zip(shown, results,
                                                                     strict=True):
        assert int(satisfied) + int(basically) + int(dissatisfied) == int(total) == r.total
        if r.total:
            assert float(share) == round(100 * (int(satisfied) + int(basically)) / r.total, 1)
        assert ("⚠️" in body.split(r.name)[1].split("\n")[0]) == r.flagged
