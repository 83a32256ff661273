"""The competency radar: its geometry from known levels, and the result page drawing it."""

import math

import pytest
from django.urls import reverse

from participants.competencies import COMPETENCIES
from reports import charts
from reports.charts import MAX_LEVEL, RADIUS, radar
from scoring.runs import lifecycle


def distance(a, b) -> float:
    return math.dist(a, b)


def test_the_first_spoke_points_up_and_the_others_follow_clockwise():
    center = (100.0, 100.0)
    assert charts.point(center, 50, 0, 4, 5) == (100.0, 50.0)
    assert charts.point(center, 50, 1, 4, 5) == (150.0, 100.0)
    assert charts.point(center, 50, 2, 4, 5) == (100.0, 150.0)
    assert charts.point(center, 50, 3, 4, 5) == (50.0, 100.0)
    assert charts.point(center, 50, 1, 4, 2) == (120.0, 100.0)  # level 2 of 5: 2/5 of 50
    assert charts.point(center, 50, 0, 4, 0) == center


def test_a_four_axis_radar_has_its_vertices_where_the_levels_say():
    chart = radar(
        [("A", "a", 5, 3), ("B", "b", 1, 3), ("C", "c", 4, 3), ("D", "d", 2, 3)], radius=100
    )
    cx, cy = chart.center
    assert chart.width == chart.height - charts.LEGEND_HEIGHT == 2 * (100 + charts.MARGIN)
    assert (cx, cy) == (chart.width / 2, chart.width / 2)
    assert [axis.person for axis in chart.axes] == [
        (cx, cy - 100),
        (cx + 20, cy),
        (cx, cy + 80),
        (cx - 40, cy),
    ]
    assert chart.person == charts.points([axis.person for axis in chart.axes])
    assert chart.standard == charts.points(
        [(cx, cy - 60), (cx + 60, cy), (cx, cy + 60), (cx - 60, cy)]
    )
    assert charts.points([(1.5, 2.0), (3.0, 4.25)]) == "1.5,2 3,4.25"
    assert [axis.below for axis in chart.axes] == [False, True, False, True]
    assert [axis.anchor for axis in chart.axes] == ["middle", "start", "middle", "end"]
    assert [axis.tip for axis in chart.axes][0] == (cx, cy - 100)
    assert chart.axes[1].label == (cx + 100 + charts.LABEL_GAP, cy)


def test_nine_competencies_sit_at_level_times_a_fifth_of_the_radius():
    levels = [1, 2, 3, 4, 5, 4, 3, 2, 1]
    required = [3] * 9
    chart = radar(
        [(c, n, lv, rq) for (c, n), lv, rq in zip(COMPETENCIES, levels, required, strict=True)]
    )
    assert [axis.code for axis in chart.axes] == [code for code, _ in COMPETENCIES]
    for i, (axis, level) in enumerate(zip(chart.axes, levels, strict=True)):
        assert distance(axis.person, chart.center) == pytest.approx(RADIUS * level / 5, abs=0.02)
        assert distance(axis.tip, chart.center) == pytest.approx(RADIUS, abs=0.02)
        angle = math.atan2(axis.tip[0] - chart.center[0], chart.center[1] - axis.tip[1])
        assert angle % (2 * math.pi) == pytest.approx(2 * math.pi * i / 9, abs=1e-3)
    for vertex in chart.standard.split():
        x, y = map(float, vertex.split(","))
        assert distance((x, y), chart.center) == pytest.approx(RADIUS * 3 / 5, abs=0.02)
    assert [level for level, _ in chart.rings] == list(range(1, MAX_LEVEL + 1))
    outer = chart.rings[-1][1].split()
    assert len(outer) == 9
    assert [tuple(map(float, v.split(","))) for v in outer] == [a.tip for a in chart.axes]
    assert chart.ticks[2] == (3, (chart.center[0], chart.center[1] - RADIUS * 3 / 5))


def test_a_missing_level_leaves_its_polygon_out_but_keeps_the_other():
    chart = radar([("A", "a", None, 2), ("B", "b", 3, 2), ("C", "c", 3, 2)])
    assert chart.person is None
    assert chart.standard is not None
    assert chart.axes[0].person is None and not chart.axes[0].below


# --- the result page -------------------------------------------------------------------


@pytest.fixture
def published(tested_event):
    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )


@pytest.mark.django_db
def test_the_result_page_draws_the_radar_of_the_stored_levels(client, dave, published):
    result = published.results.exclude(levels=[]).select_related(
        "registration__participant__position_class"
    )[0]
    participant = result.registration.participant
    required = dict(participant.position_class.required_levels.values_list("competency", "level"))
    client.force_login(dave)
    response = client.get(
        reverse("reports:result", args=[published.event.code, result.registration_id])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "css/charts.css" in text
    svg = text.split('<svg class="radar"', 1)[1].split("</svg>", 1)[0]
    expected = radar(
        [
            (code, name, result.levels[i], required[code])
            for i, (code, name) in enumerate(COMPETENCIES)
        ]
    )
    assert response.context["radar"] == expected
    assert f'<polygon points="{expected.person}" class="radar-person"/>' in svg
    assert f'<polygon points="{expected.standard}" class="radar-standard"/>' in svg
    assert svg.count('class="axis-label"') == 9
    assert svg.count('class="ring"') == 5
    # The text alternative carries every number; the legend names both polygons.
    for i, (code, name) in enumerate(COMPETENCIES):
        assert f"{code} {name}: level {result.levels[i]}, standar {required[code]}" in svg
    assert 'aria-labelledby="radar-title radar-desc"' in svg
    assert "Level peserta" in svg and "Standar jabatan" in svg
    assert svg.count('class="radar-below"') == 1 + sum(
        1 for i, (code, _) in enumerate(COMPETENCIES) if result.levels[i] < required[code]
    )
    assert "style=" not in svg  # the CSP allows no inline style
