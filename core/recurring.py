"""Tasks that run again and again (clean-ups, reminders): each run queues the next one.

django-tasks has no scheduler; a task that queues its successor whatever happens, seeded
by post_migrate (run by `make run` and by every deploy), does the job with one worker.
"""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def queue_next(task, after):
    """Queue `task` to run `after` from now, unless a run of it is already waiting."""
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
    if not waiting.exists():
        task.using(run_after=timezone.now() + after).enqueue()
