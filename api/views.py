"""The read-only lists for the HR systems, the OpenAPI schema and its docs page.

Every call that names a known key, answered or refused, leaves one audit entry: which
system, which list, with which parameters, the answer's status and how many rows it sent.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, pagination

from api import queries, serializers
from api.access import ApiKeyAuthentication, HasResource, PerClientThrottle, throttled_message
from api.models import ApiClient, Resource
from audit.models import AuditEntry
from audit.services import audit_record
from core.text import without_controls

DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

FILTERS = [
    OpenApiParameter("event", str, description="Kode kegiatan, misalnya TAHAP3-2024."),
    OpenApiParameter("opd", str, description="Kode OPD, di dalam cakupan token."),
    OpenApiParameter(
        "changed_since",
        OpenApiTypes.DATETIME,
        description="Hanya baris yang berubah sejak waktu ini (ISO 8601; tanpa zona: WITA).",
    ),
]


class Pages(pagination.CursorPagination):
    """Pages in a fixed order (by id): a page's `next` link carries on where it stopped,
    whatever was written in between."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class ApiList(generics.ListAPIView):
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasResource]
    throttle_classes = [PerClientThrottle]
    pagination_class = Pages
    resource: Resource
    query = staticmethod(queries.participants)

    def get_queryset(self):
        client: ApiClient = self.request.auth
        filters = queries.parse_filters(self.request.query_params)
        return self.query(client.opd_ids(), filters)

    def throttled(self, request, wait):
        raise exceptions.Throttled(wait, detail=throttled_message(wait))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        client = getattr(request, "api_client", None)
        if client is not None:
            _audit_call(request, response, client, self.resource)
        return response


def _audit_call(request, response, client: ApiClient, resource: str) -> None:
    rows = response.data.get("results") if isinstance(response.data, dict) else None
    audit_record(
        actor=None,
        actor_name=f"API: {client.name}"[:150],
        action=AuditEntry.Action.VIEW,
        target=client,
        changes={
            "data": resource,
            "status": response.status_code,
            "baris": len(rows) if rows is not None else 0,
            # Without control characters: a NUL from a forged URL would fail the write.
            "parameter": [
                without_controls(f"{key}={value}")[:200]
                for key, values in request.query_params.lists()
                for value in values
            ],
        },
    )


def _api_list(resource: Resource, serializer, query, summary: str):
    view = type(
        f"{resource.name.title()}List",
        (ApiList,),
        {
            "resource": resource,
            "serializer_class": serializer,
            "query": staticmethod(query),
            "__doc__": summary,
        },
    )
    return extend_schema(summary=summary, parameters=FILTERS, tags=[str(resource.label)])(
        view
    ).as_view()


participants = _api_list(
    Resource.PARTICIPANTS,
    serializers.ParticipantSerializer,
    queries.participants,
    "Peserta (ASN) di cakupan OPD token.",
)
events = _api_list(
    Resource.EVENTS,
    serializers.EventSerializer,
    queries.events,
    "Kegiatan ujian yang diikuti peserta di cakupan OPD token.",
)
schedules = _api_list(
    Resource.SCHEDULES,
    serializers.ScheduleSerializer,
    queries.schedules,
    "Jadwal: sesi, lab dan komputer tiap peserta.",
)
attendance = _api_list(
    Resource.ATTENDANCE,
    serializers.AttendanceSerializer,
    queries.attendance,
    "Kehadiran tiap peserta per sesi.",
)
results = _api_list(
    Resource.RESULTS,
    serializers.ResultSerializer,
    queries.results,
    "Hasil yang sudah diterbitkan: level, JPM, LD, ES, potensi dan kotak 9-box.",
)


@require_GET
def docs(request):
    """The schema read by Swagger UI, served from static/ (drf-spectacular-sidecar)."""
    response = render(request, "api/docs.html", {"title": settings.SPECTACULAR_SETTINGS["TITLE"]})
    response["Content-Security-Policy"] = DOCS_CSP
    return response
