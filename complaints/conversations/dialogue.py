"""The worker's side of a WhatsApp/SMS conversation: each phone's unprocessed messages, in the
order they came, under a lock on that phone (so two workers never answer one phone at once).

A first message opens a conversation that asks, one question at a time, what happened, where
(a location pin, or a place and its kecamatan), optional photos, whether to stay anonymous,
and consent under UU PDP; then it files through the same service as the web form. Without an
open conversation, keywords follow a report already filed: STATUS, SELESAI, BELUM, NILAI,
BALAS, LENGKAPI — each through the reporter's services, so the workflow table still decides.
Wording is script.py's."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Unit
from complaints import codes, geo, notifications, services, uploads
from complaints.models import (
    Category,
    Channel,
    Complaint,
    Conversation,
    InboundMessage,
    Kind,
    Notification,
)
from complaints.workflow import State, TransitionNotAllowed
from lapor.channels import ProviderError, provider_for
from lapor.mail import site_url

from .script import KEYWORDS, MAX_PHOTOS, MIN_DESCRIPTION, REPLIES

logger = logging.getLogger(__name__)
Step = Conversation.Step
COMPLAINT_CHANNEL = {Notification.Channel.WHATSAPP: Channel.WHATSAPP,
                     Notification.Channel.SMS: Channel.SMS}


def handle_phone(channel: str, phone: str) -> int:
    """Read and answer every unprocessed message of `phone` on `channel`; returns how many."""
    with transaction.atomic():
        with connection.cursor() as cursor:  # one worker per phone at a time
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{channel}:{phone}"])
        pending = list(InboundMessage.objects.filter(
            channel=channel, phone=phone, processed_at__isnull=True).order_by("received_at", "pk"))
        for message in pending:
            _handle(message)
            message.processed_at = timezone.now()
            message.save(update_fields=["processed_at", "conversation", "complaint", "text"])
    return len(pending)


class _Turn:
    """One message and the means to answer it."""

    def __init__(self, message):
        self.message = message
        self.text = " ".join(message.text.split())
        self.upper = self.text.upper()
        self.word = self.upper.split(" ", 1)[0] if self.upper else ""
        self.rest = self.text.split(" ", 1)[1].strip() if " " in self.text else ""

    def is_(self, keyword):
        return self.upper in KEYWORDS[keyword]

    def starts(self, keyword):
        return self.word in KEYWORDS[keyword] or self.upper in KEYWORDS[keyword]

    def say(self, reply, *, complaint=None, **fields):
        text = str(REPLIES[reply]).format(region=settings.LAPOR_REGION_NAME, **fields)
        notifications.queue_to_phone(self.message.channel, self.message.phone, text,
                                     complaint=complaint)


def _handle(message):
    turn = _Turn(message)
    if message.kind == InboundMessage.Kind.OTHER:  # a voice note, a sticker, a contact card
        turn.say("unsupported")
        return
    conversation = _open_conversation(message)
    if conversation is not None and _is_stale(conversation):
        forget(conversation, Step.EXPIRED)
        conversation = None
    if conversation is None:
        if not _follow_up(turn):
            _start(turn)
        return
    message.conversation = conversation
    if turn.is_("cancel"):
        forget(conversation, Step.CANCELLED)
        message.text = ""
        turn.say("cancelled")
        return
    STEPS[conversation.step](turn, conversation)
    conversation.updated_at = timezone.now()
    conversation.save()


def _open_conversation(message):
    return (Conversation.objects.select_for_update()
            .filter(channel=message.channel, phone=message.phone,
                    step__in=Conversation.OPEN_STEPS).first())


def _is_stale(conversation):
    hours = settings.LAPOR_CONVERSATION_HOURS
    return conversation.updated_at < timezone.now() - timedelta(hours=hours)


# --- Filing, one question at a time -------------------------------------------------------------


def _start(turn):
    conversation = Conversation.objects.create(channel=turn.message.channel,
                                               phone=turn.message.phone)
    turn.message.conversation = conversation
    if len(turn.text) >= MIN_DESCRIPTION and not turn.starts("new"):
        _take_description(turn, conversation)
        conversation.save()
    else:
        turn.say("welcome")


def _what(turn, conversation):
    if len(turn.text) < MIN_DESCRIPTION:
        turn.say("ask_what_longer", minimum=MIN_DESCRIPTION)
        return
    _take_description(turn, conversation)


def _take_description(turn, conversation):
    conversation.description = turn.message.text.strip()
    conversation.step = Step.WHERE
    turn.say("ask_where")


def _where(turn, conversation):
    message = turn.message
    if message.kind == InboundMessage.Kind.LOCATION:
        conversation.latitude, conversation.longitude = message.latitude, message.longitude
        conversation.place = message.place
        conversation.district = _district_named(message.place)
    elif len(turn.text) >= 3:
        conversation.place = turn.text[:300]
        conversation.district = _district_named(turn.text)
    else:
        turn.say("ask_where")
        return
    conversation.step = Step.PHOTOS
    if _outside_region(conversation):
        turn.say("outside_region")
    turn.say("ask_photos", limit=MAX_PHOTOS)


def _photos(turn, conversation):
    message = turn.message
    if message.kind in {InboundMessage.Kind.IMAGE, InboundMessage.Kind.DOCUMENT}:
        _take_photo(turn, conversation)
    elif turn.starts("skip") or turn.is_("consent"):
        conversation.step = Step.ANONYMOUS
        turn.say("ask_anonymous")
    else:
        turn.say("ask_photos", limit=MAX_PHOTOS)


def _take_photo(turn, conversation):
    if len(conversation.photos) >= MAX_PHOTOS:
        turn.say("photos_full", limit=MAX_PHOTOS)
        return
    message = turn.message
    try:
        content, content_type = provider_for(message.channel).fetch_media(message.media_id)
    except ProviderError:
        logger.warning("Media %s could not be fetched", message.provider_id, exc_info=True)
        turn.say("photo_failed")
        return
    try:
        clean = uploads.clean_upload(SimpleUploadedFile("foto", content, content_type))
    except ValidationError as error:
        turn.say("photo_refused", reason=" ".join(error.messages))
        return
    name = default_storage.save(f"percakapan/{uuid.uuid4().hex}.{clean.extension}",
                                ContentFile(clean.content))
    conversation.photos = [*conversation.photos, name]
    turn.say("photo_saved", count=len(conversation.photos))


def _anonymous(turn, conversation):
    if turn.starts("yes") or turn.starts("no"):
        conversation.is_anonymous = turn.starts("yes")
        conversation.step = Step.CONSENT
        turn.say("ask_consent")
    else:
        turn.say("ask_yes_no")


def _consent(turn, conversation):
    if not turn.is_("consent"):
        turn.say("ask_consent_again")
        return
    try:
        complaint = _file(conversation)
    except (ValidationError, TransitionNotAllowed):
        logger.exception("Conversation %s could not be filed", conversation.pk)
        turn.say("filed_failed")
        return
    turn.message.complaint = complaint
    conversation.complaint = complaint
    conversation.step = Step.FILED
    InboundMessage.objects.filter(conversation=conversation).update(complaint=complaint)
    Notification.objects.filter(kind="conversation", recipient=conversation.phone,
                                channel=conversation.channel, complaint__isnull=True,
                                created_at__gte=conversation.started_at).update(
        complaint=complaint)
    _delete_photos(conversation.photos)
    conversation.photos = []
    # The receipt (tracking code and private link) goes out as the report's first message.


STEPS = {Step.WHAT: _what, Step.WHERE: _where, Step.PHOTOS: _photos,
         Step.ANONYMOUS: _anonymous, Step.CONSENT: _consent}


def _file(conversation):
    description = conversation.description
    first_line = description.split("\n", 1)[0]
    report = services.Report(
        kind=Kind.COMPLAINT,
        title=first_line[:147] + "…" if len(first_line) > 150 else first_line,
        description=description,
        category=_conversation_category(),
        district=conversation.district,
        address=conversation.place,
        latitude=conversation.latitude,
        longitude=conversation.longitude,
        location_outside_region=_outside_region(conversation),
        is_anonymous=conversation.is_anonymous,
        reporter_phone=conversation.phone,
    )
    files = [uploads.clean_upload(SimpleUploadedFile(name, default_storage.open(name).read()))
             for name in conversation.photos]
    return services.submit_complaint(report=report, files=files,
                                     channel=COMPLAINT_CHANNEL[conversation.channel])


def _conversation_category():
    return (Category.objects.filter(code=settings.LAPOR_CONVERSATION_CATEGORY).first()
            or Category.objects.filter(is_active=True).order_by("pk").first())


def _district_named(text):
    words = (text or "").lower()
    for unit in Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True):
        name = unit.name.lower().removeprefix("kecamatan ").strip()
        if name and name in words:
            return unit
    return None


def _outside_region(conversation):
    return geo.outside_region(conversation.latitude, conversation.longitude)


def forget(conversation, step):
    """Cancelled or expired: nothing of the draft stays (no consent, no keeping)."""
    _delete_photos(conversation.photos)
    Conversation.objects.filter(pk=conversation.pk).update(
        step=step, description="", place="", latitude=None, longitude=None, photos=[],
        district=None, updated_at=timezone.now())
    InboundMessage.objects.filter(conversation=conversation).update(
        text="", place="", latitude=None, longitude=None, media_id="")


def _delete_photos(names):
    for name in names:
        default_storage.delete(name)


def expire_stale(now=None) -> int:
    """The worker's pass: conversations left unfinished for LAPOR_CONVERSATION_HOURS."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.LAPOR_CONVERSATION_HOURS)
    stale = Conversation.objects.filter(step__in=Conversation.OPEN_STEPS, updated_at__lt=cutoff)
    for conversation in stale:
        forget(conversation, Step.EXPIRED)
    return len(stale)


