"""Where pages come from: the files under the raw folder, as records for extraction."""
