"""Renderers: each takes the evidence and returns text (or prints a rich table); none computes."""
