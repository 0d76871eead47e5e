"""Small response helpers shared by the apps' views."""

from functools import wraps

from django.views.decorators.cache import never_cache


def private_page(view):
    """A page for one person (a private link, an account page): not cached by browsers or
    proxies, and not indexed by search engines (whose caches once kept reports made private)."""

    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper
