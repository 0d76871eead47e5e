"""The government side's tables (disposition/workflow.py): the records' own steps and the one
function that says which staff action is open to whom. Pure: no database."""

import pytest

from complaints.workflow import State, TransitionNotAllowed
from disposition.access import StaffRelation
from disposition.models import Disposition, Response
from disposition.workflow import (
    DISPOSITION_STEPS,
    RESPONSE_STEPS,
    STAFF_ACTIONS,
    AnswerInProgress,
    Party,
    advance,
    allowed_actions,
    refusal,
)

P = Party
COORDINATOR = StaffRelation(parties=frozenset({P.COORDINATOR}), ever=frozenset({P.COORDINATOR}))
OPERATOR = StaffRelation(parties=frozenset({P.LEAD}), ever=frozenset({P.LEAD}))
HEAD = StaffRelation(parties=frozenset({P.LEAD, P.APPROVER}),
                     ever=frozenset({P.LEAD, P.APPROVER}))
SUPPORT = StaffRelation(parties=frozenset({P.SUPPORTING}), ever=frozenset({P.SUPPORTING}),
                        supporting_unit_ids=frozenset({7}))
FORMER_LEAD = StaffRelation(ever=frozenset({P.LEAD, P.APPROVER}))  # re-routed away
STRANGER = StaffRelation()

NONE = AnswerInProgress(needs_approval=True)
DRAFT = AnswerInProgress(state=Response.State.DRAFT, needs_approval=True)
AWAITING = AnswerInProgress(state=Response.State.AWAITING_APPROVAL, needs_approval=True)
DRAFT_NO_APPROVAL = AnswerInProgress(state=Response.State.DRAFT, needs_approval=False)
# A first answer (the work goes on) cannot be published once the first answer is out.
FIRST_ANSWER_DRAFT = AnswerInProgress(state=Response.State.DRAFT, completes=False)
TRANSFERRED = AnswerInProgress(came_by_transfer=True)


@pytest.mark.parametrize("relation, state, answer, expected", [
    (COORDINATOR, State.SUBMITTED, NONE, ["dispose", "request_info", "archive", "merge",
                                           "forward", "message_reporter", "tag", "note"]),
    (COORDINATOR, State.MERGED, NONE, ["unmerge", "message_reporter", "tag", "note"]),
    (COORDINATOR, State.IN_PROGRESS, DRAFT, ["message_reporter", "tag", "note"]),
    (COORDINATOR, State.DISPOSITIONED, TRANSFERRED, ["message_reporter", "undo_transfer",
                                                     "tag", "note"]),
    (OPERATOR, State.DISPOSITIONED, NONE, ["accept", "transfer", "return", "tag", "note"]),
    (OPERATOR, State.IN_PROGRESS, NONE, ["ask_reporter", "progress", "draft", "transfer",
                                          "return", "tag", "note"]),
    (OPERATOR, State.IN_PROGRESS, DRAFT, ["ask_reporter", "progress", "draft",
                                           "submit_for_approval", "transfer", "return", "tag",
                                           "note"]),
    (OPERATOR, State.IN_PROGRESS, AWAITING, ["ask_reporter", "progress", "transfer", "return",
                                              "tag", "note"]),
    (OPERATOR, State.IN_PROGRESS, DRAFT_NO_APPROVAL, ["ask_reporter", "progress", "draft",
                                                       "publish", "transfer", "return", "tag",
                                                       "note"]),
    (OPERATOR, State.FOLLOWED_UP, DRAFT_NO_APPROVAL, ["ask_reporter", "progress", "draft",
                                                       "publish", "tag", "note"]),
    (OPERATOR, State.FOLLOWED_UP, FIRST_ANSWER_DRAFT, ["ask_reporter", "progress", "draft",
                                                        "tag", "note"]),
    (OPERATOR, State.WAITING_REPORTER, DRAFT, ["withdraw_question", "tag", "note"]),
    (HEAD, State.IN_PROGRESS, AWAITING, ["delegate", "ask_reporter", "progress", "approve",
                                          "send_back", "transfer", "return", "tag", "note"]),
    (HEAD, State.IN_PROGRESS, DRAFT, ["delegate", "ask_reporter", "progress", "draft",
                                      "submit_for_approval", "publish", "transfer", "return",
                                      "tag", "note"]),
    (SUPPORT, State.IN_PROGRESS, NONE, ["contribute", "tag", "note"]),
    (SUPPORT, State.ANSWERED, NONE, ["tag", "note"]),
    (FORMER_LEAD, State.IN_PROGRESS, DRAFT, []),
    (STRANGER, State.SUBMITTED, NONE, []),
])
def test_the_actions_open_to_each_party(relation, state, answer, expected):
    assert allowed_actions(relation, state, answer) == expected


def test_a_refusal_says_why_and_whether_the_person_ever_had_a_role_here():
    assert refusal("publish", OPERATOR, State.IN_PROGRESS, DRAFT).message.startswith(
        "Jawaban unit ini harus disetujui kepala unit")
    assert not refusal("publish", OPERATOR, State.IN_PROGRESS, DRAFT).forbidden
    assert refusal("approve", OPERATOR, State.IN_PROGRESS, AWAITING).forbidden
    assert refusal("accept", COORDINATOR, State.DISPOSITIONED, NONE).forbidden
    stale = refusal("publish", FORMER_LEAD, State.IN_PROGRESS, DRAFT)
    assert stale.message == "Anda tidak berwenang melakukan tindakan ini." and not stale.forbidden
    assert "Diproses" in refusal("accept", OPERATOR, State.IN_PROGRESS, NONE).message
    assert refusal("return", OPERATOR, State.IN_PROGRESS, NONE, reason=" ").message == \
        "Alasan wajib diisi."
    assert refusal("return", OPERATOR, State.IN_PROGRESS, NONE, reason="Bukan kami.") is None


def test_every_staff_action_has_a_party_and_a_place():
    for name, action in STAFF_ACTIONS.items():
        assert action.parties, name
        assert not (action.step and action.states), name


def test_records_move_only_along_their_tables():
    answer = Response(state=Response.State.DRAFT)
    advance(answer, RESPONSE_STEPS["submit"])
    assert answer.state == Response.State.AWAITING_APPROVAL
    with pytest.raises(TransitionNotAllowed):
        advance(answer, RESPONSE_STEPS["submit"])
    advance(answer, RESPONSE_STEPS["publish"])
    with pytest.raises(TransitionNotAllowed):
        advance(answer, RESPONSE_STEPS["send_back"])
    sent = Disposition(state=Disposition.State.WITHDRAWN)
    with pytest.raises(TransitionNotAllowed):
        advance(sent, DISPOSITION_STEPS["accept"])


def test_every_disposition_state_is_reached_by_a_step():
    reached = {step.target for step in DISPOSITION_STEPS.values()} | {Disposition.State.SENT}
    assert reached == set(Disposition.State.values)
