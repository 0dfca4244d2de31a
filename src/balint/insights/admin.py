from django.contrib import admin

from balint.insights.models import Evaluation, Suggestion, ThemeRun


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["kind", "value", "score", "status", "program", "decided_by", "decided_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in Suggestion._meta.fields]


@admin.register(ThemeRun)
class ThemeRunAdmin(admin.ModelAdmin):
    list_display = [
        "program",
        "engine_requested",
        "engine_used",
        "scope",
        "n_passages",
        "n_themes",
        "status",
        "created_at",
    ]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["program", "created_at", "fingerprint"]
