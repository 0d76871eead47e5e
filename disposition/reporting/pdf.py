"""The monthly report as PDF (fpdf2, pure Python): the same content as the printable page."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF


def _text(value):
    """The PDF core fonts speak Latin-1; dashes and other signs become their plain forms."""
    text = "" if value is None else str(value)
    text = text.replace("—", "-").replace("–", "-").replace("“", '"').replace("”", '"')
    return text.encode("latin-1", "replace").decode("latin-1")


def _table(pdf, headings, rows, widths):
    pdf.set_font("Helvetica", "B", 8)
    for heading, width in zip(headings, widths, strict=True):
        pdf.cell(width, 6, _text(heading), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for row in rows:
        for value, width in zip(row, widths, strict=True):
            pdf.cell(width, 5, _text(value)[:60], border=1)
        pdf.ln()
    pdf.ln(3)


def monthly_report_pdf(report):
    """`report`: the context the printable page renders (reporting.views.monthly_context)."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(_text(report["title"]))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _text(report["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, _text(_("%(region)s - dibuat %(when)s") % {
        "region": settings.LAPOR_REGION_NAME,
        "when": timezone.localtime().strftime("%d-%m-%Y %H:%M")}),
        new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    figures = report["figures"]
    _table(pdf, [label for label, _key in report["figure_labels"]],
           [[figures[key] if figures[key] is not None else "-"
             for _label, key in report["figure_labels"]]],
           [277 / len(report["figure_labels"])] * len(report["figure_labels"]))
    _table(pdf, [heading for _key, heading in report["unit_columns"]],
           [[row[key] if row[key] is not None else "-" for key, _h in report["unit_columns"]]
            for row in report["units"]],
           [70] + [207 / (len(report["unit_columns"]) - 1)] * (len(report["unit_columns"]) - 1))
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 7, _text(_("Sepuluh laporan terbuka tertua")), new_x="LMARGIN", new_y="NEXT")
    _table(pdf, [_("Nomor tiket"), _("Dikirim"), _("Status"), _("Unit"), _("Kategori")],
           [[c.tracking_code, timezone.localtime(c.submitted_at).strftime("%d-%m-%Y"),
             c.get_state_display(), c.lead_unit.name if c.lead_unit else "-", c.category.name]
            for c in report["oldest"]],
           [35, 30, 55, 90, 67])
    return bytes(pdf.output())
