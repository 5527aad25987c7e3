"""One module per command: parse, call one use case, render, set the exit code."""
