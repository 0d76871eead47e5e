"""Similar reports while a citizen files, and “dukung laporan ini”."""

from decimal import Decimal, InvalidOperation

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from complaints import access, codes, selectors, supporters
from complaints.forms import SupportForm
from complaints.views import submission_allowed
from complaints.workflow import TransitionNotAllowed
from lapor.http import private_page

RATE_LIMITED = _("Terlalu banyak dukungan dari jaringan ini; coba lagi sekitar satu jam lagi.")


def _number(value, low, high):
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() and low <= number <= high else None


def _whole(value):
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None


@require_GET
def similar_reports(request):
    """The filing form's suggestions, fetched as the citizen types (static/js/filing.js):
    an HTML fragment, empty when there is nothing to suggest."""
    found = selectors.similar_for_filing(
        title=request.GET.get("judul", "")[:200], category_id=_whole(request.GET.get("kategori")),
        latitude=_number(request.GET.get("lat"), -90, 90),
        longitude=_number(request.GET.get("long"), -180, 180),
        district_id=_whole(request.GET.get("kecamatan")))
    if not found:
        return HttpResponse("")
    return render(request, "complaints/_similar.html", {"similar": found})


@private_page
def support(request, tracking_code):
    complaint = access.public_complaints().select_related(*access.COMPLAINT_PAGE_RELATED).filter(
        tracking_code=codes.normalize_tracking_code(tracking_code) or "").first()
    if complaint is None:
        raise Http404
    form = SupportForm(request.POST or None, request.FILES or None, user=request.user)
    error = ""
    if request.method == "POST" and form.is_valid() and not submission_allowed(request):
        error = str(RATE_LIMITED)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            supporters.support(complaint=complaint, name=data["name"].strip(),
                               email=data["email"], phone=data["phone"], user=request.user,
                               files=data["attachments"])
        except TransitionNotAllowed as refusal:
            error = str(refusal)
        else:
            return redirect(reverse("complaints:public_detail", args=[complaint.tracking_code])
                            + "?didukung=1#dukungan")
    return render(request, "complaints/support.html", {
        "complaint": complaint, "form": form, "error": error,
        "supportable": selectors.is_supportable(complaint),
        "supporters": complaint.supporter_count,
    }, status=409 if error else (400 if form.errors else 200))
