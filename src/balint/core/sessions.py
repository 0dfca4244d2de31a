"""Database sessions that report a lost database as a lost database, saved at most once a minute.

Django's database session store turns every database error met while saving a session into `UpdateError`
("the session was deleted"), which the session middleware answers with 400 Bad Request. With
`SESSION_SAVE_EVERY_REQUEST` every signed-in request saves its session, so a database restart in the middle
of a request gave people a "Bad Request" page. Here a lost or refused connection is raised as itself, so the
server-error handler answers with the 503 "briefly unavailable" page like every other request meanwhile.

A session expires after `SESSION_COOKIE_AGE` of inactivity, not after sign-in. Saving it on every request
(`SESSION_SAVE_EVERY_REQUEST`) cost an UPDATE and a COMMIT per request; instead a session whose last save is
older than `TOUCH_SECONDS` is marked changed when it is read, so Django saves it (database row and cookie)
then. The idle limit holds to within that minute.

Sessions stay in the database (not in signed cookies) so that signing out, a password change or an
expired session ends them on the server: a copied cookie is worth nothing afterwards. Every signed-in
request reads its session, so that read is one statement written as SQL (`balint.core.rows`): through the
ORM, building the query cost several times running it.
"""

import time

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import connections, router
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

from balint.core import auth
from balint.core.rows import columns, db_value, instance

TOUCH_SECONDS = 60
TOUCHED = "_touched"  # the last save, in seconds since the epoch


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session's row if it has not expired, as `db.SessionStore` reads it (else the key is
        dropped)."""
        model = self.model
        using = router.db_for_read(model)
        sql = 'SELECT {columns} FROM {table} s WHERE s."session_key" = %s AND s."expire_date" > %s'
        sql = sql.format(
            columns=columns(model, "s", using=using),
            table=connections[using].ops.quote_name(model._meta.db_table),
        )
        now = db_value(model, "expire_date", timezone.now(), using=using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return instance(model, row, using=using)

    def load(self) -> dict:
        data = super().load()
        if data:  # an empty session (a visitor not signed in) stays unsaved
            if data.get(BACKEND_SESSION_KEY) == auth.DJANGO_PATH:  # signed in before balint.core.auth
                data[BACKEND_SESSION_KEY] = auth.PATH
            now = int(time.time())
            if now - data.get(TOUCHED, 0) >= TOUCH_SECONDS:
                data[TOUCHED] = now
                self.modified = True
        return data

    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            if isinstance(error.__context__, OperationalError | InterfaceError):
                raise error.__context__ from None
            raise
