"""The quiz model: questions built from a pack, grading, selection, scheduling. No Textual here."""
