"""Every (action, state, actor) triple: allowed exactly when this spec says so."""

import itertools

import pytest
from django.utils import translation

from complaints.workflow import (
    CLOCK_STOPPED_STATES,
    FINAL_STATES,
    OPEN_STATES,
    RESUME,
    TRANSITIONS,
    Action,
    Actor,
    State,
    TransitionNotAllowed,
    allowed,
    available_actions,
    check,
)

# The life cycle of DOMAIN.md, written out by hand: action -> (from states, to state, actors).
# A target of None: the complaint stays where it is (a reply, a rating).
SPEC = {
    "submit": (set(), "submitted", {"reporter", "coordinator", "unit"}),
    "dispose": ({"submitted", "returned"}, "dispositioned", {"coordinator"}),
    "request_info": ({"submitted", "returned"}, "needs_info", {"coordinator"}),
    "provide_info": ({"needs_info"}, "submitted", {"reporter"}),
    "info_expired": ({"needs_info"}, "archived", {"system"}),
    "archive": ({"submitted", "returned", "needs_info"}, "archived", {"coordinator"}),
    "forward": ({"submitted", "returned"}, "forwarded", {"coordinator"}),
    "accept": ({"dispositioned"}, "in_progress", {"unit"}),
    "return": ({"dispositioned", "in_progress"}, "returned", {"unit"}),
    # A unit's own intake; down to a sub-unit; across to another unit (issue 14).
    "take_in": ({"submitted"}, "in_progress", {"unit"}),
    "delegate": ({"dispositioned", "in_progress"}, "in_progress", {"unit"}),
    "transfer": ({"dispositioned", "in_progress"}, "dispositioned", {"unit"}),
    "undo_transfer": ({"dispositioned", "in_progress"}, "dispositioned", {"coordinator"}),
    # The unit asks the reporter: its clock stops; back where it was ("resume").
    "ask_reporter": ({"in_progress", "followed_up"}, "waiting_reporter", {"unit"}),
    "answer_question": ({"waiting_reporter"}, "resume", {"reporter"}),
    "withdraw_question": ({"waiting_reporter"}, "resume", {"unit"}),
    "question_expired": ({"waiting_reporter"}, "resume", {"system"}),
    # Progress, the first answer while the work goes on, and the answer that completes it.
    "progress": ({"in_progress", "followed_up"}, None, {"unit"}),
    "follow_up": ({"in_progress"}, "followed_up", {"unit"}),
    "publish_answer": ({"in_progress", "followed_up"}, "answered", {"unit"}),
    "reply": ({"followed_up", "answered"}, None, {"reporter"}),
    "confirm_solved": ({"answered"}, "closed", {"reporter"}),
    "reopen": ({"answered"}, "in_progress", {"reporter"}),
    "auto_close": ({"answered"}, "closed", {"system"}),
    "rate": ({"answered", "closed"}, None, {"reporter"}),
    # Forwarded by Open311: the agency's progress, read by the worker (issue 13).
    "remote_update": ({"forwarded"}, None, {"system"}),
    # Another citizen with the same problem follows a public report still being handled; a
    # report in triage merges into another about the same problem, undoably (issue 17).
    "support": ({"dispositioned", "returned", "in_progress", "waiting_reporter",
                 "followed_up"}, None, {"supporter"}),
    "merge": ({"submitted", "returned", "needs_info"}, "merged", {"coordinator"}),
    "unmerge": ({"merged"}, "resume", {"coordinator"}),
}
NEEDS_REASON = {"request_info", "archive", "forward", "return", "reopen", "reply", "transfer",
                "ask_reporter", "answer_question", "progress"}

ALL = list(itertools.product(Action, State, Actor))


def expected(action, state, actor):
    sources, _target, actors = SPEC[action]
    return state in sources and actor in actors


def test_the_table_names_every_action_of_the_spec():
    assert set(TRANSITIONS) == set(SPEC)


@pytest.mark.parametrize(("action", "state", "actor"), ALL, ids=lambda v: str(v))
def test_each_triple_is_allowed_exactly_when_the_spec_says(action, state, actor):
    reason = "alasan" if action in NEEDS_REASON else ""
    if expected(action, state, actor):
        assert allowed(action, state, actor)
        assert check(action, state, actor, reason=reason).target == SPEC[action][1]
    else:
        assert not allowed(action, state, actor)
        with pytest.raises(TransitionNotAllowed):
            check(action, state, actor, reason=reason)


