"""Renderers of `stackfit skills`: one module per format."""