# --- Following a filed report -------------------------------------------------------------------


# Keywords that carry the reporter's words: (report state, the reporter's step, the reply
# when done, the reply that says how to write it).
WITH_WORDS = {
    "not_solved": ({State.ANSWERED},
                   lambda c, words: services.reopen(complaint=c, reason=words),
                   "not_solved", "not_solved_how"),
    "reply": ({State.ANSWERED, State.FOLLOWED_UP},
              lambda c, words: services.reply(complaint=c, text=words), "replied", "reply_how"),
    "provide_info": ({State.NEEDS_INFO},
                     lambda c, words: services.provide_info(complaint=c, text=words),
                     "info_provided", "provide_info_how"),
    "answer_question": ({State.WAITING_REPORTER},
                        lambda c, words: services.answer_question(complaint=c, text=words),
                        "question_answered", "answer_question_how"),
}


def _follow_up(turn):
    """Keywords about a report already filed; False when the message starts a new one."""
    if turn.starts("status"):
        _status(turn)
    elif turn.is_("solved"):
        _on_state(turn, {State.ANSWERED}, lambda c: services.confirm_solved(complaint=c),
                  "solved")
    elif turn.starts("rate") or (turn.text.isdigit() and len(turn.text) == 1):
        _rate(turn)
    elif keyword := next((k for k in WITH_WORDS if turn.starts(k)), None):
        states, step, done, how = WITH_WORDS[keyword]
        if not turn.rest:
            turn.say(how)
        else:
            _on_state(turn, states, lambda c: step(c, turn.rest), done)
    else:
        return False
    return True


