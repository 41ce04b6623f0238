"""Where a pack keeps what: its file names, and the files an author's tools leave that are not the pack's.

Its own module so that noticing a change (`watch.py`, the cache) needs no TOML reader.
"""

from __future__ import annotations

import re

PACK_FILE = "pack.toml"
SECTIONS_DIR = "sections"
GLOSSARY_FILE = "glossary.toml"
QUIZ_FILE = "quiz.toml"
TIMELINE_FILE = "timeline.toml"
PERSPECTIVES_FILE = "perspectives.toml"
PACK_FILES = {  # each file and the kind of thing it holds
    PACK_FILE: "source",
    GLOSSARY_FILE: "term",
    QUIZ_FILE: "question",
    TIMELINE_FILE: "event",
    PERSPECTIVES_FILE: "topic",
}
SECTION_FILE_NAME = re.compile(r"^\d+-(?P<id>[a-z0-9][a-z0-9-]*)\.toml$")
NOT_AUTHORED = re.compile(r"^\.|~$|^#.*#$|\.(swp|swo|bak|orig|tmp)$|^__pycache__$")  # editors' and systems' own files
