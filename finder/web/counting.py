"""Counting what people open, from marks the views leave on their answers: a mark is kept with a
cached page, so a page served from the cache counts too, and is removed before the answer leaves.
Robots and prefetches are not counted (finder/counts.py)."""

from flask import request

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
    """Count the marks of an answer a person gets, then remove them."""
    places, unmet = response.headers.getlist(PLACE_MARK), response.headers.getlist(UNMET_MARK)
    if not (places or unmet):
        return response
    del response.headers[PLACE_MARK], response.headers[UNMET_MARK]
    if request.method not in ("GET", "POST") or response.status_code not in (200, 304):
        return response
    if not counts.is_a_person(request.user_agent.string, request.headers):
        return response
    today = now_brussels().date()
    for mark in places:
        slug, kind = mark.split(" ")
        counts.count_place(slug, kind, today)
    for mark in unmet:
        postcode, need, source = mark.split(" ")
        counts.count_unmet(postcode, "" if need == "-" else need, source, today)
    return response


def init_app(app) -> None:
    """Register before the page cache: after_request hooks run last-registered first, so the cache
    keeps the marks and this hook counts and removes them afterwards, for a cached page too."""
    app.after_request(count_marks)
