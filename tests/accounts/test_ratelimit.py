from datetime import timedelta

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from accounts import ratelimit
from accounts.models import RateCounter


def test_hits_count_up_within_a_window_and_start_again_in_the_next(db):
    with time_machine.travel("2026-11-23 10:05:00+07:00", tick=False):
        assert [ratelimit.hit("k", window_seconds=3600) for _ in range(3)] == [1, 2, 3]
        assert RateCounter.objects.get(key="k").hits == 3
        assert ratelimit.hit("other", window_seconds=3600) == 1
    with time_machine.travel("2026-11-23 11:00:01+07:00", tick=False):
        assert ratelimit.hit("k", window_seconds=3600) == 1


def test_purge_drops_old_windows_only(db):
    ratelimit.hit("now", window_seconds=60)
    RateCounter.objects.create(key="old", window_start=timezone.now() - timedelta(days=2))
    assert ratelimit.purge() == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["now"]


def test_the_client_address_trusts_forwarded_for_only_from_our_own_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.LAPOR_TRUSTED_PROXIES = 0
    assert ratelimit.client_address(request) == "10.0.0.9"
    settings.LAPOR_TRUSTED_PROXIES = 1
    assert ratelimit.client_address(request) == "203.0.113.7"  # not the spoofable first entry


def test_keys_hash_the_address_and_use_the_account_when_logged_in(people):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.44")
    request.user = AnonymousUser()
    key = ratelimit.client_key(request, "submit")
    assert key.startswith("submit:ip:") and "192.0.2.44" not in key
    request.user = people.frank
    assert ratelimit.client_key(request, "submit") == f"submit:user:{people.frank.pk}"
