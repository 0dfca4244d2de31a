from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "balint.meetings"
    label = "meetings"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from balint.meetings.program_pages import group_page_context, overview_counts
        from balint.programs.hooks import GROUP_PAGE_CONTEXT, PROGRAM_OVERVIEW_COUNTS, register

        # The program overview and the group page show sessions; programs sits below meetings.
        register(PROGRAM_OVERVIEW_COUNTS, overview_counts)
        register(GROUP_PAGE_CONTEXT, group_page_context)
