"""Many repositories as one team: sources, discovery, executors, evidence files."""
