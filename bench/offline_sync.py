"""Offline sync from the browser's point of view: a proctor's page in Chromium (Playwright)
goes offline, queues 500 marks with its own buttons, goes online; the time is from the
network returning until the database holds all 500 (and the page shows none unsent).

Beside it, in the same run and against the same server, the previous per-mark sync: the
same 500 marks of another proctor's queue sent one request at a time, each awaited, from
the same browser to the one-mark endpoint, as the page's script did before the batch
endpoint. Target: 500 marks stored within 2 s.
"""

import os
import platform
import time
import uuid

from bench import targets
from bench.attendance_load import HOST, PORT, start_server
from bench.participant_import import DEFAULT_URL

MARKS = 500
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "beban-uji-2024"  # noqa: S105 (bench/attendance_setup.py's throwaway users)

# The previous per-mark sync, as proctor/sync.js sent a queue before the batch endpoint.
PER_MARK = """async ([url, marks]) => {
  const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
  for (const mark of marks) {
    const response = await fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token, "X-Device": "bench"},
      body: JSON.stringify(mark)});
    await response.json();
  }
}"""

QUEUE_BY_TAPS = """(count) => {
  const rows = Array.from(document.querySelectorAll("tr[data-registration]"));
  for (let n = 0; n < count; n++) rows[n % rows.length].querySelector("button[data-mark]").click();
}"""


def run() -> None:
    import psycopg
    from playwright.sync_api import sync_playwright

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    plan, gunicorn = start_server(url)
    base = f"http://{HOST}:{PORT}"
    try:
        with sync_playwright() as playwright, psycopg.connect(url, autocommit=True) as db:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            batch = _batch(browser, base, plan[0], db)
            baseline = _per_mark(browser, base, plan[1], db)
            browser.close()
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {load[0]:.2f} "
        f"{load[1]:.2f} {load[2]:.2f}; gunicorn as in the attendance load; Chromium headless"
    )
    print(
        f"offline sync of {MARKS} queued marks, network back -> all stored: batch "
        f"{batch:.2f} s (target at most 2 s), previous per-mark sync {baseline:.2f} s "
        f"({MARKS / baseline:.0f} marks/s); {baseline / batch:.1f}x"
    )
    targets.record(
        f"{MARKS} marks queued offline, network back to all stored",
        batch,
        2,
        "s",
        baseline=f"one mark a request {baseline:.2f} s ({baseline / batch:.1f}x)",
    )


def _page(browser, base: str, job: dict):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/masuk/")
    page.fill("input[name=username]", job["user"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(lambda address: "/masuk/" not in address)
    page.goto(f"{base}/kegiatan/pengawas/sesi/{job['session']}/")
    return context, page


def _stored(db, session: int) -> int:
    return db.execute(
        "SELECT count(*) FROM sessions_app_attendancemark m JOIN sessions_app_attendance a "
        "ON a.id = m.attendance_id WHERE a.session_id = %s",
        [session],
    ).fetchone()[0]


def _wait_for(db, session: int, started: float) -> float:
    while _stored(db, session) < MARKS:
        if time.perf_counter() - started > 120:
            raise RuntimeError("the marks did not all arrive within 120 s")
        time.sleep(0.02)
    return time.perf_counter() - started


def _batch(browser, base: str, job: dict, db) -> float:
    context, page = _page(browser, base, job)
    context.set_offline(True)
    page.evaluate(QUEUE_BY_TAPS, MARKS)
    assert page.inner_text("#pending-count") == str(MARKS)
    context.set_offline(False)
    started = time.perf_counter()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    elapsed = _wait_for(db, job["session"], started)
    page.wait_for_selector("#pending[hidden]", state="attached")
    context.close()
    return elapsed


def _per_mark(browser, base: str, job: dict, db) -> float:
    context, page = _page(browser, base, job)
    marks = [
        {
            "client_id": str(uuid.uuid4()),
            "marked_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "status": "datang",
            "registration": job["registrations"][n % len(job["registrations"])],
            "replayed": True,
        }
        for n in range(MARKS)
    ]
    started = time.perf_counter()
    page.evaluate(PER_MARK, [f"/kegiatan/pengawas/sesi/{job['session']}/tandai/", marks])
    elapsed = _wait_for(db, job["session"], started)
    context.close()
    return elapsed
