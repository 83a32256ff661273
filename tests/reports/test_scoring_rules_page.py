"""The page "Aturan penilaian" (/hasil/<code>/aturan/): the event's scoring rules, in
Indonesian, drawn from its own settings."""

import datetime as dt
import html
import re

from django.urls import reverse

from scoring.models import ScoringSettings
from scoring.runs import lifecycle
from scoring.talent import RECOMMENDED_ACTIONS


def rules_url(event) -> str:
    return reverse("reports:scoring_rules", args=[event.code])


def page_text(response) -> str:
    assert response.status_code == 200
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.split())


def save_settings(client, event, **changes) -> None:
    url = reverse("scoring:scoring_settings", args=[event.code])
    form = client.get(url).context["form"]
    data = {name: str(value) for name, value in form.initial.items() if name not in ("id", "event")}
    response = client.post(url, data | {name: str(value) for name, value in changes.items()})
    assert response.status_code == 302, response.content.decode()


def test_it_shows_the_default_rules_without_writing_any(client, dave, event):
    client.force_login(dave)
    text = page_text(client.get(rules_url(event)))
    assert "JPM ≥ 90" in text and "78 ≤ JPM < 90" in text and "JPM < 78" in text
    assert "MSK (JPM) 50 50%" in text and "Literasi Digital 25 25%" in text
    assert "potensi ≥ 85" in text and "70 ≤ potensi < 85" in text
    assert "tidak dijawab diberi skor 1." in text
    assert "lebih dari 50% butirnya tidak dijawab" in text
    assert "kurang dari 5 peserta" in text
    assert "Kegiatan ini tidak dikenai PNBP." in text
    for box, action in RECOMMENDED_ACTIONS.items():
        assert f"{box} {action}" in text
    assert "Sangat Baik di atas ekspektasi" in text
    assert "Butuh Perbaikan, Kurang, Sangat Kurang di bawah ekspektasi" in text
    assert not ScoringSettings.objects.exists()  # reading the rules is not a change


def test_the_numbers_follow_the_events_settings(client, alice, dave, event):
    client.force_login(alice)
    save_settings(
        client,
        event,
        sjt_unanswered=2,
        jpm_optimal="92.5",
        jpm_cukup=80,
        weight_msk=60,
        weight_ld=20,
        weight_es=20,
        potential_tinggi=88,
        potential_menengah=72,
        es_max_unanswered_share="0.3",
    )
    event.pnbp_start_date, event.pnbp_tariff = dt.date(2024, 2, 29), 250_000
    event.save()
    client.force_login(dave)
    text = page_text(client.get(rules_url(event)))
    assert "JPM ≥ 92,50" in text and "80 ≤ JPM < 92,50" in text
    assert "JPM ≥ 90" not in text
    assert "MSK (JPM) 60 60%" in text and "Keahlian Masa Depan 20 20%" in text
    assert "potensi ≥ 88" in text and "72 ≤ potensi < 88" in text
    assert "tidak dijawab diberi skor 2." in text
    assert "lebih dari 30% butirnya tidak dijawab" in text
    assert "tanggal 29 Februari 2024 atau sesudahnya dikenai PNBP Rp 250.000 per orang" in text


def test_the_scoring_settings_page_links_it(client, bob, event):
    client.force_login(bob)
    response = client.get(reverse("scoring:scoring_settings", args=[event.code]))
    assert f'href="{rules_url(event)}"' in response.content.decode()


def test_a_manager_finds_it_beside_the_dashboard(client, dave, tested_event):
    lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    client.force_login(dave)
    response = client.get(reverse("reports:dashboard", args=[tested_event.code]))
    assert f'href="{rules_url(tested_event)}"' in response.content.decode()


def test_it_is_for_whoever_may_read_results(client, alice, bob, charlie, dave, event):
    assert client.get(rules_url(event)).status_code == 302  # to the sign-in page
    for user, status in ((alice, 200), (bob, 200), (dave, 200), (charlie, 403)):
        client.force_login(user)
        assert client.get(rules_url(event)).status_code == status, user.username


def test_an_unknown_event_is_404(client, dave, db):
    client.force_login(dave)
    assert client.get(reverse("reports:scoring_rules", args=["TIDAK-ADA"])).status_code == 404
