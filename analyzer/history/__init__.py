"""The map step: identities, the fold of commits, rhythm, framework work, the commit cache."""
