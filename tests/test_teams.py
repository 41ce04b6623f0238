"""How teams are placed: by the share of their answers that were right, ties shown as ties."""

from __future__ import annotations

from explainer.classroom.teams import TeamScore, next_count, standings


def test_teams_are_placed_by_share_right_with_ties_and_a_team_without_answers_last() -> None:
    scores = [
        TeamScore("Foxes", 1, 2),
        TeamScore("Owls", 0, 0),  # everyone in it left before answering
        TeamScore("Bears", 6, 8),
        TeamScore("Hares", 2, 4),  # the same share as the Foxes, from more answers: a tie all the same
        TeamScore("Wolves", 0, 3),
    ]
    said = [(s.place_said, s.score.team, s.score.said) for s in standings(scores)]
    assert said == [
        ("1st", "Bears", "6 of 8 right (75%)"),
        ("joint 2nd", "Foxes", "1 of 2 right (50%)"),
        ("joint 2nd", "Hares", "2 of 4 right (50%)"),
        ("4th", "Wolves", "0 of 3 right (0%)"),
        ("—", "Owls", "no answers"),
    ]


def test_the_teachers_t_steps_from_no_teams_through_two_to_six_and_round() -> None:
    seen = [0]
    for _ in range(6):
        seen.append(next_count(seen[-1]))
    assert seen == [0, 2, 3, 4, 5, 6, 0]
