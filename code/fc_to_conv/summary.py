"""The derivation at a glance: one row per stage, with the article's values beside the computed ones."""

from . import claims
from .stages import article_stages

#: Which claims state each stage's weights and reduction (None: the article gives no number).
ARTICLE_CLAIMS = {
    "fully connected": ("C2", None),
    "grouped": ("C9", "C10"),
    "local": (None, None),
    "convolutional": ("C14", "C16"),
}


def summary_rows():
    """Rows of (stage, wires, weights, reduction vs. fully connected, article weights, article reduction)."""
    stages = article_stages()
    rows = []
    for layer in stages:
        weight_claim, reduction_claim = ARTICLE_CLAIMS[layer.name]
        rows.append((
            layer.name,
            f"{layer.wires:,}",
            f"{layer.weights:,}",
            claims.PERCENT_2DP.format(1 - layer.weights / stages[0].weights),
            claims.by_id(weight_claim).article if weight_claim else "not stated",
            claims.by_id(reduction_claim).article if reduction_claim else "not stated",
        ))
    return rows


def summary_markdown():
    """The summary rows as a Markdown table."""
    header = ("stage", "wires", "distinct weights", "fewer weights than fully connected",
              "article: weights", "article: reduction")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in summary_rows()]
    return "\n".join(lines)
