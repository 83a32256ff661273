"""Stored ES norms through the pages: typed in or taken from a published run, chosen for an
event, used, recorded and hashed by the next run; percentiles beside the T-scores."""

import io
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import NormalDist, fmean, pstdev

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEntry
from scoring import core
from scoring.models import AnswerSheet, EsNorm, ScoreRun, ScoringSettings

pytestmark = pytest.mark.django_db

# Binary-exact figures, so the hand computation below is exact too.
HAND = {
    "ES.AD": ("3,5", "0,5"),
    "ES.BK": ("3", "0,75"),
    "ES.KI": ("3,25", "1"),
    "ES.KO": ("4", "0,5"),
    "ES.PB": ("2,5", "1,25"),
    "ES.KE": ("3,75", "0,25"),
}


def hand_form(name="Norma Tahap II", **changed) -> dict:
    data = {"name": name, "note": "BKN 2023"}
    for code, (mean, sd) in HAND.items():
        data[f"mean_{code}"], data[f"sd_{code}"] = mean, sd
    return data | changed


def number(text: str) -> Fraction:
    return Fraction(Decimal(text.replace(",", ".")))


def half_up(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def scale_means_by_hand(run: ScoreRun) -> dict[int, list[Fraction | None]]:
    """Per registration the mean item score of each ES scale (reverse keyed: 6 - answer),
    none when more than half the scale's items are unanswered (rules 4)."""
    items = list(run.instrument.items.order_by("position"))
    means = {}
    for registration, answers in AnswerSheet.objects.filter(instrument=run.instrument).values_list(
        "registration_id", "answers"
    ):
        row = []
        for scale in core.ES_SCALES:
            picked = [
                (6 - int(answers[i]) if item.reverse else int(answers[i]))
                for i, item in enumerate(items)
                if item.scale == scale and answers[i] != "0"
            ]
            size = sum(1 for item in items if item.scale == scale)
            row.append(
                Fraction(sum(picked), len(picked)) if 2 * (size - len(picked)) <= size else None
            )
        means[registration] = row
    return means


def start(client, event) -> ScoreRun:
    client.post(reverse("scoring:runs", args=[event.code]))
    return event.score_runs.order_by("-number").first()


def choose_norm(client, event, norm) -> None:
    response = client.post(
        reverse("scoring:scoring_settings", args=[event.code]),
        {"norma-es_norm": norm.pk if norm else "", "norma-simpan": "1"},
    )
    assert response.status_code == 302


@pytest.fixture
def hand_norm(client, bob) -> EsNorm:
    client.force_login(bob)
    response = client.post(reverse("scoring:norm_manual"), hand_form())
    assert response.status_code == 302
    return EsNorm.objects.get()


def test_a_norm_typed_by_hand_gives_the_t_scores_of_its_mean_and_sd(
    client, bob, tested_event, hand_norm
):
    choose_norm(client, tested_event, hand_norm)
    assert ScoringSettings.objects.get(event=tested_event).es_norm == hand_norm
    run = start(client, tested_event)
    assert run.status == ScoreRun.Status.DONE
    assert run.es_norm == hand_norm and run.es_norm_name == "Norma Tahap II"
    assert run.es_reference["norm"]["scales"]["ES.KE"] == {"mean": 3.75, "sd": 0.25, "n": None}
    stored = dict(run.results.values_list("registration_id", "es_t"))
    means = scale_means_by_hand(run)
    assert len(means) == 11
    for registration, row in means.items():
        expected = [
            None
            if x is None
            else half_up(50 + 10 * (x - number(HAND[code][0])) / number(HAND[code][1]))
            for code, x in zip(core.ES_SCALES, row, strict=True)
        ]
        assert stored[registration] == expected
    # The norm is the reference, not the cohort: the run's T-scores do not average 50.
    assert fmean(t[0] for t in stored.values() if t[0] is not None) != pytest.approx(50)


def test_the_result_page_and_pdf_show_the_percentile_of_each_t_score(
    client, alice, bob, tested_event, hand_norm
):
    choose_norm(client, tested_event, hand_norm)
    run = start(client, tested_event)
    client.force_login(alice)
    publish = reverse("scoring:run_publish", args=[tested_event.code, run.number])
    assert client.post(publish, {"checked": "1"}).status_code == 302
    result = run.results.exclude(es_t=[]).first()
    args = [tested_event.code, result.registration_id]
    page = client.get(reverse("reports:result", args=args)).content.decode()
    assert "Persentil" in page and "norma “Norma Tahap II”" in page
    for t in result.es_t:
        percentile = min(
            99,
            max(1, int(Decimal(100 * NormalDist().cdf((t - 50) / 10)).quantize(0, ROUND_HALF_UP))),
        )
        assert f'<td class="num">{percentile}</td></tr>' in page
    pdf = client.get(reverse("reports:result_pdf", args=args))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Persentil" in text and "dibandingkan dengan norma Norma Tahap II" in text


def test_without_a_norm_the_figures_and_the_hash_are_those_of_the_cohort_as_before(
    client, bob, tested_event, hand_norm
):
    first = start(client, tested_event)
    assert first.es_norm is None and first.es_reference["norm"] is None
    choose_norm(client, tested_event, hand_norm)
    with_norm = start(client, tested_event)
    assert with_norm.inputs_hash != first.inputs_hash  # a norm is an input
    choose_norm(client, tested_event, None)
    again = start(client, tested_event)
    assert again.inputs_hash == first.inputs_hash and again.es_norm is None

    def es_t(run):
        return list(run.results.order_by("registration_id").values_list("es_t", flat=True))

    assert es_t(again) == es_t(first) != es_t(with_norm)
    # And those are the cohort's: population mean and sd of the scale means, by hand.
    means = scale_means_by_hand(first)
    for j, code in enumerate(core.ES_SCALES):
        xs = [float(row[j]) for row in means.values() if row[j] is not None]
        cohort = first.es_reference["cohort"][code]
        assert cohort["n"] == len(xs)
        assert cohort["mean"] == pytest.approx(fmean(xs), abs=1e-12)
        assert cohort["sd"] == pytest.approx(pstdev(xs), abs=1e-12)
        for registration, row in means.items():
            t = first.results.get(registration_id=registration).es_t[j]
            if row[j] is not None:
                assert t == pytest.approx(
                    50 + 10 * (float(row[j]) - fmean(xs)) / pstdev(xs), abs=0.005
                )


@pytest.fixture
def published(client, alice, bob, tested_event) -> ScoreRun:
    client.force_login(bob)
    run = start(client, tested_event)
    client.force_login(alice)
    client.post(
        reverse("scoring:run_publish", args=[tested_event.code, run.number]), {"checked": "1"}
    )
    run.refresh_from_db()
    assert run.published_at is not None
    client.force_login(bob)
    return run


def test_a_norm_from_a_published_run_copies_its_cohort_and_reproduces_its_t_scores(
    client, bob, published
):
    page = client.get(reverse("scoring:norm_from_run"))
    assert "penilaian #1" in page.content.decode()
    response = client.post(
        reverse("scoring:norm_from_run"), {"name": "Kohort Uji", "run": published.pk}
    )
    assert response.status_code == 302
    norm = EsNorm.objects.get()
    assert norm.source == EsNorm.Source.RUN and norm.source_run == published
    cohort = published.es_reference["cohort"]
    assert [(f.mean, f.sd, f.n) for f in norm.figures()] == [
        (cohort[c]["mean"], cohort[c]["sd"], cohort[c]["n"]) for c in core.ES_SCALES
    ]
    listing = client.get(reverse("scoring:norms")).content.decode()
    assert "Kohort Uji" in listing and "Dari proses penilaian" in listing
    # The same cohort against its own figures as a stored norm: the same T-scores.
    choose_norm(client, published.event, norm)
    run = start(client, published.event)
    assert run.es_norm == norm
    assert list(run.results.order_by("registration_id").values_list("es_t", flat=True)) == list(
        published.results.order_by("registration_id").values_list("es_t", flat=True)
    )


def test_a_run_finished_before_norms_were_recorded_is_recomputed_and_checked(
    client, bob, published
):
    recorded = published.es_reference["cohort"]
    ScoreRun.objects.filter(pk=published.pk).update(es_reference={})
    client.post(reverse("scoring:norm_from_run"), {"name": "Lama", "run": published.pk})
    norm = EsNorm.objects.get()
    for code, figure in zip(core.ES_SCALES, norm.figures(), strict=True):
        assert figure.mean == pytest.approx(recorded[code]["mean"], abs=1e-12)
        assert figure.sd == pytest.approx(recorded[code]["sd"], abs=1e-12)
    # Answers changed since: the run's figures cannot be known, and nothing is stored.
    sheet = AnswerSheet.objects.filter(instrument=published.instrument).first()
    es_at = [
        i
        for i, item in enumerate(published.instrument.items.order_by("position"))
        if item.component == "ES"
    ][0]
    flipped = "1" if sheet.answers[es_at] != "1" else "5"
    AnswerSheet.objects.filter(pk=sheet.pk).update(
        answers=sheet.answers[:es_at] + flipped + sheet.answers[es_at + 1 :]
    )
    refused = client.post(
        reverse("scoring:norm_from_run"), {"name": "Berubah", "run": published.pk}
    )
    assert refused.status_code == 400
    assert "jawabannya sudah berubah" in refused.content.decode()
    assert EsNorm.objects.count() == 1


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"sd_ES.AD": "0"}, "Simpangan baku harus lebih dari 0."),
        ({"sd_ES.KO": "-1"}, "Simpangan baku harus lebih dari 0."),
        ({"sd_ES.KO": "2,5"}, "Simpangan baku skor 1-5 paling besar 2."),
        ({"mean_ES.KI": "6"}, "Rata-rata skor skala paling besar 5."),
        ({"mean_ES.KI": "0,5"}, "Rata-rata skor skala paling kecil 1."),
        ({"mean_ES.PB": "tiga"}, "Masukkan sebuah bilangan."),
        ({"name": "  "}, None),  # Django's own "required" wording
    ],
)
def test_bad_figures_are_refused_with_a_message_and_store_nothing(client, bob, changed, message):
    client.force_login(bob)
    response = client.post(reverse("scoring:norm_manual"), hand_form(**changed))
    assert response.status_code == 400
    assert (
        message in response.content.decode() if message else response.context["form"]["name"].errors
    )
    assert not EsNorm.objects.exists() and not AuditEntry.objects.exists()


