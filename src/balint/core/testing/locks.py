"""Hold a row lock from another database connection while a test does something (PostgreSQL only)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from django.db import connection, connections, models, transaction

LOCK_TIMEOUT = "3s"


@contextlib.contextmanager
def done_elsewhere(action: Callable[[], object]) -> Iterator[None]:
    """While the block runs, another connection has done `action` in a transaction it has not yet committed
    (so it holds whatever locks the action took); it commits when the block ends."""
    held, release, failed = threading.Event(), threading.Event(), []

    def hold() -> None:
        try:
            with transaction.atomic():
                action()
                held.set()
                release.wait(30)
        except Exception as error:  # noqa: BLE001 (reported to the test below)
            failed.append(error)
            held.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    held.wait(30)
    try:
        assert not failed, failed
        yield
    finally:
        release.set()
        thread.join(30)


def row_locked_elsewhere(model: type[models.Model], pk: int) -> contextlib.AbstractContextManager[None]:
    """While the block runs, another connection holds `SELECT ... FOR UPDATE` on the row."""
    return done_elsewhere(lambda: model.objects.select_for_update().get(pk=pk))


@contextlib.contextmanager
def lock_timeout() -> Iterator[None]:
    """A transaction in which waiting for a row lock fails after LOCK_TIMEOUT instead of hanging."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        yield
