from django.contrib import admin

from balint.meetings.models import (
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingNote,
    NoteConflict,
    PhasePlan,
    Proposal,
    Schedule,
    Tag,
    Vote,
)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "starts_at", "status", "focus", "focus_title"]
    list_filter = ["status", "focus", "group__program"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline, ProposalInline]


@admin.register(MeetingNote)
class MeetingNoteAdmin(admin.ModelAdmin):
    list_display = ["meeting", "updated_at", "version"]
    filter_horizontal = ["tags"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["group", "repeat", "weekday", "weeks_of_month", "start_time", "starts_on", "ends_on"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["label", "program"]
    search_fields = ["label"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["meeting", "proposal", "created_at"]


@admin.register(NoteConflict)
class NoteConflictAdmin(admin.ModelAdmin):
    list_display = ["note", "author", "base_version", "created_at", "resolved_at"]


@admin.register(PhasePlan)
class PhasePlanAdmin(admin.ModelAdmin):
    list_display = ["group", "updated_at"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at", "revoked_at"]
    exclude = ["token"]
