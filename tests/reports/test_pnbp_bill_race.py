"""Two staff press Terbitkan tagihan at the same moment: one bill per OPD, numbers in order.
PostgreSQL only: SQLite serialises writers, so there is no race to lose there."""

import threading

import pytest
from django.db import connection

from reports.bills import pnbp_bill_issue
from reports.models import PnbpBill
from tests.reports.test_pnbp import mark

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_issuing_at_the_same_time_makes_one_bill(event, registered, opds, bob, alice):
    marked = mark(event, registered)
    start = threading.Barrier(4)
    results, errors = [], []

    def press(user, opd):
        try:
            start.wait()
            results.append(pnbp_bill_issue(event=marked, opd=opd, actor=user))
        except Exception as error:  # noqa: BLE001 - the test reports whatever a thread met
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=press, args=(user, opd))
        for user in (bob, alice)
        for opd in opds[:2]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(PnbpBill.objects.values_list("opd__code", flat=True)) == ["BKD", "DINKES"]
    assert sorted(PnbpBill.objects.values_list("sequence", flat=True)) == [1, 2]
    assert sum(result.created for result in results) == 2
