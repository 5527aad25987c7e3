"""Stack profiles, what the repository already runs, the scoring model and the ranking."""
