"""The check every result file makes of a row's NIP against the event's registrations."""

from core import cells
from core.imports import RowIssue
from participants.nip import NipError, parse_nip

NOT_REGISTERED = "NIP ini tidak terdaftar di kegiatan ini."


def registration_of_row(
    number: int,
    cell: object,
    *,
    column: str,
    registrations: dict[str, int],
    seen: dict[str, int],
    issues: list[RowIssue],
) -> int | None:
    """The registration id of the row's NIP; None, with the reason added to issues, for an
    invalid NIP, one not registered for the event, or one an earlier row already gave."""
    # A cell that is a registered NIP as it stands was checked when its participant was
    # stored: only other cells are parsed (100,000 parse_nip calls took 2 s of an import).
    registration = registrations.get(cell) if cell.__class__ is str else None
    if registration is not None:
        nip = cell
    else:
        try:
            nip = parse_nip(cells.nip_text(cell)).digits
        except (cells.CellError, NipError) as error:
            issues.append(RowIssue(number, column, cells.cell_repr(cell), error.message))
            return None
        registration = registrations.get(nip)
    if registration is None:
        issues.append(RowIssue(number, column, nip, NOT_REGISTERED))
        return None
    if nip in seen:
        message = f"NIP ini sudah ada di baris {seen[nip]}; satu peserta satu baris."
        issues.append(RowIssue(number, column, nip, message))
        return None
    seen[nip] = number
    return registration
