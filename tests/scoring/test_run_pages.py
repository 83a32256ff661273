"""Score runs in the browser: start, watch, item analysis, reconciliation, publish; the results
as a manager sees them (published only, within their OPD scope)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import localize

from accounts.models import Profile
from accounts.roles import Role
from core.models import ImportBatch
from demo.results import simulate_answers, write_answers
from participants.competencies import COMPETENCIES, COMPETENCY_CODES
from participants.nip import Gender, build_nip
from scoring import core, norms, talent
from scoring.models import AnswerSheet, ParticipantResult, PrescoredResult, ScoreRun, SkpRating
from scoring.reconcile import KINDS
from sessions_app.models import Attendance, AttendanceStatus
from tests.conftest import make_user, write_csv

pytestmark = pytest.mark.django_db

STRANGER = build_nip(
    birth_date=dt.date(1985, 5, 5), gender=Gender.MALE, sequence=7, tmt=dt.date(2010, 3, 1)
)

# The recommended actions as docs/rules.md#talent-box writes them.
DOMAIN_ACTIONS = {
    1: "diproses sesuai ketentuan peraturan perundang-undangan",
    2: "bimbingan kinerja, pengembangan kompetensi, penempatan yang sesuai",
    3: "bimbingan kinerja, konseling kinerja, pengembangan kompetensi, penempatan yang sesuai",
    4: "rotasi, pengembangan kompetensi",
    5: "penempatan yang sesuai, bimbingan kinerja, pengembangan kompetensi",
    6: "penempatan yang sesuai, bimbingan kinerja, konseling kinerja",
    7: "dipertahankan, kelompok rencana suksesi instansi, rotasi/pengayaan jabatan, "
    "pengembangan kompetensi, tugas belajar",
    8: "dipertahankan, kelompok rencana suksesi instansi, rotasi/perluasan jabatan, "
    "bimbingan kinerja",
    9: "dipromosikan dan dipertahankan, kelompok rencana suksesi instansi/nasional, penghargaan",
}
FIGURES = (
    "registration_id",
    "levels",
    "gaps",
    "jpm",
    "jpm_category",
    "ld_score",
    "es_t",
    "potential",
    "potential_category",
    "kinerja",
    "box",
)


def shown(value) -> str:
    """A number as the site's templates print it (Indonesian: decimal comma)."""
    with translation.override("id"):
        return str(localize(value))


def three(value) -> str:
    """A figure of the item analysis as printed: three decimals, decimal comma."""
    with translation.override("id"):
        return floatformat(value, 3)


def two(value) -> str:
    """A float of a JSON list as the templates print it: two decimals, decimal comma."""
    if value is None:
        return "–"
    with translation.override("id"):
        return floatformat(value, 2)


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


SCORING_PAGES = {"import", "import_confirm", "import_preview", "items", "reconciliation"}
SCORING_PAGES |= {"run", "run_progress", "run_publish", "run_resume", "run_stop", "runs"}


def url(name, event, *args) -> str:
    app = "scoring" if name in SCORING_PAGES else "reports"
    return reverse(f"{app}:{name}", args=[event.code, *args])


def start(client, event):
    return client.post(url("runs", event))


def figures(run) -> list[tuple]:
    return list(run.results.order_by("registration_id").values_list(*FIGURES))


@pytest.fixture
def run1(client, bob, tested_event) -> ScoreRun:
    client.force_login(bob)
    start(client, tested_event)
    client.logout()
    return ScoreRun.objects.get(event=tested_event, number=1)


@pytest.fixture
def published(client, alice, run1) -> ScoreRun:
    client.force_login(alice)
    client.post(url("run_publish", run1.event, 1))
    client.logout()
    run1.refresh_from_db()
    assert run1.published_at is not None
    return run1


def set_attendance(registration, status) -> None:
    Attendance.objects.filter(registration=registration).update(status=status)


# --- running ----------------------------------------------------------------------------


