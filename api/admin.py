"""The Admin BKD creates one token per consuming system here. The key is shown once, on the
page that follows creating it or asking for a new one; only its digest is kept."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from api.models import ApiClient, Resource
from audit.models import AuditEntry
from audit.services import audit_record


class ApiClientForm(forms.ModelForm):
    resources = forms.MultipleChoiceField(
        label="Data yang boleh dibaca",
        choices=Resource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ApiClient
        fields = ["name", "note", "all_opds", "opds", "resources", "expires_at"]


def _key_page(request, client: ApiClient, key: str, *, renewed: bool) -> TemplateResponse:
    context = {
        **admin.site.each_context(request),
        "title": f"Kunci API {client.name}",
        "client": client,
        "key": key,
        "renewed": renewed,
        "opts": ApiClient._meta,
    }
    response = TemplateResponse(request, "admin/api/apiclient/key.html", context)
    response["Cache-Control"] = "no-store"
    return response


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "key_prefix", "all_opds", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["all_opds"]
    search_fields = ["name", "key_prefix"]
    filter_horizontal = ["opds"]
    readonly_fields = ["key_prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke", "renew_key"]

    def get_fields(self, request, obj=None):
        fields = list(ApiClientForm.Meta.fields)
        # A new token has no key, use or author yet: those lines would only read "-".
        return fields if obj is None else fields + self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            request._api_new_key = obj.new_key()
            obj.created_by = request.user
        obj.resources = [value for value, _ in Resource.choices if value in obj.resources]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        client = form.instance
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            target=client,
            changes={
                "data": client.resources,
                "semua_opd": client.all_opds,
                "opd": [opd.code or opd.name for opd in client.opds.all()],
                "berlaku_sampai": client.expires_at,
            },
        )

    def response_add(self, request, obj, post_url_continue=None):
        return _key_page(request, obj, request._api_new_key, renewed=False)

    @admin.action(description="Cabut token terpilih (langsung tidak berlaku)")
    def revoke(self, request, queryset):
        now = timezone.now()
        with transaction.atomic():
            for client in queryset.select_for_update().filter(revoked_at__isnull=True):
                client.revoked_at = now
                client.save(update_fields=["revoked_at"])
                audit_record(
                    actor=request.user,
                    action=AuditEntry.Action.UPDATE,
                    target=client,
                    changes={"dicabut": True},
                )
        messages.success(request, "Token terpilih sudah dicabut.")

    @admin.action(description="Buat kunci baru (kunci lama langsung tidak berlaku)")
    def renew_key(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, "Pilih tepat satu token untuk dibuatkan kunci baru.")
            return None
        client = queryset.get()
        if client.revoked_at is not None:
            messages.error(request, "Token yang sudah dicabut tidak bisa diberi kunci baru.")
            return None
        key = client.new_key()
        client.save(update_fields=["key_prefix", "key_digest"])
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.UPDATE,
            target=client,
            changes={"kunci_baru": client.key_prefix},
        )
        return _key_page(request, client, key, renewed=True)
