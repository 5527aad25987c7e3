"""Renderers of `stackfit check`: one module per format."""