def test_an_operator_starts_a_run_and_its_page_shows_the_counts(client, bob, tested_event):
    client.force_login(bob)
    page = client.get(url("runs", tested_event))
    assert page.status_code == 200
    assert "Belum pernah dijalankan." in html(page)
    assert "Form A" in html(page)

    response = start(client, tested_event)
    run = ScoreRun.objects.get(event=tested_event)
    assert response.status_code == 302
    assert response.url == url("run", tested_event, run.number)
    assert (run.number, run.status, run.started_by) == (1, ScoreRun.Status.DONE, bob)
    assert run.published_at is None
    assert run.results.count() == run.participants_total == 11  # the absent person has none

    detail = client.get(response.url)
    assert detail.status_code == 200
    text = html(detail)
    assert "Penilaian #1 · Selesai · draf" in text
    assert "<strong>11</strong><span>peserta dinilai</span>" in text
    summary = run.summary
    assert summary["participants"] == 11
    for label, n in summary["jpm_category"].items():
        assert f'<tr><td>JPM {label}</td><td class="num">{n}</td></tr>' in text
    for label, n in summary["potential_category"].items():
        assert f'<tr><td>Potensi {label}</td><td class="num">{n}</td></tr>' in text
    assert summary["box"]
    for box in range(1, 10):  # the 9-box grid, every box with its count (0 when empty)
        n = summary["box"].get(str(box), 0)
        assert f'<td><span class="muted">{box}</span><strong>{n}</strong></td>' in text
    assert sum(summary["box"].values()) == run.results.filter(box__isnull=False).count()
    assert f"<strong>{two(summary['jpm_mean'])}</strong><span>rata-rata JPM" in text
    assert f"<strong>{two(summary['potential_mean'])}</strong><span>rata-rata potensi" in text
    assert run.inputs_hash in text
    assert "Hanya Admin BKD yang dapat menerbitkan hasil." in text  # bob may not publish

    history = html(client.get(url("runs", tested_event)))
    assert f'href="{url("run", tested_event, 1)}">#1</a>' in history
    assert run.inputs_hash[:12] in history


def test_a_second_start_on_a_busy_event_is_refused(client, bob, tested_event):
    client.force_login(bob)
    ScoreRun.objects.create(event=tested_event, number=1, inputs_hash="x" * 64)  # queued
    response = client.post(url("runs", tested_event), follow=True)
    assert "Penilaian #1 belum selesai" in " ".join(messages_of(response))
    assert ScoreRun.objects.filter(event=tested_event).count() == 1


def test_item_analysis_lists_every_item_and_the_alpha_of_each_scale(client, bob, run1):
    client.force_login(bob)
    event = run1.event
    response = client.get(url("items", event, 1))
    assert response.status_code == 200
    analysis = run1.item_analysis
    items = analysis["items"]
    assert len(items) == len(run1.instrument.scoring_items()) == 104
    assert response.context["items"] == items
    text = html(response)
    for item in items:
        assert f'<td class="mono">{item["code"]}</td>' in text
    assert "Reliabilitas skala" in text
    scales = analysis["scales"]
    assert {scale["scale"] for scale in scales} == set(
        COMPETENCY_CODES + core.LD_PILLARS + core.ES_SCALES
    )
    for scale in scales:
        alpha = "–" if scale["alpha"] is None else three(scale["alpha"])
        assert (
            f"<td>{scale['component']}</td><td>{scale['scale']}</td>"
            f'<td class="num">{scale["n_items"]}</td><td class="num">{scale["n"]}</td>'
            f'<td class="num">{alpha}</td>'
        ) in text
    assert any(scale["alpha"] is not None for scale in scales)

    flagged = [item for item in items if item["flags"]]
    plain = [item for item in items if not item["flags"]]
    assert flagged and plain  # 11 people: some items are flagged, some not
    assert f"Hanya {len(flagged)} butir bertanda" in text
    only = client.get(url("items", event, 1), {"flagged": "1"})
    assert only.status_code == 200
    assert only.context["items"] == flagged
    only_text = html(only)
    assert "Tampilkan semua butir" in only_text
    for item in flagged:
        assert f'<td class="mono">{item["code"]}</td>' in only_text
    for item in plain:
        assert f'<td class="mono">{item["code"]}</td>' not in only_text


