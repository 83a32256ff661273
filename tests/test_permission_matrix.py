"""Every URL of the site x every role, generated from the URLconf.

A new page must either declare its permissions with accounts.access.require_perms or be
listed below as public or sign-in-only; otherwise this suite fails.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.models import ImportBatch
from messaging.models import Message
from participants.importer import build_plan
from participants.models import Opd, Participant, Upt
from participants.services import participant_import_apply
from reports.models import PnbpBill, RecapExport
from scoring.models import PrescoredResult
from scoring.runs import lifecycle
from sessions_app.models import Event, Lab, Registration, Session, Venue, Workstation
from sessions_app.services.schedule import schedule_apply
from tests.conftest import row, write_xlsx

PUBLIC = {"health", "login", "logout", "sessions_app:proctor_sw", "api:schema", "api:docs"}
SIGNED_IN = {"home"}
# The HR systems' API: a key in the Authorization header, never a signed-in session
# (tests/api/ walks its keys, grants and scopes).
API_KEY = {"api:participants", "api:events", "api:schedules", "api:attendance", "api:results"}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # the Django admin checks is_staff and model permissions itself
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


ALL_URLS = sorted(dict(named_patterns()).items())


@pytest.fixture
def objects(db, tmp_path, bob, charlie, dave, request):
    rows = [
        row("198609262015051001", opd="Dinas Kesehatan", upt="UPT Labkes", region="Kota Tarakan")
    ]
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    participant_import_apply(plan=build_plan(path, "p.xlsx"), actor=None, skip_invalid=False)
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.PARTICIPANTS, original_name="p.xlsx", created_by=bob
    )
    batch.file.save(f"{batch.token}.upload", path.open("rb"))
    lab = Lab.objects.create(venue=Venue.objects.create(name="SMK"), name="Lab 1")
    Workstation.objects.create(lab=lab, label="PC-01")
    today = timezone.localdate()
    event = Event.objects.create(code="UJI", name="Uji", start_date=today, end_date=today)
    event.labs.add(lab)
    session = Session.objects.create(
        event=event, date=event.start_date, start_time=dt.time(7, 30), end_time=dt.time(12)
    )
    session.proctors.add(charlie)  # object-level access for the proctor pages
    registration = Registration.objects.create(event=event, participant=Participant.objects.get())
    Participant.objects.update(phone="+6281234567890")  # for the WhatsApp hand-off
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    instrument_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.INSTRUMENT, target=event.code, original_name="items.xlsx"
    )
    instrument_batch.file.save(f"{instrument_batch.token}.upload", path.open("rb"))
    answers_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.ANSWERS, target=event.code, original_name="jawaban.xlsx"
    )
    answers_batch.file.save(f"{answers_batch.token}.upload", path.open("rb"))
    standards_batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.STANDARDS, original_name="standar.xlsx"
    )
    standards_batch.file.save(f"{standards_batch.token}.upload", path.open("rb"))
    number = recap_token = None
    if request.node.callspec.params["name"].startswith(("reports:", "scoring:")):
        # A published run with one pre-scored participant, for the result pages.
        PrescoredResult.objects.create(
            registration=registration,
            levels=[3] * 9,
            ld_score=70,
            es_score=70,
            imported_at=timezone.now(),
        )
        run = lifecycle.publish_run(run=lifecycle.start_run(event=event, actor=None), actor=None)
        number = run.number
        recap_token = RecapExport.objects.create(run=run, requested_by=dave).token
    message = Message.objects.create(
        channel=Message.Channel.EMAIL,
        kind=Message.Kind.SCHEDULE,
        state=Message.State.FAILED,
        failure="Gagal 5 kali",
        recipient_name="Andi",
        recipient_address="andi@kaltara.example",
        body="Jadwal",
    )
    bill = PnbpBill.objects.create(  # a PNBP bill of the OPD, for the register's pages
        event=event,
        opd=Opd.objects.get(),
        year=today.year,
        sequence=1,
        number=f"PNBP-CACT/{today.year}/0001",
        pnbp_start_date=today,
        tariff=250_000,
        count=1,
        total=250_000,
        fingerprint="-",
        issued_on=today,
    )
    bill.lines.create(nip=Participant.objects.get().nip, name="Andi", sat_on=today)
    return {
        "answers_token": answers_batch.token,
        "bill": bill.pk,
        "standards_token": standards_batch.token,
        "message": message.pk,
        "kind": Message.Kind.SCHEDULE.value,
        "number": number,
        "recap_token": recap_token,
        "slug": "jawaban",
        "instrument_token": instrument_batch.token,
        "participant": Participant.objects.get().pk,
        "opd": Opd.objects.get().pk,
        "upt": Upt.objects.get().pk,
        "token": batch.token,
        "code": event.code,
        "session": session.pk,
        "registration": registration.pk,
        "lab": lab.pk,
    }


# Which object a URL's `pk` names, by URL name; anything else is a participant.
PK_KINDS = {
    "participants:opd_edit": "opd",
    "participants:opd_delete": "opd",
    "participants:upt_edit": "upt",
    "sessions_app:lab": "lab",
    "sessions_app:registration": "registration",
    "sessions_app:registration_pin": "registration",
    "sessions_app:registration_move": "registration",
    "sessions_app:registration_unavailability": "registration",
    "messaging:resend": "message",
    "messaging:whatsapp": "registration",
    "messaging:opd_whatsapp": "opd",
}


def url_for(name: str, objects: dict) -> str:
    params = list(dict(ALL_URLS)[name].pattern.converters)
    kwargs = {}
    for param in params:
        if param == "pk":
            default = "session" if name.startswith("sessions_app:") else "participant"
            kwargs["pk"] = objects[PK_KINDS.get(name, default)]
        elif param == "token" and name.startswith("reports:recap"):
            kwargs["token"] = objects["recap_token"]  # asked for by dave, the manager
        elif param == "token" and name.startswith("scoring:import"):
            kwargs["token"] = objects["answers_token"]
        elif param == "token" and name.startswith("talent:standard"):
            kwargs["token"] = objects["standards_token"]
        elif param == "token" and name.startswith("scoring:instrument"):
            kwargs["token"] = objects["instrument_token"]
        else:
            kwargs[param] = objects[param]
    return reverse(name, kwargs=kwargs)


def fetch(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


@pytest.mark.parametrize("name", [name for name, _ in ALL_URLS])
def test_every_url_declares_who_may_enter(name):
    view = dict(ALL_URLS)[name].callback
    assert name in PUBLIC | SIGNED_IN | API_KEY or getattr(view, "required_perms", None), (
        f"{name} has no permission check: use accounts.access.require_perms"
    )


@pytest.mark.parametrize("name", sorted(API_KEY))
def test_no_session_opens_the_api(name, client, alice, dave):
    assert client.get(reverse(name)).status_code == 401
    for user in (alice, dave):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 401, user.username


@pytest.mark.parametrize(
    "name", [name for name, _ in ALL_URLS if name not in PUBLIC and name not in API_KEY]
)
def test_every_role_gets_the_answer_its_permissions_give(
    name, objects, client, alice, bob, charlie, dave
):
    url = url_for(name, objects)
    anonymous = fetch(client, url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous.url
    required = getattr(dict(ALL_URLS)[name].callback, "required_perms", ())
    for user in (alice, bob, charlie, dave):
        client.force_login(user)
        response = fetch(client, url)
        allowed = user.has_perms(required)
        assert (response.status_code != 403) == allowed, (name, user.username)
        if allowed:
            # 400 is the marking endpoint's answer to an empty body: let in, then refused.
            assert response.status_code in (200, 302, 400), (name, user.username)
        client.logout()
