"""The codebook's pages only read on a GET: the default categories are shown, and stored by the first POST."""

from conftest import PASSWORD
from django.urls import reverse

from balint.coding.models import DEFAULT_CATEGORIES, Category, Theme


def _login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)


def test_it_shows_the_default_categories_without_storing_them(client, world):
    _login(client, world.leader)
    slug = world.program.slug
    for name in ("coding:codebook", "coding:categories", "coding:theme_create"):
        page = client.get(reverse(name, args=[slug])).content.decode()
        assert DEFAULT_CATEGORIES[0] in page, name
    assert not Category.objects.filter(program=world.program).exists()


def test_it_stores_the_default_categories_with_the_first_theme(client, world):
    _login(client, world.leader)
    response = client.post(
        reverse("coding:theme_create", args=[world.program.slug]),
        {"name": "Tiredness", "colour": "#f5c542", "category": DEFAULT_CATEGORIES[1]},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(program=world.program, name="Tiredness")
    assert theme.category.name == DEFAULT_CATEGORIES[1]
    assert [c.name for c in Category.objects.filter(program=world.program)] == list(DEFAULT_CATEGORIES)


def test_it_refuses_a_category_that_is_not_in_the_list(client, world):
    _login(client, world.leader)
    response = client.post(
        reverse("coding:theme_create", args=[world.program.slug]),
        {"name": "Tiredness", "colour": "#f5c542", "category": "Made up"},
    )
    assert response.status_code == 422
    assert not Theme.objects.filter(program=world.program, name="Tiredness").exists()


def test_it_offers_a_stored_category_on_the_theme_edit_page(client, world):
    _login(client, world.leader)
    slug = world.program.slug
    client.post(reverse("coding:theme_create", args=[slug]), {"name": "Trust", "colour": "#f5c542"})
    theme = Theme.objects.get(program=world.program, name="Trust")
    url = reverse("coding:theme_edit", args=[theme.code])
    assert f'value="{DEFAULT_CATEGORIES[2]}"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Trust", "colour": "#f5c542", "category": DEFAULT_CATEGORIES[2]})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.category.name == DEFAULT_CATEGORIES[2]
