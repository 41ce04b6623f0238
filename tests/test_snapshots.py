"""Snapshots of the screens a student sees most, on the frozen starter pack.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from explainer.pack.model import Pack


def test_home(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), terminal_size=(100, 30))


def test_section(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n"], terminal_size=(100, 30))


def test_section_at_80x24(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n", "n"], terminal_size=(80, 24))


def test_glossary(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["g", "down", "down"], terminal_size=(100, 30))


def test_term_popup(snap_compare, starter_pack: Pack, make_explainer) -> None:
    async def open_popup(pilot) -> None:
        pilot.app.show_term("new-start")

    assert snap_compare(make_explainer(starter_pack), run_before=open_popup, terminal_size=(100, 30))


def test_timeline(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["t"], terminal_size=(100, 30))


def test_perspectives(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["v"], terminal_size=(100, 30))
