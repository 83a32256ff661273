"""Reconciliation before publishing: what the answers, the attendance and the imports say
about each other, each finding with what the operator should do about it."""

from __future__ import annotations

from dataclasses import dataclass

from core.models import ImportBatch
from participants.nip import NipError, parse_nip
from scoring.models import AnswerSheet, PrescoredResult, SkpRating
from sessions_app.models import AttendanceStatus, Event, Registration
from sessions_app.models.attendance import Attendance

KINDS: dict[str, tuple[str, str]] = {
    "answers_no_attendance": (
        "Ada jawaban, tetapi tidak tercatat hadir",
        "Periksa daftar hadir sesinya. Bila peserta hadir, tandai kehadirannya; bila tidak, "
        "jawaban ini mungkin milik orang lain: periksa NIP di file jawaban.",
    ),
    "attendance_no_answers": (
        "Tercatat hadir, tetapi tidak ada jawaban",
        "Minta jawaban peserta ini dari penyelenggara tes, lalu impor ulang file jawaban.",
    ),
    "unknown_nip": (
        "NIP di file hasil tidak terdaftar di kegiatan ini",
        "Bila orang ini memang peserta, daftarkan ke kegiatan lalu impor ulang; bila NIP salah "
        "ketik, perbaiki di file lalu impor ulang.",
    ),
    "invalid_values": (
        "Nilai di luar rentang pada impor terakhir",
        "Perbaiki nilai di file (huruf A-E, angka 1-5, level 1-5, skor 0-100) lalu impor "
        "ulang; baris yang valid tidak perlu diubah.",
    ),
    "no_skp": (
        "Belum ada predikat SKP",
        "Impor predikat SKP peserta ini; tanpa SKP ia tidak mendapat kotak talenta.",
    ),
}
BLOCKING = ("answers_no_attendance", "attendance_no_answers", "unknown_nip", "invalid_values")
RESULT_KINDS = (ImportBatch.Kind.ANSWERS, ImportBatch.Kind.PRESCORED)


@dataclass(frozen=True)
class Finding:
    kind: str
    nip: str
    name: str
    opd: str
    detail: str

    @property
    def title(self) -> str:
        return KINDS[self.kind][0]

    @property
    def action(self) -> str:
        return KINDS[self.kind][1]


def reconcile(event: Event) -> list[Finding]:
    registrations = {
        pk: (nip, name, opd)
        for pk, nip, name, opd in Registration.objects.filter(event=event).values_list(
            "pk", "participant__nip", "participant__name", "participant__opd__name"
        )
    }
    by_nip = {nip: pk for pk, (nip, _, _) in registrations.items()}
    scored = set(
        AnswerSheet.objects.filter(instrument__event=event).values_list(
            "registration_id", flat=True
        )
    ) | set(
        PrescoredResult.objects.filter(registration__event=event).values_list(
            "registration_id", flat=True
        )
    )
    present = set(
        Attendance.objects.filter(
            session__event=event, status__in=[AttendanceStatus.PRESENT, AttendanceStatus.LATE]
        ).values_list("registration_id", flat=True)
    )
    findings: list[Finding] = []

    def add(kind: str, registration: int, detail: str = "") -> None:
        nip, name, opd = registrations[registration]
        findings.append(Finding(kind, nip, name, opd, detail))

    for registration in sorted(scored - present, key=lambda pk: registrations[pk][1]):
        add("answers_no_attendance", registration)
    for registration in sorted(present - scored, key=lambda pk: registrations[pk][1]):
        add("attendance_no_answers", registration)

    batches = ImportBatch.objects.filter(
        kind__in=RESULT_KINDS, target=event.code, status=ImportBatch.Status.DONE
    ).order_by("-applied_at", "-pk")
    unknown: dict[str, str] = {}
    for batch in batches:
        for value in batch.summary.get("rejected_nips", []):
            try:
                nip = parse_nip(value).digits
            except NipError:
                nip = value
            if by_nip.get(nip) not in scored:
                unknown.setdefault(nip, batch.original_name)
    for nip, source in sorted(unknown.items()):
        registration = by_nip.get(nip)
        if registration is None:
            findings.append(Finding("unknown_nip", nip, "", "", f"file {source}"))
        # A registered NIP rejected for its row (a duplicate, say) and still without a
        # result shows up above as present without answers, or not at all if absent.
    latest: dict[str, ImportBatch] = {}
    for batch in batches:
        latest.setdefault(f"{batch.kind}:{batch.summary.get('instrument')}", batch)
    for batch in latest.values():
        for row, column, value, message in batch.summary.get("value_issues", []):
            findings.append(
                Finding(
                    "invalid_values",
                    "",
                    "",
                    "",
                    f"{batch.original_name}, baris {row}, kolom {column} = {value!s}: {message}",
                )
            )

    rated = set(
        SkpRating.objects.filter(
            participant__registrations__event=event, year__lte=event.start_date.year
        ).values_list("participant__nip", flat=True)
    )
    for registration in sorted(scored, key=lambda pk: registrations[pk][1]):
        if registrations[registration][0] not in rated:
            add("no_skp", registration)
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.kind in BLOCKING]
