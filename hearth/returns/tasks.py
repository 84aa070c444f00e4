"""Background tasks (django-tasks) other than running a return (which lives beside the run service,
`services.runs.run_return`): the nightly re-check of every child's data problems."""

from django_tasks import task


@task()
def refresh_all_problems() -> None:
    from .services.problems import refresh_all

    refresh_all()
