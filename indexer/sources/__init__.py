"""Where pages come from: the files under the raw folder (pages, and JSON Lines of article
records in articles.py), as records for extraction."""