def _filed_from(turn):
    return Complaint.objects.filter(reporter_phone=turn.message.phone,
                                    channel=COMPLAINT_CHANNEL[turn.message.channel])


def _status(turn):
    code = codes.normalize_tracking_code(turn.rest)
    if code is None:
        turn.say("status_how")
        return
    complaint = Complaint.objects.filter(tracking_code=code).first()
    if complaint is None:
        turn.say("status_unknown", code=code)
        return
    turn.message.complaint = complaint
    if complaint.reporter_phone != turn.message.phone:
        turn.say("status_public", code=code, state=complaint.get_state_display())
        return
    expected = ""
    if complaint.due_at and complaint.state not in {State.CLOSED, State.ARCHIVED}:
        expected = str(REPLIES["status_expected"]).format(
            date=date_format(timezone.localtime(complaint.due_at), "j F Y"))
    link = site_url(reverse("complaints:private", args=[complaint.secret_key]))
    turn.say("status", complaint=complaint, code=code, state=complaint.get_state_display(),
             expected=expected, link=link)


def _on_state(turn, states, step, reply):
    """Take a reporter's step on this phone's newest report in one of `states`."""
    complaint = _filed_from(turn).filter(state__in=states).order_by("-submitted_at").first()
    if complaint is None:
        turn.say("no_report")
        return
    turn.message.complaint = complaint
    try:
        step(complaint)
    except TransitionNotAllowed as refusal:
        turn.say("refused", reason=str(refusal), complaint=complaint)
        return
    turn.say(reply, code=complaint.tracking_code, complaint=complaint)


def _rate(turn):
    digits = turn.rest if turn.starts("rate") else turn.text
    complaint = (_filed_from(turn).filter(state__in=[State.ANSWERED, State.CLOSED],
                                          rating__isnull=True)
                 .order_by("-submitted_at").first())
    if complaint is None:
        turn.say("no_report")
        return
    turn.message.complaint = complaint
    if not (digits.isdigit() and 1 <= int(digits) <= 5):
        turn.say("rate_how")
        return
    try:
        services.rate(complaint=complaint, score=int(digits))
    except TransitionNotAllowed as refusal:
        turn.say("refused", reason=str(refusal), complaint=complaint)
        return
    turn.say("rated", code=complaint.tracking_code, complaint=complaint)

