from django.contrib import admin

from balint.programs.models import Cohort, Group, GroupPolicy, Membership, Person, Program


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


class GroupPolicyInline(admin.TabularInline):
    model = GroupPolicy
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "specialty", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "institution"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "entry_year"]
    list_filter = ["program"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "user"]
    search_fields = ["full_name", "email", "user__username"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "program", "role", "cohort", "active"]
    list_filter = ["program", "role", "active"]
    autocomplete_fields = ["person"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "program"]
    list_filter = ["program"]
    filter_horizontal = ["leaders", "members"]
    inlines = [GroupPolicyInline]


@admin.register(GroupPolicy)
class GroupPolicyAdmin(admin.ModelAdmin):
    list_display = ["group", "effective_from", "format", "latecomers", "focus_chosen_by"]
    list_filter = ["format"]
