"""The rows an import will write, listed on its preview a page at a time (htmx or plain
links; the preview's token is in its address, so every page is of the same preview)."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50
ROWS_KEPT = 10_000  # listed per preview; the counts above the list cover every row
TARGET = "planned-rows"  # the id of the list's section, the htmx target of its page links


def planned_rows_page(request: HttpRequest, rows: list) -> Page:
    """The page asked for (?page=N) of rows; the first for anything else."""
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def wants_planned_rows_only(request: HttpRequest) -> bool:
    """An htmx request for another page of the list: answer with the list alone."""
    return request.headers.get("HX-Request") == "true" and (
        request.headers.get("HX-Target") == TARGET
    )
