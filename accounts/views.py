from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.roles import user_roles
from participants.models import ImportBatch, Opd, Participant, scoped_opd_ids


@login_required
def home(request):
    user = request.user
    context = {"roles": user_roles(user)}
    if user.has_perm("participants.view_participant"):
        scope = scoped_opd_ids(user)
        context["participant_count"] = Participant.objects.visible_to(user).count()
        context["opd_count"] = len(scope) if scope is not None else Opd.objects.count()
        context["scoped_opds"] = None if scope is None else Opd.objects.filter(pk__in=scope)
    if user.has_perm("participants.add_participant"):
        context["recent_imports"] = ImportBatch.objects.select_related("created_by")[:5]
    return render(request, "accounts/home.html", context)


@never_cache
def health(request):
    """For the load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
