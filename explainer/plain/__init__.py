"""The plain face: Rich text on stdout for read, glossary, export, quiz --plain and scores. No Textual here."""
