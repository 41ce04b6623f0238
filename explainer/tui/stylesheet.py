"""Every app's stylesheet parsed once per process, so that a served session starts without parsing CSS.

Textual 8.2 keeps its cache of parsed rules on each `Stylesheet`, and `reparse` (run as an app starts
and on every theme change) parses into a new `Stylesheet` whose cache is empty: each app parses all
its CSS, ours and every widget's DEFAULT_CSS, at least twice — about a quarter of a served session's
start-up CPU. Parsed rules depend only on the CSS text, where it came from, its scope and tie-breaker,
and the theme's variables, and Textual only reads them once made; keyed on all of those, the rules the
fork server made while rehearsing the first screen (serve/forkserver.py) are every session's. The
theme's variables, which an app computes three times as it starts, are made once per theme in the same way.

A local start has no fork server: parsing its CSS was a twentieth of its launch. The rules its first screen
needed are kept in the data dir (`keep_rules`) and the next start begins with them (`load_kept_rules`); the
file is named by Textual's CSS parser, which made them (its files: any install of Textual changes them), and a
source whose text, place or theme variables changed has another key, so is parsed afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import textual.css
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet
from textual.theme import Theme

from explainer.pack.cache import fingerprint, kept, store_replacing
from explainer.tui.themes import legible_variables

MAX_PARSED = 512  # sources x themes; a process sees about 20 sources, and a student tries a few themes

_parsed: dict[tuple[object, ...], list[RuleSet]] = {}
_parsed_here: set[tuple[object, ...]] = set()  # parsed by this process, not yet kept
_theme_variables: dict[str, dict[str, str]] = {}  # as many as the themes an app registers


class SharedStylesheet(Stylesheet):
    """A `Stylesheet` whose parsed rules come from, and go to, one cache for the whole process."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._variables_key = _key(variables or {})

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_key = _key(variables)

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._variables_key)
        rules = _parsed.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if len(_parsed) >= MAX_PARSED:
                del _parsed[next(iter(_parsed))]  # the oldest
            _parsed[key] = rules
            _parsed_here.add(key)
        return rules

    def reparse(self) -> None:
        """Textual's parses into a new Stylesheet, so as to keep the rules in use if the CSS has errors;
        `parse` keeps them too (it replaces them only once every source has parsed), and uses the cache."""
        self.parse()


def _key(variables: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(variables.items()))


def theme_variables(theme: Theme, make: Callable[[], dict[str, str]]) -> dict[str, str]:
    """`themes.legible_variables(make())`, the CSS variables of `theme`, made once per theme in a process."""
    key = repr(theme)  # every field of the theme, its colours and its own variables
    variables = _theme_variables.get(key)
    if variables is None:
        variables = _theme_variables[key] = legible_variables(make())
    return dict(variables)


def kept_rules(cache_dir: Path) -> Path:
    """Where a local start keeps its parsed CSS: named by the files of Textual's CSS parser (not by Textual's
    version: `textual.__version__` asks importlib.metadata, which costs 15 ms, a twentieth of a launch)."""
    parser = sorted(Path(textual.css.__file__).parent.glob("*.py"))
    return cache_dir / f"css-textual-{fingerprint(parser)}.pickle"


def load_kept_rules(path: Path) -> None:
    """Begin with the rules an earlier start kept; a file missing, damaged or not ours is ignored (the CSS is
    then parsed as it would have been)."""
    rules = kept(path)
    if isinstance(rules, dict):
        for key, parsed in list(rules.items())[-MAX_PARSED:]:
            if isinstance(key, tuple) and isinstance(parsed, list):
                _parsed.setdefault(key, parsed)


def keep_rules(path: Path) -> None:
    """Keep every rule parsed so far for the next start, if this process parsed any; nothing if the data dir
    cannot be written."""
    if _parsed_here:
        store_replacing(_parsed, path, "css-textual-*.pickle", keep=1)  # another Textual's go
        _parsed_here.clear()
