from django.contrib import admin

from complaints.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "default_unit", "completion_days",
                    "is_confidential_by_default", "is_active"]
    list_filter = ["is_active", "is_confidential_by_default", "completion_days"]
    search_fields = ["code", "name"]
    list_select_related = ["default_unit"]
    autocomplete_fields = ["parent", "default_unit"]
