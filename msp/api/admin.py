"""Admin for API tokens: make one (the token is shown once, on the page that follows) and revoke them."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from msp.api.models import ApiToken
from msp.api.tokens import api_token_issue, api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("programme", "revoked_at")
    search_fields = ("name", "prefix", "council__name", "board__name", "region__name")
    autocomplete_fields = ("council",)
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "council", "board", "region", "programme")
        return ("name", "organisation", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # The organisation and the secret never change: revoke the token and make another.
        return ("organisation", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        obj._shown_once = api_token_issue(obj, created_by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        return TemplateResponse(
            request,
            "admin/api/token_created.html",
            {
                **self.admin_site.each_context(request),
                "title": "API token created",
                "token": obj,
                "secret": obj._shown_once,
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        revoked = sum(api_token_revoke(token=token, by=request.user) for token in queryset)
        self.message_user(request, f"{revoked} token{'s' if revoked != 1 else ''} revoked.", messages.SUCCESS)

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, so the audit log can still name them
