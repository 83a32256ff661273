"""`manage.py compute_scores`: an event scored from files."""

import csv

import pytest
from django.core.management import CommandError, call_command

from demo.results import demo_instrument_rows, write_instrument
from scoring.models import ScoreRun
from scoring.reconcile import reconcile
from sessions_app.models import Attendance

pytestmark = pytest.mark.django_db


def run(*args) -> int:
    try:
        call_command(*[str(a) for a in args])
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_compute_scores_runs_and_publishes(tested_event, capsys):
    assert run("compute_scores", "--event", tested_event.code, "--publish") == 0
    out = capsys.readouterr().out
    assert "Penilaian #1" in out and "diterbitkan" in out
    score_run = ScoreRun.objects.get()
    assert score_run.status == ScoreRun.Status.DONE and score_run.published_at is not None
    assert score_run.results.count() == 11  # 12 registered, the last one absent
    assert run("compute_scores", "--event", tested_event.code) == 0
    second = ScoreRun.objects.get(number=2)
    assert second.published_at is None and second.inputs_hash == score_run.inputs_hash


def test_findings_stop_publishing_and_are_written_out(tested_event, tmp_path, capsys):
    answered = Attendance.objects.filter(status="hadir").select_related(
        "registration__participant"
    )[0]
    nip = answered.registration.participant.nip
    answered.delete()  # answers, but no attendance
    errors = tmp_path / "temuan.csv"
    code = run("compute_scores", "--event", tested_event.code, "--publish", "--errors", errors)
    assert code == 1
    assert "tidak diterbitkan" in capsys.readouterr().err
    assert ScoreRun.objects.get().published_at is None
    with errors.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["row", "column", "value", "message"]
    assert [nip, "Ada jawaban, tetapi tidak tercatat hadir"] == rows[1][:2]
    assert "daftar hadir" in rows[1][3]


def test_unknown_event_and_nothing_to_score(event, registered):
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("compute_scores", "--event", "TIDAK-ADA")
    with pytest.raises(CommandError, match="Belum ada jawaban"):
        call_command("compute_scores", "--event", event.code)


def test_unknown_nips_rejected_on_the_command_line_reach_reconciliation(tested_event, tmp_path):
    items = tmp_path / "Form A.xlsx"
    write_instrument(items)
    answers = tmp_path / "susulan.csv"
    codes = [row[0] for row in demo_instrument_rows()]
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIP", *codes])
        writer.writerow(["199001012015012999", *["A"] * len(codes)])
    code = run(
        "import_results", answers, "--event", tested_event.code, "--instrument", items,
        "--skip-invalid",
    )  # fmt: skip
    assert code == 1
    unknown = [f for f in reconcile(tested_event) if f.kind == "unknown_nip"]
    assert [f.nip for f in unknown] == ["199001012015012999"]
