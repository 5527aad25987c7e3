"""Open and validate a repository, run git safely (own environment per call), read the log."""
