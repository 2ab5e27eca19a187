"""Admin views of codebooks and codings, for support; the pages in the app are where people code."""

from django.contrib import admin

from msp.coding.models import CodedAnswer, Coding, Quote, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "wave", "question_code", "position"]
    list_filter = ["wave", "question_code"]
    search_fields = ["name", "keywords"]


@admin.register(Coding)
class CodingAdmin(admin.ModelAdmin):
    list_display = ["answer", "theme", "coder", "created_at"]
    list_filter = ["theme__wave", "theme__question_code"]
    raw_id_fields = ["answer"]


@admin.register(CodedAnswer)
class CodedAnswerAdmin(admin.ModelAdmin):
    list_display = ["answer", "coder", "done_at"]
    raw_id_fields = ["answer"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["theme", "answer", "chosen_by", "chosen_at"]
    raw_id_fields = ["answer"]
