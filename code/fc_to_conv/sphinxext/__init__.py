"""Sphinx extensions that build the book: its checks, appendices, cite boxes, widgets and fixes to the theme.

Each module is one extension, listed by name in ``_config.yml``. Nothing here computes a number
or draws a figure, so editing a plugin re-executes no chapter (see :func:`checks.source_fingerprint`).
"""
