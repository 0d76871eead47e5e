from django.conf import settings


def region(request):
    return {"region_name": settings.LAPOR_REGION_NAME}
