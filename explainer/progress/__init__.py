"""Each user's progress, kept in SQLite: no Textual here."""
