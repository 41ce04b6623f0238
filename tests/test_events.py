"""Undated, approximate and projected events: written, shown as such, and never asked in order.

Also the glossary rule that an alias must not be what its own definition is built on.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from conftest import timeline_shown

from explainer.pack.load import load_pack, read_pack
from explainer.pack.model import Pack
from explainer.plain.export_markdown import markdown_document
from explainer.quiz.questions import TIMELINE_PREFIX, item_for_key, timeline_keys
from explainer.quiz.selection import pool_keys

EVENTS = """
[[event]]
id = "inf-exit"
when = "2019"
sort = 2019.0
title = "The U.S. leaves the INF Treaty"
detail = "Dated by the Korea Times report."
source = "korea-times"
section = "call-agreement"

[[event]]
id = "suspension"
when = "early 2023"
sort = 2023.1
title = "Putin suspends New START"
detail = "Dated by the Korea Times report."
source = "korea-times"
section = "call-agreement"

[[event]]
id = "talks-2018"
when = "2018"
sort = 2018.0
title = "Talks with North Korea"
detail = "Dated by the Asia-trip explainer."
source = "asia-trip"
section = "why-meet"

[[event]]
id = "call"
when = "\\"recent\\""
sort = 2023.5
approximate = true
title = "The phone call"
detail = "Placed after 2023 only by the report's wording."
source = "korea-times"
section = "call-agreement"

[[event]]
id = "china-2030"
when = "by 2030"
sort = 2030.0
projected = true
title = "China's arsenal reaches 1,000"
detail = "A projection."
source = "korea-times"
section = "call-agreement"

[[event]]
id = "apec"
when = "no date given"
title = "Trump to meet Putin at APEC"
detail = "The explainer gives no date."
source = "asia-trip"
section = "overview"
"""


def with_events(pack_dir: Path, extra_quiz: str = "") -> Path:
    (pack_dir / "timeline.toml").write_text(EVENTS)
    if extra_quiz:
        with (pack_dir / "quiz.toml").open("a") as quiz:
            quiz.write(extra_quiz)
    return pack_dir


def problems_of(pack_dir: Path) -> list[str]:
    return [str(p) for p in read_pack(pack_dir)[1]]


def order_question(items: list[str], events: list[str] | None = None) -> str:
    listed = ", ".join(f'"{i}"' for i in items)
    named = f"\nevents = [{', '.join(repr(e).replace(chr(39), chr(34)) for e in events)}]" if events else ""
    return f"""
