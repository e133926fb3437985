"""Text the book prints: the number formats and the Markdown tables, one place for each.

The formats are how the article writes its numbers (``COUNT``: ``1,024``; ``WHOLE_PERCENT``:
``75%``; ``PERCENT_2DP``: ``88.89%``), so a computed value formatted with them compares with
the article's text as it stands. :func:`number`, :func:`factor` and :func:`plural` are the
shorter forms figure labels and worked sums use, :func:`compact` the form of very large
counts, :func:`byte_size` the form of a size in bytes; :func:`markdown_table` writes every
table the chapters and the claims ledger show.
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


#: SI prefixes for sizes in bytes, each 1,000 times the one before (a kB is 1,000 bytes, not 1,024).
BYTE_UNITS = ("bytes", "kB", "MB", "GB", "TB", "PB", "EB")


def byte_size(value):
    """A whole number of bytes as short text, in SI units: ``576 bytes``, ``6.91 kB``, ``1.93 TB`` (three significant digits).

    Raises ValueError for a negative size or one of 1,000 EB or more.
    """
    if value < 0:
        raise ValueError(f"a size in bytes is at least 0, got {value}")
    if value < 1000:
        return plural(value, "byte")
    power = (len(str(int(value))) - 1) // 3
    shown = f"{value / 1000 ** power:.3g}"
    if float(shown) >= 1000:  # 999,999 bytes rounds to 1,000 kB: say 1 MB
        power, shown = power + 1, f"{value / 1000 ** (power + 1):.3g}"
    if power >= len(BYTE_UNITS):
        raise ValueError(f"{value:,} bytes is beyond {BYTE_UNITS[-1]}, the largest unit")
    return f"{shown} {BYTE_UNITS[power]}"


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
