"""README screenshots of talent management and messaging, from a running demo site:
a participant's history over Tahap II and III, the coverage page, a succession pool, the
outbox, and the top of the first page of a participant card PDF as it went out by e-mail.

    make run                      # in one terminal
    .venv/bin/python -m scripts.screenshots_talent [http://127.0.0.1:8000]

The card is read from the demo database (the same settings as the site), the pages through
Chromium. Each image is cut to what it shows and stored as a palette PNG, under 200 KB.
"""

import io
import os
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
LIMIT = 200_000


def save(png: bytes, name: str, width: int = 1100) -> None:
    """Scaled to at most `width` px and reduced to 256 colours, so it stays small."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(OUT / name, optimize=True)
    size = (OUT / name).stat().st_size
    assert size < LIMIT, f"{name}: {size} bytes"


def from_the_database() -> tuple[int, bytes]:
    """A person assessed in both stages whose JPM moved, and the card PDF attached to the
    first schedule e-mail in the outbox; read before the browser starts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cact_admin.settings")
    import django

    django.setup()
    from messaging.models import Attachment
    from scoring.models import ParticipantResult

    earlier = dict(
        ParticipantResult.objects.filter(
            registration__event__code="TAHAP-II-2023", run__published_at__isnull=False
        ).values_list("registration__participant_id", "jpm")
    )
    later = ParticipantResult.objects.filter(
        registration__event__code="TAHAP-III-2024",
        run__published_at__isnull=False,
        registration__participant_id__in=list(earlier),
    ).order_by("registration__participant__nip")
    person = next(
        r.registration.participant_id
        for r in later.select_related("registration")
        if r.jpm is not None and earlier[r.registration.participant_id] not in (None, r.jpm)
    )
    attachment = Attachment.objects.filter(content_type="application/pdf").order_by("pk").first()
    assert attachment is not None, "no card in the outbox: run seed_demo first"
    with attachment.file.open("rb") as handle:
        return person, handle.read()


def main() -> None:
    import pypdfium2

    OUT.mkdir(parents=True, exist_ok=True)
    person, card = from_the_database()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="id-ID")
        page.goto(f"{BASE}/masuk/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "cact-demo-2024")
        page.click("button.primary")
        page.wait_for_url(f"{BASE}/")

        page.goto(f"{BASE}/peserta/{person}/")
        save(page.locator("#riwayat-penilaian").screenshot(), "riwayat-penilaian.png")

        page.goto(f"{BASE}/talenta/cakupan/")
        save(page.screenshot(full_page=False), "cakupan.png")

        page.goto(f"{BASE}/talenta/pool/?target={administrator(page)}")
        save(page.screenshot(full_page=False), "talent-pool.png")

        page.goto(f"{BASE}/pesan/")
        save(page.screenshot(full_page=False), "kotak-keluar.png")
        browser.close()
    document = pypdfium2.PdfDocument(card)
    buffer = io.BytesIO()
    card_page = document[0].render(scale=1.5).to_pil()
    # The top of the A4 page: the card with its cut lines (the rest is the empty grid).
    card_page.crop((0, 0, card_page.width, round(card_page.height * 0.4))).save(buffer, "PNG")
    save(buffer.getvalue(), "kartu-peserta-pdf.png", width=900)


def administrator(page) -> str:
    """The pool form's key of the Administrator class."""
    page.goto(f"{BASE}/talenta/pool/")
    option = page.locator("#id_target option", has_text="Administrator").first
    return option.get_attribute("value")


if __name__ == "__main__":
    main()
