"""Clean scraped news pages into articles and keep a Whoosh index of them."""
