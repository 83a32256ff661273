"""Screenshots of the main pages for the README, from a running demo site.

    make run                      # in one terminal
    .venv/bin/python -m scripts.screenshots [http://127.0.0.1:8000]

Uses Playwright with the system Chromium (/usr/bin/chromium, Debian's package).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "contoh-peserta.xlsx"


def pdf_page(page, url: str, out: Path) -> None:
    """The first page of a PDF the site serves, as the person who downloads it sees it."""
    import pypdfium2

    response = page.request.get(url)
    assert response.ok, f"{url}: {response.status}"
    document = pypdfium2.PdfDocument(response.body())
    document[0].render(scale=1.5).to_pil().save(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="id-ID")
        page.goto(f"{BASE}/masuk/")
        page.screenshot(path=OUT / "login.png")
        page.fill("input[name=username]", "operator")
        page.fill("input[name=password]", "cact-demo-2024")
        page.click("button.primary")
        page.wait_for_url(f"{BASE}/")
        page.goto(f"{BASE}/peserta/?opd=&q=")
        page.screenshot(path=OUT / "peserta.png")
        page.click("table tbody tr:first-child a")
        page.screenshot(path=OUT / "peserta-detail.png", full_page=True)
        page.goto(f"{BASE}/master/standar-kompetensi/")
        page.screenshot(path=OUT / "standar-kompetensi.png")
        event = f"{BASE}/kegiatan/TAHAP-III-2024"
        page.goto(f"{event}/")
        page.screenshot(path=OUT / "kegiatan.png", full_page=True)
        page.goto(f"{event}/jadwalkan/?replan=1")
        page.screenshot(path=OUT / "jadwal-pratinjau.png")
        page.goto(f"{event}/")
        page.click("table tbody tr:first-child td a")
        page.screenshot(path=OUT / "sesi.png")
        session_id = page.url.rstrip("/").rsplit("/", 1)[1]
        page.goto(f"{event}/kartu/?sesi={session_id}")
        page.screenshot(path=OUT / "kartu.png")
        pdf_page(page, f"{event}/kartu.pdf?sesi={session_id}", OUT / "kartu-pdf.png")
        pdf_page(page, f"{event}/sesi/{session_id}/denah-kursi.pdf", OUT / "denah-kursi.png")
        # The demo's sessions are over and closed: the proctor sees them locked, on a phone.
        phone = browser.new_page(viewport={"width": 375, "height": 812}, locale="id-ID")
        phone.goto(f"{BASE}/masuk/")
        phone.fill("input[name=username]", "pengawas")
        phone.fill("input[name=password]", "cact-demo-2024")
        phone.click("button.primary")
        phone.wait_for_load_state()
        phone.goto(f"{BASE}/kegiatan/pengawas/sesi/{session_id}/")
        phone.screenshot(path=OUT / "sesi-ditutup-hp.png")
        page.goto(f"{event}/rekap-kehadiran/")
        page.screenshot(path=OUT / "rekap-kehadiran.png")
        page.goto(f"{BASE}/peserta/impor/")
        page.set_input_files("input[type=file]", SAMPLE)
        page.click("form.form button.primary")
        page.wait_for_url("**/peserta/impor/*/")
        page.screenshot(path=OUT / "impor-pratinjau.png", full_page=True)
        results = f"{BASE}/hasil/TAHAP-III-2024"
        page.goto(f"{results}/penilaian/1/")
        page.screenshot(path=OUT / "penilaian.png", full_page=True)
        page.goto(f"{results}/penilaian/1/butir/?flagged=1")
        page.screenshot(path=OUT / "analisis-butir.png")
        page.goto(f"{results}/dasbor/")
        page.screenshot(path=OUT / "dasbor.png", full_page=True)
        page.goto(f"{results}/peta-gap/?menurut=position_class")
        page.screenshot(path=OUT / "peta-gap.png")
        page.goto(f"{results}/peserta/")
        page.screenshot(path=OUT / "hasil-peserta.png")
        page.click("table tbody tr:first-child a")
        page.wait_for_url("**/hasil/TAHAP-III-2024/peserta/*/")
        page.wait_for_load_state()
        page.screenshot(path=OUT / "hasil-individu.png", full_page=True)
        page.locator("svg.radar").first.screenshot(path=OUT / "radar.png")
        page.goto(f"{results}/dasbor/")
        page.click("text=Unduh rekap Excel")
        page.wait_for_url("**/rekap/*/")
        page.screenshot(path=OUT / "rekap-excel.png")
        browser.close()


if __name__ == "__main__":
    main()
