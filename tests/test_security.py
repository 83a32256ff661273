"""Security properties of the whole site: sessions that time out without losing a proctor's
marks, CSRF on every form and htmx request, error pages without internals, NIPs and phone
numbers kept out of URLs and logs, uploads judged by their content.

Sign-in throttling is tests/accounts/test_login.py, the deploy settings tests/test_site.py,
who may open what tests/test_permission_matrix.py, the CSP tests/browser/test_csp_browser.py,
hostile file contents through every importer tests/test_hostile_files.py.
"""

import io
import json
import logging
import os
import re
import subprocess
import sys
import time
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone

import cact_admin.urls
from accounts.session_timeout import SEEN_AT, SIGNED_IN_AT
from audit.models import AuditEntry
from cact_admin.logs import RedactingFormatter
from core.models import ImportBatch
from participants.models import Participant, Region, Upt
from scoring.runs import lifecycle
from sessions_app.models import Attendance, Placement, Session
from tests.conftest import HEADERS, row, write_csv, write_xlsx
from tests.test_permission_matrix import ALL_URLS, url_for

pytestmark = pytest.mark.django_db

PASSWORD = "sandi-uji-123"
NIP = "198609262015051001"
PHONE = "081255501234"
ANY_NIP = re.compile(r"(?<!\d)\d{18}(?!\d)")


def boom(request):
    """A view with a bug whose message holds SQL and personal data."""
    sql = f"SELECT nip, phone FROM participants_participant WHERE nip = '{NIP}'"  # noqa: S608 (never run)
    raise RuntimeError(f"{sql} -- {PHONE}")


# The site's URLconf plus a view that fails, for the tests that set ROOT_URLCONF here.
urlpatterns = [path("uji/galat/", boom), *cact_admin.urls.urlpatterns]
with_failing_view = override_settings(ROOT_URLCONF=__name__)


