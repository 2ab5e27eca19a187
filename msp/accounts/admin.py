"""Admin for users (with role and council) and a read-only audit log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from msp.accounts.models import AuditEvent, User


@admin.register(User)
class MspUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Role and scope", {"fields": ("role", "council")}))
    list_display = ("username", "first_name", "last_name", "role", "council", "is_staff")
    list_filter = ("role", "is_staff", "council__region")
    autocomplete_fields = ("council",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The log holds personal data (the values of changed fields). The admin shows which fields changed, never
    their values, so reading the log here cannot become an unaudited view of people's records."""

    list_display = ("at", "user", "action", "object_type", "object_id", "council", "summary")
    exclude = ("changes",)
    readonly_fields = ("changed_fields",)
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "summary", "user__username")
    date_hierarchy = "at"

    @admin.display(description="Fields changed")
    def changed_fields(self, event):
        return ", ".join(sorted(event.changes)) if isinstance(event.changes, dict) else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
