"""Unit tests for fc_to_conv.text: number formats and Markdown tables."""

import pytest

from fc_to_conv.text import COUNT, PERCENT_2DP, WHOLE_PERCENT, byte_size, compact, factor, markdown_table, number, plural


def test_formats_write_numbers_as_the_article_does():
    assert (COUNT.format(1024), WHOLE_PERCENT.format(0.75), PERCENT_2DP.format(8 / 9)) == ("1,024", "75%", "88.89%")


@pytest.mark.parametrize("value, short, as_factor", [
    (96.0, "96", "96"), (-1.0, "\u22121", "(\u22121)"), (0.123456, "0.1235", "0.1235"), (-2.5, "\u22122.5", "(\u22122.5)"),
])
def test_number_and_factor(value, short, as_factor):
    assert (number(value), factor(value)) == (short, as_factor)


def test_plural_unless_one():
    assert [plural(n, "wire") for n in (0, 1, 2)] == ["0 wires", "1 wire", "2 wires"]


@pytest.mark.parametrize("value, text", [
    (9_999_999, "9,999,999"), (44_892_064_800, "4.49\u00d710\u00b9\u2070"), (99_999_999, "1.00\u00d710\u2078"),
])
def test_compact_counts(value, text):
    assert compact(value) == text


def test_markdown_table_aligns_escapes_and_keeps_empty_cells():
    table = markdown_table(("name", "count"), [("a|b", 1_024), ("", "two\nlines")], right={1})
    assert table.split("\n") == ["| name | count |", "|---|--:|", "| a\\|b | 1024 |", "| | two lines |"]


@pytest.mark.parametrize("value, text", [
    (0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (1_000, "1 kB"), (6_912, "6.91 kB"), (999_999, "1 MB"),
    (38_535_168, "38.5 MB"), (1_933_540_589_568, "1.93 TB"),
])
def test_byte_size_in_si_units(value, text):
    assert byte_size(value) == text


@pytest.mark.parametrize("value", [-1, 10 ** 21])
def test_byte_size_refuses_what_it_cannot_write(value):
    with pytest.raises(ValueError, match="byte"):
        byte_size(value)
