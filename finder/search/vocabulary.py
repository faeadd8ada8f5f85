"""Everyday words to tag codes (services, equipment, audiences…), from vocabulary.yaml and the
services' and equipment's labels.

Words of every site language count on every page (a Dutch word on a French page still works),
without accents or case; prefixes and small typos (rapidfuzz) are forgiven.
"""

from functools import lru_cache
from pathlib import Path

import yaml
from flask_babel import force_locale
from rapidfuzz import fuzz, process

from finder.geo.gazetteer import normalise
from finder.i18n import LANGUAGES
from finder.taxonomy import TAG_KINDS

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
FUZZY_CUTOFF = 85
Tag = tuple[str, str]
KINDS = ("service", "equipment", "audience", "outreach", "label")  # the kinds of tags words can mean


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words a search ignores, in every language."""
    return frozenset(normalise(word) for words in _data()["stopwords"].values() for word in words)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, frozenset[Tag]]:
    """Every normalised word or phrase people may type, and the tags it means."""
    phrases: dict[str, set[Tag]] = {}
    for kind in KINDS:
        for code, words_by_language in _data()[kind].items():
            for words in words_by_language.values():
                for word in words:
                    phrases.setdefault(normalise(word), set()).add((kind, code))
    for lang in LANGUAGES:  # the labels themselves, word by word
        with force_locale(lang):
            for kind in ("service", "equipment"):  # other labels hold words too common to mean them
                for code, label in TAG_KINDS[kind].items():
                    for word in normalise(str(label)).split():
                        if len(word) > 3 and word not in stopwords():
                            phrases.setdefault(word, set()).add((kind, code))
    return {phrase: frozenset(tags) for phrase, tags in phrases.items()}


def query_words(text: str) -> list[str]:
    """Return the words of a search that carry meaning, normalised."""
    return [word for word in normalise(text).split() if word not in stopwords()]


@lru_cache(maxsize=4096)
def tags_for_word(word: str) -> frozenset[Tag]:
    """Return the tags a typed word means: exact, a prefix of at least 4 letters, or a small typo."""
    phrases = _phrases()
    found = set(phrases.get(word, ()))
    if len(word) >= 4:
        for phrase, tags in phrases.items():
            if (
                " " not in phrase
                and len(phrase) >= 4
                and (phrase.startswith(word) or word.startswith(phrase))
            ):
                found |= tags
    if not found and len(word) >= 5:
        singles = [phrase for phrase in phrases if " " not in phrase]
        for phrase, _score, _ in process.extract(word, singles, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF):
            found |= phrases[phrase]
    return frozenset(found)


def tags_for_phrases(text: str) -> frozenset[Tag]:
    """Return the tags of the multi-word phrases a search holds ('tax on web', 'card reader')."""
    plain = f" {normalise(text)} "
    if " " not in plain.strip():  # one word or none: no phrase
        return frozenset()
    return frozenset(tag for phrase, tags in _multi_word_phrases() if f" {phrase} " in plain for tag in tags)


@lru_cache(maxsize=1)
def _multi_word_phrases() -> tuple[tuple[str, frozenset[Tag]], ...]:
    return tuple((phrase, tags) for phrase, tags in _phrases().items() if " " in phrase)
