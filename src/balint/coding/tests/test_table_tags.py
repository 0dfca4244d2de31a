"""The analysis tables written out in Python read exactly as the template loops they replace did."""

from types import SimpleNamespace

from django.template import Context, Template

from balint.coding.templatetags.coding_tags import cooccurrence_rows, timeline_rows


def test_the_timeline_rows_escape_theme_names_and_list_every_month():
    html = timeline_rows(
        [{"name": 'Fear <of> "loss" & grief', "counts": [0, 3, 12]}, {"name": "Trust", "counts": [1, 0, 0]}]
    )
    assert html == (
        '<tr><th class="row">Fear &lt;of&gt; &quot;loss&quot; &amp; grief</th>'
        "<td>0</td><td>3</td><td>12</td></tr>"
        '<tr><th class="row">Trust</th><td>1</td><td>0</td><td>0</td></tr>'
    )


def test_the_cooccurrence_rows_match_the_template_they_replace():
    themes = [
        SimpleNamespace(name="Trust <b>", colour="#2a9d8f"),
        SimpleNamespace(name='Anger & "blame"', colour='#e76f51"><script>'),
        SimpleNamespace(name="Grief", colour="#8ecae6"),
    ]
    matrix = [[5, 2, 0], [2, 4, 1], [0, 1, 3]]
    rows = list(zip(themes, matrix, strict=True))
    template = Template(
        "{% load coding_tags %}"
        '{% for t, row in rows %}<tr><th class="row" scope="row"><span class="number" aria-hidden="true">'
        '{{ forloop.counter }}</span> <span class="swatch" data-colour="{{ t.colour }}"></span>'
        "{{ t.name }}</th>"
        "{% for n in row %}{% if forloop.counter0 == forloop.parentloop.counter0 %}"
        '<td class="diagonal">{{ n }}</td>{% else %}'
        '<td data-heat="{{ n|heat:maximum }}">{{ n }}</td>{% endif %}'
        "{% endfor %}</tr>{% endfor %}"
    )
    assert cooccurrence_rows(rows, 2) == template.render(Context({"rows": rows, "maximum": 2}))
    html = cooccurrence_rows(rows, 2)
    assert '<td class="diagonal">4</td>' in html and '<td data-heat="0.50">1</td>' in html
    assert "<script>" not in html and "Trust &lt;b&gt;" in html
    assert cooccurrence_rows(rows, 0).count('data-heat="0"') == 6  # no pair at all: no heat
