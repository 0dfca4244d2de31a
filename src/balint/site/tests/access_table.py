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
    route("core:jsi18n", public=True, args=lambda w: ["en-0"]),
    route("core:job", "administrator", "leader", args=leader_job),
    route("core:job_status", "administrator", "leader", args=leader_job),
    route("core:job_download", "leader", args=leader_job),  # the requester only
    # Every member may open the search; what it searches depends on the role (residents: nothing).
    route(
        "core:search",
        "administrator",
        "leader",
        "resident",
        "transcriber",
        "analyst",
        args=lambda w: [w.program.slug],
    ),
    route(
        "core:search",
        "administrator",
        "leader",
        "resident",
        "transcriber",
        "analyst",
        args=lambda w: [w.program.slug],
        method="post",
        data=lambda w: {"q": "frustration"},
    ),
]
