"""Admin for the temperature check. Instrument versions and their questions are read-only: never edited."""

from django.contrib import admin

from msp.tempcheck.models import Answer, BaselineFigure, InstrumentVersion, Interview, Question, Wave


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ("position", "code", "qtype", "table", "text", "required")
    readonly_fields = fields


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "loaded_at")
    readonly_fields = ("code", "title", "sha256", "loaded_at", "source")
    inlines = [QuestionInline]

    def has_add_permission(self, request):
        return False  # published with `msp instrument_load`, which validates the file

    def has_change_permission(self, request, obj=None):
        return False


class BaselineFigureInline(admin.TabularInline):
    model = BaselineFigure
    extra = 1


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "instrument", "baseline")
    filter_horizontal = ("planned_councils",)
    inlines = [BaselineFigureInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question", "choice", "text")
    raw_id_fields = ("question",)


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("council", "wave", "status", "interview_date", "interviewer_name", "submitted_at")
    list_filter = ("wave", "status", "council__region")
    search_fields = ("council__name", "council__short_name", "interviewer_name")
    readonly_fields = ("revision", "created_at", "updated_at", "submitted_at")
    inlines = [AnswerInline]
