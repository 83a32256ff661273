import datetime as dt
import tempfile
import uuid
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile
from accounts.roles import STAFF_ROLES, Role
from core.text import name_key
from demo.earlier_stage import Later, earlier_nips, simulate_prescored, write_prescored
from demo.opds import DEMO_OPDS
from demo.participant_sheet import write_demo_workbook
from demo.participants import demo_participant_rows
from demo.results import (
    absent_nips,
    simulate_answers,
    simulate_skp,
    write_answers,
    write_instrument,
    write_skp,
)
from demo.stage_dates import DemoCalendar, demo_calendar
from participants.importer import build_plan
from participants.models import Opd, Participant, Region, RequiredLevel, Upt
from participants.services import participant_import_apply
from scoring.answers import answers_apply, answers_plan
from scoring.instrument import read_instrument
from scoring.prescored import prescored_apply, prescored_plan
from scoring.runs import inputs, lifecycle
from scoring.services import instrument_attach
from scoring.skp import skp_apply, skp_plan
from sessions_app.models import (
    AttendanceStatus,
    Event,
    Lab,
    Placement,
    Session,
    Venue,
    Workstation,
)
from sessions_app.services.attendance import attendance_mark, session_close
from sessions_app.services.registration import event_register, plan_register
from sessions_app.services.schedule import schedule_apply

EVENT_CODE = "TAHAP-III-2024"
EARLIER_CODE = "TAHAP-II-2023"
# The codes stay as the article names the stages; the names carry the year of the demo's days.
STAGE_NAME = "Penilaian Potensi dan Kompetensi"
SESSION_TIMES = (
    ("Sesi 1", dt.time(7, 30), dt.time(12, 0)),
    ("Sesi 2", dt.time(13, 0), dt.time(17, 30)),
)
SEATS, SPARE_SEATS = 70, 4
# docs/rules.md#pnbp leaves the tariff to a setting and names no figure: this one is the demo's,
# for illustration only. The office enters the real rate on the event's form.
DEMO_PNBP_TARIFF = 250_000

# username, full name, role, OPD codes the account is scoped to
DEMO_USERS = (
    ("admin", "Rahmat Hidayat", Role.ADMIN, ()),
    ("operator", "Dewi Lestari", Role.OPERATOR, ()),
    ("pengawas", "Yusuf Pratama", Role.PENGAWAS, ()),
    ("pimpinan", "Kepala BKD Kaltara", Role.PIMPINAN, ()),
    ("pimpinan.dinkes", "Kepala Dinas Kesehatan", Role.PIMPINAN, ("DINKES",)),
)
DEMO_PROCTOR = "pengawas"
DEMO_PASSWORD = "cact-demo-2024"  # noqa: S105 (the demo accounts, printed by design)

KINDS = {label: value for value, label in Opd.Kind.choices}


