from balint.core.testing.access import PERSONAS, route

ALL = [p for p in PERSONAS if p != "anonymous"]


def leader_job(world) -> list:
    from balint.core.jobs import Job

    job = Job.objects.create(
        kind="test",
        title="A leader's job",
        program=world.program,
        requested_by=world.leader,
        status=Job.Status.DONE,
        output=b"x",
        output_name="x.txt",
    )
    return [job.code]


ROUTES = [
    route("core:home", *ALL),
    route("core:healthz", public=True),
    route("login", public=True),
    route("logout", *ALL, method="post", public=True),
    route("password_reset", public=True),
    route("password_reset_done", public=True),
    route("password_reset_confirm", args=lambda w: ["MQ", "set-password"], public=True),
    route("password_reset_complete", public=True),
    route("password_change", *ALL),
    route("password_change_done", *ALL),
    route("core:job", "administrator", "leader", args=leader_job),
    route("core:job_status", "administrator", "leader", args=leader_job),
    route("core:job_download", "leader", args=leader_job),  # the requester only
]
