"""Database sessions that report a lost database as a lost database.

Django's database session store turns every database error met while saving a session into `UpdateError`
("the session was deleted"), which the session middleware answers with 400 Bad Request. With
`SESSION_SAVE_EVERY_REQUEST` every signed-in request saves its session, so a database restart in the middle
of a request gave people a "Bad Request" page. Here a lost or refused connection is raised as itself, so the
server-error handler answers with the 503 "briefly unavailable" page like every other request meanwhile.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db.utils import InterfaceError, OperationalError


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            if isinstance(error.__context__, OperationalError | InterfaceError):
                raise error.__context__ from None
            raise
