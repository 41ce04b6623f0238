"""Finding the section or term a user typed, or saying in one line what they might have meant."""

from __future__ import annotations

from explainer.pack.model import Pack, Section, Term
from explainer.pack.problems import did_you_mean
from explainer.plain.errors import UsageError


class NotFound(UsageError):
    """A section or term the pack does not have; the message is the whole story."""


def find_section(pack: Pack, query: str) -> Section:
    """A section by id, or by its number in reading order (1 is the first)."""
    wanted = query.strip()
    section = pack.section(wanted) or pack.section(wanted.casefold())
    if section is None and wanted.isdigit() and 1 <= int(wanted) <= len(pack.sections):
        section = pack.sections[int(wanted) - 1]
    if section is not None:
        return section
    ids = [s.id for s in pack.sections]
    hint = did_you_mean(wanted.casefold(), ids) or f"; one of: {', '.join(ids)}, or 1-{len(ids)}"
    raise NotFound(f"unknown section '{query}'{hint}")


def find_term(pack: Pack, query: str, *, command: str = "explainer") -> Term:
    """A term by id, headword or alias, whatever the case; `command` starts the hint's command."""
    wanted = " ".join(query.split()).casefold()
    by_name: dict[str, Term] = {term.id: term for term in pack.terms}
    for term in pack.terms:
        for name in term.names:
            by_name.setdefault(name.casefold(), term)
    if wanted in by_name:
        return by_name[wanted]
    hint = did_you_mean(wanted, by_name) or f" (run '{command} glossary' to list every term)"
    raise NotFound(f"unknown term '{query}'{hint}")
