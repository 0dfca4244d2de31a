"""Embedding rows were keyed by a plain SHA-256 of the passage; they are now keyed by an HMAC under
SECRET_KEY. The old rows would let someone holding the database confirm a guessed passage, and nothing
reads them any more: drop them (a cache: the next suggestion run embeds its passages again)."""

from django.db import migrations


def forget(apps, schema_editor):
    apps.get_model("insights", "Embedding").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0002_encrypt_free_text")]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
