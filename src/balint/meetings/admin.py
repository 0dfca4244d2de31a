from django.contrib import admin

from balint.meetings.models import Attendance, Meeting, MeetingNote


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "starts_at", "status", "focus", "focus_title"]
    list_filter = ["status", "focus", "group__program"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


@admin.register(MeetingNote)
class MeetingNoteAdmin(admin.ModelAdmin):
    list_display = ["meeting", "updated_at", "version"]
