"""Text the book prints: the number formats and the Markdown tables, one place for each.

The formats are how the article writes its numbers (``COUNT``: ``1,024``; ``WHOLE_PERCENT``:
``75%``; ``PERCENT_2DP``: ``88.89%``), so a computed value formatted with them compares with
the article's text as it stands. :func:`number`, :func:`factor` and :func:`plural` are the
shorter forms figure labels and worked sums use, :func:`compact` the form of very large
counts; :func:`markdown_table` writes every table the chapters and the claims ledger show.
"""

#: A count with thousands separators, as the article writes them.
COUNT = "{:,}"
#: A fraction as a whole percentage.
WHOLE_PERCENT = "{:.0%}"
#: A fraction as a percentage with two decimals.
PERCENT_2DP = "{:.2%}"


def number(value):
    """A value as short text: at most 4 significant digits and a true minus sign."""
    return f"{value:.4g}".replace("-", "\u2212")


def factor(value):
    """A value as a factor in a product: negative values in parentheses."""
    return f"({number(value)})" if value < 0 else number(value)


def plural(count, word):
    """``count`` and ``word``, plural unless the count is 1."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def compact(value):
    """A count as short text: with thousands separators below ten million, else like ``4.49×10¹⁰``."""
    if value < 10 ** 7:
        return COUNT.format(value)
    exponent = len(str(value)) - 1
    mantissa = f"{value / 10 ** exponent:.2f}"
    if mantissa == "10.00":
        mantissa, exponent = "1.00", exponent + 1
    return f"{mantissa}\u00d710" + str(exponent).translate(str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"))


def _cell(text):
    """Text made safe for one cell of a Markdown table: pipes escaped, no line break; an empty cell is a space."""
    text = str(text).replace("|", "\\|").replace("\n", " ")
    return f" {text} " if text else " "


def markdown_table(header, rows, *, right=()):
    """A Markdown table (one line per row, no final newline) from a header and rows of cells.

    ``right`` holds the indices of the columns aligned right (numbers); the others align left.
    Cells may be any value; each is written with ``str``, its pipes escaped.
    """
    lines = ["|" + "|".join(_cell(cell) for cell in header) + "|",
             "|" + "".join("--:|" if k in right else "---|" for k in range(len(header)))]
    return "\n".join(lines + ["|" + "|".join(_cell(cell) for cell in row) + "|" for row in rows])
