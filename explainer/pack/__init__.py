"""The content model: a pack read from TOML, checked, linked and searchable. No Textual here."""
