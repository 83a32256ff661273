"""The results list pages by plain links in Chromium, at 1280 px and on a 375 px phone:
Berikutnya, Akhir, Sebelumnya, Awal, each showing the people the address says."""

import pytest

from tests.browser.conftest import sign_in
from tests.test_page_queries import _build, _clients

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_results_list_pages_by_its_links(browser_page, live_server):
    users, _ = _clients()
    built = _build(120, 1, "F", users["pengawas"])
    names = sorted(p.name for p in built["people"])
    sign_in(browser_page, live_server.url, "uji-pimpinan")
    for width in (1280, 375):
        _walk(browser_page, live_server, built, names, width)


def _walk(page, live_server, built, names, width) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/hasil/{built['event'].code}/peserta/")

    def first_name() -> str:
        return page.locator("table tbody tr").first.locator("td").nth(1).inner_text()

    assert first_name() == names[0]
    page.get_by_role("link", name="Berikutnya").click()
    assert first_name() == names[50]
    page.get_by_role("link", name="Akhir").click()
    assert first_name() == names[-50]
    assert page.get_by_role("link", name="Berikutnya").count() == 0
    nav = page.locator("nav.pagination")
    nav.scroll_into_view_if_needed()
    box = nav.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.screenshot(path=f"/tmp/pages-hasil-halaman-{width}.png")
    page.get_by_role("link", name="Sebelumnya").click()
    assert first_name() == names[-100]
    page.get_by_role("link", name="Awal").click()
    assert first_name() == names[0]
