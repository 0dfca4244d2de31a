"""What the surveys' writes share: a row is validated before it is saved."""

from balint.core.services import validated


def _saved(instance):
    validated(instance)
    instance.save()
    return instance