def test_the_progress_partial_of_a_finished_run_asks_for_a_refresh(client, bob, run1):
    client.force_login(bob)
    response = client.get(url("run_progress", run1.event, 1))
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert "100%" in html(response)
    assert "hx-get" not in html(response)  # nothing more to poll


def test_the_progress_partial_of_a_waiting_run_keeps_polling(client, bob, tested_event):
    client.force_login(bob)
    ScoreRun.objects.create(event=tested_event, number=1, inputs_hash="x" * 64, chunks_total=2)
    response = client.get(url("run_progress", tested_event, 1))
    assert response.status_code == 200
    assert "HX-Refresh" not in response
    assert f'hx-get="{url("run_progress", tested_event, 1)}"' in html(response)


# --- publishing -------------------------------------------------------------------------


def test_an_operator_may_not_publish_an_admin_may(client, bob, alice, run1):
    event = run1.event
    client.force_login(bob)
    assert client.post(url("run_publish", event, 1)).status_code == 403
    run1.refresh_from_db()
    assert run1.published_at is None

    client.force_login(alice)
    page = html(client.get(url("run", event, 1)))
    assert "Terbitkan hasil" in page
    assert 'name="checked"' not in page  # no blocking findings: nothing to tick
    response = client.post(url("run_publish", event, 1), follow=True)
    assert "Penilaian #1 diterbitkan." in messages_of(response)
    run1.refresh_from_db()
    assert (run1.published_by, run1.published_at is not None) == (alice, True)
    assert "Penilaian #1 · Selesai · TERBIT" in html(response)

    again = client.post(url("run_publish", event, 1), follow=True)
    assert "Penilaian #1 sudah diterbitkan." in messages_of(again)


def test_publishing_over_blocking_findings_needs_the_checkbox(client, alice, run1, registered):
    event = run1.event
    absent = event.registrations.get(participant=registered[-1])
    set_attendance(absent, AttendanceStatus.PRESENT)  # present, but no answers: blocking
    client.force_login(alice)
    page = html(client.get(url("run", event, 1)))
    assert "1 temuan rekonsiliasi belum selesai." in page
    assert 'name="checked"' in page

    refused = client.post(url("run_publish", event, 1), follow=True)
    assert "Centang bahwa temuan rekonsiliasi sudah diperiksa sebelum menerbitkan." in messages_of(
        refused
    )
    run1.refresh_from_db()
    assert run1.published_at is None
    assert "Penilaian #1 · Selesai · draf" in html(refused)

    done = client.post(url("run_publish", event, 1), {"checked": "1"}, follow=True)
    assert "Penilaian #1 diterbitkan." in messages_of(done)
    run1.refresh_from_db()
    assert run1.published_at is not None


# --- a second run, and what a manager sees ----------------------------------------------