@pytest.mark.parametrize("action", sorted(NEEDS_REASON))
@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_transition_that_needs_a_reason_refuses_an_empty_one(action, reason):
    sources, _target, actors = SPEC[action]
    state, actor = sorted(sources)[0], sorted(actors)[0]
    with translation.override("id"), pytest.raises(TransitionNotAllowed, match="Alasan wajib"):
        check(action, state, actor, reason=reason)


def test_transitions_without_a_reason_need_none():
    assert {action for action, t in TRANSITIONS.items() if t.needs_reason} == NEEDS_REASON
    assert check("accept", "dispositioned", "unit").target == State.IN_PROGRESS


def test_wrong_state_and_wrong_actor_get_different_messages():
    with translation.override("id"):
        with pytest.raises(TransitionNotAllowed, match="berstatus “Selesai”"):
            check("accept", "closed", "unit")
        with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
            check("accept", "dispositioned", "reporter")


def test_messages_render_in_the_language_of_whoever_reads_them():
    with pytest.raises(TransitionNotAllowed) as refused:
        check("accept", "dispositioned", "reporter")
    with translation.override("en"):
        assert str(refused.value) == "You are not authorised to take this action."
    with translation.override("id"):
        assert str(refused.value) == "Anda tidak berwenang melakukan tindakan ini."


def test_nothing_leaves_a_final_state_but_an_undone_merge():
    for action, state, actor in ALL:
        if state in FINAL_STATES and allowed(action, state, actor) and action != "unmerge":
            assert TRANSITIONS[action].target is None, (action, state)
    assert TRANSITIONS["unmerge"].actors == {"coordinator"}


def test_a_finished_report_takes_only_a_rating_or_the_forwarded_agency_s_progress():
    assert [(a, s) for a, s, r in ALL if s in FINAL_STATES and allowed(a, s, r)] == [
        ("rate", "closed"), ("remote_update", "forwarded"), ("unmerge", "merged")]


def test_every_open_state_can_be_left_and_every_state_is_reachable():
    moves = [t for t in TRANSITIONS.values() if t.target is not None]
    # A merge is final but may be undone by a coordinator.
    assert set().union(*(t.sources for t in moves)) == OPEN_STATES | {State.MERGED}
    assert {t.target for t in moves} - {RESUME} == set(State)


def test_the_clock_stops_only_while_waiting_for_the_reporter():
    assert set(CLOCK_STOPPED_STATES) == {State.NEEDS_INFO, State.WAITING_REPORTER}


def test_only_the_unit_s_question_and_an_undone_merge_resume_where_they_were():
    assert {a for a, t in TRANSITIONS.items() if t.target == RESUME} == {
        "answer_question", "withdraw_question", "question_expired", "unmerge"}


def test_available_actions_lists_what_each_party_may_do():
    assert available_actions("submitted", "coordinator") == ["dispose", "request_info",
                                                            "archive", "forward", "merge"]
    assert available_actions("answered", "reporter") == ["reply", "confirm_solved", "reopen",
                                                         "rate"]
    assert available_actions("closed", "reporter") == ["rate"]
    assert available_actions("dispositioned", "unit") == ["accept", "return", "delegate",
                                                          "transfer"]
    assert available_actions("followed_up", "reporter") == ["reply"]
    assert available_actions("waiting_reporter", "reporter") == ["answer_question"]
    assert available_actions("closed", "coordinator") == []


def test_submit_has_no_state_to_come_from():
    assert TRANSITIONS["submit"].sources == frozenset()
    assert all(not allowed("submit", state, actor) for state in State for actor in Actor)


def test_every_action_has_a_timeline_label_in_both_languages():
    for action in Action:
        with translation.override("id"):
            indonesian = str(action.label)
        with translation.override("en"):
            english = str(action.label)
        assert indonesian and english


def test_unknown_action_state_or_actor_is_a_programming_error():
    with pytest.raises(ValueError):
        check("approve_everything", "submitted", "coordinator")
    with pytest.raises(ValueError):
        check("accept", "lost", "unit")
    with pytest.raises(ValueError):
        check("accept", "dispositioned", "mayor")
