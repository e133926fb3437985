"""The derivation at a glance: one row per stage, with the article's values beside the computed ones."""

from . import claims
from .text import PERCENT_2DP, markdown_table
from .stages import CONNECTIVITY, SHARING, STAGES, article_stages

#: What the reduction column says for the fully connected layer, which the others are compared with.
REFERENCE = "(the reference)"


def reduction_text(layer, first):
    """How many fewer weights ``layer`` has than ``first``, as a percentage; :data:`REFERENCE` for ``first`` itself."""
    return REFERENCE if layer is first else PERCENT_2DP.format(1 - layer.weights / first.weights)


def summary_rows():
    """Rows of (stage, wires, weights, reduction vs. fully connected, article weights, article reduction),
    in the order of :data:`fc_to_conv.stages.STAGES` (:func:`grid_markdown` shows where each sits)."""
    layers = article_stages()
    rows = []
    for entry, layer in zip(STAGES, layers):
        rows.append((
            entry.name,
            f"{layer.wires:,}",
            f"{layer.weights:,}",
            reduction_text(layer, layers[0]),
            claims.by_id(entry.weights_claim).article if entry.weights_claim else "not stated",
            claims.by_id(entry.reduction_claim).article if entry.reduction_claim else "not stated",
        ))
    return rows


def summary_markdown():
    """The summary rows as a Markdown table."""
    header = ("stage", "wires", "distinct weights",
              "fewer weights than fully connected", "article: weights", "article: reduction")
    return markdown_table(header, summary_rows())


def grid_markdown():
    """The four stages as a 2x2 Markdown table: sharing down, connectivity across, each cell a stage and its weights."""
    cells = {}
    for entry, layer in zip(STAGES, article_stages()):
        cells[entry.grid_position] = f"**{entry.name}**: {layer.weights:,} weights"
    header = ("weight sharing",) + tuple(f"wired to {c}" for c in CONNECTIVITY)
    rows = [(sharing,) + tuple(cells[r, c] for c in range(len(CONNECTIVITY))) for r, sharing in enumerate(SHARING)]
    return markdown_table(header, rows)
