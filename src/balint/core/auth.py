"""Django's ModelBackend, with the signed-in person's user read by one statement written as SQL.

Every signed-in request loads its user (`django.contrib.auth.get_user`, which then checks the session's
password hash as usual); through the ORM, building that query cost several times running it. Signing in,
permissions and everything else are Django's own.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connections, router

from balint.core.rows import columns, instance

PATH = "balint.core.auth.ModelBackend"
# Sessions signed in before this backend name their backend by Django's path; they keep working.
DJANGO_PATH = "django.contrib.auth.backends.ModelBackend"


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        using = router.db_for_read(model)
        quote = connections[using].ops.quote_name
        sql = "SELECT {columns} FROM {table} u WHERE u.{pk} = %s"
        sql = sql.format(
            columns=columns(model, "u", using=using),
            table=quote(model._meta.db_table),
            pk=quote(model._meta.pk.column),
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = instance(model, row, using=using)
        return user if self.user_can_authenticate(user) else None
