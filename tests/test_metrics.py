"""The text `/metrics` serves, checked as Prometheus reads it: one sample a line,
labels escaped, histogram buckets cumulative and ending at +Inf."""

from bot.metrics import Counter, Gauge, Histogram, Metrics
from bot.send_results import Failed, Later, Sent, label
from models.outbox import DeliveryState


def samples(text: str) -> dict[str, float]:
    """`name{labels}` -> value for every sample line of an exposition."""
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            found[key] = float(value)
    return found


def test_a_counter_shows_its_known_labels_at_zero_and_counts() -> None:
    sends = Counter("sends_total", "Sends.", ("result",), known=[("sent",), ("429",)])
    sends.inc("sent")
    sends.inc("sent", amount=2)
    assert sends.lines() == ["# HELP sends_total Sends.", "# TYPE sends_total counter",
                             'sends_total{result="429"} 0', 'sends_total{result="sent"} 3']


def test_a_histogram_counts_each_observation_in_every_bucket_it_fits() -> None:
    sweeps = Histogram("sweep_seconds", "Sweeps.", (0.1, 1.0), ("job",))
    sweeps.observe(0.05, "matters")
    sweeps.observe(0.5, "matters")
    sweeps.observe(7.0, "matters")
    found = samples("\n".join(sweeps.lines()))
    assert found == {'sweep_seconds_bucket{job="matters",le="0.1"}': 1,
                     'sweep_seconds_bucket{job="matters",le="1"}': 2,
                     'sweep_seconds_bucket{job="matters",le="+Inf"}': 3,
                     'sweep_seconds_sum{job="matters"}': 7.55,
                     'sweep_seconds_count{job="matters"}': 3}
    assert sweeps.count("matters") == 3 and sweeps.count("hearings") == 0


def test_label_values_are_escaped_and_unknown_gauges_left_out() -> None:
    gauge = Gauge("loop_up", "Loops.", ("loop",),
                  samples=[(('a"b\\c\nd',), 1.0), (("gone",), None)])
    assert gauge.lines()[2:] == ['loop_up{loop="a\\"b\\\\c\\nd"} 1']


def test_the_exposition_ends_every_line_and_declares_every_figure() -> None:
    text = Metrics().exposition([Gauge("yishi_outbox_pending", "Waiting.", samples=[((), 4)])])
    assert text.endswith("\n")
    declared = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE")}
    assert {"yishi_updates_total", "yishi_update_handling_seconds", "yishi_sends_total",
            "yishi_telegram_429_total", "yishi_sweep_duration_seconds",
            "yishi_outbox_pending"} <= declared
    assert samples(text)["yishi_outbox_pending"] == 4


def test_each_delivery_result_has_its_own_label() -> None:
    assert label(Sent(5)) == "sent"
    assert label(Later("502")) == "retry"
    assert label(Failed(DeliveryState.failed, "bad request")) == "failed"
    assert label(Failed(DeliveryState.unreachable, "blocked")) == "unreachable"
    assert label(Failed(DeliveryState.failed, "502", given_up=True)) == "given_up"
