"""Per-word memos of the rules, bounded together.

The rules memoise what they derive from a word form (its clitic readings, match keys,
marker plan...): a news stream repeats its frequent words endlessly, so a memo saves most of
that work, but it would also grow with every new word form of a long stream. Each such memo
is a :class:`WordMemo`; :func:`bound_memos`, run by the pipeline before each article
(:meth:`extractors.pipeline.Extractor.extract_many`), trims every one that has grown past
:data:`MEMO_LIMIT` entries to its oldest half, so a long-lived extraction process stays
within a bounded size. A memo keeps its entries in insertion order, and the forms a stream
repeats most are the first it meets (Zipf), so the half kept holds the frequent words and
the half dropped mostly forms seen once.

Measured on the 1,686 Arabic articles of SaudiNewsNet's 2015-08-10 after 300 of the day
before, in one process, rules alone (``--no-ner``), collector settled as in a build
(``kg.stream._settle_gc``), on a loaded machine: memos emptied whole past 30,000 entries
(the first policy) 96.7-104.0 articles/CPU-s and 292 MB of peak RSS; trimmed to their oldest
half past 30,000 104.7 and 312 MB; past 60,000 112.7 and 352 MB; never bounded
(none reaches 100,000 entries in that run) 123.8-127.7 and 368-371 MB.
"""
from __future__ import annotations

import weakref
from itertools import islice

#: Entries past which :func:`bound_memos` trims a memo to its oldest half. The memos of an
#: Arabic pipeline gain about 120 entries each an article on SaudiNewsNet; a one-process
#: build of 4,000 articles peaked at 552 MB of RSS with this limit against 409 MB when memos
#: were emptied at 30,000. A build's workers are replaced every 512 articles
#: (``kg.stream.WORKER_TASKS``), with some 60,000 entries a memo by then.
MEMO_LIMIT = 100_000

#: id -> every live :class:`WordMemo` (a memo is a dict: unhashable, and equal to any other
#: with the same entries, so it cannot be a WeakSet's member)
_MEMOS: "weakref.WeakValueDictionary[int, WordMemo]" = weakref.WeakValueDictionary()


class WordMemo(dict):
    """A ``dict`` memo of a pure function of a word form (or of a few), registered with
    :func:`bound_memos`. Make one with :func:`word_memo`."""

    __slots__ = ("__weakref__",)


def word_memo() -> WordMemo:
    """A new, empty :class:`WordMemo`, trimmed by :func:`bound_memos` when it outgrows
    :data:`MEMO_LIMIT`."""
    memo = WordMemo()
    _MEMOS[id(memo)] = memo
    return memo


def bound_memos(limit: int | None = None) -> int:
    """Trim every live :class:`WordMemo` holding more than ``limit`` entries to its oldest
    ``limit // 2`` (insertion order: the words the stream met first, its frequent ones).

    Parameters
    ----------
    limit : int, optional
        Default :data:`MEMO_LIMIT`.

    Returns
    -------
    int
        How many memos were trimmed.
    """
    limit = MEMO_LIMIT if limit is None else limit
    trimmed = 0
    for memo in list(_MEMOS.values()):
        if len(memo) > limit:
            keep = limit // 2
            for key in list(islice(reversed(memo), len(memo) - keep)):
                del memo[key]
            trimmed += 1
    return trimmed
