"""A new program's starter codebook and default categories are written in the program's language."""

from balint.coding import services
from balint.coding.models import Category, Theme
from balint.coding.starter import category_key
from balint.insights.selectors import category_label


def test_it_writes_the_starter_codebook_in_a_german_program_language(world):
    world.program.default_language = "de"
    world.program.save(update_fields=["default_language"])
    services.codebook_starter_create(program=world.program)
    names = [c.name for c in Category.objects.filter(program=world.program)]
    assert names[:2] == ["Balint-Prozess", "Berufliche Entwicklung"]
    relation = Theme.objects.get(program=world.program, name="Arzt-Patient-Beziehung")
    assert relation.category.name == "Balint-Prozess"
    assert relation.definition.startswith("Reflexion über die Beziehung")
    assert not Theme.objects.filter(program=world.program, name="Trust").exists()
    assert services.codebook_starter_create(program=world.program) == []  # once, as in English


def test_it_writes_the_starter_codebook_in_spanish_whatever_the_page_language(world, settings):
    world.program.default_language = "es"
    world.program.save(update_fields=["default_language"])
    services.codebook_starter_create(program=world.program)
    assert Theme.objects.filter(program=world.program, name="Relación médico-paciente").exists()
    assert Category.objects.filter(program=world.program, name="Proceso Balint").exists()


def test_it_knows_a_default_category_by_its_name_in_any_language():
    assert category_key("Balint-Prozess") == category_key("proceso balint") == "Balint process"
    assert category_key("Struktur und Organisation") == "Structure and logistics"
    assert category_key("Our own category") == "Our own category"
    # the suggestion engine's labels are the same whatever language the program's categories are in
    assert category_label("Struktur und Organisation") == category_label("Structure and logistics")
