from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit


class Category(models.Model):
    """What a report is about; suggests the unit that handles it and the completion target."""

    code = models.SlugField(_("kode"), max_length=32, unique=True, allow_unicode=False)
    name = models.CharField(_("nama"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    default_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit tujuan bawaan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_for_categories",
    )
    completion_days = models.PositiveSmallIntegerField(
        _("target penyelesaian (hari kerja)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    is_confidential_by_default = models.BooleanField(_("rahasia secara bawaan"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completion_days__gte=1) & Q(completion_days__lte=365),
                name="category_completion_days_range",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="category_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name
