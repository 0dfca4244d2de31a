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
"""

import time

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db.utils import InterfaceError, OperationalError

TOUCH_SECONDS = 60
TOUCHED = "_touched"  # the last save, in seconds since the epoch


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        data = super().load()
        if data:  # an empty session (a visitor not signed in) stays unsaved
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
