"""Sphinx extension that labels the bibliography the way the chapters cite it: "Gad, 2018".

The chapters cite author and year (``bibtex_reference_style: author_year``), but
sphinxcontrib-bibtex labels the list on the references page with pybtex's alpha labels
("Gad18", "GBC16"), so a reader following a citation found a different name at its end.
This extension registers, with pybtex, a label style that writes each entry's label as the
text cites it (one author "Gad, 2018", two "Aghdam and Heravi, 2017" or "Chollet and
others, 2015", more "Goodfellow et al., 2016"; a letter added when two entries would share a label)
and a formatting style, :data:`STYLE`, that is pybtex's "alpha" with those labels.
``_config.yml`` selects it with ``bibtex_default_style``.
"""

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels import BaseLabelStyle

STYLE = "fc_to_conv_author_year"


def author_year(entry):
    """An entry's citation label: its authors' (or editors') last names and its year.

    Braces that keep a corporate author whole (``{{TorchVision maintainers and contributors}}``)
    are BibTeX markup, not part of the name, so they are left out.
    """
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(person.last_names).replace("{", "").replace("}", "") for person in people]
    if len(names) > 2:
        who = f"{names[0]} et al."
    else:
        who = " and ".join(names) or entry.fields.get("title", entry.key)
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabels(BaseLabelStyle):
    """pybtex label style: :func:`author_year`, with a, b, ... after the year when labels repeat."""

    def format_labels(self, sorted_entries):
        """Yield one label per entry, in the entries' order."""
        sorted_entries = list(sorted_entries)
        labels = [author_year(entry) for entry in sorted_entries]
        repeated = {label for label in labels if labels.count(label) > 1}
        seen = {}
        for label in labels:
            if label in repeated:
                seen[label] = seen.get(label, 0) + 1
                label += "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            yield label


class AuthorYearStyle(AlphaStyle):
    """pybtex's "alpha" formatting style with :class:`AuthorYearLabels`."""

    default_label_style = STYLE


def setup(app):
    """Register the label and formatting styles with pybtex (sphinxcontrib-bibtex finds them there)."""
    register_plugin("pybtex.style.labels", STYLE, AuthorYearLabels, force=True)
    register_plugin("pybtex.style.formatting", STYLE, AuthorYearStyle, force=True)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
