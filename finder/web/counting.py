"""Counting what people open, from marks the views leave on their answers: a mark is kept with a
cached page, so a page served from the cache counts too, and is removed before the answer leaves.
Robots and prefetches are not counted (finder/counts.py)."""

from flask import current_app, request

from finder import counts
from finder.hours import now_brussels

PLACE_MARK = "X-Count-Place"  # "slug kind"
UNMET_MARK = "X-Count-Unmet"  # "postcode need source"


def mark_place(response, slug: str, kind: str):
    """Say that answering this request means a place was looked at."""
    response.headers.add(PLACE_MARK, f"{slug} {kind}")
    return response


def mark_unmet(response, postcode: str | None, need: str, source: str):
    """Say that this answer found nothing near a postcode for a need."""
    if postcode:
        response.headers.add(UNMET_MARK, f"{postcode} {need or '-'} {source}")
    return response


def count_marks(response):
    """Count the marks of an answer a person gets and remove them; write the counts when due."""
    places, unmet = response.headers.getlist(PLACE_MARK), response.headers.getlist(UNMET_MARK)
    if places or unmet:
        del response.headers[PLACE_MARK], response.headers[UNMET_MARK]
        if _is_counted(response):
            _count(places, unmet)
    counts.write_due(current_app.config["COUNT_FLUSH_SECONDS"])
    return response


def _is_counted(response) -> bool:
    return (
        request.method in ("GET", "POST")
        and response.status_code in (200, 304)
        and counts.is_a_person(request.user_agent.string, request.headers)
    )


def _count(places: list[str], unmet: list[str]) -> None:
    today = now_brussels().date()
    for mark in places:
        slug, kind = mark.split(" ")
        counts.count_place(slug, kind, today)
    for mark in unmet:
        postcode, need, source = mark.split(" ")
        counts.count_unmet(postcode, "" if need == "-" else need, source, today)


def init_app(app) -> None:
    """Register before the page cache: after_request hooks run last-registered first, so the cache
    keeps the marks and this hook counts and removes them afterwards, for a cached page too."""
    app.after_request(count_marks)