def sign_in(client: Client, username: str):
    """Through the sign-in form, as a browser does (a new CSRF token comes with it)."""
    client.get(reverse("login"))
    return client.post(
        reverse("login"),
        {"username": username, "password": PASSWORD},
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


def move_clocks_back(client: Client, **seconds: int) -> None:
    """Time travel: the session's stored clocks, SEEN_AT or SIGNED_IN_AT, that long ago."""
    session = client.session
    keys = {"seen": SEEN_AT, "signed_in": SIGNED_IN_AT}
    for name, ago in seconds.items():
        session[keys[name]] = int(time.time()) - ago
    session.save()


def mark_payload(registration_id: int, client_id: str) -> str:
    return json.dumps(
        {
            "client_id": client_id,
            "marked_at": timezone.now().isoformat(),
            "status": "hadir",
            "registration": registration_id,
        }
    )


# --- 1. sessions time out ----------------------------------------------------------------


def test_a_session_idle_past_the_timeout_is_signed_out(client, bob, settings):
    client.force_login(bob)
    move_clocks_back(client, seen=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(reverse("participants:list"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('participants:list')}"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response.url).content.decode()
    minutes = settings.SESSION_IDLE_TIMEOUT // 60
    assert f"keluar otomatis setelah {minutes} menit tanpa aktivitas" in login_page


def test_activity_within_the_timeout_keeps_the_session_and_restarts_its_clock(
    client, bob, settings
):
    client.force_login(bob)
    move_clocks_back(client, seen=settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get(reverse("participants:list")).status_code == 200
    assert time.time() - client.session[SEEN_AT] < 5


def test_a_session_signed_in_longer_than_the_cookie_age_is_signed_out(client, bob, settings):
    client.force_login(bob)
    move_clocks_back(client, signed_in=settings.SESSION_COOKIE_AGE + 1)
    response = client.get(reverse("participants:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_idle_timeout_is_set_by_the_environment():
    script = "import django; django.setup(); from django.conf import settings as s; "
    script += "print(s.SESSION_IDLE_TIMEOUT)"
    env = {
        **os.environ,
        "SESSION_IDLE_TIMEOUT": "900",
        "DJANGO_SETTINGS_MODULE": "cact_admin.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "900", result.stderr


def test_a_pages_own_polling_is_not_activity(client, charlie, today_event, settings):
    client.force_login(charlie)
    session = Session.objects.order_by("date", "start_time").first()
    page = reverse("sessions_app:proctor_session", args=[session.pk])
    roster = reverse("sessions_app:proctor_roster", args=[session.pk])
    assert 'hx-headers=\'{"X-Poll": "1"}\'' in client.get(page).content.decode()
    poll = {"HTTP_HX_REQUEST": "true", "HTTP_X_POLL": "1", "HTTP_HX_CURRENT_URL": page}

    move_clocks_back(client, seen=settings.SESSION_IDLE_TIMEOUT - 60)
    seen = client.session[SEEN_AT]
    assert client.get(roster, **poll).status_code == 200
    assert client.session[SEEN_AT] == seen

    move_clocks_back(client, seen=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get(roster, **poll)
    # 401, not a sign-in form swapped into the list; htmx opens the sign-in page instead,
    # which brings the proctor back to this page.
    assert response.status_code == 401
    assert response["HX-Redirect"] == f"{reverse('login')}?next={page}"


def test_a_mark_sent_after_the_session_expired_is_kept_for_after_signing_in_again(
    charlie, today_event, settings
):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, "charlie")
    session = Session.objects.order_by("date", "start_time").first()
    page = client.get(reverse("sessions_app:proctor_session", args=[session.pk]))
    page_token = re.search(r'data-csrf="([^"]+)"', page.content.decode()).group(1)
    mark_url = reverse("sessions_app:proctor_mark", args=[session.pk])
    registration = Placement.objects.filter(session=session).first().registration_id
    queued = mark_payload(registration, str(uuid.uuid4()))  # in the device's queue

    move_clocks_back(client, seen=settings.SESSION_IDLE_TIMEOUT + 1)
    expired = client.post(
        mark_url, queued, content_type="application/json", HTTP_X_CSRFTOKEN=page_token
    )
    # A JSON answer the page acts on (proctor.js keeps the queue and shows "Masuk lagi").
    assert expired.status_code == 401
    assert "masuk lagi" in expired.json()["error"]
    assert expired.json()["login_url"] == reverse("login")
    assert not Attendance.objects.exists()

    sign_in(client, "charlie")
    # Signing in gave a new CSRF token: the page's old one is refused with an HTML page,
    # not JSON, which proctor.js also keeps queued; it sends the cookie's token.
    stale = client.post(
        mark_url, queued, content_type="application/json", HTTP_X_CSRFTOKEN=page_token
    )
    assert stale.status_code == 403 and stale["Content-Type"].startswith("text/html")
    fresh_token = client.cookies["csrftoken"].value
    sent = client.post(
        mark_url, queued, content_type="application/json", HTTP_X_CSRFTOKEN=fresh_token
    )
    assert sent.status_code == 200 and not sent.json()["duplicate"]
    assert Attendance.objects.get().registration_id == registration


def test_a_signed_out_browser_still_gets_the_sign_in_page(client, today_event):
    session = Session.objects.first()
    response = client.get(reverse("sessions_app:proctor_roster", args=[session.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- 2. CSRF on every form and htmx request ------------------------------------------------


def every_pattern(resolver=None, namespace=""):
    """(name, pattern) of every named URL, the Django admin's included."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from every_pattern(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def any_url(name: str) -> str:
    """The URL with made-up arguments: the CSRF check comes before the view looks them up."""
    converters = dict(ALL_URLS)[name].pattern.converters
    kwargs = {}
    for param, converter in converters.items():
        if isinstance(converter, IntConverter):
            kwargs[param] = 1
        elif isinstance(converter, UUIDConverter):
            kwargs[param] = uuid.uuid4()
        else:
            kwargs[param] = "uji"
    return reverse(name, kwargs=kwargs)


# The API for the HR systems (api/) is exempt, as every Django REST framework view is: it
# takes no cookie, only its own bearer key, so a page elsewhere cannot borrow a signed-in
# browser's rights through it; and it only reads.
API = "api:"
EXEMPT = {name for name, pattern in every_pattern() if getattr(pattern.callback, "csrf_exempt", 0)}


ADMIN_URLS = [
    ("admin:login", {}),
    ("admin:logout", {}),
    ("admin:participants_participant_changelist", {}),
    ("admin:participants_participant_add", {}),
    ("admin:auth_user_password_change", {"id": 1}),
]


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", password=None)


@pytest.fixture
def csrf_client(root):
    """A superuser's browser holding a CSRF cookie, as after opening any page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(root)
    client.get(reverse("home"))
    assert "csrftoken" in client.cookies
    return client


def is_csrf_refusal(response) -> bool:
    return (
        response.status_code == 403 and "Formulir tidak dapat dikirim" in response.content.decode()
    )


@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [pytest.param(name, None, id=name) for name, _ in ALL_URLS if name not in EXEMPT]
    + [pytest.param(name, kwargs, id=name) for name, kwargs in ADMIN_URLS],
)
def test_every_url_refuses_a_post_without_the_csrf_token(csrf_client, url_name, kwargs):
    url = any_url(url_name) if kwargs is None else reverse(url_name, kwargs=kwargs)
    for extra in ({}, {"HTTP_HX_REQUEST": "true"}, {"content_type": "application/json"}):
        assert is_csrf_refusal(csrf_client.post(url, **extra)), (url, extra)
    # The same request with the token gets past the check (whatever the view says then).
    token = csrf_client.cookies["csrftoken"].value
    assert not is_csrf_refusal(csrf_client.post(url, HTTP_X_CSRFTOKEN=token)), url


def test_no_view_is_exempt_from_csrf_but_the_api():
    assert EXEMPT and all(name.startswith(API) for name in EXEMPT)


@pytest.mark.parametrize("url_name", [pytest.param(n, id=n) for n in sorted(EXEMPT)])
def test_the_api_ignores_the_signed_in_browser_and_takes_no_post(csrf_client, url_name):
    url = any_url(url_name)
    assert csrf_client.post(url).status_code in (401, 405)
    if url_name != "api:schema":  # the schema is public: it holds no data
        assert csrf_client.get(url).status_code == 401  # the session cookie opens nothing


def test_htmx_requests_carry_a_valid_csrf_token(csrf_client):
    page = csrf_client.get(reverse("participants:list")).content.decode()
    assert "hx-post=" in page  # the page uses htmx (its search posts: no NIP in addresses)
    headers = json.loads(re.search(r"<body hx-headers='([^']+)'>", page).group(1))
    # htmx sends the body's hx-headers with every request made from inside the page.
    response = csrf_client.post(
        reverse("logout"), HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=headers["X-CSRFToken"]
    )
    assert response.status_code == 302 and "_auth_user_id" not in csrf_client.session


# --- pages of a small event, for the walks below ------------------------------------------


@pytest.fixture
def site(tested_event, registered, root, tmp_path):
    """Every page of the site has something to show: a tested event with a published run, a
    UPT, pending imports; every participant has a phone number."""
    for number, person in enumerate(registered):
        person.phone = f"0812555{number:05d}"
        person.save(update_fields=["phone"])
    upt = Upt(opd=registered[0].opd, name="UPT Labkes", region=Region.objects.first())
    upt.save()
    run = lifecycle.publish_run(run=lifecycle.start_run(event=tested_event, actor=None), actor=None)
    upload = write_xlsx(tmp_path / "p.xlsx", [row(NIP)])
    batches = {}
    for kind, key in (
        (ImportBatch.Kind.PARTICIPANTS, "token"),
        (ImportBatch.Kind.INSTRUMENT, "instrument_token"),
        (ImportBatch.Kind.ANSWERS, "answers_token"),
    ):
        batch = ImportBatch.objects.create(
            kind=kind, target=tested_event.code, original_name="p.xlsx", created_by=root
        )
        batch.file.save(f"{batch.token}.upload", upload.open("rb"))
        batches[key] = batch.token
    session = Placement.objects.filter(registration__event=tested_event).first().session
    return {
        **batches,
        "number": run.number,
        "slug": "jawaban",
        "participant": registered[0].pk,
        "opd": registered[0].opd_id,
        "upt": upt.pk,
        "code": tested_event.code,
        "session": session.pk,
        "registration": Placement.objects.filter(session=session).first().registration_id,
        "lab": tested_event.labs.get().pk,
    }


class Page(HTMLParser):
    """The URLs a page links to, loads or submits to, its POST forms' fields, and the headers
    htmx sends from it."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "hx-push-url"}

    def __init__(self, html: str):
        super().__init__()
        self.urls: list[str] = []
        self.post_forms: list[list[str]] = []  # the input names of each
        self.in_post_form = False
        self.uses_htmx = False
        self.htmx_headers: dict = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and (name in self.URL_ATTRIBUTES or value.startswith(("/", "http"))):
                self.urls.append(value)
        if tag == "body":
            self.htmx_headers = json.loads(attrs.get("hx-headers") or "{}")
        elif any(name.startswith("hx-") for name in attrs):
            self.uses_htmx = True
        if tag == "form":
            self.in_post_form = (attrs.get("method") or "").lower() == "post"
            if self.in_post_form:
                self.post_forms.append([])
        elif tag == "input" and self.in_post_form:
            self.post_forms[-1].append(attrs.get("name") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False


def page_url(name: str, objects: dict) -> str:
    try:
        return url_for(name, objects)
    except KeyError:  # an object the fixture does not make: its path is still checked
        return any_url(name)


def walk(client: Client, objects: dict):
    """(url, response) of every page of the site and a few of the Django admin."""
    urls = [page_url(name, objects) for name, _ in ALL_URLS]
    urls += [
        reverse("admin:participants_participant_changelist"),
        reverse("admin:participants_participant_change", args=[objects["participant"]]),
        reverse("participants:list") + "?q=Pegawai",
    ]
    for url in urls:
        yield url, client.get(url)


# --- the CSRF token in every form and htmx request -----------------------------------------


def test_every_post_form_and_htmx_page_carries_the_csrf_token(client, root, site):
    client.force_login(root)
    forms = htmx_pages = 0
    for url, response in walk(client, site):
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            page = Page(response.content.decode())
            for fields in page.post_forms:
                forms += 1
                assert "csrfmiddlewaretoken" in fields, url
            if page.uses_htmx and "<body" in response.content.decode():
                htmx_pages += 1
                assert len(page.htmx_headers.get("X-CSRFToken", "")) >= 32, url
    assert forms > 20 and htmx_pages >= 4


# --- 3. error pages without internals ----------------------------------------------------


@with_failing_view
def test_a_failing_view_shows_the_sites_own_500_page_without_internals(bob):
    client = Client(raise_request_exception=False)
    client.force_login(bob)
    response = client.get("/uji/galat/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Terjadi kesalahan di server" in text
    for internal in ("Traceback", "RuntimeError", "SELECT", "participants_participant", NIP):
        assert internal not in text


def test_an_unknown_address_and_a_missing_record_show_the_indonesian_404(client, bob):
    client.force_login(bob)
    for url in ("/tidak-ada/", reverse("participants:detail", args=[999999])):
        response = client.get(url)
        assert response.status_code == 404
        text = response.content.decode()
        assert "Halaman tidak ditemukan" in text
        assert "URLconf" not in text and "matches the given query" not in text


def test_a_bad_host_gets_the_indonesian_400_page(client):
    response = client.get("/", HTTP_HOST="situs-palsu.example")
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.content.decode()


# --- 4. NIPs and phone numbers stay out of URLs and logs ----------------------------------


def test_no_url_of_any_page_holds_a_nip_or_phone_number(client, root, site):
    client.force_login(root)
    secrets = {p.nip for p in Participant.objects.all()} | {
        p.phone for p in Participant.objects.all()
    }
    pages = 0
    for url, response in walk(client, site):
        urls = [url, response.get("Location", ""), response.get("HX-Redirect", "")]
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages += 1
            urls += Page(response.content.decode()).urls
        for link in urls:
            assert not ANY_NIP.search(link), (url, link)
            assert not any(secret in link for secret in secrets), (url, link)
    assert pages > 40


@pytest.fixture
def everything_logged(caplog):
    """Every logger at DEBUG, SQL with its parameters included (as with DEBUG on)."""
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = False


def site_log_line(record: logging.LogRecord) -> str:
    """The record as the site's configured handler writes it."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, RedactingFormatter)
    )
    return handler.format(record)


@with_failing_view
def test_the_main_flows_write_no_nip_or_phone_number_to_the_log(everything_logged, bob, tmp_path):
    client = Client(raise_request_exception=False)
    client.force_login(bob)
    import_people(client, tmp_path, phone=PHONE)
    participant = Participant.objects.get(nip=NIP)
    assert participant.phone == "+6281255501234"
    client.get(reverse("participants:list"), {"q": NIP})
    client.get(reverse("participants:detail", args=[participant.pk]))
    client.get(f"/peserta/{NIP}/")  # a 404 with a NIP in the address
    client.get("/uji/galat/")  # a 500 whose error quotes a NIP and a phone number
    Client(enforce_csrf_checks=True).post(f"/peserta/{NIP}/")  # refused by CSRF
    for _ in range(6):  # a NIP typed as a user name, until locked out
        Client().post(reverse("login"), {"username": NIP, "password": "salah"})

    records = everything_logged.records
    assert any(NIP in record.getMessage() for record in records)  # there was a NIP to mask
    for record in records:
        line = site_log_line(record)
        assert NIP not in line and PHONE not in line, line
        assert not ANY_NIP.search(line), line
    # Our own code does not log them in the first place.
    ours = ("accounts", "audit", "participants", "sessions_app", "reports", "cact_admin")
    for record in records:
        if record.name.split(".")[0] in ours:
            assert NIP not in record.getMessage() and PHONE not in record.getMessage()


def import_people(client: Client, folder, *, phone: str) -> None:
    """One person, with a phone number, through the import page: upload, then confirm."""
    people = write_csv(folder / "peserta.csv", [[*row(NIP), phone]], headers=[*HEADERS, "No HP"])
    upload = client.post(
        reverse("participants:import"),
        {"file": SimpleUploadedFile(people.name, people.read_bytes())},
    )
    client.post(reverse("participants:import_confirm", kwargs=resolve(upload.url).kwargs))


def test_audit_entries_with_nips_are_for_the_admin_only(
    as_user, alice, bob, charlie, dave, tmp_path
):
    import_people(as_user(bob), tmp_path, phone="081255500001")
    participant = Participant.objects.get(nip=NIP)
    edit = {
        **{field: getattr(participant, field) for field in ("nip", "name", "golongan")},
        "position_title": participant.position_title,
        "position_class": participant.position_class_id,
        "opd": participant.opd_id,
        "phone": PHONE,
    }
    as_user(bob).post(reverse("participants:edit", args=[participant.pk]), edit)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert NIP in entry.target_repr and entry.changes["phone"] == [
        "+6281255500001",
        "+6281255501234",
    ]

    detail = reverse("participants:detail", args=[participant.pk])
    admin_pages = [reverse("audit:list"), reverse("admin:audit_auditentry_change", args=[entry.pk])]
    for user in (bob, charlie, dave):
        client = as_user(user)
        for url in admin_pages:
            assert client.get(url).status_code in (302, 403), (user, url)
        if user.has_perm("participants.view_participant"):
            assert "Riwayat perubahan" not in client.get(detail).content.decode()
    client = as_user(alice)
    assert "Riwayat perubahan" in client.get(detail).content.decode()
    for url in admin_pages:
        assert "+6281255501234" in client.get(url).content.decode()


# --- 5. uploads judged by content, not by name ---------------------------------------------


def upload_named(client, name: str, content: bytes):
    return client.post(reverse("participants:import"), {"file": SimpleUploadedFile(name, content)})


def zip_holding(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "peserta.xlsx",
            b"Notulen rapat persiapan CACT\nPeserta hadir lengkap.\n",
            "Kolom wajib tidak ditemukan",
        ),
        ("peserta.csv", zip_holding({"peserta.txt": b"NIP,Nama\n"}), "bukan workbook Excel"),
    ],
    ids=["text-named-xlsx", "zip-named-csv"],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    as_user, bob, name, content, message
):
    response = upload_named(as_user(bob), name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_real_spreadsheet_is_read_whatever_its_name(as_user, bob, tmp_path):
    workbook = write_xlsx(tmp_path / "p.xlsx", [row(NIP)]).read_bytes()
    text = write_csv(tmp_path / "p.csv", [row("198609262015051002")]).read_bytes()
    client = as_user(bob)
    assert upload_named(client, "peserta.csv", workbook).status_code == 302
    assert upload_named(client, "peserta.xlsx", text).status_code == 302
    assert ImportBatch.objects.count() == 2
