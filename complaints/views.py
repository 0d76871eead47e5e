"""The citizen's pages: file a report, its receipt, tracking, the private link, public reports."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import ratelimit
from accounts.models import Unit
from complaints import access, codes, form_cache, search, selectors, services, thumbnails
from complaints import my_data as my_data_module
from complaints.forms import (
    AnswerQuestionForm,
    ComplaintForm,
    ConfirmSolvedForm,
    ProvideInfoForm,
    RatingForm,
    ReopenForm,
    ReplyForm,
)
from complaints.models import Attachment, Category
from complaints.policy import DEFAULT_WORKING_DAYS
from complaints.shared_pages import shared_page
from complaints.workflow import Action, State, TransitionNotAllowed
from lapor.http import private_page
from lapor.pagination import CappedCountPaginator

HOUR = 3600
# Twenty pages of twenty: beyond that a citizen narrows the list rather than pages on.
PUBLIC_COUNT_CAP = 400
# Never on the public list: not yet verified, or taken off it.
PRIVATE_STATES = {State.SUBMITTED, State.NEEDS_INFO, State.ARCHIVED, State.MERGED}


def home(request):
    """The front page: what lapor is for, how to file and follow a report, the deadlines."""
    return render(request, "home.html", {"days": DEFAULT_WORKING_DAYS})


def submission_allowed(request):
    """Counts this submission; False when the client is over its hourly limit."""
    limit = settings.LAPOR_SUBMIT_LIMIT_PER_HOUR
    if not limit:
        return True
    key = ratelimit.client_key(request, "submit")
    return ratelimit.hit(key, window_seconds=HOUR) <= limit


@private_page
def file_complaint(request):
    if request.method != "POST" and not request.GET and not request.user.is_authenticated:
        return shared_page(request, lambda extra: render(
            request, "complaints/file.html", {"form": ComplaintForm(), **extra}),
            seconds=form_cache.CACHE_SECONDS, key=form_cache.page_key())
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not request.POST.get("lanjut") and (found := _similar_to(form.cleaned_data)):
            # Without JavaScript the suggestions are a step before the report is sent.
            return render(request, "complaints/file.html",
                          {"form": form, "similar": found, "similar_step": True})
        if not submission_allowed(request):
            context = {"form": form, "rate_limited": True,
                       "limit": settings.LAPOR_SUBMIT_LIMIT_PER_HOUR}
            return render(request, "complaints/file.html", context, status=429)
        # The photos leave the form: a form and its fields are a reference cycle, which keeps
        # them in the worker until the collector's next full pass.
        complaint = services.submit_complaint(
            report=form.report(), files=form.cleaned_data.pop("attachments"), user=request.user
        )
        return redirect("complaints:receipt", secret_key=complaint.secret_key)
    status = 400 if form.is_bound else 200
    return render(request, "complaints/file.html", {"form": form}, status=status)


def _similar_to(data):
    return selectors.similar_for_filing(
        title=data["title"], category_id=data["category"].pk, latitude=data["lat"],
        longitude=data["long"], district_id=data["district"].pk if data["district"] else None)


def _complaint_for_link(secret_key):
    complaint = access.complaint_for_private_link(secret_key)
    if complaint is None:
        raise Http404
    return complaint


@private_page
def receipt(request, secret_key):
    complaint = _complaint_for_link(secret_key)
    private_url = request.build_absolute_uri(
        reverse("complaints:private", args=[complaint.secret_key])
    )
    return render(request, "complaints/receipt.html",
                  {"complaint": complaint, "private_url": private_url})


@private_page
def track(request):
    entered = request.GET.get("kode", "")
    if not entered:
        return render(request, "complaints/track.html", {"entered": ""})
    code = codes.normalize_tracking_code(entered)
    if code and access.complaint_for_tracking(code):
        return redirect("complaints:track_detail", tracking_code=code)
    return render(request, "complaints/track.html",
                  {"entered": entered, "not_found": True}, status=404)


def _status_context(request, complaint, *, secret_key=None):
    shows_content = access.may_read_content(request.user, complaint, secret_key=secret_key)
    return {
        "complaint": complaint,
        "shows_content": shows_content,
        "events": selectors.timeline(complaint),
        "attachments": selectors.attachments(complaint) if shows_content else [],
        "is_owner": access.is_owner(request.user, complaint),
        "secret_key": secret_key,
    }


# A tracking page is kept only while nothing it shows has changed (the key is the version of
# its report), so a step taken a moment ago is on the next visit; the time is only a bound.
TRACKING_PAGE_SECONDS = 3600


@private_page
def track_detail(request, tracking_code):
    def draw(extra):
        complaint = access.complaint_for_tracking(tracking_code)
        if complaint is None:
            return render(request, "complaints/track.html",
                          {"entered": tracking_code, "not_found": True}, status=404)
        return render(request, "complaints/track_detail.html",
                      {**_status_context(request, complaint), **extra})

    if request.user.is_authenticated:  # the owner's page links to their private page
        return draw({})
    version = access.tracking_page_version(tracking_code)
    return shared_page(request, draw, seconds=TRACKING_PAGE_SECONDS if version else 0,
                       key=f"tracking:{version}:{form_cache.choices_version()}")


# What the reporter may do through the private link: its form and its service.
REPORTER_ACTIONS = {
    Action.PROVIDE_INFO: (ProvideInfoForm, lambda c, d, u: services.provide_info(
        complaint=c, text=d["text"], files=d["attachments"], user=u)),
    Action.ANSWER_QUESTION: (AnswerQuestionForm, lambda c, d, u: services.answer_question(
        complaint=c, text=d["text"], files=d["attachments"], user=u)),
    Action.REPLY: (ReplyForm, lambda c, d, u: services.reply(complaint=c, text=d["text"], user=u)),
    Action.CONFIRM_SOLVED: (ConfirmSolvedForm, lambda c, d, u: services.confirm_solved(
        complaint=c, user=u)),
    Action.REOPEN: (ReopenForm, lambda c, d, u: services.reopen(
        complaint=c, reason=d["reason"], user=u)),
    Action.RATE: (RatingForm, lambda c, d, u: services.rate(
        complaint=c, score=d["score"], comment=d["comment"], user=u)),
}
SUBMIT_LABELS = {
    Action.PROVIDE_INFO: _("Kirim kelengkapan"),
    Action.ANSWER_QUESTION: _("Kirim jawaban"),
    Action.REPLY: _("Kirim tanggapan"),
    Action.CONFIRM_SOLVED: _("Ya, masalah saya sudah selesai"),
    Action.REOPEN: _("Belum selesai, kembalikan ke instansi"),
    Action.RATE: _("Kirim penilaian"),
}


def _reporter_forms(complaint, bound=None):
    """An unbound form for each action the reporter may take now (`bound` replaces its own)."""
    forms = {}
    for action in selectors.reporter_actions(complaint):
        form_class, _service = REPORTER_ACTIONS[action]
        forms[action] = form_class(prefix=action, submit_label=SUBMIT_LABELS[action])
    if bound is not None:
        forms[bound.prefix] = bound
    return forms


@private_page
def private(request, secret_key, bound_form=None, error=None, status=200):
    complaint = _complaint_for_link(secret_key)
    context = _status_context(request, complaint, secret_key=secret_key)
    context.update(forms=_reporter_forms(complaint, bound_form), action_error=error,
                   just_acted=request.GET.get("ok"))
    return render(request, "complaints/private.html", context, status=status)


@require_POST
@private_page
def reporter_action(request, secret_key, action):
    complaint = _complaint_for_link(secret_key)
    if action not in REPORTER_ACTIONS:
        raise Http404
    form_class, service = REPORTER_ACTIONS[Action(action)]
    form = form_class(request.POST, request.FILES, prefix=action,
                      submit_label=SUBMIT_LABELS[action])
    if not form.is_valid():
        return private(request, secret_key, bound_form=form, status=400)
    try:
        service(complaint, form.cleaned_data, request.user)
    except TransitionNotAllowed as refused:
        return private(request, secret_key, error=str(refused), status=409)
    return redirect(reverse("complaints:private", args=[secret_key]) + f"?ok={action}#status")


def public_list(request):
    return shared_page(request, lambda extra: _public_list(request, extra),
                       seconds=settings.LAPOR_PUBLIC_PAGE_SECONDS, key="public-list")


def _public_list(request, extra):
    typed = request.GET.get("q", "").strip()
    filters = {
        "words": search.words_of(typed),
        "category": _picked(request, "kategori", Category.objects.filter(is_active=True)),
        "unit": _picked(request, "unit", Unit.objects.filter(is_active=True)),
        "district": _picked(request, "kecamatan",
                            Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True)),
        "state": request.GET.get("status") if request.GET.get("status") in State.values else None,
    }
    complaints, every_word = selectors.public_list(**filters)
    paginator = CappedCountPaginator(complaints, 20, cap=PUBLIC_COUNT_CAP)
    page = paginator.get_page(request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    return render(request, "complaints/public_list.html", {
        "page": page,
        "filters": filters,
        "typed": typed[:search.MAX_CHARS],
        "search_note": _search_note(typed, filters["words"], every_word),
        "categories": Category.objects.filter(is_active=True).values_list("pk", "name"),
        "units": Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.DISTRICT)
        .values_list("pk", "name"),
        "districts": Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True)
        .values_list("pk", "name"),
        "states": [(value, label) for value, label in State.choices
                   if value not in PRIVATE_STATES],
        "querystring": query.urlencode(),
        **extra,
    })


def _search_note(typed, words, every_word):
    if typed and not words:
        return _("Pencarian perlu huruf atau angka; semua laporan ditampilkan.")
    if search.shortened(typed):
        return _("Pencarian dipendekkan: hanya %(count)s kata pertama yang dicari.") % {
            "count": len(words)}
    if not every_word:
        return _("Tidak ada laporan yang memuat semua kata; ditampilkan laporan yang memuat "
                 "sebagian kata.")
    return ""


def _picked(request, name, queryset):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and queryset.filter(pk=int(value)).exists() else None


def public_detail(request, tracking_code):
    def draw(extra):
        complaint = get_object_or_404(
            access.public_complaints().select_related(*access.COMPLAINT_PAGE_RELATED),
            tracking_code=codes.normalize_tracking_code(tracking_code) or "",
        )
        return render(request, "complaints/public_detail.html", {
            **_status_context(request, complaint), **extra,
            "supporters": complaint.supporter_count,
            "supportable": selectors.is_supportable(complaint),
            "supported": request.GET.get("didukung") == "1",
        })

    return shared_page(request, draw, seconds=settings.LAPOR_PUBLIC_PAGE_SECONDS,
                       key="public-report")


def attachment(request, pk, thumbnail=False):
    item = get_object_or_404(Attachment.objects.select_related("complaint", "event"), pk=pk)
    if not access.may_read_attachment(request.user, item, secret_key=request.GET.get("k")):
        raise Http404
    stored, content_type = item.file, item.content_type
    if thumbnail and (small := thumbnails.thumbnail_of(item)) is not None:
        stored, content_type = small, "image/jpeg"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    if not access.is_public(item.complaint):
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@private_page
def my_reports(request):
    complaints = access.complaints_of_reporter(request.user).select_related(
        *selectors.PUBLIC_LIST_RELATED).order_by("-submitted_at")
    page = Paginator(complaints, 20).get_page(request.GET.get("hal"))
    return render(request, "complaints/my_reports.html", {"page": page})


@login_required
@private_page
def my_data(request):
    """What lapor keeps about me: download it, or close my account."""
    error = None
    if request.method == "POST":
        try:
            count = services.close_account(user=request.user,
                                           password=request.POST.get("password", ""))
        except TransitionNotAllowed as refused:
            error = str(refused)
        else:
            logout(request)
            messages.success(request, ngettext(
                "Akun Anda ditutup; identitas Anda dihapus dari %(count)d laporan.",
                "Akun Anda ditutup; identitas Anda dihapus dari %(count)d laporan.",
                count) % {"count": count})
            return redirect("home")
    return render(request, "complaints/my_data.html", {"error": error},
                  status=400 if error else 200)


@login_required
@private_page
def my_data_download(request, fmt):
    data = my_data_module.collect(request.user)
    name = f"data-saya-{timezone.localdate():%Y%m%d}"
    if fmt == "pdf":
        response = HttpResponse(my_data_module.as_pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response
