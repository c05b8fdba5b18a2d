"""Index keeping: the Whoosh schema, the incremental build, its manifest and its lock."""