[[question]]
id = "my-order"
type = "order"
section = "call-agreement"
prompt = "Put these in order."
items = [{listed}]{named}
explanation = "As the articles date them."
"""


def test_sort_is_optional_and_the_marks_are_read(pack_copy: Path) -> None:
    pack = load_pack(with_events(pack_copy))
    status = {e.id: e.status for e in pack.events}
    assert status == {
        "inf-exit": "dated",
        "suspension": "dated",
        "talks-2018": "dated",
        "call": "approximate",
        "china-2030": "projected",
        "apec": "undated",
    }
    assert pack.event("apec").sort is None
    # placed events by their sort, the undated one after them
    assert [e.id for e in pack.timeline()] == ["talks-2018", "inf-exit", "suspension", "call", "china-2030", "apec"]
    assert pack.event("china-2030").when_label == "by 2030 (projected)"
    assert pack.event("inf-exit").when_label == "2019"


def test_bad_event_marks_say_what_and_where(pack_copy: Path) -> None:
    (pack_copy / "timeline.toml").write_text(
        EVENTS.replace('when = "no date given"', 'when = "no date given"\napproximate = true')
        .replace("projected = true", 'projected = "yes"')
        .replace("sort = 2019.0", "sort = nan")
    )
    problems = problems_of(pack_copy)
    assert (
        "timeline.toml: event 'apec'.approximate: an undated event (no sort) cannot be approximate: "
        "give a sort, or leave approximate out" in problems
    )
    assert "timeline.toml: event 'china-2030'.projected: should be true or false, not text" in problems
    assert any(p.startswith("timeline.toml: event 'inf-exit'.sort: should be a number, not nan") for p in problems)


def test_generated_order_questions_ask_only_dated_events(pack_copy: Path) -> None:
    pack = load_pack(with_events(pack_copy))
    keys = [k for k in pool_keys(pack, random.Random(1)) if k.startswith(TIMELINE_PREFIX)]
    assert keys == [TIMELINE_PREFIX + "inf-exit+suspension+talks-2018"]
    for seed in range(20):
        for key in timeline_keys(pack, random.Random(seed)):
            asked = key.removeprefix(TIMELINE_PREFIX).split("+")
            assert all(pack.event(i).orderable for i in asked), key
    # a key saved before an event was marked undated builds nothing, so review drops it
    assert item_for_key(pack, TIMELINE_PREFIX + "apec+inf-exit+suspension", random.Random(0)) is None


def test_check_rejects_a_written_order_question_over_unplaced_events(pack_copy: Path) -> None:
    quiz = order_question(["The U.S. leaves the INF Treaty", "The phone call", "Trump to meet Putin at APEC"])
    problems = problems_of(with_events(pack_copy, quiz))
    assert problems == [
        (
            "quiz.toml: question 'my-order'.items: asks the order of approximate event 'call' "
            "(its place in time is only an estimate)"
        ),
        "quiz.toml: question 'my-order'.items: asks the order of undated event 'apec' (the articles give it no date)",
    ]


def test_check_reads_the_events_an_order_question_names(pack_copy: Path) -> None:
    named = order_question(["Leaving INF", "China at 1,000"], events=["inf-exit", "china-2030"])
    assert problems_of(with_events(pack_copy, named)) == [
        "quiz.toml: question 'my-order'.items: asks the order of projected event 'china-2030' (it has not happened yet)"
    ]


def test_check_wants_named_events_in_their_time_order(pack_copy: Path, tmp_path: Path) -> None:
    backwards = order_question(["Suspension", "Leaving INF"], events=["suspension", "inf-exit"])
    assert problems_of(with_events(pack_copy, backwards)) == [
        "quiz.toml: question 'my-order'.events: the items are not in the events' time order"
    ]
    fine = order_question(["Talks", "Leaving INF", "Suspension"], events=["talks-2018", "inf-exit", "suspension"])
    again = Path(shutil.copytree(pack_copy, tmp_path / "again"))
    (again / "quiz.toml").write_text((pack_copy / "quiz.toml").read_text().replace(backwards, fine))
    assert problems_of(again) == []


def test_the_default_pack_orders_only_dated_events(real_pack: Pack) -> None:
    assert {e.id for e in real_pack.events if not e.orderable} >= {"apec-meeting", "recent-missile-launches"}
    for q in real_pack.questions:
        if q.type == "order" and q.events:
            assert all(real_pack.event(i).orderable for i in q.events), q.id
    for key in pool_keys(real_pack, random.Random(3)):
        if key.startswith(TIMELINE_PREFIX):
            assert all(real_pack.event(i).orderable for i in key.removeprefix(TIMELINE_PREFIX).split("+"))


def test_an_alias_its_own_definition_is_built_on_is_an_error(pack_copy: Path) -> None:
    glossary = pack_copy / "glossary.toml"
    glossary.write_text(
        glossary.read_text()
        + """
[[term]]
id = "seoul"
term = "Seoul"
aliases = ["South Korea", "Seoul's"]
definition = "The capital of South Korea."
example = "The Korea Times report says the call is watched in Seoul."
source = "korea-times"

[[term]]
id = "group-of-seven"
term = "Group of Seven"
aliases = ["Group of Seven", "summit"]
definition = "The Group of Seven: seven rich democracies. Its 'summit' is a yearly meeting."
"""
    )
    problems = [p for p in problems_of(pack_copy) if ".aliases" in p]
    assert problems == [
        (
            "glossary.toml: term 'seoul'.aliases: 'South Korea' is used in this term's own definition, so a link "
            "from 'South Korea' leads back to a definition that needs it (drop the alias, or quote it where the "
            "definition only names it)"
        )
    ]


async def test_the_timeline_screen_marks_what_is_not_a_firm_date(pack_copy: Path, make_explainer) -> None:
    pack = load_pack(with_events(pack_copy))
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await timeline_shown(pilot)
        screen = app.screen
        assert shown[-3:] == [  # on the timeline's rail: the date, then the title under it (screens/timeline.py)
            '● "recent" (approximate)\nThe phone call\n',
            "● by 2030 (projected)\nChina's arsenal reaches 1,000\n",
            "○ no date given (undated)\nTrump to meet Putin at APEC\n",
        ]
        await pilot.press("end")
        await pilot.pause()
        assert screen.item_id == "apec"
        detail = screen.query_one("#detail-body").source
        assert "Undated: its source gives no date for this" in detail


def test_exports_mark_event_status_and_background_definitions(pack_copy: Path) -> None:
    glossary = pack_copy / "glossary.toml"
    glossary.write_text(glossary.read_text().replace('id = "new-start"', 'id = "new-start"\nbackground = true', 1))
    pack = load_pack(with_events(pack_copy))
    text = markdown_document(pack)
    assert "by 2030 (projected)** — China's arsenal reaches 1,000." in text
    assert "Projected: this has not happened" in text
    assert "Background (general knowledge, not from the articles):" in text