def test_a_second_run_is_a_draft_and_the_manager_keeps_seeing_the_published_one(
    client, alice, bob, dave, published, registered
):
    event = published.event
    before = figures(published)
    # A new SKP rating changes one person's inputs, and so run #2's figures.
    changed = published.results.filter(box__isnull=False).order_by("registration_id").first()
    participant = changed.registration.participant
    rating = SkpRating.objects.get(participant=participant, year=2023)
    rating.predikat = "Sangat Kurang" if rating.predikat != "Sangat Kurang" else "Sangat Baik"
    rating.save()

    client.force_login(bob)
    response = start(client, event)
    run2 = ScoreRun.objects.get(event=event, number=2)
    assert response.url == url("run", event, 2)
    assert run2.status == ScoreRun.Status.DONE
    assert run2.published_at is None
    assert run2.inputs_hash != published.inputs_hash
    assert figures(published) == before  # the published rows are not touched
    new = run2.results.get(registration=changed.registration)
    assert new.kinerja != changed.kinerja
    draft = client.get(url("results", event), {"run": "2"})
    assert draft.status_code == 200
    assert "penilaian #2 (draf)" in html(draft)

    client.force_login(alice)
    page = html(client.get(url("run", event, 2)))
    assert "Menerbitkan penilaian ini menggantikan #1" in page

    client.force_login(dave)
    results = client.get(url("results", event))
    assert results.status_code == 200
    assert results.context["run"] == published
    assert results.context["total"] == 11
    assert "penilaian #1" in html(results) and "(draf)" not in html(results)
    row = html(results).split(participant.nip, 1)[1].split("</tr>", 1)[0]
    assert f"<td>{changed.kinerja}</td>" in row
    detail = client.get(url("result", event, changed.registration_id))
    assert detail.status_code == 200
    assert detail.context["result"].pk == changed.pk
    assert client.get(url("results", event), {"run": "1"}).status_code == 200
    assert client.get(url("results", event), {"run": "2"}).status_code == 404
    assert client.get(url("result", event, changed.registration_id), {"run": "2"}).status_code == (
        404
    )
    for name in ("run", "run_progress", "items"):
        assert client.get(url(name, event, 1)).status_code == 403
        assert client.get(url(name, event, 2)).status_code == 403
    for name in ("run_publish", "run_resume", "run_stop"):
        assert client.post(url(name, event, 2)).status_code == 403
    assert client.get(url("runs", event)).status_code == 403
    assert client.post(url("runs", event)).status_code == 403
    assert client.get(url("reconciliation", event)).status_code == 403
    assert ScoreRun.objects.filter(event=event).count() == 2
    run2.refresh_from_db()
    assert run2.published_at is None

    index = html(client.get(reverse("reports:index")))
    assert f'href="{url("results", event)}">#1' in index


def test_results_are_not_shown_before_anything_is_published(client, dave, run1):
    client.force_login(dave)
    for page in (
        client.get(url("results", run1.event)),
        client.get(url("result", run1.event, run1.results.first().registration_id)),
    ):
        assert page.status_code == 200 and "Hasil belum terbit" in page.content.decode()
        assert "page" not in page.context and "result" not in page.context


def test_a_scoped_manager_sees_only_their_opd(client, published, opds, registered):
    event = published.event
    fiona = make_user("fiona", Role.PIMPINAN)
    Profile.objects.create(user=fiona).opds.set([opds[1]])  # DINKES: 4 people, all tested
    client.force_login(fiona)
    response = client.get(url("results", event))
    assert response.status_code == 200
    shown_results = list(response.context["page"])
    assert len(shown_results) == 4
    assert {r.registration.participant.opd for r in shown_results} == {opds[1]}
    text = html(response)
    for person in registered:
        assert (person.nip in text) == (person.opd == opds[1])

    own = published.results.get(registration__participant=registered[6])  # the first DINKES
    other = published.results.get(registration__participant=registered[0])  # BKD
    assert client.get(url("result", event, own.registration_id)).status_code == 200
    assert client.get(url("result", event, other.registration_id)).status_code == 404
    # The search does not reach past the scope either.
    found = client.post(url("results", event), {"q": registered[0].nip}, follow=True)
    assert found.context["total"] == 0


# --- one participant's result -----------------------------------------------------------


