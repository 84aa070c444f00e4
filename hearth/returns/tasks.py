"""Background tasks (django-tasks): a return runs outside the request, and the nightly re-check."""

from django_tasks import task


@task()
def run_return(run_id: int) -> None:
    from .services.runs import execute_run

    execute_run(run_id)


@task()
def refresh_all_problems() -> None:
    from .services.problems import refresh_all

    refresh_all()
