"""Every step the government side takes on a complaint, one module per who takes it:
triage.py (the coordinator, and any unit's own intake), answer.py (the lead unit's answer),
handling.py (its questions and progress), routing.py (down to a sub-unit, across to another
unit), support.py (supporting units, notes, labels), merging.py (duplicates joined). Each
step locks the complaint once, asks disposition.workflow whether this person may take it now
(steps.begin), and takes the complaint's step through complaints.services.take_step in the
same transaction, so two people acting at once are serialised: one wins, the other gets
TransitionNotAllowed with a message to show."""

from disposition.services.answer import (
    accept,
    approve,
    publish,
    return_to_coordinator,
    save_draft,
    send_back,
    submit_for_approval,
)
from disposition.services.handling import ask_reporter, publish_progress, withdraw_question
from disposition.services.merging import merge, unmerge
from disposition.services.routing import delegate, transfer, undo_transfer
from disposition.services.support import add_note, contribute, set_tags
from disposition.services.triage import (
    ARCHIVE_REASONS_FOR_COORDINATOR,
    CORRECTABLE_FIELDS,
    archive,
    archive_as_spam,
    dispose,
    forward,
    message_reporter,
    record_intake,
    request_info,
)

__all__ = [
    "ARCHIVE_REASONS_FOR_COORDINATOR", "CORRECTABLE_FIELDS", "accept", "add_note", "approve",
    "archive", "archive_as_spam", "ask_reporter", "contribute", "delegate", "dispose", "forward",
    "merge", "message_reporter", "publish", "publish_progress", "record_intake", "request_info",
    "return_to_coordinator", "save_draft", "send_back", "set_tags", "submit_for_approval",
    "transfer", "undo_transfer", "unmerge", "withdraw_question",
]
