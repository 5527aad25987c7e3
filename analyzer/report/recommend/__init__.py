"""Renderers of `stackfit recommend`: one module per format."""
