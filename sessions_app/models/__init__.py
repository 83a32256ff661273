from sessions_app.models.attendance import Attendance, AttendanceMark, AttendanceStatus
from sessions_app.models.schedule import (
    Event,
    Lab,
    Placement,
    Registration,
    Session,
    Unavailability,
    Venue,
    Workstation,
)

__all__ = [
    "Attendance",
    "AttendanceMark",
    "AttendanceStatus",
    "Event",
    "Lab",
    "Placement",
    "Registration",
    "Session",
    "Unavailability",
    "Venue",
    "Workstation",
]
