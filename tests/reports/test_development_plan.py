"""The individual development plan on a person's result page and in its PDF: the
competencies below standard, the largest shortfall first, with the forms offered for each."""

import pytest
from django.urls import reverse

from participants.competencies import COMPETENCIES
from participants.models import RequiredLevel
from reports.development import DEFAULT_FORMS
from reports.development_plan import NO_GAP, individual_plan
from reports.models import CompetencyDevelopment
from scoring.runs import lifecycle
from tests.reports.test_gap_map import scoped_manager
from tests.reports.test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db


def publish(event):
    return lifecycle.publish_run(run=lifecycle.start_run(event=event, actor=None), actor=None)


@pytest.fixture
def published(tested_event):
    # Pelaksana requires level 1 by default: nobody falls short. Level 3 makes gaps.
    RequiredLevel.objects.filter(position_class__name="Pelaksana").update(level=3)
    return publish(tested_event)


def with_gaps(run):
    """A result with at least two competencies below standard, of different sizes if any."""
    results = [r for r in run.results.all() if sum(gap < 0 for gap in r.gaps) >= 2]
    assert results
    return max(results, key=lambda r: len({gap for gap in r.gaps if gap < 0}))


def expected_plan(result):
    rows = [
        (gap, i, code)
        for i, ((code, _), level, gap) in enumerate(
            zip(COMPETENCIES, result.levels, result.gaps, strict=True)
        )
        if level and gap < 0
    ]
    return [code for _, _, code in sorted(rows)]


def test_the_plan_orders_shortfalls_largest_first_and_skips_unmeasured():
    forms = {"M.01": ["A"], "M.03": ["B", "C"]}
    plan = individual_plan([1, 3, 2, 0, 3, 3, 3, 3, 3], [-2, 0, -1, 0, 0, 0, 0, 0, -2], forms)
    assert [(i.code, i.level, i.required, i.gap) for i in plan] == [
        ("M.01", 1, 3, -2),
        ("SK.01", 3, 5, -2),
        ("M.03", 2, 3, -1),
    ]
    assert plan[0].forms == ("A",) and plan[1].forms == ()
    assert individual_plan([], [], forms) == [] and individual_plan(None, None, forms) == []


def test_the_result_page_shows_the_plan(client, dave, published):
    result = with_gaps(published)
    client.force_login(dave)
    url = reverse("reports:result", args=[published.event.code, result.registration_id])
    response = client.get(url)
    plan = response.context["plan"]
    assert [item.code for item in plan] == expected_plan(result)
    assert [item.gap for item in plan] == sorted(item.gap for item in plan)
    assert len(plan) >= 2
    page = response.content.decode()
    assert "Rencana pengembangan individu" in page
    section = page[page.index('id="rencana-pengembangan"') :]
    first = plan[0]
    assert f"{first.code} {first.name}" in section
    for form in DEFAULT_FORMS[first.code]:
        assert form in section
    positions = [section.index(f"<h3>{item.code} ") for item in plan]
    assert positions == sorted(positions)
    assert NO_GAP not in page


def test_the_plan_uses_the_forms_as_edited(client, dave, published):
    result = with_gaps(published)
    code = expected_plan(result)[0]
    client.force_login(dave)
    url = reverse("reports:result", args=[published.event.code, result.registration_id])
    client.get(url)  # makes the default rows
    CompetencyDevelopment.objects.filter(competency=code).update(forms="Diklat khusus uji")
    assert "Diklat khusus uji" in client.get(url).content.decode()


def test_a_result_without_a_gap_says_so(client, dave, tested_event, tmp_path):
    run = publish(tested_event)  # Pelaksana requires level 1: nobody is below it
    result = run.results.exclude(jpm=None).first()
    assert all(gap >= 0 for gap in result.gaps)
    client.force_login(dave)
    url = reverse("reports:result", args=[run.event.code, result.registration_id])
    response = client.get(url)
    assert response.context["plan"] == []
    assert NO_GAP in response.content.decode()
    pdf = client.get(reverse("reports:result_pdf", args=[run.event.code, result.registration_id]))
    text = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "Rencana pengembangan individu" in text and NO_GAP in text


def test_the_pdf_holds_the_plan(client, dave, published, tmp_path):
    result = with_gaps(published)
    client.force_login(dave)
    url = reverse("reports:result_pdf", args=[published.event.code, result.registration_id])
    text = " ".join(pdf_text(client.get(url).content, tmp_path).split())
    plan_text = text[text.index("Rencana pengembangan individu") :]
    codes = expected_plan(result)
    names = dict(COMPETENCIES)
    positions = [plan_text.index(f"{code} {names[code]}") for code in codes]
    assert positions == sorted(positions)
    assert DEFAULT_FORMS[codes[0]][0] in plan_text
    assert NO_GAP not in text


def test_a_draft_plan_is_for_those_who_may_see_drafts(client, alice, dave, tested_event):
    RequiredLevel.objects.filter(position_class__name="Pelaksana").update(level=3)
    draft = lifecycle.start_run(event=tested_event, actor=None)
    result = with_gaps(draft)
    url = reverse("reports:result", args=[tested_event.code, result.registration_id])
    client.force_login(dave)
    assert "Rencana pengembangan individu" not in client.get(url).content.decode()
    assert client.get(url, {"run": draft.number}).status_code == 404
    client.force_login(alice)
    response = client.get(url, {"run": draft.number})
    assert [item.code for item in response.context["plan"]] == expected_plan(result)


def test_a_scoped_manager_sees_no_plan_outside_their_opd(client, published, opds):
    client.force_login(scoped_manager(opds[1]))
    other = published.results.exclude(registration__participant__opd=opds[1]).first()
    url = reverse("reports:result", args=[published.event.code, other.registration_id])
    assert client.get(url).status_code == 404