def test_the_same_norm_sent_twice_is_stored_once_and_a_taken_name_is_refused(
    client, bob, hand_norm
):
    again = client.post(reverse("scoring:norm_manual"), hand_form())
    assert again.status_code == 302
    assert EsNorm.objects.count() == 1
    assert AuditEntry.objects.filter(target_type="scoring.esnorm").count() == 1
    other = client.post(reverse("scoring:norm_manual"), hand_form(**{"sd_ES.AD": "0,75"}))
    assert other.status_code == 400
    assert "Nama norma “Norma Tahap II” sudah dipakai" in other.content.decode()
    assert [f.sd for f in EsNorm.objects.get().figures()][0] == 0.5


def test_choosing_a_norm_for_an_event_is_audited_and_an_unknown_one_refused(
    client, bob, tested_event, hand_norm
):
    choose_norm(client, tested_event, hand_norm)
    entry = AuditEntry.objects.filter(target_type="scoring.scoringsettings").get()
    assert entry.changes == {"es_norm": [None, "Norma Tahap II"]}
    response = client.post(
        reverse("scoring:scoring_settings", args=[tested_event.code]),
        {"norma-es_norm": "999999", "norma-simpan": "1"},
    )
    assert "Pilih salah satu norma tersimpan" in response.content.decode()
    assert ScoringSettings.objects.get(event=tested_event).es_norm == hand_norm


def test_only_those_who_run_the_scoring_manage_norms(client, charlie, dave, hand_norm):
    for user in (charlie, dave):
        client.force_login(user)
        for name in ("scoring:norms", "scoring:norm_manual", "scoring:norm_from_run"):
            assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse("scoring:norm_manual"), hand_form("X")).status_code == 403
    assert EsNorm.objects.count() == 1
