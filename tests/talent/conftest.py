import pytest
from django.utils import timezone

from tests.talent.pool_scenario import move_event, recent_days
from tests.talent.scenario import EARLIER_START, make_event, prescore, publish_current


@pytest.fixture
def two_stages(tested_event, registered):
    """Tahap II 2023: the first 8 people pre-scored (all levels 1, LD 60, ES 60), published;
    then the tested event (answers, the last person absent), scored and published."""
    earlier = make_event("TAHAP-II-2023", EARLIER_START, days=5)
    prescore(earlier, {person: (1, 60, 60) for person in registered[:8]})
    publish_current(tested_event)
    return {"earlier": earlier, "current": tested_event, "people": registered}


@pytest.fixture
def recent_two_stages(tested_event, registered):
    """two_stages dated from today (Tahap II about two years ago, the tested event a few weeks
    ago), for what reads today's validity: it never expires with the calendar."""
    earlier_start, later_start = recent_days(timezone.localdate())
    earlier = make_event("TAHAP-II-2023", earlier_start, days=5)
    prescore(earlier, {person: (1, 60, 60) for person in registered[:8]})
    move_event(tested_event, later_start)
    publish_current(tested_event)
    return {"earlier": earlier, "current": tested_event, "people": registered}
