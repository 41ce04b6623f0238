"""One fuzzy index over sections, terms, events, perspectives and questions.

The command palette and any other search ask it; rapidfuzz does the matching.
"""

from __future__ import annotations

from bisect import bisect_left

from rapidfuzz import fuzz, process, utils

from explainer.pack.model import Pack
from explainer.record import Record


class Hit(Record):
    """One search result: what it is, its id, how to show it, and how well it matched."""

    kind: str
    id: str
    title: str
    detail: str
    score: float


MIN_SCORE = 70
# Quiz prompts are long and mention everything; let the places they test rank first.
KIND_WEIGHT = {"question": 0.93}
# A hit scores 0.8 x how well the query's words were found + 0.2 x how like the
# whole query the title is, so only titles whose words score this much can reach MIN_SCORE.
FOUND_MIN = (MIN_SCORE - 0.2 * 100) / 0.8
WORD_MIN = 50  # the least a query word counts for in a title, found or not


class SearchIndex:
    """Titles and names of everything in a pack, matched by fuzzy text.

    The words of every title go into one vocabulary, each word listing the
    titles it is in; a query's words are matched against the vocabulary, not
    against every title, so a pack a hundred times larger costs little more.
    """

    def __init__(self, pack: Pack) -> None:
        entries: list[tuple[str, str, str, str]] = []
        for position, s in enumerate(pack.sections, start=1):
            entries.append(("section", s.id, s.question, f"Section {position}/{len(pack.sections)}"))
        for t in pack.terms:
            for name in t.names:
                entries.append(
                    ("term", t.id, name, f"Glossary: {t.definition}" if name == t.term else f"Glossary: {t.term}")
                )
        for e in pack.events:
            entries.append(("event", e.id, f"{e.when_label}: {e.title}", "Timeline"))
        for topic in pack.topics:
            entries.append(("topic", topic.id, topic.title, f"Perspectives: {topic.question}"))
        for q in pack.questions:
            section = pack.section(q.section)
            where = f"section {pack.section_number(q.section)}: {section.question}" if section else q.section
            entries.append(("question", q.id, q.prompt, f"Quiz question · {where}"))
        self._entries = entries
        self._choices = [utils.default_process(title) for _, _, title, _ in entries]
        self._weight = [KIND_WEIGHT.get(kind, 1.0) for kind, _, _, _ in entries]
        titles_of: dict[str, list[int]] = {}
        for index, choice in enumerate(self._choices):
            for word in set(choice.split()):
                titles_of.setdefault(word, []).append(index)
        self._words = sorted(titles_of, key=lambda w: (len(w), w))  # by length: see _found
        self._lengths = [len(w) for w in self._words]
        self._titles_of = [titles_of[w] for w in self._words]
        order = sorted(range(len(self._words)), key=self._words.__getitem__)
        self._alphabetical = [self._words[i] for i in order]
        self._alphabetical_ids = order

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Best matches first; one hit per item even when several of its names match.

        Each word of the query is looked for among a title's words, fuzzily (a
        typo forgiven in every four letters; a word of one or two letters must
        begin one), and the more are found the better; the whole query's
        similarity breaks ties, favouring titles that say no more than was asked.
        """
        query = utils.default_process(query)
        words = [w for w in query.split() if len(w) > 2] or query.split()
        if not words:
            return []
        per_word = [self._found(word, single=len(words) == 1) for word in words]
        # A word a title lacks counts WORD_MIN, about what a loose match of the word to any
        # long title scored: titles with some of the words still rank, below those with all.
        found = {
            index: sum(scores.get(index, WORD_MIN) for scores in per_word) / len(words)
            for index in set().union(*per_word)
        }
        # The best each title could score, highest first: the whole-query similarity, the
        # costly part, is computed only until no title left can beat the hits in hand.
        candidates = sorted(
            (-bound, index)
            for index, score in found.items()
            if score >= FOUND_MIN
            and (
                bound := (0.8 * score + 0.2 * wratio_bound(len(query), len(self._choices[index]))) * self._weight[index]
            )
            >= MIN_SCORE
        )
        hits: dict[tuple[str, str], Hit] = {}
        for bound, index in candidates:
            if len(hits) >= limit and -bound <= min(hit.score for hit in hits.values()):
                break
            total = (0.8 * found[index] + 0.2 * fuzz.WRatio(query, self._choices[index])) * self._weight[index]
            kind, item_id, title, detail = self._entries[index]
            if total >= MIN_SCORE and total > (hits[(kind, item_id)].score if (kind, item_id) in hits else 0):
                hits[(kind, item_id)] = Hit(kind, item_id, title, detail, total)
                if len(hits) > limit:
                    del hits[min(hits, key=lambda key: hits[key].score)]
        return sorted(hits.values(), key=lambda hit: hit.score, reverse=True)

    def _found(self, word: str, single: bool) -> dict[int, float]:
        """How well `word` is found in each title (the best of its words), for titles where it is found."""
        if len(word) <= 2:  # too short to match fuzzily: the start of a word
            first, last = bisect_left(self._alphabetical, word), bisect_left(self._alphabetical, word + "\uffff")
            matches = [(i, 100.0) for i in self._alphabetical_ids[first:last]]
        else:
            cutoff = max(
                FOUND_MIN if single else WORD_MIN, 100 * (1 - (len(word) // 4) / len(word)) - 1e-6
            )  # a typo per four letters
            longer = bisect_left(self._lengths, len(word))
            # a longer word may hold it (typed so far, or a stem); a shorter one must be like all of it
            matches = [
                (i + longer, score)
                for _, score, i in process.extract(
                    word,
                    self._words[longer:],
                    scorer=fuzz.partial_ratio,
                    processor=None,
                    limit=None,
                    score_cutoff=cutoff,
                )
            ] + [
                (i, score)
                for _, score, i in process.extract(
                    word, self._words[:longer], scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=cutoff
                )
            ]
        best: dict[int, float] = {}
        for i, score in sorted(matches, key=lambda match: match[1]):  # the best score of a title comes last and stays
            best.update(dict.fromkeys(self._titles_of[i], score))
        return best


def wratio_bound(query_length: int, title_length: int) -> float:
    """The most `fuzz.WRatio` can give two strings of these lengths.

    WRatio scales partial matches by 0.9 when one string is over 1.5 times the
    other's length, by 0.6 when over 8 times; a plain ratio is at most
    2 x shorter / (sum of lengths). (tests/test_search.py checks this bound.)
    """
    if not query_length or not title_length:
        return 0.0
    shorter, longer = sorted((query_length, title_length))
    if longer / shorter < 1.5:
        return 100.0
    return max(200.0 * shorter / (shorter + longer), 90.0 if longer / shorter <= 8 else 60.0)
