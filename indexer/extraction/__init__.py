"""Pure extraction heuristics: a page's bytes in, one Article out (no index, no globals)."""
