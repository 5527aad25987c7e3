"""Policy rules, the `check` use case, and the pre-commit hooks' core."""