def test_the_result_page_shows_every_figure_of_the_stored_result(client, dave, published):
    assert DOMAIN_ACTIONS == talent.RECOMMENDED_ACTIONS
    event = published.event
    result = (
        published.results.filter(box__isnull=False, source=ParticipantResult.Source.ANSWERS)
        .select_related(
            "registration__participant__position_class", "registration__participant__opd"
        )
        .order_by("registration_id")
        .first()
    )
    assert result is not None and result.es_t
    participant = result.registration.participant
    client.force_login(dave)
    response = client.get(url("result", event, result.registration_id))
    assert response.status_code == 200
    text = html(response)

    assert participant.name in text and participant.nip in text
    assert participant.position_title in text
    assert participant.opd.name in text

    # The profile chart: one bar and one standard line per competency.
    svg = text.split('<svg class="profile"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<rect") == 9
    assert svg.count('class="standard"') == 9
    required = dict(participant.position_class.required_levels.values_list("competency", "level"))
    competencies = response.context["competencies"]
    assert [c["code"] for c in competencies] == list(COMPETENCY_CODES)
    for i, (code, name) in enumerate(COMPETENCIES):
        level, gap, score = result.levels[i], result.gaps[i], result.competency_scores[i]
        assert gap == level - required[code]
        assert f"<title>{name}: level {level}, standar {required[code]}</title>" in svg
        sign = "+" if gap > 0 else ""
        assert (
            f'<tr><td>{code} {name}</td><td class="num">{two(score)}</td>'
            f'<td class="num">{level}</td><td class="num">{required[code]}</td>'
            f'<td class="num">{sign}{gap}</td></tr>'
        ) in text

    assert f"<strong>{shown(result.jpm)}</strong><span>JPM · {result.jpm_category}</span>" in text
    assert f"<strong>{shown(result.ld_score)}</strong><span>Literasi Digital</span>" in text
    assert f"<strong>{shown(result.es_score)}</strong><span>Keahlian Masa Depan" in text
    assert (
        f"<strong>{shown(result.potential)}</strong><span>Potensi · "
        f"{result.potential_category}</span>"
    ) in text
    assert f"<strong>{result.box}</strong><span>Kotak talenta</span>" in text

    assert len(result.ld_pillars) == 4
    for pillar, value in zip(core.LD_PILLARS, result.ld_pillars, strict=True):
        assert f'<tr><td>{pillar}</td><td class="num">{two(value)}</td></tr>' in text
    assert len(result.es_scales) == len(result.es_t) == 6
    for scale, value, t in zip(core.ES_SCALES, result.es_scales, result.es_t, strict=True):
        assert (
            f'<tr><td>{scale}</td><td class="num">{two(value)}</td>'
            f'<td class="num">{two(t)}</td><td class="num">{norms.percentile(t)}</td></tr>'
        ) in text

    assert f"Kinerja: <strong>{result.kinerja}</strong> (SKP {result.skp_year})" in text
    assert f'<td class="here" aria-current="true">{result.box}</td>' in text
    assert text.count('class="here"') == 1
    assert response.context["action"] == DOMAIN_ACTIONS[result.box]
    assert f"<strong>Rekomendasi:</strong> {DOMAIN_ACTIONS[result.box]}" in text


def test_a_prescored_result_in_a_draft_says_it_has_no_breakdown(
    client, bob, dave, tested_event, registered
):
    absent = tested_event.registrations.get(participant=registered[-1])
    PrescoredResult.objects.create(
        registration=absent, levels=[2] * 9, ld_score=80, es_score=70, imported_at=timezone.now()
    )
    client.force_login(bob)
    start(client, tested_event)
    run = ScoreRun.objects.get(event=tested_event)
    result = run.results.get(registration=absent)
    assert result.source == ParticipantResult.Source.PRESCORED
    response = client.get(url("result", tested_event, absent.pk), {"run": "1"})
    assert response.status_code == 200
    text = html(response)
    assert "penilaian #1 (draf) · skor jadi" in text
    assert text.count("Tidak ada rincian (skor jadi).") == 2  # LD pillars and ES scales
    assert response.context["pillars"] == response.context["es"] == []
    for code, name in COMPETENCIES:
        assert (f'<tr><td>{code} {name}</td><td class="num">–</td><td class="num">2</td>') in text
    assert f"<strong>{shown(result.ld_score)}</strong><span>Literasi Digital</span>" in text
    client.force_login(dave)  # nothing is published
    assert client.get(url("result", tested_event, absent.pk), {"run": "1"}).status_code == 404


# --- reconciliation ---------------------------------------------------------------------


def test_reconciliation_names_what_does_not_match_and_what_to_do(
    client, bob, tested_event, registered, tmp_path
):
    client.force_login(bob)
    event = tested_event
    absent = registered[-1]
    clean = client.get(url("reconciliation", event))
    assert clean.status_code == 200
    assert clean.context["total"] == 0  # the absent person, without answers, is no finding
    assert "Tidak ada temuan" in html(clean)
    assert absent.nip not in html(clean)

    set_attendance(event.registrations.get(participant=absent), AttendanceStatus.PRESENT)
    unmarked = registered[0]
    assert AnswerSheet.objects.filter(registration__participant=unmarked).exists()
    Attendance.objects.filter(registration__participant=unmarked).delete()

    path = tmp_path / "jawaban-susulan.xlsx"
    write_answers(path, simulate_answers([registered[1].nip, STRANGER]))
    instrument = event.instruments.get()
    preview = client.post(
        url("import", event, "jawaban"),
        {"instrument": instrument.pk, "file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    batch = ImportBatch.objects.get()
    assert preview.url == url("import_preview", event, "jawaban", batch.token)
    client.post(url("import_confirm", event, "jawaban", batch.token), {"skip_invalid": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE

    response = client.get(url("reconciliation", event))
    groups = {group["kind"]: group for group in response.context["groups"]}
    assert [f.nip for f in groups["attendance_no_answers"]["findings"]] == [absent.nip]
    assert [f.nip for f in groups["answers_no_attendance"]["findings"]] == [unmarked.nip]
    assert [f.nip for f in groups["unknown_nip"]["findings"]] == [STRANGER]
    assert groups["unknown_nip"]["findings"][0].detail == "file jawaban-susulan.xlsx"
    assert not groups["invalid_values"]["findings"]
    assert not groups["no_skp"]["findings"]
    assert response.context["total"] == 3
    text = html(response)
    assert "3 temuan." in text
    for kind in ("attendance_no_answers", "answers_no_attendance", "unknown_nip"):
        title, action = KINDS[kind]
        section = text.split(f'<section class="card" id="{kind}">', 1)[1].split("</section>")[0]
        assert f"<h2>{title} (1)</h2>" in section
        assert f"<strong>Yang perlu dilakukan:</strong> {action}" in section
    sections = {
        kind: text.split(f'id="{kind}"', 1)[1].split("</section>")[0]
        for kind in ("attendance_no_answers", "answers_no_attendance", "unknown_nip")
    }
    assert absent.nip in sections["attendance_no_answers"] and absent.name in text
    assert unmarked.nip in sections["answers_no_attendance"]
    assert STRANGER in sections["unknown_nip"]
    assert 'id="no_skp"' not in text


def test_an_unknown_nip_of_a_prescored_file_is_an_unknown_nip_whatever_the_header_case(
    client, bob, tested_event, tmp_path
):
    """The NIP column is found case-insensitively; its rejected NIPs are unknown NIPs, not
    out-of-range values."""
    client.force_login(bob)
    header = ["Nip", *COMPETENCY_CODES, "LD", "ES"]
    path = write_csv(tmp_path / "skor.csv", [[STRANGER, *[3] * 9, 80, 80]], headers=header)
    client.post(
        url("import", tested_event, "skor-jadi"),
        {"file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    batch = ImportBatch.objects.get()
    client.post(
        url("import_confirm", tested_event, "skor-jadi", batch.token), {"skip_invalid": "1"}
    )
    response = client.get(url("reconciliation", tested_event))
    groups = {group["kind"]: group for group in response.context["groups"]}
    assert [f.nip for f in groups["unknown_nip"]["findings"]] == [STRANGER]
    assert not groups["invalid_values"]["findings"]


def test_out_of_range_values_of_the_latest_import_are_findings(
    client, bob, tested_event, registered, tmp_path
):
    client.force_login(bob)
    path = tmp_path / "jawaban-salah.xlsx"
    rows = simulate_answers([registered[1].nip])
    rows[0][1] = "Z"
    write_answers(path, rows)
    client.post(
        url("import", tested_event, "jawaban"),
        {
            "instrument": tested_event.instruments.get().pk,
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )
    batch = ImportBatch.objects.get()
    client.post(url("import_confirm", tested_event, "jawaban", batch.token), {"skip_invalid": "1"})
    response = client.get(url("reconciliation", tested_event))
    groups = {group["kind"]: group for group in response.context["groups"]}
    (finding,) = groups["invalid_values"]["findings"]
    assert finding.detail.startswith("jawaban-salah.xlsx, baris 4, kolom M.01-01 = Z: ")
    assert KINDS["invalid_values"][1] in html(response)
