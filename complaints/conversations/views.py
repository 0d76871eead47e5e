"""The channels' webhooks: /kanal/whatsapp/webhook and /kanal/sms/webhook. They verify the
request through the channel's provider adapter, store its messages once and answer at once;
the worker does the rest. A request that is not signed right, is replayed, names an unknown
sender id or is malformed gets 403/400 and changes nothing."""

import logging

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from complaints.conversations import inbound
from lapor.channels import SMS, WHATSAPP, InboundRejected, provider_for, provider_name
from lapor.channels.whatsapp_cloud import verify_subscription

logger = logging.getLogger(__name__)


def _receive(request, channel):
    try:
        messages = provider_for(channel).parse_inbound(request)
    except InboundRejected as rejected:
        logger.warning("%s webhook refused (%s): %s", channel, rejected.status, rejected.reason)
        return JsonResponse({"error": rejected.reason}, status=rejected.status)
    return JsonResponse({"received": inbound.store(channel, messages)})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if request.method == "GET":  # Meta's subscription handshake
        challenge = verify_subscription(request.GET) if provider_name(WHATSAPP) == "cloud" \
            else None
        if challenge is None:
            return JsonResponse({"error": "verification failed"}, status=403)
        return HttpResponse(challenge, content_type="text/plain")
    return _receive(request, WHATSAPP)


@csrf_exempt
@never_cache
@require_http_methods(["POST"])
def sms_webhook(request):
    return _receive(request, SMS)
