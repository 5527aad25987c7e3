"""Renderers of `stackfit scan`: one module per format."""
