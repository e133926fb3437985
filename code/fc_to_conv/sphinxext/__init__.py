"""Sphinx extensions that build the book: its checks, appendices, cite boxes, widgets and fixes to the theme.

Each module is one extension, listed by name in ``_config.yml``, but :mod:`plain_notebook`, the
plain Markdown that :mod:`downloads` writes into the downloaded notebooks. Nothing here computes a number
or draws a figure, so editing a plugin re-executes no chapter (see :func:`checks.source_fingerprint`).
"""
