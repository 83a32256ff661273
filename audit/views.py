from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import require_perms
from audit.models import AuditEntry
from core.params import text_param


@require_perms("audit.view_auditentry")
def audit_list(request):
    entries = AuditEntry.objects.all()
    target_type = text_param(request, "jenis")
    if target_type:
        entries = entries.filter(target_type=target_type)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    types = AuditEntry.objects.order_by().values_list("target_type", flat=True).distinct()
    query = f"jenis={target_type}" if target_type else ""
    context = {"page": page, "types": sorted(types), "target_type": target_type, "query": query}
    return render(request, "audit/audit_list.html", context)