class Command(BaseCommand):
    help = "Muat skenario demo Tahap III (aman dijalankan berulang)."
    days: DemoCalendar

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-results",
            action="store_true",
            help="juga kehadiran, jawaban simulasi, predikat SKP dan penilaian yang terbit",
        )

    def handle(self, *args, with_results=False, **options):
        # Tahap II and III dated back from today (demo/stage_dates.py), or as seeded before.
        self.days = demo_calendar(timezone.localdate()).kept(
            earlier_start=_start_of(EARLIER_CODE), event_start=_start_of(EVENT_CODE)
        )
        with transaction.atomic():
            self._master_data()
            result, plan = self._participants()
            self._users()
            event = self._event(plan)
            self._proctors(event)
            proposal = schedule_apply(event=event, replan=False, fingerprint="", actor=None)
        self.stdout.write(
            f"Peserta demo: {result['created']} baru, {result['updated']} diperbarui, "
            f"{result['unchanged']} sudah ada."
        )
        self.stdout.write(
            f"Kegiatan {EVENT_CODE}: {proposal.placed_total} terjadwal "
            f"({len(proposal.placements)} baru), {len(proposal.unplaced)} belum."
        )
        if with_results:
            self._results(Event.objects.get(code=EVENT_CODE))
            self._earlier_stage(Event.objects.get(code=EVENT_CODE))
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD}):")
        for username, _full_name, role, scope in DEMO_USERS:
            note = f", cakupan {', '.join(scope)}" if scope else ""
            if username == DEMO_PROCTOR:
                note = f", mengawasi semua sesi {EVENT_CODE}"
            self.stdout.write(f"  {username:<16} {role.value}{note}")

    def _master_data(self) -> None:
        regions = {region.name: region for region in Region.objects.all()}
        for spec in DEMO_OPDS:
            opd = Opd.objects.filter(name_key=name_key(spec.name)).first() or Opd(name=spec.name)
            opd.code, opd.kind = spec.code, KINDS.get(spec.kind, Opd.Kind.LAINNYA)
            opd.save()
            for upt in spec.upts:
                if not Upt.objects.filter(opd=opd, name_key=name_key(upt.name)).exists():
                    Upt(opd=opd, name=upt.name, region=regions[upt.region]).save()

    def _participants(self):
        # Through the same reader and import as an operator's file, not a side door.
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "peserta-tahap-iii.xlsx"
            write_demo_workbook(path, demo_participant_rows(unavailable=self.days.unavailable))
            plan = build_plan(path, path.name)
            return participant_import_apply(plan=plan, actor=None, skip_invalid=False), plan

    def _event(self, plan) -> Event:
        venue, _ = Venue.objects.get_or_create(
            name="Laboratorium SMK Negeri 1 Tanjung Selor",
            defaults={"address": "Tanjung Selor, Kabupaten Bulungan"},
        )
        lab, _ = Lab.objects.get_or_create(venue=venue, name="Lab Komputer")
        for number in range(1, SEATS + 1):
            spare = number > SEATS - SPARE_SEATS
            Workstation.objects.get_or_create(
                lab=lab,
                label=f"PC-{number:02d}",
                defaults={
                    "status": Workstation.Status.SPARE if spare else Workstation.Status.USABLE
                },
            )
        event, _ = Event.objects.get_or_create(
            code=EVENT_CODE,
            defaults={
                "name": f"{STAGE_NAME} Tahap III {self.days.event_days[0].year}",
                "stage": "Tahap III",
                "start_date": self.days.event_days[0],
                "end_date": self.days.event_days[-1],
                "status": Event.Status.PUBLISHED,
            },
        )
        if event.pnbp_start_date is None and event.pnbp_tariff is None:  # also an older demo
            event.pnbp_start_date, event.pnbp_tariff = self.days.pnbp_start, DEMO_PNBP_TARIFF
            event.save(update_fields=["pnbp_start_date", "pnbp_tariff"])
        event.labs.add(lab)
        for day in self.days.event_days:
            for name, start, end in SESSION_TIMES:
                Session.objects.get_or_create(
                    event=event,
                    date=day,
                    start_time=start,
                    defaults={"end_time": end, "name": name},
                )
        plan_register(event=event, plan=plan, actor=None)
        return event

    def _users(self) -> None:
        for username, full_name, role, scope in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.first_name = full_name
                user.set_password(DEMO_PASSWORD)
            user.is_staff = role in STAFF_ROLES
            user.save()
            user.groups.add(Group.objects.get(name=role.value))
            profile, _ = Profile.objects.get_or_create(user=user)
            profile.all_opds = role == Role.PIMPINAN and not scope  # the province's manager
            profile.save(update_fields=["all_opds"])
            profile.opds.set(Opd.objects.filter(code__in=scope))

    def _proctors(self, event: Event) -> None:
        """The demo's proctor watches every session of the demo, so their pages show it."""
        proctor = User.objects.get(username=DEMO_PROCTOR)
        for session in event.sessions.all():
            session.proctors.add(proctor)  # adding twice keeps one

    def _results(self, event: Event) -> None:
        """The test days as they went: attendance, the answers and SKP files through the
        real importers, then a score run, published. Unchanged inputs: nothing is redone."""
        placements = list(
            Placement.objects.filter(registration__event=event).select_related(
                "session", "registration__participant"
            )
        )
        absent = set(absent_nips([p.registration.participant.nip for p in placements]))
        for placement in placements:
            if placement.registration.participant.nip in absent or placement.session.closed_at:
                continue
            start = timezone.make_aware(
                dt.datetime.combine(placement.session.date, placement.session.start_time)
            )
            attendance_mark(
                session=placement.session,
                registration=placement.registration,
                status=AttendanceStatus.PRESENT,
                # The same mark every run: a replay of it is recognised and ignored.
                client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"cact-demo:{placement.pk}"),
                marked_at=start + dt.timedelta(minutes=5),
                actor=None,
                device="demo",
            )
        for session in event.sessions.all():
            session_close(session=session, actor=None)
        present = sorted(p.registration.participant.nip for p in placements)
        present = [nip for nip in present if nip not in absent]
        with tempfile.TemporaryDirectory() as folder:
            items_path = Path(folder) / "Instrumen CACT 2024.xlsx"
            write_instrument(items_path)
            instrument = instrument_attach(
                event=event,
                name="Instrumen CACT 2024",
                source=items_path.name,
                plan=read_instrument(items_path),
                actor=None,
            )
            answers_path = Path(folder) / "jawaban-tahap-iii.xlsx"
            write_answers(answers_path, simulate_answers(present))
            plan = answers_plan(event, instrument.scoring_items(), answers_path)
            answers_apply(instrument=instrument, plan=plan, actor=None, skip_invalid=False)
            # The ratings of the year before the test, as SKP 2023 was for February 2024.
            skp_year = event.start_date.year - 1
            skp_path = Path(folder) / f"skp-{skp_year}.xlsx"
            nips = sorted(p.registration.participant.nip for p in placements)
            write_skp(skp_path, simulate_skp(nips, year=skp_year))
            skp_apply(plan=skp_plan(skp_path), actor=None)
        published = lifecycle.published_run(event)
        _, inputs_hash = inputs.run_inputs(event, instrument)
        if published and published.inputs_hash == inputs_hash:
            self.stdout.write(f"Hasil demo sudah terbit (penilaian #{published.number}).")
            return
        run = lifecycle.wait_for(lifecycle.start_run(event=event, actor=None), timeout=600)
        if run.status != run.Status.DONE:
            raise CommandError(f"Penilaian demo gagal: {run.error}")
        lifecycle.publish_run(run=run, actor=None)
        self.stdout.write(
            f"Hasil demo: penilaian #{run.number} terbit, {run.participants_total} peserta, "
            f"{len(absent)} tidak hadir."
        )

    def _earlier_stage(self, later: Event) -> None:
        """Tahap II for part of Tahap III's people (demo/earlier_stage.py): registered,
        their pre-scored file through the result import, scored and published; once."""
        event, _ = Event.objects.get_or_create(
            code=EARLIER_CODE,
            defaults={
                "name": f"{STAGE_NAME} Tahap II {self.days.earlier_days[0].year}",
                "stage": "Tahap II",
                "start_date": self.days.earlier_days[0],
                "end_date": self.days.earlier_days[-1],
                "status": Event.Status.PUBLISHED,
            },
        )
        if (published := lifecycle.published_run(event)) is not None:
            self.stdout.write(f"Hasil {EARLIER_CODE} sudah terbit (penilaian #{published.number}).")
            return
        nips = earlier_nips(sorted(later.registrations.values_list("participant__nip", flat=True)))
        people = Participant.objects.filter(nip__in=nips)
        event_register(event=event, participants=people, actor=None)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"skor-jadi-tahap-ii-{event.start_date.year}.xlsx"
            rows = simulate_prescored(self._later_results(later, nips))
            write_prescored(path, rows, year=event.start_date.year)
            plan = prescored_plan(event, path, path.name)
            if plan.issues:
                raise CommandError(f"Skor jadi demo ditolak: {plan.issues[0]}")
            prescored_apply(event=event, plan=plan, actor=None, skip_invalid=False)
            # Their SKP of the year before Tahap II, so its results have a box too.
            skp_year = event.start_date.year - 1
            skp_path = Path(folder) / f"skp-{skp_year}.xlsx"
            write_skp(skp_path, simulate_skp(sorted(nips), year=skp_year, seed=skp_year))
            skp_apply(plan=skp_plan(skp_path), actor=None)
        run = lifecycle.wait_for(lifecycle.start_run(event=event, actor=None), timeout=600)
        if run.status != run.Status.DONE:
            raise CommandError(f"Penilaian demo {EARLIER_CODE} gagal: {run.error}")
        lifecycle.publish_run(run=run, actor=None)
        event.status = Event.Status.CLOSED
        event.save(update_fields=["status"])
        self.stdout.write(
            f"Hasil {EARLIER_CODE}: skor jadi {run.participants_total} peserta, terbit "
            f"(penilaian #{run.number})."
        )

    @staticmethod
    def _later_results(later: Event, nips: list[str]) -> list[Later]:
        """Each NIP's Tahap III result (levels, LD, ES) and the level its position requires."""
        run = lifecycle.published_run(later)
        results = {}
        if run is not None:
            for nip, levels, ld, es in run.results.values_list(
                "registration__participant__nip", "levels", "ld_score", "es_score"
            ):
                results[nip] = (levels, _float(ld), _float(es))
        required = dict(
            RequiredLevel.objects.filter(competency="M.01").values_list("position_class", "level")
        )
        classes = dict(
            Participant.objects.filter(nip__in=nips).values_list("nip", "position_class")
        )
        return [
            Later(nip, required.get(classes[nip], 2), *results.get(nip, (None, None, None)))
            for nip in nips
        ]


def _start_of(code: str) -> dt.date | None:
    return Event.objects.filter(code=code).values_list("start_date", flat=True).first()


def _float(value) -> float | None:
    return None if value is None else float(value)
