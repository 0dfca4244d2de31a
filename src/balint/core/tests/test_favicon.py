"""Every page names an icon that exists, so browsers stop asking for a missing /favicon.ico."""

import re

from django.contrib.staticfiles import finders


def test_it_links_an_icon_that_exists_from_every_page(client, world):
    client.force_login(world.resident.user)
    for url in ["/", "/accounts/login/"]:
        page = client.get(url).content.decode()
        link = re.search(r'<link rel="icon" href="/static/([^"]+)"', page)
        assert link, url
        assert finders.find(link.group(1)), link.group(1)
