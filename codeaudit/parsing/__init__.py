"""Parsers: libcst for Python, tree-sitter for JS/TS and broken Python."""
