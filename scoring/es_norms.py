"""Stored norms for the ES T-scores: made from an earlier run's cohort or entered by hand
(docs/rules.md#es-norms-and-percentiles). A norm is never changed once stored: a run that
used it records its figures, and another norm is another name."""

from __future__ import annotations

import math

from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from audit.services import audit_record
from scoring import core, norms
from scoring.models import AnswerSheet, EsNorm, EsNormScale, ParticipantResult, ScoreRun
from scoring.rounding import round_half_up
from scoring.runs.pipeline import decode_sheets


class NormRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def es_norm_create(
    *,
    name: str,
    figures: dict[str, norms.ScaleNorm],
    actor,
    source: str = EsNorm.Source.MANUAL,
    source_run: ScoreRun | None = None,
    note: str = "",
) -> EsNorm:
    """Store a norm with the figures of every ES scale; refused, with nothing stored, when the
    name is taken or a scale is missing or out of range (mean 1-5, 0 < sd <= 2)."""
    name = " ".join(name.split())
    if not name:
        raise NormRefused("Isi nama norma.")
    if missing := [code for code in core.ES_SCALES if code not in figures]:
        raise NormRefused(f"Norma harus berisi semua skala ES; belum ada: {', '.join(missing)}.")
    for code, figure in figures.items():
        if not 1 <= figure.mean <= 5:
            raise NormRefused(f"Rata-rata {code} harus antara 1 dan 5.")
        if not 0 < figure.sd <= 2:
            raise NormRefused(f"Simpangan baku {code} harus lebih dari 0 dan paling besar 2.")
    if (same := _same_norm(name, figures, source_run)) is not None:
        return same  # the same form sent twice: one norm
    try:
        with transaction.atomic():
            norm = EsNorm.objects.create(
                name=name, source=source, source_run=source_run, note=note, created_by=actor
            )
            EsNormScale.objects.bulk_create(
                EsNormScale(norm=norm, scale=code, mean=f.mean, sd=f.sd, n=f.n)
                for code, f in ((code, figures[code]) for code in core.ES_SCALES)
            )
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                target=norm,
                changes={
                    "asal": norm.get_source_display(),
                    "proses": str(source_run) if source_run else "",
                    **{code: [figures[code].mean, figures[code].sd] for code in core.ES_SCALES},
                },
            )
    except IntegrityError:  # the name, taken between the check and the write
        raise NormRefused(f"Nama norma “{name}” sudah dipakai; pilih nama lain.") from None
    return norm


def _same_norm(
    name: str, figures: dict[str, norms.ScaleNorm], source_run: ScoreRun | None
) -> EsNorm | None:
    """The stored norm of that name if it holds exactly these figures (a form sent twice);
    None when there is none; refused when the name holds other figures."""
    stored = EsNorm.objects.filter(name__iexact=name).prefetch_related("scales").first()
    if stored is None:
        return None
    wanted = [(figures[code].mean, figures[code].sd) for code in core.ES_SCALES]
    if stored.source_run_id == getattr(source_run, "pk", None) and wanted == [
        (f.mean, f.sd) for f in stored.figures()
    ]:
        return stored
    raise NormRefused(f"Nama norma “{stored.name}” sudah dipakai; pilih nama lain.")


def es_norm_from_run(*, run: ScoreRun, name: str, actor) -> EsNorm:
    """A norm with the mean and sd of the run's own cohort, per ES scale."""
    cohort = run_cohort_figures(run)
    figures: dict[str, norms.ScaleNorm] = {}
    for code in core.ES_SCALES:
        figure = cohort.get(code)
        if figure is None:
            raise NormRefused(f"Proses {run} tidak punya skor skala {code}; norma tidak dibuat.")
        if figure.sd <= 0:
            raise NormRefused(
                f"Semua peserta proses {run} mendapat skor {code} yang sama (simpangan baku 0); "
                "norma tidak bisa dibuat dari proses ini."
            )
        figures[code] = figure
    return es_norm_create(
        name=name,
        figures=figures,
        actor=actor,
        source=EsNorm.Source.RUN,
        source_run=run,
        note=f"Kohort {run.event.name}, penilaian #{run.number}",
    )


def run_cohort_figures(run: ScoreRun) -> dict[str, norms.ScaleNorm | None]:
    """The mean, sd and size of the run's cohort per ES scale, as its T-scores against the
    cohort would use them. Recorded by the run's start; a run finished before norms were
    recorded is recomputed from its answer sheets, and only if that gives back every T-score
    the run stored (otherwise the answers changed since, and the run's figures are lost)."""
    if run.instrument is None:
        raise NormRefused(f"Proses {run} tidak punya jawaban mentah, jadi tidak punya skor ES.")
    cohort = (run.es_reference or {}).get("cohort")
    if cohort:
        return {
            code: None if cohort.get(code) is None else norms.ScaleNorm.from_json(cohort[code])
            for code in core.ES_SCALES
        }
    stored = dict(
        run.results.filter(source=ParticipantResult.Source.ANSWERS).values_list(
            "registration_id", "es_t"
        )
    )
    ids = sorted(stored)
    sheets = dict(
        AnswerSheet.objects.filter(instrument=run.instrument, registration_id__in=ids).values_list(
            "registration_id", "answers"
        )
    )
    lost = NormRefused(
        f"Angka kohort proses {run} tidak tercatat dan jawabannya sudah berubah sejak itu; "
        "pilih proses lain atau isi norma secara manual."
    )
    if not ids or set(sheets) != set(ids):
        raise lost
    items = run.instrument.scoring_items()
    codes = decode_sheets([sheets[i] for i in ids], len(items))
    scale = core.es_scale_means(items, codes, core.Settings(**run.settings_snapshot))
    again = round_half_up(norms.t_scores(scale))
    for row, registration in zip(again.tolist(), ids, strict=True):
        if [None if math.isnan(t) else round(t, 2) for t in row] != stored[registration]:
            raise lost
    return dict(zip(core.ES_SCALES, norms.cohort_figures(scale), strict=True))
