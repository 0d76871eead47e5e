"""What a person typed, as an Indonesian full-text query on the reports' `search` column.

Words are stemmed as the column is (complaints.models.SEARCH_CONFIG): "kerusakan jalanan"
looks for rusak and jalan. Reports with every word are found first; when no report has them
all, reports with any of them, ranked by how many they have and where (title above
description). The public list, the workbench and the dashboards all search through here.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import mark_safe

from complaints.models import SEARCH_CONFIG

MAX_CHARS = 200
MAX_WORDS = 8
_WORD = re.compile(r"[^\W_]+")
# Marks around a highlighted word that no escaped title can contain.
_START, _STOP = "\x01", "\x02"


@dataclass(frozen=True)
class Search:
    queryset: QuerySet
    query: SearchQuery
    every_word: bool  # False: no report had every word; these have some of them


def words_of(text: str) -> list[str]:
    """The words of a search (letters and digits; at most MAX_WORDS of the first MAX_CHARS
    characters); none for a string of symbols only."""
    return _WORD.findall(text[:MAX_CHARS].lower())[:MAX_WORDS]


def shortened(text: str) -> bool:
    """Whether words_of(text) left words out."""
    return len(text) > MAX_CHARS or len(_WORD.findall(text[:MAX_CHARS])) > MAX_WORDS


def every_word(words) -> SearchQuery:
    return SearchQuery(" ".join(words), search_type="plain", config=SEARCH_CONFIG)


def _any(words) -> SearchQuery:
    query = SearchQuery(words[0], search_type="plain", config=SEARCH_CONFIG)
    for word in words[1:]:
        query |= SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
    return query


def matching(queryset: QuerySet, words: list[str]) -> Search:
    """Reports of `queryset` that match `words` (which must not be empty)."""
    every = every_word(words)
    if len(words) == 1 or queryset.filter(search=every).exists():
        return Search(queryset.filter(search=every), every, True)
    some = _any(words)
    return Search(queryset.filter(search=some), some, False)


def ranked(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    return queryset.annotate(rank=SearchRank(F("search"), query))


def with_highlighted_title(queryset: QuerySet, query: SearchQuery) -> QuerySet:
    """Adds `title_marked`: the title with the matched words between marks (see highlighted)."""
    return queryset.annotate(title_marked=SearchHeadline(
        "title", query, config=SEARCH_CONFIG, start_sel=_START, stop_sel=_STOP,
        highlight_all=True))


def highlighted(marked: str) -> str:
    """A title from with_highlighted_title as safe HTML: escaped, its matches in <mark>."""
    html = escape(marked).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 — every character of the title was escaped above
