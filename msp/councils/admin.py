"""Admin for reference data: councils can be viewed and corrected here (the CSV stays the source of truth)."""

from django.contrib import admin

from msp.councils.models import Council, CouncilAlias, Region, SafeguardingAdultsBoard


class AliasInline(admin.TabularInline):
    model = CouncilAlias
    extra = 1


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("short_name", "gss_code", "council_type", "region", "valid_from", "valid_to")
    list_filter = ("region", "council_type")
    search_fields = ("name", "short_name", "gss_code", "aliases__alias")
    filter_horizontal = ("successors",)
    inlines = [AliasInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "gss_code")


@admin.register(SafeguardingAdultsBoard)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name", "councils__short_name")
    filter_horizontal = ("councils",)
