"""Lists over a million rows: count at most a cap, never the whole table."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """Counts at most `cap` rows (`SELECT COUNT(*) FROM (… LIMIT cap)`); beyond that the last
    pages are reached by filtering, and `is_capped` says the total is "more than"."""

    cap = 10_000

    def __init__(self, *args, cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def count(self):
        # Neither the order nor the columns change a count; without them the subquery reads
        # an index only.
        return self.object_list.order_by().values("pk")[:self.cap].count()

    @property
    def is_capped(self):
        return self.count >= self.cap
