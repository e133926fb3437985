"""fc_to_conv.sphinxext.exercises: sphinx-exercise's shared ids made unique, and numfig kept off."""

from types import SimpleNamespace

from docutils import nodes

from fc_to_conv.sphinxext import exercises as sphinx_exercises


def exercise(label, shared_id):
    owner = nodes.container(label=label)
    owner += nodes.section(ids=[shared_id])
    return owner


def test_each_body_gets_its_owners_label():
    doctree = nodes.document(None, None)
    doctree += [exercise("ex-a", "exercise-content"), exercise("ex-b", "exercise-content"),
                exercise("sol-a", "solution-content")]
    anonymous = nodes.container()
    anonymous += [nodes.section(ids=["solution-content"]), nodes.section(ids=["solution-content"])]
    doctree += anonymous
    sphinx_exercises.unique_content_ids(None, doctree, "book/x")
    ids = [section["ids"] for section in doctree.findall(nodes.section)]
    assert ids == [["ex-a-content"], ["ex-b-content"], ["sol-a-content"], ["solution-content"], ["solution-content-2"]]


def test_numfig_is_switched_back_off():
    config = SimpleNamespace(numfig=True)
    sphinx_exercises.keep_numfig_off(None, config)
    assert config.numfig is False


def test_a_solutions_title_has_no_link_so_it_opens_the_solution():
    doctree = nodes.document(None, None)
    title = nodes.title("", "Solution to")
    title += nodes.reference("", " Exercise (A handwritten digit)", refid="ex-a")
    doctree += nodes.section("", title)
    other = nodes.title("", "See ")
    other += nodes.reference("", "Exercise (A handwritten digit)", refid="ex-a")
    doctree += nodes.section("", other)
    sphinx_exercises.solution_titles_without_links(None, doctree, "book/x")
    assert list(title.findall(nodes.reference)) == []
    assert title.astext() == "Solution to Exercise (A handwritten digit)"
    assert len(list(other.findall(nodes.reference))) == 1  # other titles keep their links
