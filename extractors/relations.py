"""Relation extraction: triggers, argument attachment, modes, qualifiers, attribution.

The mechanism is language-independent; a language supplies its :class:`~extractors.lexicon.Lexicon`
(trigger lexicon, markers, titles) and its clitic readings. The rules are a light version of
the dictionary-and-pattern approach of event coders (TABARI/PETRARCH, Schrodt 2009-2014;
PLOVER categories and CAMEO codes come from the trigger lexicon):

1. **Role phrases** — a title (الرئيس، وزير، السفير...) followed by adjectives/places and a
   person name gives leaderOf / officialOf / ambassadorTo; so does a person followed by
   ``، title`` (apposition). A title with no name refers to the person the article already
   named with that title and country.
2. **Report frames** — a report verb (ذكر، قال، أضاف، أشار...) and the words up to its
   complement clause (أن/إن) name the outlet (``reported_by``) or the speaker
   (``attributed_to``); those entities never become arguments of the reported facts.
   ``الصحيفة``/``التقرير`` refer back to the last outlet, a subject-less report verb keeps
   the previous reporter.
3. **Triggers** — verbs and verbal nouns from ``triggers.tsv``, matched on every clitic
   reading of a token, with a pronoun suffix allowed (انسحابهم، تعاونها).
4. **Arguments** — subject: a verb's subject right after it (VSO) or the first actor of its
   clause; a verbal noun's genitive right after it or the nearest actor before it in its
   clause; else the subject of the previous fact of the sentence. Object: the first entity
   of the required class after the required preposition; coordinated entities (و، ،،
   وخاصة، مثل) are objects too.
5. **Mode** — negated (لم/لا/لن/عدم... just before the trigger), hypothetical (إذا/لو/ربما
   in the clause), intended (سعى/عازمة/محاولة... in the clause: cooperation, presence and
   influence become their seeks... predicates), historical (سابقا/السابق), reported (in a
   report frame), else asserted.
6. **Qualifiers** — the place after في in the clause (location), the nearest explicit date.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace


from ontology import vocab

from .components import load_name_cues
from .language import get_grammar
from .memo import word_memo
from .lexicon import DUAL_TENSE, FIRST_PERSON_TENSE, Key, Lexicon, Title, Trigger
from .tokens import QUOTES, clitic, has_article, token_norms, token_texts

#: The contract's vocabulary, read from ``ontology/nufuz.ttl`` (:mod:`ontology.vocab`).
ACTOR_CLASSES = vocab.ACTOR_CLASSES
PLACE_CLASSES = vocab.PLACE_CLASSES
ORG_LIKE = vocab.ORGANIZATION_CLASSES
#: CAMEO 08 (YIELD): giving in to another's demands; its object made them ("comply with")
YIELD_CAMEO = "08"
SYMMETRIC = vocab.SYMMETRIC
INTENDED = vocab.SEEKS
#: PLOVER categories of verbal and material cooperation (PLOVER codebook 2021, the quad
#: classes of its event types): the object of such a trigger is never the target of the
#: thing supported ("دعما للحرب ضد داعش").
COOPERATION_CATEGORIES = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID"})
#: PLOVER categories of troop movements (MOBILIZE, RETREAT): a nisba of a vehicle or of
#: civilians (طائرة عمانية، وفد) is no state moving troops.
MOVEMENT_CATEGORIES = frozenset({"MOBILIZE", "RETREAT"})
#: PLOVER categories of acts a news outlet does not do (it reports them): assaults, troop
#: movements, sanctions, coercion, and consultations (an interview is no meeting).
NOT_BY_OUTLETS = frozenset({"ASSAULT", "MOBILIZE", "RETREAT", "SANCTION", "COERCE", "CONSULT"})
#: ``doc.user_data`` keys of the per-doc token key caches (:meth:`RelationExtractor._doc_keys`)
#: and of the marker positions (:meth:`RelationExtractor._seq_at`).
_DOC_KEYS, _DOC_WHOLE_KEYS = "nufuz_token_keys", "nufuz_whole_word_keys"
#: ``doc.user_data`` keys of the per-doc lists of marker plans and one-word marker classes
#: (:meth:`RelationExtractor._doc_lists`)
_DOC_PLANS, _DOC_WORD_KINDS = "nufuz_marker_plans", "nufuz_word_kinds"
_DOC_HITS = "nufuz_marker_hits"
#: ``doc.user_data`` keys of the token norms and texts and of the positions of one-word markers
#: (:meth:`RelationExtractor._norms`, :meth:`RelationExtractor._positions`).
_DOC_WORD_AT = "nufuz_word_positions"
#: key of the doc's length in a marker positions dict (no token index is negative)
_LEN = -1
#: Prefix of the id of a dual anaphor's arg ("البلدين"): DUAL + "<id>|<id>".
DUAL = "dual:"
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_DAY = re.compile(r"^([1-9]|[12]\d|3[01])$")


#: Sentence frames, in the order they run: name -> function ``(extractor, sentence, article
#: state, reported) -> list[Fact]`` (see :func:`sentence_frame`).
SENTENCE_FRAMES: dict[str, Callable[..., list]] = {}
#: Argument frames of trigger kinds (the ``kind`` column of ``triggers.tsv``): kind ->
#: function ``(extractor, sentence, trigger start, trigger end, trigger, clause start, clause
#: end) -> list of (subject, object, confidence)`` (see :func:`argument_frame`). Kinds
#: without one (verb, noun) go through subject/object attachment.
ARGUMENT_FRAMES: dict[str, Callable[..., list]] = {}


@functools.lru_cache(maxsize=None)
def _allowed(predicate: str, side: str) -> frozenset[str]:
    """Classes (with their subclasses) allowed as a predicate's subject (``side="domain"``)
    or object (``"range"``): those the SHACL shapes accept (:func:`ontology.vocab.shape_classes`:
    a Region stands for its states as a party of ``opposes``, ``supports``... but not as the
    subject of ``attacks`` or ``hasMilitaryPresenceIn``), else the ``rdfs:domain`` /
    ``rdfs:range`` of ``nufuz.ttl``."""
    classes = vocab.shape_classes().get((predicate, side)) or (
        vocab.DOMAIN if side == "domain" else vocab.RANGE).get(predicate)
    if not classes:
        return frozenset(vocab.ACTOR_CLASSES | vocab.PLACE_CLASSES | {"Topic", "Event"})
    return frozenset().union(*(vocab.subclasses_of(c) for c in classes))


def sentence_frame(name: str) -> Callable:
    """Register a sentence frame under ``name`` (a decorator, like spaCy's registries).

    Adding a frame = one decorated function plus its rows in the language's data files and
    its confidence in ``scores.tsv``.
    """
    def register(fn: Callable) -> Callable:
        SENTENCE_FRAMES[name] = fn
        return fn
    return register


def argument_frame(kind: str) -> Callable:
    """Register the argument frame of a trigger kind (a decorator).

    The function is called as ``fn(extractor, sentence, ts, te, trigger, clause_start,
    clause_end)`` with the trigger's token range ``[ts, te)`` and returns a list of
    ``(subject id, object id, confidence)``; its base confidence is ``extractor.score(kind)``.
    """
    def register(fn: Callable) -> Callable:
        ARGUMENT_FRAMES[kind] = fn
        return fn
    return register


@dataclass
class Arg:
    """An entity occurrence in a sentence, usable as a relation argument.

    ``start``/``end`` are token indices in the doc; ``role`` is ``"arg"``, ``"modifier"``
    (a demonym inside a title phrase), ``"reporter"`` or ``"source"`` (report frames).
    ``via`` says how it was resolved (``"mention"``, ``"anaphor"``, ``"title"``).
    """

    start: int
    end: int
    entity_id: str
    cls: str
    kind: str = "name"
    role: str = "arg"
    via: str = "mention"

    @property
    def is_actor(self) -> bool:
        return self.cls in ACTOR_CLASSES

    @property
    def is_place(self) -> bool:
        return self.cls in PLACE_CLASSES


@dataclass
class Sentence:
    """One sentence: its doc, token range, char offset of the doc in the article, entities."""

    doc: object
    start: int
    end: int
    offset: int
    args: list[Arg]

    @property
    def char_start(self) -> int:
        return self.offset + self.doc[self.start].idx

    @property
    def char_end(self) -> int:
        last = self.doc[self.end - 1]
        return self.offset + last.idx + len(last.text)

    @property
    def text(self) -> str:
        return self.doc[self.start:self.end].text


@dataclass
class ArticleState:
    """What the article has said so far, for anaphora across sentences."""

    last_outlet: str | None = None
    last_region: str | None = None
    reporter: str | None = None
    attribution: str | None = None
    roles: dict[tuple[Key, str], str] = field(default_factory=dict)
    last_subject: str | None = None
    orgs: list[str] = field(default_factory=list)
    last_role: str = "officialOf"
    sentence_no: int = 0
    countries: list[tuple[int, str]] = field(default_factory=list)  # (sentence_no, country id), in order
    #: the last country named by its name (not a nisba), for "هذا البلد"
    last_named_country: str | None = None
    persons: list[str] = field(default_factory=list)  # person ids named so far, in order
    #: the one country the whole article names (None when it names none or several)
    sole_country: str | None = None
    #: the country whose government was last named ("the Iraqi government", "الحكومة العراقية")
    last_government: str | None = None


@dataclass
class Fact:
    """A statement before it becomes an :class:`extractors.records.Statement`."""

    subject: str
    predicate: str
    object: str
    mode: str
    plover: str
    cameo: str | None
    confidence: float
    trigger: str
    sentence: Sentence
    date: str | None = None
    end_date: str | None = None
    location: str | None = None
    reported_by: str | None = None
    attributed_to: str | None = None


class RelationExtractor:
    """Extract :class:`Fact` records from the sentences of one article.

    Parameters
    ----------
    lex : Lexicon
        The language's rule data.
    readings : callable
        ``token text -> list of (proclitic, key, has_article)``: the language's clitic
        readings (e.g. :func:`extractors.ar.normalize.clitic_candidates`).
    entity_cls : callable
        ``entity id -> ontology class`` for ids of the article.
    entity_label : callable, optional
        ``entity id -> Arabic label``, to resolve "المجلس" to the last council named.
    cache : dict, optional
        Shared between the extractors of one pipeline so token keys and marker indexes
        are computed once per process, not once per article.
    published : datetime.date or None
        Publication date, to give a year to dates written without one.
    entity_role : callable, optional
        ``entity id -> (predicate, organization or country id, start year, end year, Arabic
        title)`` for persons whose role the knowledge base knows (None otherwise): a title
        with no country ("الرئيس فلاديمير بوتين") then gives the role the person held at the
        article's date.
    entity_country : callable, optional
        ``entity id -> country id`` of an entity the knowledge base locates (a city, a base,
        an armed force; a country is its own), None when unknown: a country's forces in its
        own territory are not a military presence abroad.
    entity_title : callable, optional
        ``entity id -> English title`` of the office the knowledge base gives a person ("" if
        none): a bare title ("the prime minister said") is the one person of the article
        who holds that office at its date (:meth:`_bare_title_holder`).
    """

    #: Visit every token in the frames' loops instead of only the positions where their
    #: markers occur (:meth:`_positions`), and try every trigger row without the window
    #: test of :meth:`_window_keys`: slower, the same facts. A test compares the two
    #: (``tests/test_relations_speed.py``), so a rule that tests a marker class its loop's
    #: position list does not name is caught.
    visit_all: bool = False

    def __init__(self, lex: Lexicon, readings: Callable[[str], list[tuple[str, str, bool]]],
                 entity_cls: Callable[[str], str], published: _dt.date | None = None,
                 entity_label: Callable[[str], str] | None = None, cache: dict | None = None,
                 entity_role: Callable[[str], tuple[str, str, int | None, int | None, str] | None] | None = None,
                 entity_country: Callable[[str], str | None] | None = None,
                 entity_title: Callable[[str], str] | None = None):
        self.lex = lex
        self.entity_title = entity_title or (lambda eid: "")
        self.g = get_grammar(lex.lang)
        #: compass words (name_cues.tsv ``direction``): a place after one is a location
        cues = load_name_cues(lex.lang)
        self.compass = cues.words("direction")
        #: the last word of each place head noun (منطقة، محافظة): "بالمنطقة" after a body's name
        #: makes it a branch (see :meth:`_branch`)
        self.place_head_words = cues.place_head_words
        self.entity_country = entity_country or (lambda eid: None)
        self.entity_label = entity_label or (lambda eid: "")
        self.entity_role = entity_role or (lambda eid: None)
        self.readings = readings
        self.entity_cls = entity_cls
        self.published = published
        cache = cache if cache is not None else {}
        self.by_first: dict[str, list[Trigger]] = cache.get("by_first") or {}
        if not self.by_first:  # built once per pipeline: the lexicon does not change
            for t in lex.triggers:
                self.by_first.setdefault(t.words[0], []).append(t)
            for lst in self.by_first.values():
                lst.sort(key=lambda t: -len(t.words))
            cache["by_first"] = self.by_first
        self.months = lex.months
        self.max_title = max((len(k) for k in lex.titles), default=1)
        if "title_words" not in cache:
            cache["title_starts"] = {k[:1] for k in lex.titles}
            cache["title_words"] = {w for k in lex.titles for w in k}
        self.title_starts, self.title_words = cache["title_starts"], cache["title_words"]
        if "verb_forms" not in cache:  # the first word of every verb trigger form
            cache["verb_forms"] = frozenset(t.words[0] for t in lex.triggers if t.kind == "verb" and t.words)
        self._verb_forms: frozenset[str] = cache["verb_forms"]
        self._speaker: str | None = None
        self._frame: tuple[int, int] | None = None
        self._state: ArticleState | None = None  # the article state of the sentence being read
        self._voice: str | None = None  # the speaker of the sentence, or of the quote it continues
        self._marker_index: dict[str, dict[str, list[Key]]] = cache.setdefault("markers", {})
        #: indexes of all marker classes by word (:meth:`_word_kinds`, :meth:`_marker_hits`)
        self._index: dict[str, dict] = cache.setdefault("marker_indexes", {})
        self._single_words: dict[str, frozenset[str]] = cache.setdefault("single_words", {})
        #: (text, key) -> (:meth:`_keys_of`, :meth:`_whole_keys_of`, marker plan, one-word
        #: marker classes of the key): what :meth:`_doc_lists` reads per token (made once per
        #: pipeline: an emptied memo is still the one :func:`~extractors.memo.bound_memos` trims)
        if "pairs" not in cache:
            cache["pairs"] = word_memo()
        self._pairs: dict[tuple[str, str], tuple] = cache["pairs"]
        self._hits_doc, self._hits_cache = None, {}  # the doc _hits read last and its positions
        self._norms_doc, self._norms_list = None, []  # the doc _is_at read last and its keys
        # first word of a sense cue -> (domain, cue): built once per pipeline
        self._sense_index: dict[str, list[tuple[str, Key]]] | None = cache.get("senses")
        if self._sense_index is None:
            self._sense_index = cache["senses"] = {}
            for domain in lex.senses:
                for cue in lex.marker(f"sense_{domain}"):
                    self._sense_index.setdefault(cue[0], []).append((domain, cue))
        if "sense_firsts" not in cache:
            cache["sense_firsts"] = frozenset(self._sense_index)
        self._sense_firsts: frozenset[str] = cache["sense_firsts"]
        if "trigger_firsts" not in cache:
            cache["trigger_firsts"] = frozenset(self.by_first)
        #: first keys of the trigger rows: a token without one of them opens no trigger
        self._trigger_firsts: frozenset[str] = cache["trigger_firsts"]

    def score(self, frame: str) -> float:
        """Confidence of the statements of a frame, from the language's ``scores.tsv``.

        Raises
        ------
        KeyError
            When the table has no row for the frame (every frame must have one).
        """
        return self.lex.scores[frame]

    # ----------------------------------------------------------------- token tests
    def token_keys(self, tok) -> frozenset[str]:
        """Every key a token may stand for: its clitic readings, with a pronoun suffix removed."""
        return self._keys_of(tok.text, tok.norm_)

    def _keys_of(self, text: str, norm: str) -> frozenset[str]:
        """:meth:`token_keys` of a token given by its text and ``norm_`` (once per process
        for each pair: read from the record of :meth:`_pair_record`)."""
        pair = (text, norm)
        return (self._pairs.get(pair) or self._pair_record(pair))[0]

    def _token_keys(self, text: str, whole: frozenset[str]) -> set[str]:
        """:meth:`_keys_of` computed: ``whole`` (the token's :meth:`_whole_keys_of`) and its
        keys with a pronoun suffix removed."""
        keys = set(whole)
        lookalike = text.endswith(self.g.suffix_lookalikes)  # "عرقلة": ة, not the pronoun ـه
        suffixes = self.g.pronoun_suffixes
        for k in list(keys):
            if not k.endswith(suffixes):
                continue  # (no suffix to remove: one test for all of them)
            for suf in suffixes:
                if lookalike and suf in self.g.masculine_suffixes:
                    continue
                if k.endswith(suf) and len(k) - len(suf) >= 2:  # (doubled verbs: شنه، ردها)
                    stem = k[: -len(suf)]
                    keys.add(stem)
                    for end, repl in self.g.stem_restorations:
                        if stem.endswith(end):
                            keys.add(stem[: -len(end)] + repl)
        return keys

    def _is(self, tok, kind: str) -> bool:
        """True when the token's key is a one-word sequence of marker class ``kind``."""
        return tok.norm_ in (self._single_words.get(kind) or self._words(kind))

    def _is_at(self, doc, i: int, kind: str) -> bool:
        """:meth:`_is` of token ``doc[i]``, read from the doc's key list (:func:`~extractors.tokens.token_norms`)
        without building a spaCy ``Token``; an index outside the doc raises IndexError
        as ``doc[i]`` does, and a negative one counts from the end. The list of the doc read
        last is kept (the rules change no key: :func:`~extractors.tokens.set_reading` keeps
        the same list true, and the pipeline reads no doc again once the rules run)."""
        if doc is not self._norms_doc:
            self._norms_doc, self._norms_list = doc, token_norms(doc)
        return self._norms_list[i] in (self._single_words.get(kind) or self._words(kind))

    def _any_is(self, doc, kind: str, start: int, end: int) -> bool:
        """Whether :meth:`_is_at` holds for a token of ``range(start, end)``, read as one
        slice of the doc's keys where the range lies inside the doc (token by token
        otherwise, with the same IndexError)."""
        words = self._single_words.get(kind) or self._words(kind)
        norms = token_norms(doc)
        if 0 <= start and end <= len(norms):
            return start < end and not words.isdisjoint(norms[start:end])
        return any(norms[k] in words for k in range(start, end))

    def _words(self, kind: str) -> frozenset[str]:
        """The one-word sequences of marker class ``kind`` (once per pipeline and class)."""
        words = self._single_words.get(kind)
        if words is None:
            words = self._single_words[kind] = frozenset(k[0] for k in self.lex.marker(kind) if len(k) == 1)
        return words

    def _positions(self, doc, start: int, end: int, words: tuple[str, ...] = (),
                   seqs: tuple[str, ...] = ()) -> list[int]:
        """Sorted token indices ``i`` in ``[start, end)`` where a frame's test may hold:
        :meth:`_is` ``(doc[i], kind)`` for a marker class of ``words``, or a key sequence of a
        marker class of ``seqs`` starts at ``i`` (whether it fits before a bound is for
        :meth:`_seq_at` to say). A frame that tests every token visits these positions only,
        in the same order, and reads the same results: at any other position every test of
        the listed classes is false.

        The positions of each class are found once per doc (``doc.user_data``). With
        :attr:`visit_all` set, every index of ``[start, end)``."""
        if self.visit_all:
            return list(range(start, end))
        per_doc = doc.user_data.get(_DOC_WORD_AT)
        if per_doc is None:
            per_doc = doc.user_data[_DOC_WORD_AT] = {}
        at = per_doc.get((words, seqs))
        if at is None:
            # the sorted position lists of the classes (most are empty in a doc): their union,
            # sorted; one list as it is
            word_at = self._word_positions(doc)
            parts = [word_at[kind] for kind in words if kind in word_at]
            for kind in seqs:
                hits = self._hits(doc, kind)
                if len(hits) > 1:  # (besides the _LEN entry)
                    parts.append([i for i in hits if i != _LEN])
            if not parts:
                at = []
            elif len(parts) == 1:
                at = sorted(parts[0])  # (ascending already: sorted is a copy, with no second order)
            else:
                at = sorted(set().union(*parts))
            per_doc[(words, seqs)] = at
        if not at:
            return []
        return at[bisect_left(at, start):bisect_left(at, end)]

    def _word_positions(self, doc) -> dict[str, list[int]]:
        """Marker class -> sorted indices of the tokens of ``doc`` whose key is one of its
        one-word sequences (:meth:`_is`), for every class at once: one pass over the doc's
        norms, once per doc."""
        per_doc = doc.user_data.get(_DOC_WORD_AT)
        if per_doc is None:
            per_doc = doc.user_data[_DOC_WORD_AT] = {}
        word_at = per_doc.get(None)
        if word_at is None:
            word_kinds = doc.user_data.get(_DOC_WORD_KINDS)
            if word_kinds is None:
                word_kinds = self._doc_lists(doc)[3]
            word_at = per_doc[None] = {}
            for i, kinds in enumerate(word_kinds):
                if kinds:
                    for kind in kinds:
                        word_at.setdefault(kind, []).append(i)
        return word_at

    def _where(self, doc, name: str, words: frozenset[str]) -> list[int]:
        """Sorted indices of the tokens of ``doc`` whose key is in ``words`` (a word list of
        the lexicon other than a marker class: title starts, head nouns), once per doc and
        ``name`` (every index with :attr:`visit_all` set)."""
        if self.visit_all:
            return list(range(len(doc)))
        per_doc = doc.user_data.get(_DOC_WORD_AT)
        if per_doc is None:
            per_doc = doc.user_data[_DOC_WORD_AT] = {}
        at = per_doc.get(("word_set", name))
        if at is None:
            at = per_doc[("word_set", name)] = [i for i, n in enumerate(token_norms(doc)) if n in words]
        return at

    def _word_kinds(self) -> dict[str, tuple[str, ...]]:
        """Word -> the marker classes that have it as a one-word sequence (once per pipeline)."""
        kinds_of = self._index.get("word_kinds")
        if kinds_of is None:
            lists: dict[str, list[str]] = {}
            for kind, seqs in self.lex.markers.items():
                for seq in seqs:
                    if len(seq) == 1:
                        lists.setdefault(seq[0], []).append(kind)
            kinds_of = self._index["word_kinds"] = {w: tuple(dict.fromkeys(ks)) for w, ks in lists.items()}
        return kinds_of

    def _whole_word_keys(self, tok) -> frozenset[str]:
        """The token's key and its clitic readings, no pronoun suffix removed (once per
        process for each (text, key))."""
        return self._whole_keys_of(tok.text, tok.norm_)

    def _whole_keys_of(self, text: str, norm: str) -> frozenset[str]:
        """:meth:`_whole_word_keys` of a token given by its text and ``norm_`` (read from the
        record of :meth:`_pair_record`)."""
        pair = (text, norm)
        return (self._pairs.get(pair) or self._pair_record(pair))[1]

    def _doc_keys(self, doc) -> list[frozenset[str]]:
        """:meth:`token_keys` of every token of ``doc``, computed once per doc (kept in
        ``doc.user_data``): the frames test markers at every token, and building a spaCy
        ``Token`` each time costs more than the test."""
        keys = doc.user_data.get(_DOC_KEYS)
        if keys is None:
            keys = self._doc_lists(doc)[0]
        return keys

    def _doc_lists(self, doc) -> tuple[list, list, list, list]:
        """Per token of ``doc``, in one pass over its (text, key) pairs, kept in
        ``doc.user_data``: :meth:`token_keys` (:meth:`_doc_keys`), the whole-word keys
        (:meth:`_whole_keys_of`, read by :meth:`_blocked`), the marker plan
        (:meth:`_marker_plan` of the keys, read by :meth:`_marker_hits`) and the marker
        classes of the key's one-word sequences (:meth:`_word_positions`). The rules change
        no key (see :meth:`_is_at`), so the lists hold whenever they are read."""
        known = self._pairs  # (a pair met before is a dict read)
        recs = [known.get(p) or self._pair_record(p) for p in zip(token_texts(doc), token_norms(doc))]
        data = doc.user_data
        # the records' fields as one list each (one transposition instead of a pass per field)
        keys, whole, plans, kinds = map(list, zip(*recs)) if recs else ([], [], [], [])
        out = (data.setdefault(_DOC_KEYS, keys), data.setdefault(_DOC_WHOLE_KEYS, whole),
               data.setdefault(_DOC_PLANS, plans), data.setdefault(_DOC_WORD_KINDS, kinds))
        return out

    def _pair_record(self, pair: tuple[str, str]) -> tuple:
        """What :meth:`_doc_lists` reads for a token of text and key ``pair``: (its keys
        (:meth:`_keys_of`), its whole-word keys (:meth:`_whole_keys_of`), the marker plan of
        its keys, the one-word marker classes of its key), kept for the process in one
        :class:`~extractors.memo.WordMemo` (the keys and the whole-word keys are one
        frozenset when no pronoun suffix was removed)."""
        text, norm = pair
        whole = frozenset({norm} | {r for _p, r, _a in self.readings(text)})
        keys = self._token_keys(text, whole)
        keys = whole if len(keys) == len(whole) else frozenset(keys)  # (keys hold whole: equal)
        rec = (keys, whole, self._marker_plan(keys), self._word_kinds().get(norm))
        self._pairs[pair] = rec
        return rec

    def _marker_firsts(self) -> dict[str, tuple[tuple[str, ...], tuple[tuple[str, Key, int], ...]]]:
        """First key -> (classes of its one-word sequence, (class, longer sequence,
        length)), over every marker class (once per pipeline)."""
        firsts = self._index.get("marker_firsts")
        if firsts is None:
            singles: dict[str, list[str]] = {}
            lists: dict[str, list[tuple[str, Key, int]]] = {}
            for kind, seqs in self.lex.markers.items():
                for seq in seqs:
                    if len(seq) == 1:
                        singles.setdefault(seq[0], []).append(kind)
                    else:
                        lists.setdefault(seq[0], []).append((kind, seq, len(seq)))
            firsts = self._index["marker_firsts"] = {
                k: (tuple(dict.fromkeys(singles.get(k, ()))), tuple(lists.get(k, ()))) for k in singles.keys() | lists}
        return firsts

    def _marker_plan(self, here: frozenset[str]) -> tuple | None:
        """The marker candidates of a token's key set ``here``: (one-word classes, longer
        sequences (class, sequence, length)) of all its keys, None when no marker starts
        with any of them (once per distinct set, up to 200,000 sets)."""
        plans = self._index.get("marker_plans")
        if plans is None:
            plans = self._index["marker_plans"] = {}
        plan = plans.get(here, 0)
        if plan == 0:
            firsts = self._marker_firsts()
            ones_all: list[str] = []
            longer_all: list[tuple[str, Key, int]] = []
            for k0 in here:
                cands = firsts.get(k0)
                if cands is not None:
                    ones_all += cands[0]
                    longer_all += cands[1]
            plan = (tuple(ones_all), tuple(longer_all)) if ones_all or longer_all else None
            if len(plans) < 200_000:  # (a bounded memo)
                plans[here] = plan
        return plan

    def _seq_at(self, doc, i: int, end: int, kind: str) -> int:
        """Length of the longest key sequence of marker class ``kind`` that starts at token i
        (0 if none); every clitic reading of a token counts.

        The positions where the sequences of every class start are found in one pass per
        doc (:meth:`_hits`), so a test at a token reads a dict."""
        hits = self._hits(doc, kind)
        if not (0 <= i < hits[_LEN] and end <= hits[_LEN]):
            return self._seq_scan(doc, i, end, kind)  # an index outside the doc: read as a list
        for n in hits.get(i, ()):  # longest first
            if i + n <= end:
                return n
        return 0

    def _hits(self, doc, kind: str) -> dict:
        """Token index -> lengths (longest first) of the key sequences of marker class
        ``kind`` that start there in ``doc`` (key :data:`_LEN`: the doc's length); every
        class is found in one pass, once per doc (:meth:`_marker_hits`)."""
        if doc is self._hits_doc:
            per_kind = self._hits_cache
        else:
            per_kind = doc.user_data.get(_DOC_HITS)
            if per_kind is None:
                per_kind = doc.user_data[_DOC_HITS] = self._marker_hits(doc)
                per_kind[_LEN] = {_LEN: len(self._doc_keys(doc))}  # (a class with no sequence in the doc)
            self._hits_doc, self._hits_cache = doc, per_kind
        return per_kind.get(kind) or per_kind[_LEN]

    def _marker_by_first(self, kind: str) -> dict[str, list[Key]]:
        """First key -> the key sequences of marker class ``kind`` (once per pipeline)."""
        by_first = self._marker_index.get(kind)
        if by_first is None:
            by_first = self._marker_index[kind] = {}
            for seq in self.lex.marker(kind):
                by_first.setdefault(seq[0], []).append(seq)
        return by_first

    def _marker_hits(self, doc) -> dict[str, dict]:
        """Marker class -> (token index -> lengths, longest first, of the key sequences of
        the class that start there and fit in the doc; key :data:`_LEN` holds the doc's
        length), for every class with a sequence in the doc: one pass over the doc's token
        keys (:meth:`_doc_keys`), each reading looked up in the index of first keys."""
        keys = self._doc_keys(doc)
        n_keys = len(keys)
        # per token, the candidates of all its keys (one-word classes, longer sequences), None
        # where no marker starts with one of them (:meth:`_marker_plan`, via :meth:`_doc_lists`)
        plans = doc.user_data.get(_DOC_PLANS)
        if plans is None:
            plans = self._doc_lists(doc)[2]
        found: dict[str, dict] = {}  # class -> its hits dict, built in place
        for i, plan in enumerate(plans):
            if plan is None:
                continue
            ones, longer = plan
            for kind in ones:
                hits = found.get(kind)
                if hits is None:
                    hits = found[kind] = {_LEN: n_keys}
                ns = hits.get(i)
                if ns is None:
                    hits[i] = [1]
                elif 1 not in ns:
                    ns.append(1)  # (the shortest: the list stays longest first)
            for kind, seq, n in longer:
                # (the second word tested before the rest: most sequences fail there)
                if i + n <= n_keys and seq[1] in keys[i + 1] and (
                        n == 2 or all(seq[k] in keys[i + k] for k in range(2, n))):
                    hits = found.get(kind)
                    if hits is None:
                        hits = found[kind] = {_LEN: n_keys}
                    ns = hits.get(i)
                    if ns is None:
                        hits[i] = [n]
                    elif n not in ns:
                        ns.append(n)
                        ns.sort(reverse=True)
        return found

    def _seq_scan(self, doc, i: int, end: int, kind: str) -> int:
        """:meth:`_seq_at` read from the token keys as a list (negative indices count from
        the end), for an index the per-doc positions do not cover."""
        by_first = self._marker_by_first(kind)
        keys = self._doc_keys(doc)
        best = 0
        for k0 in keys[i]:
            for seq in by_first.get(k0, ()):
                n = len(seq)
                if n > best and i + n <= end and all(seq[k] in keys[i + k] for k in range(1, n)):
                    best = n
        return best

    def _has_prep(self, tok, prep: str) -> bool:
        """True when the token is the preposition ``prep`` or carries it as a proclitic."""
        if tok.norm_ == prep:
            return True
        return len(prep) == 1 and prep in self._bare_clitic(tok)

    def _bare_clitic(self, tok) -> str:
        """The token's proclitic without the article (وبال -> وب)."""
        proclitic = clitic(tok)
        return proclitic.replace(self.g.article, "") if self.g.article else proclitic

    # ----------------------------------------------------------------- main entry
    def extract(self, sentences: list[Sentence], state: ArticleState) -> list[Fact]:
        """All facts of the article's sentences, in order.

        Parameters
        ----------
        sentences : list[Sentence]
            In article order; each with its entity :class:`Arg` list sorted by position.
        state : ArticleState
            Updated in place.

        Returns
        -------
        list[Fact]
        """
        facts: list[Fact] = []
        state.sole_country = self._home_country(sentences)
        sport = self._sport(sentences)
        for sent in sentences:
            blocked = self._blocked(sent)
            remap = [b.split(">", 1) for b in blocked if ">" in b]
            for f in self._expand_duals(self._sentence(sent, state)):
                for left, right in remap:  # "هاجمها ترامب في كلمته": a verbal attack
                    pred, _, cameo = left.partition("/")
                    if f.predicate == pred and (not cameo or f.cameo == cameo):
                        f.predicate, f.plover, f.cameo = (right.split("/") + ["", ""])[:3]
                        f.cameo = f.cameo or None
                        break
                if f.predicate == "attacks" and f.cameo == "19" and self.entity_cls(f.subject) == "Person":
                    # "شن الزعيم هجوما عنيفا على الحكومة", "هاجمها ترامب": a person's attack is verbal
                    f.predicate, f.plover, f.cameo = "opposes", "ACCUSE", "111"
                if f.mode in ("asserted", "reported") and self._almanac(sent):
                    f.mode = "historical"  # "1955 - اتفاق بين فرنسا وليبيا": a line of an almanac
                if sport and f.plover and f.predicate in ("meetsWith", "attacks") and "Person" not in (
                        self.entity_cls(f.subject), self.entity_cls(f.object)):
                    continue  # "Spain will meet France in the final": a fixture between teams
                if "*" not in blocked and f.predicate not in blocked and self._in_range(f):
                    facts.append(f)
        return facts

    def _sport(self, sentences: list[Sentence]) -> bool:
        """Whether the article reports sport: two different words of marker class
        ``sport_cue`` anywhere in it, headline included ("final", "striker"). Its states and
        clubs then meet and attack on the pitch, not as actors. False in a language without
        the class."""
        if not self.lex.marker("sport_cue"):
            return False
        seen: set[str] = set()
        for sent in sentences:
            doc = sent.doc
            for k in self._positions(doc, sent.start, sent.end, seqs=("sport_cue",)):
                n = self._seq_at(doc, k, sent.end, "sport_cue")
                if n:
                    seen.add(" ".join(t.norm_ for t in doc[k:k + n]))
                    if len(seen) >= 2:
                        return True
        return False

    @staticmethod
    def _expand_duals(facts: list[Fact]) -> list[Fact]:
        """A fact with a dual anaphor ("اتفق البلدان") as subject or object, one fact per state
        it stands for ("التعاون بين البلدين" is read by :meth:`_between_args`). A fact between
        the dual and one of its own states is dropped: the referents are then wrong, or the
        phrase is no fact between states ("بدعم من قيادتي البلدين")."""
        out = []
        for f in facts:
            for attr in ("location", "reported_by", "attributed_to"):
                if (getattr(f, attr) or "").startswith(DUAL):
                    setattr(f, attr, None)
            s_dual, o_dual = f.subject.startswith(DUAL), f.object.startswith(DUAL)
            if not (s_dual or o_dual):
                out.append(f)
                continue
            pair = (f.subject if s_dual else f.object)[len(DUAL):].split("|")
            if s_dual and o_dual or (s_dual and f.object in pair) or (o_dual and f.subject in pair):
                continue  # "المحادثات مع اليونان" by "the two" that include Greece: the pair is wrong
            elif s_dual:
                out += [replace(f, subject=e) for e in pair]
            else:
                out += [replace(f, object=e) for e in pair]
        return out

    def _almanac(self, sent: Sentence) -> bool:
        """True for a line that opens with a year and a dash ("1955 - اتفاق بين فرنسا وليبيا")
        more than a year before the publication: a "this day in history" entry."""
        doc = sent.doc
        text_list = token_texts(doc)
        k = sent.start
        while k < sent.end and (doc[k].is_space or not text_list[k].strip()):
            k += 1
        if k + 1 >= sent.end or not _YEAR.match(text_list[k]) or text_list[k + 1] not in ("-", "–", "—"):
            return False
        return self.published is None or int(text_list[k]) < self.published.year - 1

    def _in_range(self, f: Fact) -> bool:
        """Domain and range of the predicate as ``shapes.ttl`` checks them (:func:`_allowed`:
        a region may stand for its states where the shapes say so), a state is a member of
        an international body, not of a parliament or a ministry, and a news outlet neither
        does nor undergoes the acts of :data:`NOT_BY_OUTLETS`."""
        s_cls, o_cls = self.entity_cls(f.subject), self.entity_cls(f.object)
        if f.predicate == "memberOf" and s_cls == "Country" and o_cls in ("Government", "Person", "Country"):
            return False
        if "NewsOrganization" in (s_cls, o_cls) and f.plover in NOT_BY_OUTLETS:
            return False  # "أجرت مجلة التايم حوارا مع X", "تحدثت بي بي سي عن ... مغادرة": reported, not done
        return s_cls in _allowed(f.predicate, "domain") and o_cls in _allowed(f.predicate, "range")

    def _blocked(self, sent: Sentence) -> set[str]:
        """Predicates the sentence's context rules out (sense checks of ``senses.tsv``:
        a sport fixture, a court ruling, an idiom; a ``<domain>.weak`` cue needs a second cue of
        its domain); ``{"*"}`` blocks every predicate, and an
        entry ``"a/CAMEO>b/PLOVER/CAMEO"`` reads predicate a (from rows with that CAMEO code)
        as b (an assault in a speech is verbal)."""
        doc = sent.doc
        # whole-word readings only (no pronoun suffix removed: "الدورية" is not "الدوري")
        whole = doc.user_data.get(_DOC_WHOLE_KEYS)
        if whole is None:
            whole = self._doc_lists(doc)[1]
        keys = whole[sent.start:sent.end]
        hits: dict[str, set[int]] = {}  # domain -> token positions of its cues
        firsts = self._sense_firsts
        for k, here in enumerate(keys):
            if here.isdisjoint(firsts):
                continue  # (no cue starts with any reading of the token)
            for key in here:
                for domain, cue in self._sense_index.get(key, ()):
                    if all(k + n < len(keys) and cue[n] in keys[k + n] for n in range(1, len(cue))):
                        hits.setdefault(domain, set()).add(k)
        out: set[str] = set()
        for domain, at in hits.items():
            base, weak = domain.removesuffix(".weak"), domain.endswith(".weak")
            # a weak cue blocks only beside a second cue of its domain
            if not weak or len(at | hits.get(base, set()) | hits.get(base + ".weak", set())) >= 2:
                out |= self.lex.senses[domain]
        return out

    def _sentence(self, sent: Sentence, state: ArticleState) -> list[Fact]:
        doc = sent.doc
        by_start = {a.start: a for a in sent.args}
        for k in self._positions(doc, sent.start, sent.end, seqs=("report_from",)):
            # "بحسب سكاي نيوز", "نقلا عن مصادر": a source
            n = self._seq_at(doc, k, sent.end, "report_from")
            if n:
                for a in sent.args:
                    if k + n <= a.start <= k + n + 1:
                        a.role = "source"
        for a in sent.args:  # "نائب خادم الحرمين الشريفين الأمير محمد بن نايف": the deputy acts
            if (a.cls == "Person" and a.start > sent.start and self._is_at(doc, a.start - 1, "subordinate_title")
                    and (self._titled_person_at(sent, a.end) is not None
                         # "أحمد قطان سفير خادم الحرمين الشريفين": the envoy named before acts
                         or any(b.cls == "Person" and b.end in (a.start - 1, a.start - 2) for b in sent.args))):
                a.role = "modifier"
        groups_end = {a.end for a in sent.args if a.cls == "ActorGroup"}
        for a in sent.args:  # "الانفصاليين الموالين لروسيا": Russia is whom the group sides with
            for m in (a.start - 1, a.start - 2):
                if m > sent.start and m in groups_end and self._is_at(doc, m, "affiliated"):
                    a.role = "modifier"
            # "مجموعة الضغط الموالية لإسرائيل": whom an unnamed group sides with acts in nothing
            if a.start - 1 > sent.start and self._is_at(doc, a.start - 1, "partisan") and not any(
                    b.end == a.start - 1 for b in sent.args) and any(
                    c in self._bare_clitic(doc[a.start]) for c in self.g.dative_clitics):
                a.role = "modifier"
        for a in sent.args:
            if a.cls != "ActorGroup":
                continue
            nxt = by_start.get(a.end)
            if nxt is not None and nxt.is_actor and nxt.kind != "demonym":  # "المسلحين الحوثيين": the Houthis'
                a.role = "modifier"
            elif a.end + 1 < sent.end and self._is_at(doc, a.end, "affiliated"):
                a.role = "modifier"  # "مسلحون تابعون لجماعة الحوثي": the group is the Houthis'
        for a in sent.args:  # "أكراد سوريا"، "أبناء الجمهورية اليمنية": a people, not the state acting
            if a.cls == "Country" and a.start > sent.start and (
                    self._is_at(doc, a.start - 1, "people_noun") or a.start - 1 > sent.start
                    and self._is_at(doc, a.start - 2, "people_noun") and has_article(doc[a.start - 1])
                    and not doc[a.start - 1].ent_type_):
                a.role = "modifier"
        for a in sent.args:  # "الصحف البريطانية", "الناشطة السعودية": not the state acting
            # (a definite country name after a definite noun reads as its nisba: السعودية)
            nisba_like = a.cls == "Country" and a.end - a.start == 1 and has_article(doc[a.start]) and (
                a.start > sent.start and has_article(doc[a.start - 1]) and not doc[a.start - 1].ent_type_)
            if a.kind != "demonym" and not nisba_like and not (
                    self.g.modifiers_before_title and a.cls == "Country" and a.end < sent.end
                    and self._is_at(doc, a.end, "civil_head")):  # "UK citizens": not the state
                continue
            prev = next((b for b in sent.args if b.end == a.start), None)
            # "حزب العمال الأسترالي"، "جبهة ... اليسارية المتطرفة التركية": the nisba of a body
            # (its adjectives may stand between) says whose body it is; the state does not act
            # (not a government's or an army's: "الحكومة السورية" is the state)
            k = a.start
            while (k > sent.start + 1 and has_article(doc[k - 1]) and not doc[k - 1].ent_type_
                   and doc[k - 1].norm_.endswith(self.g.name_adjective_endings or ("\0",))):
                k -= 1
            if any(b.end == k and b is not a and b.cls in ORG_LIKE and b.cls not in ("Government", "MilitaryForce")
                   for b in sent.args):
                a.role = "modifier"
            if a.start > sent.start and self._is_at(doc, a.start - 1, "civil_head") or (
                    prev is not None and prev.cls == "ActorGroup") or (
                    self.g.modifiers_before_title and a.end < sent.end and self._is_at(doc, a.end, "civil_head")):
                a.role = "modifier"  # ("متظاهرون أتراك": the group's country, not Turkey acting)
            nxt = by_start.get(a.end) or (by_start.get(a.end + 1) if a.end < sent.end
                                          and token_texts(doc)[a.end] in self.g.commas else None)
            if nxt is not None and nxt.cls == "Person":
                a.role = "modifier"  # "الروسي فلاديمير بوتين": the nisba describes the person
        self._partitives(sent)
        self._resolve_anaphora(sent, state)
        self._state = state
        facts = self._roles(sent, state)
        reported = self._report_frame(sent, state)
        self._voice = self._speaker or (reported[1] if reported else None)  # who says "I" in a quote
        for frame in SENTENCE_FRAMES.values():
            facts += frame(self, sent, state, reported)
        speaker = self._speaker
        triggers = self._find_triggers(sent)
        prev_subject: str | None = None
        used: set[tuple[str, str, str]] = set()
        for ts, te, candidates in triggers:
            if ts > sent.start and all(t.kind == "noun" for t in candidates) and self._is_at(doc, ts - 1, "troop_noun"):
                continue  # "قوات التحالف"، "طيران التحالف": the coalition's name, not an alliance made
            if (all(t.kind == "verb" for t in candidates) and self._is_at(doc, ts, "adverbial_accusative")
                    and te < sent.end and ((token_norms(doc)[te],) in self.lex.marker("preposition") or any(
                        self.g.strip_conj(p_) in self.g.pp_clitics for p_, _k, _a in self.readings(token_texts(doc)[te]) if p_))):
                continue  # "عملا بتقليد شائع", "حرصا على": an accusative of purpose, not a dual verb
            if (te < sent.end and all(t.kind == "verb" for t in candidates) and any(a.end == ts and a.cls == "Person"
                                                                                for a in sent.args)
                    and clitic(doc[te]).startswith(self.g.coordinator) and token_norms(doc)[te] in self.title_words):
                continue  # "جوزيف شيبرد طالب ورئيس هيئة الطلاب": a noun after a name ("student"), not a verb
            clause_s, clause_e = self._clause(sent, ts)
            pairs, trig = [], candidates[0]
            if self._genitive_then_lam(sent, te):
                # "دعم طهران لنظام الأسد": the verbal noun with its agent and its ل-object,
                # though دعم also spells the verb
                candidates = sorted(candidates, key=lambda t: t.kind != "noun")
            # a trigger inside the report frame ("قال الجبير في مؤتمر صحفي عقده مع نظيره إنه"):
            # the frame's reporter and sources are its arguments
            inside = self._frame is not None and (self._frame[0] < ts or (
                # SVO: "X told Y that": the report verb is itself a trigger, Y its object
                not self.g.subject_follows_verb and self._frame[0] == ts)) and ts < self._frame[1]
            saved = [(a, a.role) for a in sent.args if inside and a.role in ("reporter", "source")]
            for a, _r in saved:
                a.role = "arg"
            for trig in candidates:
                pairs = self._arguments(sent, ts, te, trig, clause_s, clause_e, prev_subject, speaker)
                if pairs:
                    break
            for a, role in saved:
                a.role = role
            if pairs and self._is_at(doc, ts, "request_verb"):
                pairs = self._requested(sent, te, pairs)
            if pairs and trig.kind == "noun" and len(trig.preps) == 1 and (trig.preps[0],) in self.lex.marker("title_link") \
                    and self._is_at(doc, ts, "bare_of_noun") and ts > sent.start \
                    and (self._is_at(doc, ts - 1, "preposition") or self._is_at(doc, ts - 1, "title_filler")):
                pairs = []  # "with the support of X": X's support, not support given to X
            if not pairs:
                continue
            mode = self._mode(sent, ts, te, clause_s, reported is not None)
            if trig.tense.startswith("future") and mode in ("asserted", "reported"):
                mode = "intended"  # "ستشن تركيا عمليات": announced, not done
            pred, plover, cameo = trig.predicate, trig.plover, trig.cameo
            if trig.obj == "place" and self._seq_at(doc, ts, te, "holding_verb"):
                # "تسيطر قوات هادي على عدن": holding a place is a presence; "سيطروا على": a seizure
                pred, plover, cameo = "hasMilitaryPresenceIn", "MOBILIZE", "15"
            if mode == "intended" and pred in INTENDED:
                pred = INTENDED[pred]
            elif pred in vocab.INTENDED_PREDICATES:
                mode = "intended" if mode in ("asserted", "reported") else mode
            dates = self._dates(doc, clause_s, clause_e)
            objects_at = {o_: next((a.start for a in sent.args if a.entity_id == o_ and a.start >= ts), None)
                          for _s, o_, _c in pairs}
            involved = {x for s_, o_, _c in pairs for x in (s_, o_)}
            location = self._location(sent, te, clause_e, involved) if trig.obj == "actor" else None
            prev_subject = pairs[0][0]
            state.last_subject = prev_subject
            for subj, obj, conf in pairs:
                p_, plover_, cameo_ = pred, plover, cameo
                if (pred == "attacks" and trig.kind == "verb" and self._is_at(doc, ts, "verbal_attack_verb")
                        and self.entity_cls(obj) == "Person"
                        and self.entity_cls(subj) not in ("ArmedGroup", "ActorGroup", "MilitaryForce")):
                    # "هاجم المسؤولون الإيرانيون نتنياهو": a state or an official attacking a
                    # person attacks in words: criticism (CAMEO 111), not an assault
                    p_, plover_, cameo_ = "opposes", "ACCUSE", "111"
                if obj == subj or (subj, p_, obj) in used:
                    continue
                if (p_ in SYMMETRIC and self._is_at(doc, ts, "report_verb")
                        and "NewsOrganization" in (self.entity_cls(subj), self.entity_cls(obj))):
                    continue  # "X told CBC News": an interview, not a meeting
                used.add((subj, p_, obj))
                conf = round(conf * (self.score("noun") if trig.kind == "noun" else 1.0), 2)
                date = self._date_for(dates, ts, objects_at.get(obj), sorted(p for p in objects_at.values() if p))
                # a present-tense verb or a designation states what holds now; a date in its
                # clause dates another event ("الذي تصفه أنقرة منظمة إرهابية ... تمردا عام 1984")
                fact_mode = mode if trig.tense.startswith("present") or trig.kind == "designate" else \
                    self._dated_mode(mode, date, doc, clause_s, clause_e)
                facts.append(Fact(subj, p_, obj, fact_mode, plover_, cameo_, conf, trig.surface, sent,
                                  date=date, location=location,
                                  reported_by=reported[0] if reported else None,
                                  attributed_to=reported[1] if reported else None))
                if cameo_ == YIELD_CAMEO and self._demanded_by(sent, te, obj):
                    # "Kenya is complying with Uganda's demands": Uganda made them of Kenya
                    facts.append(Fact(obj, "pressures", subj, fact_mode, "DEMAND", "10", conf, trig.surface, sent,
                                      date=date, location=location,
                                      reported_by=reported[0] if reported else None,
                                      attributed_to=reported[1] if reported else None))
        return facts

    def _demanded_by(self, sent: Sentence, te: int, obj: str) -> bool:
        """Whether the object of a yielding verb ("comply with") is named as the author of
        demands: its mention is followed by a possessive and a noun of marker class
        ``demand_noun`` ("Uganda's demands"), or such a noun and a ``title_link`` word stand
        right before it ("the demands of Uganda")."""
        doc = sent.doc
        a = next((b for b in sent.args if b.entity_id == obj and b.start >= te), None)
        if a is None:
            return False
        k = a.end
        if k < sent.end and self._is_at(doc, k, "possessive"):
            k += 1
        elif not token_texts(doc)[a.end - 1].endswith(("'s", "'")):
            k = -1
        if 0 <= k < sent.end and self._is_at(doc, k, "demand_noun"):
            return True
        return a.start - 2 >= te and self._is_at(doc, a.start - 1, "title_link") and self._is_at(doc, a.start - 2, "demand_noun")

    def _requested(self, sent: Sentence, te: int, pairs: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
        """The pairs of a verb of marker class ``request_verb`` ("ask") whose object is asked
        to act: an infinitive marker (marker class ``infinitive``) right after the object's
        mention ("asked Peru to withdraw"; a bracketed acronym may stand between). A question
        ("asked Peru about the talks") or a thing asked for is no demand."""
        doc = sent.doc
        text_list = token_texts(doc)
        keep = []
        for subj, obj, conf in pairs:
            a = next((b for b in sent.args if b.entity_id == obj and b.start >= te), None)
            if a is None:
                continue
            k = a.end
            if k + 2 < sent.end and text_list[k] == "(" and text_list[k + 2] == ")":
                k += 3
            if k < sent.end and self._is_at(doc, k, "infinitive"):
                keep.append((subj, obj, conf))
        return keep

    def _arguments(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int, clause_e: int,
                   prev_subject: str | None, speaker: str | None) -> list[tuple[str, str, float]]:
        """(subject, object, confidence) pairs of one trigger occurrence, by trigger kind."""
        doc = sent.doc
        norm_list = token_norms(doc)
        if trig.kind in ARGUMENT_FRAMES:
            return ARGUMENT_FRAMES[trig.kind](self, sent, ts, te, trig, clause_s, clause_e)
        relative_object = self._relative_object(sent, ts, te, trig)
        if relative_object:
            return relative_object
        relative_agent = self._relative_agent(sent, ts, te, trig, clause_s)
        if relative_agent:
            return relative_agent
        if trig.kind == "noun" and trig.obj == "actor" and trig.predicate not in SYMMETRIC:
            oblique = self._oblique_agent_args(sent, ts, te, trig)
            if oblique:  # "despite opposition from X", "received support from X"
                return oblique
        if trig.kind == "noun" and not trig.preps and trig.obj == "actor" and self.g.subject_follows_verb and (
                any(a.start == te and a.role == "arg" and a.is_actor for a in sent.args)
                or self._titled_person_at(sent, te) is not None
                or te + 1 < sent.end and self._is_at(doc, te, "troop_noun")  # "قصف طائرات التحالف"
                and any(a.start == te + 1 and a.role == "arg" and a.is_actor for a in sent.args)):
            # a direct genitive ("انتقاد واشنطن"); a genitive of a genitive ("إحباط بحث
            # أمريكا") names whose action is the object, as in a verb frame
            return ARGUMENT_FRAMES["genitive"](self, sent, ts, te, trig, clause_s, clause_e)
        if trig.predicate in SYMMETRIC:
            # "اللقاء الذي جرى اليوم بين X وY": the relative clause describes the meeting
            between = self._between_args(sent, te, self._clause(sent, ts, relative=False)[1])
            if between:
                return between
            pair = self._hyphen_pair(sent, ts, te, clause_s, clause_e)
            if pair:
                return pair
            if trig.kind == "noun":
                actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
                first = next((a for a in actors if te <= a.start <= te + 1 and not self._after_prep(doc, a)), None)
                if first is None:  # "اجتماعا لوزراء الخارجية التونسي X والمصري Y": the participants
                    first = self._titled_participant(sent, te, clause_e)
                # ("قوات التحالف في العراق وسوريا": places, not allies)
                rest = self._coordinated(sent, first, actors, clause_e) if first else []
                if rest:  # a meeting of several: every pair of participants
                    party = [first] + rest
                    return [(a.entity_id, b.entity_id, self.score("between"))
                            for n, a in enumerate(party) for b in party[n + 1:] if a.entity_id != b.entity_id]
        suffixed = norm_list[te - 1] != trig.words[-1]  # a pronoun suffix: "انسحابهم"
        subj, sconf = None, 0.0
        if trig.tense.endswith(FIRST_PERSON_TENSE):  # "ندعم حق إسرائيل": the quoted speaker acts
            if not speaker:
                return []
            objs = self._objects(sent, ts, te, trig, clause_s, clause_e, {speaker})
            return [(speaker, o_, min(0.75, oc)) for o_, oc in objs]
        if trig.kind == "noun" and suffixed and norm_list[te - 1].endswith(
                self.g.masculine_suffixes + self.g.feminine_suffixes):
            # the suffix is the agent: masculine ـه the last person named ("واجتماعه مع
            # الملك"), feminine ـها the last state or organization ("وتدخلها في اليمن")
            fem = norm_list[te - 1].endswith(self.g.feminine_suffixes)
            cands = [a for a in reversed(sent.args) if a.end <= ts and a.is_actor and a.kind != "demonym"
                     and (a.cls != "Person") == fem and a.role in ("arg", "reporter")
                     and not self._in_pp(doc, a)]  # ("في أفغانستان حتى بعد تحالفها": not Afghanistan)
            subj = cands[0] if cands else None
            if subj is not None and fem and any(self._is(t, "states") for t in doc[subj.end:ts]):
                subj = None  # "الضغط على دول المنطقة للحد من تعاونها": ـها may be the plural states
            sconf = 0.7
        if subj is None and trig.kind == "noun":
            subj, sconf = self._possessor(sent, ts, clause_s)
        by = self._agent_by(sent, te)  # "العقوبات المتخذة ضد روسيا من قبل الاتحاد الأوروبي"
        if subj is None and by is None and trig.kind == "noun" and te < sent.end and self._is_at(doc, te, "occurred_verb"):
            return []  # "بعد هجوم وقع على مركز للشرطة": an event that happened names no agent
        if (subj is None and by is None and trig.kind == "verb" and ts - 1 > sent.start
                and self._is_at(doc, ts - 1, "relative") and not any(a.end == ts - 1 and a.is_actor for a in sent.args)):
            return []  # "الجريمة التي استهدفت أمن المملكة": the verb's subject is the crime, no actor
        if subj is None:
            subj, sconf = self._subject(sent, ts, te, trig, clause_s, by)
            if subj is not None and trig.kind == "noun" and by is None and self._governed_noun(doc, subj, ts, clause_s):
                subj = None  # "أدانت السعودية الهجوم على القنصلية": condemned, did not attack
        if (subj is not None and trig.plover in MOVEMENT_CATEGORIES and subj.kind == "demonym" and subj.start > sent.start
                and (self._is_at(doc, subj.start - 1, "vehicle_noun") or self._is_at(doc, subj.start - 1, "civil_head"))):
            return []  # "طائرة عمانية غادرت مطار صنعاء": a plane, not Oman's forces, left
        if trig.plover == "RETREAT" and not trig.preps and subj is not None and subj.cls == "Person":
            return []  # "أوباما الذي غادر الولايات المتحدة": a person leaving a country travels
        if trig.plover == "RETREAT" and self._any_is(doc, "envoy_noun", te, min(sent.end, te + 3)):
            return []  # "withdrew its ambassador from Australia": a recall (SANCTION), no retreat
        subjects: list[tuple[str, float]] = []
        if subj is not None:
            subjects = [(subj.entity_id, sconf)]
            actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
            if subj.end <= ts:  # "تسعى قطر والولايات المتحدة": coordinated subjects
                subjects += [(a.entity_id, sconf * 0.9) for a in self._coordinated(sent, subj, actors, ts)]
            elif trig.kind == "verb":  # VSO: "اتفقت روسيا وتركيا على..."
                subjects += [(a.entity_id, sconf * 0.9) for a in self._coordinated(sent, subj, actors, clause_e)]
        else:
            opener = doc[clause_s - 1] if clause_s > sent.start else None
            if (speaker and opener is not None and self._pronoun_opener(opener)
                    and self._any_is(doc, "report_verb", sent.start, clause_s)):
                subjects = [(speaker, 0.75)]  # "قالت الدوحة إنها تبحث...": the speaker
            elif (speaker and self._frame is not None and ts < self._frame[0]
                  and self._any_is(doc, "first_person", max(sent.start, ts - 3), ts)):
                subjects = [(speaker, 0.75)]  # '"We condemn Iran," Canada said': the speaker
            elif trig.tense.endswith(DUAL_TENSE) and (pair := self._dual_actors(sent, ts)):
                # "إذ التقيا ... عندما وقعا إعلان": the two persons named last
                subjects = [(e, 0.6) for e in pair]
                if trig.predicate in SYMMETRIC:
                    return [(pair[0], pair[1], 0.6)]
            elif prev_subject is not None and (trig.kind == "verb" or suffixed) and not self._unnamed_subject(
                    sent, clause_s, ts):
                subjects = [(prev_subject, 0.6)]
        if not subjects:
            return []
        # VSO: the object comes after the subject ("دعا لافروف إيران إلى...")
        obj_from = te
        if subj is not None and subj.start >= te and subj is not by:
            chain = [subj] + self._coordinated(sent, subj, [a for a in sent.args if a.role == "arg" and a.is_actor],
                                               clause_e)
            obj_from = max(te, chain[-1].end)
            nisba = next((a for a in sent.args if a.start == obj_from and a.kind == "demonym"), None)
            if nisba is not None:  # "اقتحمت قوات الاحتلال الإسرائيلية المخيم": the subject's adjective
                obj_from = nisba.end
            hit = self._title_at(doc, obj_from, clause_e) if obj_from < clause_e else None
            if hit is not None:
                # "دعا صلاح الدين دمرداش زعيم حزب الشعوب ... حزب العمال إلى": the subject's title
                # and the body it names are no object
                j = obj_from + hit[0]
                while (j < clause_e and j < obj_from + hit[0] + 2 and has_article(doc[j]) and doc[j].is_alpha
                       and not doc[j].ent_type_ and doc[j].norm_.endswith(self.g.adjective_endings or ("\0",))):
                    j += 1  # "الرئيس التنفيذي لشركة": the title's adjective
                body = next((a for a in sent.args if a.start == j and a.cls in ORG_LIKE), None)
                if body is not None:  # ("هنأ بوتين الرئيس السوري": a title of the object, kept)
                    obj_from = body.end
                    # the body's own nisba ("لشركة أرامكو السعودية") is no object either
                    nisba = next((a for a in sent.args if a.start == obj_from and a.cls == "Country"), None)
                    if nisba is not None:
                        obj_from = nisba.end
        if trig.predicate == "supports" and not suffixed and self._abstract_complement(sent, te):
            return []  # "دعم التصدي لداعش", "دعم المحادثات بين...": what is supported is no actor
        objs = self._objects(sent, ts, obj_from, trig, clause_s, clause_e, {s_ for s_, _ in subjects})
        if not objs and trig.plover in MOVEMENT_CATEGORIES and trig.obj == "place":
            # "بسحب القوات الروسية المنتشرة في هذا البلد": the place the troops are stationed in
            k = next((k for k in range(obj_from, min(clause_e, obj_from + 6)) if self._is_at(doc, k, "stationed")), None)
            if k is not None and k + 1 < sent.end and norm_list[k + 1] == self.g.locative:
                end = self._part_of_place(doc, k + 2, sent.end)
                place = next((a for a in sent.args if a.start == end and a.is_place and a.role == "arg"), None)
                if place is not None and place.entity_id not in {s_ for s_, _ in subjects}:
                    objs = [(place.entity_id, 0.8)]
        if not trig.preps and trig.obj == "actor" and len(trig.words) > 1 and subj is not None and subj.end < te:
            # VSO inside a split trigger: "حملت واشنطن دمشق المسؤولية": the object after the subject
            inner = next((a for a in sent.args if a.role == "arg" and a.is_actor and max(ts, subj.end) <= a.start
                          and a.end < te and a.entity_id not in {s_ for s_, _ in subjects}), None)
            if inner is not None:
                objs = [(inner.entity_id, 0.85)]
        if not objs and trig.predicate in SYMMETRIC and len(subjects) > 1:
            # "اتفقت الصين وتركيا على تعزيز التعاون": the coordinated parties among themselves,
            # every pair ("اتفقت تونس والجزائر ومصر")
            return [(a_, b_, min(ac, bc) * 0.9) for n, (a_, ac) in enumerate(subjects)
                    for b_, bc in subjects[n + 1:]]
        return [(s_, o_, min(sc, oc)) for s_, sc in subjects for o_, oc in objs]

    def _possessor(self, sent: Sentence, ts: int, clause_s: int) -> tuple[Arg | None, float]:
        """The agent a possessive determiner before a verbal noun stands for (marker classes
        ``possessive_it``: "its strong alliance with the US", the last state or organization
        of the sentence; ``possessive_he``: "his talks with X", the last person); (None, 0)
        when no such determiner stands within three words before the noun."""
        doc = sent.doc
        for kind, person in (("possessive_it", False), ("possessive_he", True)):
            if not any(self._is_at(doc, k, kind) for k in range(max(sent.start, ts - 3), ts)):
                continue
            subj = next((a for a in reversed(sent.args) if a.end <= ts and a.is_actor and a.kind != "demonym"
                         and (a.cls == "Person") == person and a.role in ("arg", "reporter")
                         and not self._in_pp(doc, a)), None)
            return subj, 0.7
        return None, 0.0

    def _hyphen_pair(self, sent: Sentence, ts: int, te: int, clause_s: int, clause_e: int) -> list[tuple[str, str, float]]:
        """Two actors joined by a hyphen in the phrase of a symmetric trigger ("the US-India
        agreement", "signed a deal on China-UK tourism"): one pair, from a compound right
        before the trigger or within four words after it."""
        doc = sent.doc
        actors = [a for a in sent.args if a.is_actor and a.cls != "Person"]
        for a in actors:
            near = (ts - 3 <= a.start and a.end <= ts) or (te <= a.start <= te + 4)
            if not near or not (clause_s <= a.start < clause_e) or a.end + 1 >= sent.end or token_texts(doc)[a.end] != "-":
                continue
            b = next((x for x in actors if x.start == a.end + 1 and x.entity_id != a.entity_id), None)
            if b is not None:
                return [(a.entity_id, b.entity_id, self.score("between"))]
        return []

    def _unnamed_subject(self, sent: Sentence, clause_s: int, ts: int) -> bool:
        """SVO only: a content word outside every entity before the verb in its clause is a
        subject the rules cannot name ("after troops opened fire": the troops, not the
        previous sentence subject); stop words, "-ly" adverbs and mode markers are not."""
        if self.g.subject_follows_verb:
            return False
        doc = sent.doc
        taken = {k for a in sent.args for k in range(a.start, a.end)}
        for k in range(clause_s, ts):
            t = doc[k]
            if k in taken or not t.is_alpha or t.norm_ in self.lex.stopwords or t.lower_.endswith("ly"):
                continue
            if self._is(t, "date_word") or (t.norm_,) in self.months:
                continue  # "Iraq said on Monday it would": a date is no subject
            if any(self._seq_at(doc, j, ts, kind) for kind in ("intent", "negation", "hypothetical", "obligation")
                   for j in range(max(clause_s, k - 2), k + 1)):
                continue
            return True
        return False

    def _reported_unnamed_subject(self, sent: Sentence, start: int, ts: int) -> bool:
        """SVO only: a report verb stands between ``start`` (the end of the subject candidate)
        and the trigger at ``ts``, and the reported clause after it has a subject the rules
        cannot name before the trigger ("Dalton said the administration should impose
        sanctions": the administration, not Dalton). False when no report verb stands there
        or the reported clause's subject is a pronoun ("Iraq said it would attack")."""
        if self.g.subject_follows_verb:
            return False
        doc = sent.doc
        rv = next((k for k in range(ts - 1, start - 1, -1) if self._is_at(doc, k, "report_verb")), None)
        return rv is not None and self._unnamed_subject(sent, rv + 1, ts)

    def _oblique_agent_args(self, sent: Sentence, ts: int, te: int, trig: Trigger) -> list[tuple[str, str, float]]:
        """A verbal noun whose agent stands in an oblique phrase (marker class
        ``agent_from``: "despite opposition from the US and Japan", "received support from
        X"): that actor (and those coordinated with it, or a "from X to Y" range) is the
        subject, and the object is the main clause's subject, the first actor of the
        sentence before the noun that no preposition governs. Nothing when the language has
        no such markers, or when the phrase does not follow the noun within three words."""
        doc = sent.doc
        if not self.lex.marker("agent_from"):
            return []
        k = next((j for j in range(te, min(sent.end, te + 3)) if self._seq_at(doc, j, sent.end, "agent_from")), None)
        if k is None or any(t.text in self.g.name_end_punctuation or (t.norm_,) in self.lex.marker("preposition")
                            for t in doc[te:k]):
            return []
        n = self._seq_at(doc, k, sent.end, "agent_from")
        actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
        _cs, clause_e = self._clause(sent, k)
        agent = next((a for a in actors if k + n <= a.start <= k + n + 1), None) or self._titled_person_at(sent, k + n)
        if agent is None:
            return []
        chain = [agent] + self._coordinated(sent, agent, actors, clause_e)
        end = chain[-1].end
        if end < clause_e and token_norms(doc)[end] == self.g.allative:  # "from A to B": a range of agents
            other = next((a for a in actors if end + 1 <= a.start <= end + 2), None) or self._titled_person_at(sent, end + 1)
            if other is not None:
                chain.append(other)
        main = next((a for a in actors if a.end <= ts and a not in chain and not self._in_pp(doc, a)), None)
        if main is None:
            return []
        main = self._apposed_person(doc, main, actors)
        conf = self.score("oblique_agent")
        return [(a.entity_id, main.entity_id, conf) for a in chain if a.entity_id != main.entity_id]

    @argument_frame("genitive")
    def _genitive_args(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int,
                       clause_e: int) -> list[tuple[str, str, float]]:
        """A verbal noun with no preposition ("انتقاد واشنطن لموسكو"): the actor right after
        it is its agent, the actor after ل its object; after an accusation a charge with ب
        makes the genitive the object ("اتهام الدوحة بدعم الإرهاب"), after other nouns the ب
        phrase is what is condemned and its nisba the object ("تنديد قطر بالغارات
        الإسرائيلية"); otherwise the genitive is ambiguous (agent or object: "معارضة روسيا
        لإعادة فرض...") and nothing is said."""
        doc = sent.doc
        actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
        at = te + 1 if te + 1 < clause_e and self._is_at(doc, te, "troop_noun") else te  # "قصف طائرات التحالف"
        agent = next((a for a in actors if a.start == at), None) or self._titled_person_at(sent, te)
        if agent is None:  # ("دعوة الرئيس رجب طيب أردوغان": the titled person is the agent)
            return []
        chain = [agent] + self._coordinated(sent, agent, actors, clause_e)
        end = chain[-1].end
        charge = end < clause_e and any(p.replace(self.g.article, "") in self.g.instrumental_clitics
                                        for p, _k, _a in self.readings(token_texts(doc)[end]) if p)
        if charge and trig.cameo != "112":
            # "تنديد قطر بالغارات الإسرائيلية": the thing condemned, and its nisba its author
            nisba = next((a for a in actors if end < a.start <= end + 2 and a.kind == "demonym"), None)
            return [(a.entity_id, nisba.entity_id, self.score("genitive_charge")) for a in chain
                    if a.entity_id != nisba.entity_id] if nisba else []
        if charge:
            # "اتهام الدوحة بدعم الإرهاب": a charge follows, so the genitive is the object and
            # the agent is the nearest actor before the noun
            agent_before = next((a for a in reversed(actors) if a.end <= ts and not self._in_pp(doc, a)), None)
            return [(agent_before.entity_id, a.entity_id, self.score("genitive_charge")) for a in chain] if agent_before else []
        target = next((a for a in actors if end <= a.start <= end + 1 and a.start < clause_e
                       and any(c in self._bare_clitic(doc[a.start]) for c in self.g.dative_clitics)), None)
        if target is None and trig.plover == "ASSAULT" and end < clause_e and any(
                c in self._bare_clitic(doc[end]) for c in self.g.dative_clitics):
            # "قصف طائرات التحالف لأربعة مخازن للأسلحة لتنظيم داعش": the armed owner of the facilities struck
            k = next((k for k in range(end, min(clause_e, end + 3)) if self._is_at(doc, k, "military_facility")), None)
            if k is not None:
                target = next((a for a in actors if k < a.start <= k + 5 and a.start < clause_e
                               and a.cls in ("ArmedGroup", "MilitaryForce", "ActorGroup")
                               and any(c in self._bare_clitic(doc[a.start]) for c in self.g.dative_clitics)), None)
        if target is None:
            return []
        return [(a.entity_id, target.entity_id, self.score("genitive")) for a in chain]

    def _relative_object(self, sent: Sentence, ts: int, te: int, trig: Trigger) -> list[tuple[str, str, float]]:
        """"إيران، التي هاجمها الرئيس دونالد ترامب", "قبرص الذي تحتله تركيا": a verb right
        after a relative pronoun, carrying an object pronoun and followed by its own subject,
        has the antecedent as its object."""
        doc = sent.doc
        norm_list = token_norms(doc)
        if (trig.kind != "verb" or trig.preps or trig.obj not in ("actor", "place") or ts - 1 <= sent.start
                or not self._is_at(doc, ts - 1, "relative") or norm_list[te - 1] == trig.words[-1]
                or not norm_list[te - 1].endswith(self.g.third_person_suffixes)):
            return []
        k = ts - 2
        while k > sent.start and token_texts(doc)[k] in self.g.commas:
            k -= 1
        # ("قبرص الذي تحتله تركيا": a place row's antecedent is the place)
        ante = next((a for a in sent.args if a.end == k + 1 and (a.is_place if trig.obj == "place" else a.is_actor)
                     and a.role != "modifier"), None)
        subj = next((a for a in sent.args if te <= a.start <= te + 1 and a.is_actor and a.role == "arg"), None) \
            or self._titled_person_at(sent, te)
        if ante is None or subj is None or subj.entity_id == ante.entity_id:
            return []
        return [(subj.entity_id, ante.entity_id, self.score("relative_object"))]

    def _dual_actors(self, sent: Sentence, ts: int) -> tuple[str, str] | None:
        """The two actors a dual verb with no subject stands for ("التقيا"): the last two
        distinct persons named in the article up to the verb, when the sentence names no
        other person before it; else the two states of :meth:`_dual_referents`; None when
        neither is sure."""
        state = self._state
        if state is None or not self.g.dual_endings:
            return None
        doc = sent.doc
        clause_s, _ce = self._clause(sent, ts)
        if any(has_article(t) and t.is_alpha and not t.ent_type_ and t.norm_.endswith(self.g.dual_endings)
               for t in doc[max(clause_s, ts - 4):ts]):
            return None  # "وكان الرئيسان التقيا": a dual noun names them, not the last two persons
        prev = doc[ts - 1] if ts > sent.start else None
        if prev is not None and not any(a.end == ts and a.cls == "Person" for a in sent.args) and not (
                prev.text in self.g.commas or prev.norm_ in self.g.complementizers or self._is(prev, "verbal_particle")
                                     or (prev.norm_,) in self.lex.marker("clause") or self._is(prev, "temporal")
                                     or prev.norm_ == self.g.coordinator or self._is(prev, "copula")):
            return None  # "يقدم عملا منتجا", "عملا بتقليد": the accusative noun, not a dual verb
        here = [a.entity_id for a in sent.args if a.end <= ts and a.cls == "Person"]
        persons = list(dict.fromkeys(reversed(state.persons + here)))
        if len(persons) >= 2 and len(set(here)) <= 2:
            return persons[1], persons[0]
        pair = self._dual_referents(sent, state, ts)
        return (pair[0], pair[1]) if pair else None

    def _titled_participant(self, sent: Sentence, te: int, clause_e: int) -> Arg | None:
        """The first person of a plural title phrase right after a meeting noun ("اجتماعا
        لوزراء الخارجية التونسي خميس الجهيناوي والمصري سامح شكري"): only title words (with
        or without ل) and nisba modifiers stand between the noun and the person."""
        doc = sent.doc
        k = te
        modifiers = {a.start: a.end for a in sent.args if a.role == "modifier"}
        while k < min(clause_e, te + 6):
            person = next((a for a in sent.args if a.start == k and a.cls == "Person" and a.role == "arg"), None)
            if person is not None:
                return person if k > te else None
            if k in modifiers:
                k = modifiers[k]
            elif not self.token_keys(doc[k]).isdisjoint(self.title_words):
                k += 1
            else:
                return None
        return None

    def _relative_agent(self, sent: Sentence, ts: int, te: int, trig: Trigger,
                        clause_s: int) -> list[tuple[str, str, float]]:
        """A verbal noun followed by a relative clause whose verb performs it (marker class
        ``performing_verb``, with the object pronoun that points back at the noun) and whose
        subject is an actor: "الغارات التي شنتها إسرائيل على غزة", "الضربات التي وجهتها
        القاهرة لمجموعات شرقي ليبيا". That actor (and those coordinated with it) is the agent;
        the objects are the noun's, read after the agent within the relative clause. At most
        two adjectives stand between the noun and the relative pronoun ("الغارات الجوية
        التي"). Nothing for other verbs ("العقوبات التي رفضتها روسيا": Russia is no agent)."""
        if trig.kind != "noun":
            return []
        doc = sent.doc
        k = te
        while k < min(sent.end, te + 2) and has_article(doc[k]) and not doc[k].ent_type_ \
                and not self._is_at(doc, k, "relative"):
            k += 1
        if k + 2 >= sent.end or not self._is_at(doc, k, "relative"):
            return []
        v = k + 1
        if not token_norms(doc)[v].endswith(self.g.third_person_suffixes):
            return []
        actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
        _cs, clause_e = self._clause(sent, v)
        if self._seq_at(doc, v, v + 1, "performing_verb_first") and self._voice:
            # "المباحثات التي أجريتها ... مع الرئيس أردوغان" in a quote: the speaker
            objs = self._objects(sent, ts, v + 1, trig, clause_s, clause_e, {self._voice})
            return [(self._voice, o_, min(0.75, oc)) for o_, oc in objs]
        if not self._seq_at(doc, v, v + 1, "performing_verb"):
            return []
        agent = next((a for a in actors if a.start == v + 1), None) or self._titled_person_at(sent, v + 1)
        if agent is None:
            return []
        chain = [agent] + self._coordinated(sent, agent, actors, clause_e)
        agents = {a.entity_id for a in chain}
        objs = self._objects(sent, ts, chain[-1].end, trig, clause_s, clause_e, agents)
        conf = self.score("relative_agent")
        return [(a.entity_id, o_, min(conf, oc)) for a in chain for o_, oc in objs]

    def _genitive_then_lam(self, sent: Sentence, te: int) -> bool:
        """True when an actor follows the trigger and an actor with ل follows that actor."""
        first = next((a for a in sent.args if a.start == te and a.is_actor), None)
        if first is None or first.end >= sent.end:
            return False
        lam = sent.doc[first.end]  # "لنظام بشار الأسد": ل may sit on the noun before the actor
        return any(c in self._bare_clitic(lam) for c in self.g.dative_clitics) and any(
            a.is_actor and first.end <= a.start <= first.end + 1 for a in sent.args)

    def _abstract_complement(self, sent: Sentence, te: int) -> bool:
        """True when a definite common noun (no entity, no title) follows the trigger: its
        complement is an act or a thing ("دعم التصدي لتنظيم داعش")."""
        if te >= sent.end:
            return False
        t = sent.doc[te]
        if any(c in self._bare_clitic(t) for c in self.g.pp_clitics):
            return False  # "تأييدها للضربات الإسرائيلية": a prepositional object
        return (has_article(t) and t.is_alpha and not t.ent_type_ and t.norm_ not in self.title_words
                and t.norm_ not in self.lex.stopwords and not any(a.start == te for a in sent.args))

    def _pronoun_opener(self, tok) -> bool:
        """A clause opener carrying the subject pronoun: لكنها، إنها، أنه، بأنهم..."""
        return tok.norm_.endswith(self.g.third_person_suffixes) and any(
            tok.norm_.startswith(m[0]) for m in self.lex.marker("clause") if len(m) == 1 and len(m[0]) >= 2)

    def _between_args(self, sent: Sentence, te: int, clause_e: int) -> list[tuple[str, str, float]]:
        """"لقاء/حوار/تعاون بين X وY": a symmetric fact between the two coordinated actors."""
        doc = sent.doc
        norm_list = token_norms(doc)
        k = next((k for k in range(te, min(clause_e, te + 12)) if norm_list[k] == self.g.between), None)
        if k is None:
            return []
        if self._any_is(doc, "relative", te + 2, k):
            return []  # "الاجتماع تفعيل اتفاقية التبادل التي تم توقيعها بين": the pact's parties
        actors = [a for a in sent.args if a.role == "arg" and (a.is_actor or a.cls == "Region")]
        first = next((a for a in actors if k < a.start <= k + 6), None)
        if first is None:
            return []
        if first.entity_id.startswith(DUAL):  # "التعاون بين البلدين": among the states it stands for
            group = first.entity_id[len(DUAL):].split("|")
            return [(a, b, self.score("between")) for n, a in enumerate(group) for b in group[n + 1:]]
        party = [first] + self._coordinated(sent, first, actors, clause_e)  # every pair of the parties
        return [(a.entity_id, b.entity_id, self.score("between"))
                for n, a in enumerate(party) for b in party[n + 1:] if a.entity_id != b.entity_id]

    @argument_frame("passive")
    def _passive_args(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int,
                      clause_e: int) -> list[tuple[str, str, float]]:
        """"X المدعومة من Y", "حصلت X على الدعم من Y": Y is the subject, X the object. X ends
        at most three words before the trigger (the noun the participle describes, the
        receiver of the support); a support named far from any receiver ("والدعم المهول من
        الولايات المتحدة") or with the instrumental ب ("وبدعم من طيران التحالف، تمكنت هذه
        القوات": the receiver may stand anywhere) says nothing."""
        actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
        k = self._prep_after(sent, te, trig, window=4)
        if k is None:
            return []
        agent = next((a for a in actors if k <= a.start <= k + 3 and a.start < clause_e), None)
        if self.g.strip_conj(clitic(sent.doc[ts])) in self.g.instrumental_clitics:
            return []  # "وبدعم من طيران التحالف، تمكنت هذه القوات": whom it helps stands anywhere
        patient = next((a for a in reversed(actors) if clause_s <= a.start and a.end <= ts and ts - a.end <= 3), None)
        if agent is None or patient is None:
            return []
        agents = [agent] + self._coordinated(sent, agent, actors, clause_e)
        return [(a.entity_id, patient.entity_id, self.score("passive")) for a in agents]

    @argument_frame("designate")
    def _designate_args(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int,
                        clause_e: int) -> list[tuple[str, str, float]]:
        """"تعتبر تركيا حركة X جماعة إرهابية": the clause subject designates the actor
        right before the label; in a relative clause ("X الذي تصفه أنقرة وواشنطن منظمة
        إرهابية") every actor of the clause designates the antecedent."""
        doc = sent.doc
        actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
        ante = next((a for a in actors if clause_s - 2 >= sent.start and self._is_at(doc, clause_s - 1, "relative")
                     and a.end == clause_s - 1), None)
        if ante is not None:
            # "حزب العمال الذي تصفه أنقرة وواشنطن والاتحاد الأوروبي منظمة إرهابية": the antecedent
            # is designated, by every actor named in the relative clause
            by = [a for a in actors if clause_s <= a.start and a.end <= ts and not self._in_pp(doc, a)
                  and a.entity_id != ante.entity_id]
            return [(a.entity_id, ante.entity_id, self.score("designate")) for a in by]
        target = next((a for a in reversed(actors) if a.end <= ts and ts - a.end <= 2 and a.start >= clause_s), None)
        if target is None:
            return []
        subj = next((a for a in actors if clause_s <= a.start and a.end <= target.start and not self._in_pp(doc, a)),
                    None)
        return [(subj.entity_id, target.entity_id, self.score("designate"))] if subj else []

    @argument_frame("clash")
    def _clash_args(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int,
                    clause_e: int) -> list[tuple[str, str, float]]:
        """Clashes between two sides ("اشتباكات بين X وY", "بين X وY من جهة وZ من جهة
        أخرى"): each side attacks the other (PLOVER ASSAULT, fighting is mutual). Without the
        "من جهة" split only two coordinated parties are two sides; more are left alone."""
        doc = sent.doc
        k = next((k for k in range(te, min(clause_e, te + 3)) if token_norms(doc)[k] == self.g.between), None)
        if k is None:
            return []
        actors = [a for a in sent.args if a.role == "arg" and a.is_actor and a.start > k]
        first = next((a for a in actors if a.start <= k + 4), None)
        if first is None or any(t.is_alpha and not t.ent_type_ and not self._is(t, "title_filler")
                                and t.norm_ not in self.lex.stopwords and t.norm_ not in (self.g.each, self.g.ablative)
                                and t.norm_ not in self.title_words and not self._is(t, "troop_noun")
                                and not self._is(t, "affiliated") for t in doc[k + 1:first.start]):
            # "بين المقاومة الشعبية وميليشيات الحوثي وصالح": a first side the rules did not
            # name; the named ones are on the other side, not fighting each other (but "بين
            # القوات الموالية للرئيس هادي": Hadi's forces)
            return []
        split = next((j for j in range(first.end, min(sent.end, first.end + 12))
                      if self._seq_at(doc, j, sent.end, "side")), None)
        if split is not None:
            side_a = [first] + [a for a in self._coordinated(sent, first, actors, split) if a.end <= split]
            second = next((a for a in actors if a.start > split and a.start <= split + 5), None)
            if second is None:
                return []
            side_b = [second] + self._coordinated(sent, second, actors, sent.end)
        else:
            rest = self._coordinated(sent, first, actors, clause_e)
            if len(rest) != 1:
                return []
            side_a, side_b = [first], rest
        conf = self.score("clash")
        return [(x.entity_id, y.entity_id, conf) for x in side_a for y in side_b if x.entity_id != y.entity_id] + \
            [(y.entity_id, x.entity_id, conf) for x in side_a for y in side_b if x.entity_id != y.entity_id]

    @argument_frame("list")
    def _list_args(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int,
                   clause_e: int) -> list[tuple[str, str, float]]:
        """Sanctions lists: "أدرجت واشنطن X على قائمة العقوبات", "X مدرج على لائحة العقوبات
        الأمريكية", "شملت قائمة العقوبات الأميركية X، Y": the list's owner sanctions the items."""
        doc = sent.doc
        actors = [a for a in sent.args if a.role == "arg" and a.is_actor]
        owner = next((a for a in actors if te <= a.start <= te + 2 and a.cls == "Country"), None)
        if owner is None:
            owner = next((a for a in actors if clause_s <= a.start and a.end <= ts and a.cls in ("Country", "Government",
                                                                                             "InternationalOrganization")), None)
        if owner is None:
            return []
        listing = self._any_is(doc, "list_verb", max(sent.start, ts - 2), ts)
        if listing:  # the items follow the list
            items = [a for a in actors if a.start >= te and a.entity_id != owner.entity_id and a.cls != "Country"
                     and a.kind != "demonym"]
        else:
            items = [a for a in actors if clause_s <= a.start and a.end <= ts and a.entity_id != owner.entity_id
                     and a.kind != "demonym"][-1:]
        return [(owner.entity_id, a.entity_id, self.score("list")) for a in items]

    @argument_frame("member")
    def _member_args(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int,
                     clause_e: int) -> list[tuple[str, str, float]]:
        """"X عضو في ORG"; "دول أعضاء في ORG، وهي A وB"; "الدول دائمة العضوية في ORG (A وB)"."""
        doc = sent.doc
        k = next((k for k in range(te, min(sent.end, te + 3)) if token_norms(doc)[k] == self.g.locative), None)
        orgs = [a for a in sent.args if a.role == "arg" and a.cls in ORG_LIKE]
        org = next((a for a in orgs if (k if k is not None else te) <= a.start <= te + 3), None)
        if org is None:
            return []
        members = [a for a in sent.args if a.role == "arg" and a.cls in ("Country", "Person", "Organization")
                   and a.entity_id != org.entity_id]
        after = next((a for a in members if org.end <= a.start <= org.end + 3), None)
        if after is not None and not any(t.text in self.g.list_openers or self._is(t, "bridge")
                                         or t.norm_ in self.g.copular_pronouns
                                         for t in doc[org.end:after.start]):
            after = None  # the members follow only after "، وهي", "(", "مثل"...
        if after is not None:
            chain = [after] + self._coordinated(sent, after, members, sent.end)
            return [(a.entity_id, org.entity_id, self.score("member")) for a in chain]
        before = next((a for a in reversed(members) if a.end <= ts and ts - a.end <= 3), None)
        if before is not None and any(clitic(t).startswith(self.g.coordinator or "\0") for t in doc[before.end:ts + 1]):
            return []  # "نتنياهو وبعض أعضاء مجلس الشيوخ": other people, coordinated with him
        return [(before.entity_id, org.entity_id, self.score("member"))] if before else []

    def _partitives(self, sent: Sentence) -> None:
        """Members of a named body act as the body: a generic group or a ``partitive_noun``
        followed by the ablative preposition and an organization ("مسلحين من حركة طالبان",
        "عناصر من تنظيم داعش") becomes an arg of that organization; the organization's own
        mention is then a modifier. A country after it is an origin ("مسلحون من سوريا"),
        not a body, and is left alone."""
        doc = sent.doc
        by_start = {a.start: a for a in sent.args}
        extra = []
        groups = {a.start for a in sent.args if a.cls == "ActorGroup"}
        for k in sorted(groups.union(self._positions(doc, sent.start, sent.end - 2, ("partitive_noun",)))):
            if k >= sent.end - 2:
                continue
            group = by_start.get(k)
            if group is not None and group.cls != "ActorGroup":
                continue
            end = group.end if group is not None else k + 1
            if group is None and (doc[k].ent_type_ or not self._is_at(doc, k, "partitive_noun")):
                continue
            if end + 1 >= sent.end or token_norms(doc)[end] != self.g.ablative or clitic(doc[end]):
                continue
            body = by_start.get(end + 1)
            if body is None or body.cls not in ORG_LIKE or body.role != "arg":
                continue
            body.role = "modifier"
            if group is not None:
                group.entity_id, group.cls, group.via = body.entity_id, body.cls, "partitive"
            else:
                extra.append(Arg(k, k + 1, body.entity_id, body.cls, via="partitive"))
        if extra:
            sent.args = sorted(sent.args + extra, key=lambda a: a.start)

    # ----------------------------------------------------------------- anaphora
    #: Marker classes of counted plural anaphors ("الدول الثلاث", "الدول الأربع") and their count.
    COUNTED_ANAPHORA = ((3, "three_states"), (4, "four_states"), (5, "five_states"))

    def _dual_referents(self, sent: Sentence, state: ArticleState, i: int, count: int = 2) -> tuple[str, ...] | None:
        """The ``count`` states an anaphor at token ``i`` refers to ("البلدين", "الدول الأربع"):
        the distinct countries named in this sentence before it and in the two sentences
        before, less those named after it in this sentence; None unless there are exactly
        ``count``."""
        named = [e for n, e in state.countries if n >= state.sentence_no - 2]
        named += [a.entity_id for a in sent.args if a.end <= i and a.cls == "Country" and a.via == "mention"]
        before = {a.entity_id for a in sent.args if a.end <= i}
        later = {a.entity_id for a in sent.args if a.start > i} - before  # "وتتهم الدولتان إيران": not Iran
        distinct = [e for e in dict.fromkeys(named) if e not in later]
        return tuple(distinct) if len(distinct) == count else None

    def _resolve_anaphora(self, sent: Sentence, state: ArticleState) -> None:
        """Add args for الصحيفة/التقرير (last outlet), المنطقة (last region), المجلس (the last
        council named), the dual البلدين and the counted الدول الأربع (an arg whose id is
        :data:`DUAL` + the states' ids, expanded into one fact per state by :meth:`extract`);
        track state."""
        doc = sent.doc
        state.sentence_no += 1
        taken = {i for a in sent.args for i in range(a.start, a.end)}
        extra = []
        # the positions where one of the tests below may hold (an organization's head noun
        # counts as a one-word marker here)
        heads = self._org_head_words()
        candidates = self._positions(
            doc, sent.start, sent.end,
            ("dual_anaphor", "outlet_anaphor", "region_anaphor", "government_anaphor", "person_pronoun",
             "org_anaphor"),
            tuple(c for _n, c in self.COUNTED_ANAPHORA) + ("country_anaphor",))
        if heads:
            at = self._where(doc, "org_heads", heads)
            candidates = sorted(set(candidates).union(at[bisect_left(at, sent.start):bisect_left(at, sent.end)]))
        for i in candidates:
            if i in taken:
                continue
            tok = doc[i]
            counted = next(((n, c) for c, kind in self.COUNTED_ANAPHORA
                            if (n := self._seq_at(doc, i, sent.end, kind))), None)
            if counted is not None and not any(k in taken for k in range(i, i + counted[0])):
                # "اتهام الدول الأربع للإمارة": the four states just named
                group = self._dual_referents(sent, state, i, counted[1])
                if group is not None:
                    extra.append(Arg(i, i + counted[0], DUAL + "|".join(group), "Country", via="anaphor"))
            elif self._is(tok, "dual_anaphor") and has_article(tok) and not (
                    i + 1 < sent.end and has_article(doc[i + 1]) and doc[i + 1].is_alpha):
                pair = self._dual_referents(sent, state, i)
                if pair is not None:
                    extra.append(Arg(i, i + 1, DUAL + "|".join(pair), "Country", via="anaphor"))
            elif state.last_outlet and self._is(tok, "outlet_anaphor") and has_article(tok):
                extra.append(Arg(i, i + 1, state.last_outlet, self.entity_cls(state.last_outlet), via="anaphor"))
            elif state.last_region and self._is(tok, "region_anaphor") and has_article(tok):
                extra.append(Arg(i, i + 1, state.last_region, "Region", via="anaphor"))
            elif (n := self._seq_at(doc, i, sent.end, "country_anaphor")) and not any(
                    k in taken for k in range(i, i + n)):
                # "المنتشرة في هذا البلد": the last country named by its name
                named = next((a.entity_id for a in reversed(sent.args) if a.end <= i and a.cls == "Country"
                              and a.kind != "demonym" and a.via == "mention"), state.last_named_country)
                if named is not None:
                    extra.append(Arg(i, i + n, named, "Country", via="anaphor"))
            elif self._is(tok, "government_anaphor"):
                named = self._government_country(sent, i)
                if named is not None:  # "the Iraqi government", "الحكومة العراقية"
                    state.last_government = named
                elif (state.last_government or state.sole_country) and (
                        has_article(tok) or i > sent.start and self._is_at(doc, i - 1, "definite_article")) and not (
                        i > sent.start and token_norms(doc)[i - 1] in self.title_words):  # ("رئيس الحكومة": a title)
                    # "the government", "الحكومة" with no country: the government last named by
                    # its country, else the article's one country
                    extra.append(Arg(i, i + 1, state.last_government or state.sole_country, "Country",
                                     via="anaphor"))
            elif self._is(tok, "person_pronoun") and len(set(state.persons)) == 1 and self._opens_clause(sent, i):
                # "Ana Rojas was born in Chile. She joined the union": the one person named so far
                extra.append(Arg(i, i + 1, state.persons[0], "Person", via="anaphor"))
            elif has_article(tok) and ((tok.norm_,) in self.lex.org_heads or self._is(tok, "org_anaphor")) and state.orgs:
                # "المجلس" after "مجلس الأمن": the last organization named with that head noun
                eid = next((e for e in reversed(state.orgs)
                            if self.lex.key((self.entity_label(e).split() or [""])[0]) == tok.norm_), None)
                if eid is not None and (i + 1 >= sent.end or not has_article(doc[i + 1])
                                        or self._is_at(doc, i + 1, "anaphor_epithet")):  # "التنظيم المتشدد"
                    extra.append(Arg(i, i + 1, eid, self.entity_cls(eid), via="anaphor"))
        if extra:
            sent.args = sorted(sent.args + extra, key=lambda a: a.start)
            for a in sent.args:  # "مسلحي التنظيم المتشدد": the gunmen are the group's, as with a name
                if a.cls == "ActorGroup" and any(b.start == a.end and b.via == "anaphor" and b.cls in ORG_LIKE
                                                 for b in extra):
                    a.role = "modifier"
        for a in sent.args:
            if a.via == "mention" and a.cls == "NewsOrganization":
                state.last_outlet = a.entity_id
            elif a.via == "mention" and a.cls == "Region":
                state.last_region = a.entity_id
            if a.via == "mention" and a.cls in ORG_LIKE and a.entity_id not in state.orgs[-1:]:
                state.orgs.append(a.entity_id)
            if a.via == "mention" and a.cls == "Country" and any(
                    self._is_at(doc, k, "government_anaphor") for k in range(a.start, a.end)):
                state.last_government = a.entity_id  # a mention "the Iraqi government" of Iraq
            if a.via == "mention" and a.cls == "Country":
                state.countries.append((state.sentence_no, a.entity_id))
                if a.kind != "demonym":
                    state.last_named_country = a.entity_id
        del state.countries[:-12]

    def _government_country(self, sent: Sentence, i: int) -> str | None:
        """The country that names the government word at token ``i``: a country or
        nationality right before it where modifiers precede their head ("the Iraqi
        government", "Iraq's government"), a nisba right after it elsewhere ("الحكومة
        العراقية"), or a country after the genitive preposition ("the government of Iraq");
        None when the word stands bare."""
        doc = sent.doc
        for a in sent.args:
            if a.cls != "Country" or a.via != "mention":
                continue
            if (a.end == i and self.g.modifiers_before_title
                    or a.start == i + 1 and a.kind == "demonym" and not self.g.modifiers_before_title
                    or a.start == i + 2 and self._is_at(doc, i + 1, "subjective_genitive")):
                return a.entity_id
        return None

    def _title_firsts(self) -> frozenset[str]:
        """The first words of the titles (once per pipeline): :meth:`_title_at` finds a title
        only where one of them stands."""
        words = self._single_words.get(("title_starts",))
        if words is None:
            words = self._single_words[("title_starts",)] = frozenset(k[0] for k in self.title_starts)
        return words

    def _org_head_words(self) -> frozenset[str]:
        """The one-word head nouns of ``org_heads.tsv`` (once per pipeline): a definite one
        may refer back to an organization (:meth:`_resolve_anaphora`)."""
        words = self._single_words.get(("org_heads",))
        if words is None:
            words = self._single_words[("org_heads",)] = frozenset(k[0] for k in self.lex.org_heads if len(k) == 1)
        return words

    def _opens_clause(self, sent: Sentence, i: int) -> bool:
        """Token i opens its sentence, or follows only an opening prepositional phrase with
        no name in it and a comma ("In 1997, she")."""
        if i == sent.start:
            return True
        doc = sent.doc
        return (i - sent.start <= 5 and token_texts(doc)[i - 1] in self.g.commas and self._is_at(doc, sent.start, "preposition")
                and not any(a.start < i for a in sent.args))

    # ----------------------------------------------------------------- roles
    def _title_at(self, doc, i: int, end: int, starts: frozenset[int] = frozenset()) -> tuple[int, Title] | None:
        """(length, title) of the longest title at token i that does not run into an entity
        starting inside it ("رئيس مجلس النواب": رئيس, then the organization); None if none."""
        norms = token_norms(doc)
        if (norms[i],) not in self.title_starts:
            return None
        if has_article(doc[i]) and self._is_at(doc, i, "construct_title"):
            return None  # "الممثل الفرنسي": the actor; "ممثلة الأمين العام": the representative
        for n in range(self.max_title, 0, -1):
            if i + n <= end and not any(i < k < i + n for k in starts):
                key = tuple(norms[i:i + n]) if i >= 0 else tuple(norms[k] for k in range(i, i + n))
                if key in self.lex.titles:
                    return n, self.lex.titles[key]
        return None

    def _roles(self, sent: Sentence, state: ArticleState) -> list[Fact]:
        """Role facts from title phrases and appositions; marks demonyms inside them."""
        doc = sent.doc
        facts: list[Fact] = []
        arg_at = {a.start: a for a in sent.args}
        starts = frozenset(arg_at)
        state.persons.extend(a.entity_id for a in sent.args if a.cls == "Person" and a.entity_id not in state.persons)
        i = sent.start
        title_at = self._where(doc, "title_starts", self._title_firsts())  # where _title_at may find one
        while i < sent.end:
            hit = self._title_at(doc, i, sent.end, starts)
            if hit is None or i in arg_at:
                nxt = bisect_left(title_at, i + 1)
                i = title_at[nxt] if nxt < len(title_at) else sent.end
                continue
            n, title = hit
            j, mods, places, hist, person = i + n, [], [], False, None
            second: int | None = None  # "رئيس الحكومة السابق نائب رئيس الجمهورية الحالي X": a second title
            # "عصام شرف رئيس الحكومة الأسبق، والدكتور محمود صقر": a title right after a name is
            # that name's apposition; it does not reach across a comma or و to the next name
            k = i - 1 if i - 1 >= sent.start and token_texts(doc)[i - 1] in self.g.commas else i
            appositive = (not clitic(doc[i]).startswith(self.g.coordinator)  # ("ونظيره الأمريكي، تيلرسون": a conjunct)
                          and any(a.end == k and a.cls == "Person" for a in sent.args))
            after_prep = title.words[-1] == self.g.on_behalf  # "الناطق باسم"
            principal = None  # "الناطق باسم رئيس الحكومة ... بوتين": the name is the principal's
            governed = False  # "زعيم المعارضة الروسية": the demonym belongs to المعارضة
            while j < sent.end and j - i < 12:
                tok = doc[j]
                a = arg_at.get(j)
                if a is not None:
                    if a.cls == "Person":
                        if j > i + n and (clitic(doc[a.start]).startswith(self.g.coordinator) or appositive and (
                                token_texts(doc)[a.start].startswith(self.g.coordinator))) and (
                                a.start == sent.start or token_texts(doc)[a.start - 1] not in self.g.commas) and not (
                                mods and mods[-1].kind == "demonym" and mods[-1].end == a.start):
                            # "بهاء الأعرجي القيادي في التيار الصدري وروز نوري شاويس": the title
                            # phrase closed, و opens the next person
                            break
                        person = a
                        break
                    (places if after_prep else mods).append(a)
                    j = a.end
                    continue
                if second is None and j > i + n and (
                        self._is_at(doc, j - 1, "historical") or self._is_at(doc, j - 1, "title_adjective")) and (
                        self._title_at(doc, j, sent.end, starts) is not None):
                    second = j  # the first title closed by its adjective; another one opens
                if j > i + n and tok.norm_ in self.title_words and self.g.strip_conj(clitic(tok)) in (
                        self.g.instrumental_clitics):
                    # "وزير الخارجية السعودي بنظيره الروسي لافروف": a preposition's title, another
                    # person (not ل: "النائب الثاني لرئيس مجلس الوزراء" is one title)
                    break
                if self._is(tok, "historical"):
                    if second is None:
                        hist = True
                elif (self.g.modifiers_before_title and mods and not places and self._is(tok, "place_noun")
                      and j + 1 < sent.end and token_texts(doc)[j + 1] in self.g.commas):
                    pass  # "the president of the Lombardy region, Roberto Maroni": the body's kind noun
                elif tok.norm_ in (self.g.locative, self.g.adessive, self.g.allative, self.g.on_behalf):
                    after_prep = True
                elif appositive and (tok.text in self.g.commas or tok.norm_ == self.g.coordinator
                                     or clitic(tok).startswith(self.g.coordinator)):
                    break
                elif tok.text in self.g.commas | {"(", ")"} | QUOTES or tok.norm_ == self.g.coordinator \
                        or tok.norm_ in self.title_words or tok.norm_ in self.g.honorifics \
                        or self._is(tok, "title_filler") or self._is(tok, "title_adjective"):  # نائب الرئيس الحالي
                    # "المندوبة الأمريكية ... (السفيرة سامنثا باور)": a nested title
                    if after_prep and principal is None and tok.norm_ in self.title_words and (
                            self._title_at(doc, j, sent.end, starts) is not None):
                        principal = j
                elif has_article(tok) and tok.is_alpha and tok.norm_ not in self.lex.stopwords:
                    if not after_prep and not mods and not self._is(tok, "title_adjective"):
                        governed = True
                elif (tok.is_alpha and not tok.ent_type_ and j > i + n and has_article(doc[j - 1])
                      and any(c in self._bare_clitic(tok) for c in self.g.dative_clitics)):
                    pass  # a ل complement of the portfolio: "وزير الإدارة المحلية للإغاثة", "لشؤون"
                else:
                    break
                j += 1
            if (person is not None and principal is not None and (token_norms(doc)[principal - 1] == self.g.on_behalf
                                                                   or principal == i + n)
                    and not any(t.text in self.g.commas for t in doc[principal:person.start])):
                # (with a comma, "باسم الرئيس الروسي، دميتري بيسكوف", the name is the spokesman's)
                i = principal  # the nested title and the name are the principal's own role
                continue
            if person is None:
                # a title with no name ("الرئيس الروسي"): the person the article named with it before
                adjacent = arg_at.get(i + n)
                if self.g.modifiers_before_title:  # "the French president"
                    adjacent = next((a for a in sent.args if a.end == i), None)
                if adjacent is None and (held := self._bare_title_holder(sent, i, title, state)) is not None:
                    facts.append(self._role_fact(held[0], held[1], held[2], "asserted", title.title_en, sent,
                                                 self.score("role_kb")))
                if (adjacent is not None and adjacent.cls == "Country" and (title.words, adjacent.entity_id) in state.roles
                        and (self.g.modifiers_before_title or has_article(doc[adjacent.start]))):
                    # (not "لرئيس وزراء عراقي": an indefinite nisba is any Iraqi prime minister)
                    adjacent.role = "modifier"
                    pid = state.roles[(title.words, adjacent.entity_id)]
                    span_s, span_e = min(i, adjacent.start), max(i + n, adjacent.end)
                    sent.args.append(Arg(span_s, span_e, pid, "Person", via="title"))
                    sent.args.sort(key=lambda a: a.start)
                i += n
                continue
            if self.g.modifiers_before_title:  # "French President", "UK Foreign Secretary"
                mods = self._premodifiers(sent, i) + mods
            for m in mods:
                m.role = "modifier"
            if governed and not self._national(title.words):
                # "رئيس الجامعة ... في باكستان": the title heads another noun; a minister's
                # portfolio does not ("وزير الإدارة المحلية اليمني": Yemen's minister)
                mods = [m for m in mods if m.cls not in ("Country",)]
                places = []
            if title.predicate == "-":  # "الباحث": a cue for the name, not an office
                i = person.end
                continue
            if any(self._seq_at(doc, k, sent.end, "historical") for k in range(person.end, min(sent.end, person.end + 2))):
                hist = True  # "الملك عبدالله رحمه الله", "الرئيس مبارك السابق"
            mode = "historical" if hist else "asserted"
            if title.predicate == "same":  # "نظيره الصيني": the role of the counterpart named before
                title = Title(title.words, state.last_role, title.title_en)
            else:
                state.last_role = title.predicate if title.predicate != "ambassadorTo" else "officialOf"
            org = next((m for m in mods if m.cls not in PLACE_CLASSES and m.is_actor), None)
            country = next((m for m in mods if m.cls == "Country"), None)
            ev = title.title_en
            if title.predicate == "ambassadorTo":
                for p in places:
                    if p.cls == "Country":
                        facts.append(self._role_fact(person.entity_id, "ambassadorTo", p.entity_id, mode, ev, sent,
                                                     self.score("role")))
                if country:
                    facts.append(self._role_fact(person.entity_id, "officialOf", country.entity_id, mode, ev, sent,
                                                 self.score("ambassador_home")))
            else:
                target = org or country or next((p for p in places if p.is_actor), None)
                if target is None and not mods and not places and title.predicate == "officialOf":
                    # "العميد محمد الجبوري في شرطة نينوى": the body the officer serves in
                    k = person.end
                    body = arg_at.get(k + 1) if k + 1 < sent.end and token_norms(doc)[k] == self.g.locative else None
                    if body is not None and body.cls in ("Government", "MilitaryForce") and body.role == "arg":
                        target = body
                if target is None and not mods and not places and person.end + 1 < sent.end \
                        and self._is_at(doc, person.end, "on_behalf_of"):
                    # "النائب عبدالكريم العبيدي عن ائتلاف الوطنية": the party the member sits for
                    party = arg_at.get(person.end + 1)
                    if party is not None and party.cls == "PoliticalParty":
                        title = Title(title.words, "memberOf", title.title_en)
                        target = party
                if target is None and not mods and not places and i > sent.start \
                        and self._is_at(doc, i - 1, "among_them"):
                    # "مسلحا من تنظيم داعش بينهم القيادي أبو حارث القادري": one of the group's
                    target = next((a for a in reversed(sent.args) if a.end < i and a.cls in ORG_LIKE
                                   and a.start > sent.start and token_norms(doc)[a.start - 1] == self.g.ablative
                                   and a.start - 2 >= sent.start and (
                                       self._is_at(doc, a.start - 2, "partitive_noun") or doc[a.start - 2].like_num
                                       or any(b.end == a.start - 1 for b in sent.args))), None)
                    if target is not None:
                        title = Title(title.words, "memberOf", title.title_en)
                pred = title.predicate
                if pred == "leaderOf" and target is org and org is not None and (governed or self._office_of(doc, i, sent)):
                    # "مدير العلاقات العامة بوزارة الصحة": the title heads a unit of the body;
                    # "مدير مكتب رئيس مجلس النواب": the office of the body's head; an official
                    pred = "officialOf"
                if target:
                    facts.append(self._role_fact(person.entity_id, pred, target.entity_id, mode, ev, sent,
                                                 self.score("role")))
                    if country:
                        state.roles[(title.words, country.entity_id)] = person.entity_id
                elif not mods and not places and (known := self._known_role(person.entity_id, title, hist)):
                    facts.append(self._role_fact(person.entity_id, known[0], known[1], mode, ev, sent, self.score("role_kb")))
                elif not mods and not places and (home := self._home_office(title, state)):
                    facts.append(self._role_fact(person.entity_id, "officialOf", home, mode, ev, sent,
                                                 self.score("role_home")))
                elif (not mods and not places and title.predicate == "officialOf"
                      and self._national(token_norms(doc)[k] for k in range(i, person.start))
                      and (home := self._kb_home(person.entity_id))):
                    # "نائب رئيس الجمهورية نوري المالكي": a national office held by a person the KB
                    # knows, with no country named: the person's country
                    facts.append(self._role_fact(person.entity_id, "officialOf", home, mode, ev, sent,
                                                 self.score("role_home")))
            if second is not None:
                i = second  # the second title of the chain, for the same person
                continue
            i = person.end
            # "وزراء الخارجية التونسي X والمصري Y والجزائري Z": the title for each pair
            while country is not None and title.predicate != "ambassadorTo":
                comma = i < sent.end and token_texts(doc)[i] in self.g.commas
                if comma:
                    i += 1
                nis = arg_at.get(i)
                nxt = arg_at.get(nis.end) if nis is not None else None
                if (nis is None or nis.kind != "demonym" or nxt is None or nxt.cls != "Person"
                        or not (clitic(doc[nis.start]).startswith(self.g.coordinator) or comma)):
                    break
                nis.role = "modifier"
                facts.append(self._role_fact(nxt.entity_id, title.predicate, nis.entity_id, mode, ev, sent,
                                             self.score("role")))
                i = nxt.end
        for a in sent.args:  # a KB alias that carries its title ("خادم الحرمين الشريفين الملك سلمان")
            named_after = a.start > sent.start and (token_norms(doc)[a.start - 1],) in self.lex.org_heads
            if (a.cls == "Person" and a.end - a.start > 1 and not named_after  # "مركز الملك عبدالله": a name
                    and not any(f.subject == a.entity_id for f in facts)):
                hit = next((h for k in range(a.start, a.end - 1) if (h := self._title_at(doc, k, a.end)) is not None), None)
                hist = any(self._seq_at(doc, k, sent.end, "historical") for k in range(a.end, min(sent.end, a.end + 2)))
                if hit is not None and (known := self._known_role(a.entity_id, hit[1], hist)):
                    facts.append(self._role_fact(a.entity_id, known[0], known[1], "historical" if hist else "asserted",
                                                 hit[1].title_en, sent, self.score("role_kb")))
        return facts

    def _home_country(self, sentences: list[Sentence]) -> str | None:
        """The article's home country, for offices named with no country: the one country
        the article names, when a government body of the article is named by it ("Environment
        Canada", "the Italian Supreme Court": a word of a Government-class name is a word the
        article names that country with). None when the article names no country or several,
        or names its one country only abroad ("his visit to China": a foreign country, the
        minister's own unnamed)."""
        countries = {a.entity_id for sent in sentences for a in sent.args if a.cls == "Country"}
        if len(countries) != 1:
            return None
        country = next(iter(countries))
        words = {sent.doc[k].norm_ for sent in sentences for a in sent.args if a.entity_id == country
                 for k in range(a.start, a.end)}
        body = any(a.cls == "Government" and any(sent.doc[k].norm_ in words for k in range(a.start, a.end))
                   for sent in sentences for a in sent.args)
        return country if body else None

    def _national(self, words) -> bool:
        """True when one of ``words`` (keys) is a word of a national government office (marker
        class ``national_office``: minister, secretary, crown prince, the republic)."""
        return any((w,) in self.lex.marker("national_office") for w in words)

    def _kb_home(self, person: str) -> str | None:
        """The country the knowledge base gives a person ("الأمير محمد بن سلمان" -> Saudi Arabia),
        None for a person it does not know; for a national office named with no country."""
        home = self.entity_country(person)
        return home if home and self.entity_cls(home) == "Country" else None

    def _home_office(self, title: Title, state: ArticleState) -> str | None:
        """The country of a national government office named with no country ("Environment
        Minister John Baird", "Minister of Education X"): the one country the article names,
        when the title has a word of marker class ``national_office`` (minister, secretary);
        None otherwise (several countries, a local or non-government title)."""
        if state.sole_country is None or title.predicate != "officialOf":
            return None
        return state.sole_country if self._national(title.words) else None

    def _bare_title_holder(self, sent: Sentence, i: int, title: Title, state: ArticleState) -> tuple[str, str, str] | None:
        """(person, predicate, country or organization) for a title with no name and no
        country after a determiner ("the prime minister said"): the one person named in the
        article so far whose office, by the knowledge base, has this title and was held at
        the article's date; None when no person or several fit."""
        if title.predicate not in ("leaderOf", "officialOf") or i == sent.start \
                or sent.doc[i - 1].norm_ not in self.lex.stopwords or any(a.end == i for a in sent.args):
            return None
        found = set()
        for pid in state.persons:
            known = self._known_role(pid, title, False)
            if known is not None and self.entity_title(pid).casefold() == title.title_en.casefold():
                found.add((pid,) + known)
        return next(iter(found)) if len(found) == 1 else None

    def _premodifiers(self, sent: Sentence, i: int) -> list[Arg]:
        """Countries, demonyms and organizations that stand right before the title at token
        i, over title words, title adjectives and title fillers ("UK Foreign Secretary",
        "Tory foreign affairs spokesman", "Environment Canada spokesperson"), nearest first;
        for languages whose modifiers precede the title (:attr:`Grammar.modifiers_before_title`)."""
        doc = sent.doc
        out: list[Arg] = []
        k = i - 1
        while k >= sent.start:
            a = next((b for b in sent.args if b.end == k + 1 and b.cls != "Person"), None)
            if (a is not None and a.end - a.start == 1 and self._is_at(doc, a.start, "portfolio")
                    and self._is_at(doc, i, "national_office") and (
                        token_texts(doc)[i][:1].isupper() or a.start > sent.start and self._is_at(doc, a.start - 1, "possessive"))):
                a.role = "modifier"  # "Labour Minister Claire Dubois": the portfolio, not the party
                k = a.start - 1
            elif a is not None and a.is_actor:
                out.append(a)
                k = a.start - 1
            elif token_norms(doc)[k] in self.title_words or self._is_at(doc, k, "title_adjective") \
                    or self._is_at(doc, k, "title_filler") and k < i - 1 and out == []:
                k -= 1
            elif self._is_at(doc, k, "title_filler") and out:
                k -= 1  # "the UK's Human Rights Watch"
            elif self._is_at(doc, k, "possessive") and not out:
                k -= 1  # "Japan's foreign minister"
            else:
                break
        return out

    def _known_role(self, person: str, title: Title, historical: bool) -> tuple[str, str] | None:
        """The knowledge base's role of a person named after a bare title ("الرئيس فلاديمير
        بوتين"): (predicate, id) when the title implies the same predicate and the role was
        held at the publication date (any date when the title is marked historical or the
        date is unknown); None otherwise."""
        known = self.entity_role(person)
        if not known or title.predicate not in ("leaderOf", "officialOf"):
            return None
        pred, target, start, end, title_ar = known
        if pred != title.predicate:
            return None
        if pred == "officialOf" and not set(title.words) & set(self.lex.keys_of(title_ar)):
            return None  # "العميد أوتكين": a rank says nothing of the office the KB knows
        if self.published is not None and not historical:
            year = self.published.year
            if (start is not None and year < start) or (end is not None and year > end):
                return None
        return pred, target

    @sentence_frame("led_by")
    def _led_by(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """``X بقيادة|بزعامة|برئاسة Y`` or ``X الذي يقوده Y``: a person Y leads the organization
        or country X; a country Y leading an organization (a coalition) is one of its members."""
        doc = sent.doc
        text_list = token_texts(doc)
        facts = []
        for i in self._positions(doc, sent.start + 1, sent.end - 1, ("led_by_verb",), ("led_by",)):
            relative = self._is_at(doc, i, "led_by_verb") and self._is_at(doc, i - 1, "relative")
            if not (relative or self._seq_at(doc, i, sent.end, "led_by")):
                continue
            # "التحالف الذي تقوده المملكة": the antecedent of the relative pronoun is led
            gap = 3 if relative else 2
            led = next((a for a in reversed(sent.args) if a.end <= i and i - a.end <= gap and a.role != "modifier"
                        and a.is_actor and a.cls != "Person" and (
                            a.kind != "demonym"
                            # "الحكومة الليبية السابقة، برئاسة": a nisba that names a government
                            or a.start > sent.start and self._is_at(doc, a.start - 1, "government_anaphor"))), None) or next(
                # a name that says it ("التحالف بقيادة السعودية")
                (a for a in sent.args if a.start < i < a.end and a.cls in ORG_LIKE), None)
            if led is not None and led.start < i < led.end:
                # the name says who leads it ("التحالف بقيادة السعودية"): the KB's country of
                # the organization, a member
                home = self.entity_country(led.entity_id)
                if home and home != led.entity_id and self.entity_cls(home) == "Country":
                    facts.append(self._role_fact(home, "memberOf", led.entity_id, "asserted", text_list[i], sent,
                                                 self.score("led_by_member")))
                continue
            # the leader: a person right after (a title may stand between) or a country
            # ("بقيادة السعودية", "بقيادة سعودية": a nisba right after it names the leading state)
            leader = next((a for a in sent.args if i < a.start <= i + 4 and a.is_actor), None)
            principal = None
            if (leader is not None and leader.cls == "Person" and leader.start > i + 1
                    and self._is_at(doc, leader.start - 1, "subordinate_title")):
                principal = leader
                # "برئاسة نائب خادم الحرمين الشريفين الأمير محمد بن نايف": the deputy leads; his
                # name follows his principal's (honorifics may stand between), else no leader
                leader = next((a for a in sent.args if a.cls == "Person" and leader.end <= a.start <= leader.end + 2
                               and all(t.norm_ in self.g.honorifics or t.norm_ in self.title_words
                                       for t in doc[leader.end:a.start])), None)
            if led is None or leader is None or leader.entity_id == led.entity_id:
                continue
            if any(b.end <= led.start and self._coordinated(sent, b, [led], led.end)
                   for b in sent.args if b is not led and b.is_actor):
                continue  # "السعودية والأردن بقيادة الملك سلمان وأخيه الملك عبدالله": whose is whose
            between = doc[i + 1:(principal or leader).start]
            if any(not (t.norm_ in self.title_words or self._is(t, "title_adjective") or t.norm_ in self.g.honorifics
                        or (has_article(t) and not t.ent_type_ and t.i > i + 1 and token_norms(doc)[t.i - 1] in self.title_words))
                   for t in between):
                continue  # (a title and its complement may stand between: "بزعامة نائب رئيس الجمهورية إياد علاوي")
            leader.role = "modifier"  # the leader is no argument of the clause's verb
            if principal is not None:
                principal.role = "modifier"
            if leader.cls == "Person":
                # ("الحكومة الليبية السابقة، برئاسة X": a former office)
                mode = "historical" if any(self._is(t, "historical") for t in doc[led.end:i]) else "asserted"
                facts.append(self._role_fact(leader.entity_id, "leaderOf", led.entity_id, mode,
                                             text_list[i], sent, self.score("led_by")))
            elif leader.cls == "Country" and led.cls in ORG_LIKE:
                facts.append(self._role_fact(leader.entity_id, "memberOf", led.entity_id, "asserted",
                                             text_list[i], sent, self.score("led_by_member")))
        return facts

    @sentence_frame("anti_protest")
    def _anti_protests(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """``anti-X protests``: a word of marker class ``anti_prefix``, a hyphen, a country or
        demonym X and a noun of marker class ``protest_noun`` ("anti-French demonstrations").
        The protesters' state opposes X: a country or demonym right before the phrase
        ("Ivorian anti-French riots"), else a country named with a ``locative`` word right
        after the noun ("anti-French protests in Ghana"). Nothing when neither is named (the
        protesters are not guessed)."""
        doc = sent.doc
        facts: list[Fact] = []
        if not self.lex.marker("anti_prefix"):
            return facts
        for k in self._positions(doc, sent.start, sent.end - 3, ("anti_prefix",)):
            if not self._is_at(doc, k, "anti_prefix") or token_texts(doc)[k + 1] != "-":
                continue
            target = next((a for a in sent.args if a.start == k + 2 and a.cls == "Country"), None)
            if target is None or target.end >= sent.end or not self._is_at(doc, target.end, "protest_noun"):
                continue
            noun = target.end
            target.role = "modifier"
            subject = next((a for a in sent.args if a.end == k and a.cls == "Country"), None)
            if subject is None and noun + 2 < sent.end and self._is_at(doc, noun + 1, "locative"):
                subject = next((a for a in sent.args if a.start == noun + 2 and a.cls == "Country"), None)
            if subject is None or subject.entity_id == target.entity_id:
                continue
            subject.role = "modifier"
            clause_s, _clause_e = self._clause(sent, k)
            mode = self._mode(sent, k, noun + 1, clause_s, reported is not None)
            facts.append(Fact(subject.entity_id, "opposes", target.entity_id, mode, "PROTEST", "14",
                              self.score("anti_protest"), doc[k:noun + 1].text, sent, location=None,
                              reported_by=reported[0] if reported else None,
                              attributed_to=reported[1] if reported else None))
        return facts

    @sentence_frame("member_noun")
    def _member_nouns(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """A member noun of an organization (span kinds ``member-modifier`` and ``member-noun``
        of a cased script's name finder: "Scientologist", "Tory") right before a person
        ("Scientologist Tom Cruise"), or closing the person's apposition ("Ana Rojas, a
        teacher and former Scientologist,"), makes the person a member; a word of marker class
        ``historical`` right before the noun makes the membership historical. The noun is then
        no argument of the clause's verb. Nothing in a language whose finder has no such kinds."""
        doc = sent.doc
        facts: list[Fact] = []
        for a in sent.args:
            if a.kind not in ("member-modifier", "member-noun") or a.cls not in ORG_LIKE:
                continue
            person = next((b for b in sent.args if b.start == a.end and b.cls == "Person"), None)
            if person is None and a.kind == "member-noun":
                person = self._apposition_head(sent, a)
            if person is None:
                continue
            a.role = "modifier"
            hist = a.start > sent.start and bool(self._is_at(doc, a.start - 1, "historical"))
            facts.append(self._role_fact(person.entity_id, "memberOf", a.entity_id, "historical" if hist else "asserted",
                                         doc[a.start:a.end].text, sent, self.score("member_noun")))
        return facts

    def _apposition_head(self, sent: Sentence, a: Arg) -> Arg | None:
        """The person whose apposition ``a`` closes: ``PERSON, a|the|former ... a`` followed by
        punctuation or the sentence end, with no preposition, clause word, verb of saying or
        other name but a demonym or country between, eight words at most. None otherwise."""
        doc = sent.doc
        if a.end < sent.end and doc[a.end].is_alpha:
            return None
        person = next((b for b in reversed(sent.args) if b.end < a.start and b.cls == "Person"), None)
        if person is None or token_texts(doc)[person.end] not in self.g.commas or a.start - person.end > 8:
            return None
        first = doc[person.end + 1]
        if not (self._is(first, "title_filler") or self._is(first, "historical")):
            return None
        for k in range(person.end + 1, a.start):
            t = doc[k]
            b = next((x for x in sent.args if x.start <= k < x.end), None)
            if b is not None:
                if b.kind != "demonym" and b.cls != "Country":
                    return None
                continue
            if not t.is_alpha or t.text[:1].isupper() or any(self._is(t, c) for c in (
                    "preposition", "clause", "relative", "report_verb", "copula")):
                return None
        return person

    @sentence_frame("apposition")
    def _appositions(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """``PERSON ، title [ل]ORG|demonym`` -> role fact."""
        doc = sent.doc
        facts = self._left_office(sent, state)
        for a in sent.args:
            if a.cls != "Person" or a.end + 2 >= sent.end:
                continue
            comma = token_texts(doc)[a.end] in self.g.commas
            member = self._affiliation(sent, a, a.end + int(comma))
            if member is not None:  # "Ana Rojas, from the UK's Human Rights Watch, said"
                facts.append(self._role_fact(a.entity_id, "memberOf", member.entity_id, "asserted", "", sent,
                                             self.score("affiliation")))
                continue
            if comma and self.g.modifiers_before_title:
                fact = self._premodified_apposition(sent, a)
                if fact is not None:  # "Paul Dewar, an Ottawa New Democrat MP"
                    facts.append(fact)
                    continue
            hit = self._title_at(doc, a.end + int(comma), sent.end)
            if hit is None or clitic(doc[a.end + int(comma)]):  # "، ونظيره": coordination, not apposition
                continue
            n, title = hit
            if title.predicate == "-":
                continue
            k = a.end + int(comma) + n
            target = next((b for b in sent.args if k <= b.start <= k + 2 and b.is_actor and b.cls != "Person"), None)
            if target is not None and any(b.cls == "Person" and target.end <= b.start <= target.end + 2
                                          for b in sent.args):
                continue  # "... رئيس جمهورية الإكوادور رفائيل كوريا": the title is the next name's
            if target is not None and target.cls == "Country" and any(
                    not t.ent_type_ and not has_article(t) and t.norm_ in self._org_head_words()
                    for t in doc[k:target.start]):
                continue  # "رئيس محكمة جنايات القاهرة": the title heads another body, not the state
            before_hist = any(self._seq_at(doc, m, a.start, "historical") for m in range(max(sent.start, a.start - 3), a.start))
            own = self._kb_home(a.entity_id)
            if (target is not None and not comma and own and self.entity_cls(target.entity_id) == "Country"
                    and target.entity_id != own):
                continue  # "التقى الملك سلمان بن عبدالعزيز الرئيس الفرنسي": the object, not his title
            if target is not None:
                if target.kind == "demonym":
                    target.role = "modifier"
                pred = "officialOf" if title.predicate in ("ambassadorTo", "same") else title.predicate
                hist = any(self._seq_at(doc, m, sent.end, "historical") for m in range(k, min(sent.end, target.end + 2)))
                facts.append(self._role_fact(a.entity_id, pred, target.entity_id,
                                             "historical" if hist or before_hist else "asserted", title.title_en, sent,
                                             self.score("apposition" if comma else "apposition_nocomma")))
            elif (title.predicate in ("officialOf", "leaderOf")
                  and self._national(title.words) and own
                  and not any(b.cls in ("Country", "Person") for b in sent.args if k <= b.start <= k + 4)):
                # "الأمير محمد بن سلمان ولي ولي العهد ... وزير الدفاع": a national office with no
                # country, held by a person the KB knows: the person's country ("شقيقه الراحل، سعود
                # الفيصل، الوزير": a former one)
                facts.append(self._role_fact(a.entity_id, "officialOf", own, "historical" if before_hist else "asserted",
                                             title.title_en, sent, self.score("role_home")))
            elif comma and (home := self._home_office(title, state)) and not any(
                    b.is_actor for b in sent.args if k <= b.start <= k + 4):
                # "Ana Rojas, undersecretary to the prime minister": the one country's office
                facts.append(self._role_fact(a.entity_id, "officialOf", home, "asserted", title.title_en, sent,
                                             self.score("role_home")))
        return facts

    def _left_office(self, sent: Sentence, state: ArticleState) -> list[Fact]:
        """Historical roles of a person said to leave an office (marker class ``left_office``:
        "Maxime Bernier was forced to resign as Foreign Affairs minister"): the nearest person
        before the marker, with no other person between, holds the title after it; the office
        is that of a country or organization named before the title (not a news outlet), or,
        for a national office named with no country, the article's home country. Nothing when
        the language has no such markers or no title follows within four words."""
        doc = sent.doc
        facts: list[Fact] = []
        if not self.lex.marker("left_office"):
            return facts
        for k in self._positions(doc, sent.start, sent.end, seqs=("left_office",)):
            n = self._seq_at(doc, k, sent.end, "left_office")
            if not n:
                continue
            person = next((a for a in reversed(sent.args) if a.end <= k), None)
            if person is None or person.cls != "Person":
                continue
            j, mods, hit = k + n, [], None
            while j < min(sent.end, k + n + 5):
                a = next((b for b in sent.args if b.start == j), None)
                if a is not None and a.cls != "Person":
                    mods.append(a)
                    j = a.end
                    continue
                hit = self._title_at(doc, j, sent.end)
                if hit is not None or not (self._is_at(doc, j, "title_adjective") or self._is_at(doc, j, "title_filler")):
                    break
                j += 1
            if hit is None or hit[1].predicate not in ("leaderOf", "officialOf", "memberOf"):
                continue
            title = hit[1]
            target = next((m.entity_id for m in mods if m.is_actor and m.cls != "NewsOrganization"), None)
            if target is None and all(m.cls == "NewsOrganization" for m in mods):
                target = self._home_office(title, state)  # (a portfolio misread as a magazine)
            if target is not None:
                facts.append(self._role_fact(person.entity_id, title.predicate, target, "historical", title.title_en,
                                             sent, self.score("role_home")))
        return facts

    def _affiliation(self, sent: Sentence, person: Arg, k: int) -> Arg | None:
        """The organization of a person named right after it with a word of marker class
        ``affiliation`` ("Ana Rojas, from the UK's Human Rights Watch, said"; "Ana Rojas of
        the Daily Post"), over determiners and a possessive country; only when the phrase
        closes there (punctuation, the sentence end or a report verb) and the organization is
        named as one (a head noun, an acronym, the KB), not merely guessed from a capitalised
        word ("Tom Green of Oxford"). None otherwise."""
        doc = sent.doc
        if k >= sent.end or not self._is_at(doc, k, "affiliation"):
            return None
        j = k + 1
        while j < sent.end:
            a = next((b for b in sent.args if b.start == j), None)
            if a is not None and a.cls in ORG_LIKE and a.cls != "Government":
                if a.kind == "name-guess":
                    return None  # "Tom Green of Oxford": a bare name read as an organization may be a place
                end = a.end
                if end >= sent.end or token_texts(doc)[end] in self.g.name_end_punctuation or self._is_at(doc, end, "report_verb"):
                    return a
                return None
            if a is not None and a.cls == "Country" and a.end < sent.end and self._is_at(doc, a.end, "possessive"):
                j = a.end + 1
            elif a is None and self._is_at(doc, j, "title_filler"):
                j += 1
            else:
                return None
        return None

    def _premodified_apposition(self, sent: Sentence, a: Arg) -> Fact | None:
        """``PERSON, [a|the] [ORG|country|demonym ...] title``: the role of a title whose
        organization or country stands before it ("Paul Dewar, an Ottawa New Democrat MP";
        languages with :attr:`Grammar.modifiers_before_title`). None when no such phrase
        follows the comma."""
        doc = sent.doc
        norm_list = token_norms(doc)
        k = a.end + 1
        while k < sent.end and self._is_at(doc, k, "title_filler"):
            k += 1
        mods: list[Arg] = []
        while k < sent.end:
            b = next((x for x in sent.args if x.start == k and x.cls != "Person"), None)
            if b is not None:
                mods.append(b)
                k = b.end
            elif self._is_at(doc, k, "title_adjective") and (norm_list[k],) not in self.lex.titles:
                k += 1
            else:
                break
        while not mods and k < sent.end and self._is_at(doc, k, "historical"):
            k += 1  # "Kravets, a former ambassador to Japan"
        hit = self._title_at(doc, k, sent.end)
        if hit is None or hit[1].predicate == "-":
            return None
        n, title = hit
        target = next((m for m in mods if m.cls in ORG_LIKE), None) or next(
            (m for m in mods if m.cls == "Country"), None)
        if target is None and not mods and k + n + 1 < sent.end and norm_list[k + n] in (
                self.g.allative, self.g.on_behalf) or not mods and k + n + 1 < sent.end and self._is_at(doc, k + n, "title_link"):
            # the body after the title: "ambassador to Japan", "spokesman for the ministry"
            target = next((b for b in sent.args if k + n < b.start <= k + n + 2 and b.is_actor and b.cls != "Person"), None)
            if target is not None and title.predicate == "ambassadorTo" and target.cls != "Country":
                target = None
        if target is None:
            return None
        for m in mods:
            m.role = "modifier"
        pred = "officialOf" if title.predicate == "same" or title.predicate == "ambassadorTo" and mods \
            else title.predicate
        hist = any(self._seq_at(doc, m, sent.end, "historical") for m in range(a.end, min(sent.end, k + n + 1)))
        return self._role_fact(a.entity_id, pred, target.entity_id, "historical" if hist else "asserted",
                               title.title_en, sent, self.score("apposition"))

    def _office_of(self, doc, i: int, sent: Sentence) -> bool:
        """True when the title at token ``i`` is the complement of an office noun (marker class
        ``office_noun``) after another title and no person is named right before that title:
        "مدير مكتب رئيس مجلس النواب X" names (at least) an official of the body; with the
        director named before ("المشاط مدير مكتب زعيم الجماعة عبد الملك الحوثي") X is the
        principal."""
        if not (i - 2 >= sent.start and self._is_at(doc, i - 1, "office_noun") and doc[i - 2].norm_ in self.title_words):
            return False
        # "مهدي المشاط مدير مكتب زعيم الجماعة عبد الملك الحوثي": the director was named before
        # his title; the name after the inner title is the principal's
        k = i - 2
        while k > sent.start and doc[k - 1].norm_ in self.title_words:
            k -= 1
        if k > sent.start and doc[k - 1].text in self.g.commas:
            k -= 1
        return not any(a.end == k and a.cls == "Person" for a in sent.args)

    def _governed_noun(self, doc, subj: Arg, ts: int, clause_s: int) -> bool:
        """True when a verbal noun at ``ts`` is the object of a verb of stance (a trigger of
        ``opposes`` or ``supports``: condemn, denounce, welcome, praise) whose subject is
        ``subj`` ("أدانت السعودية الهجوم على القنصلية"، "Saudi Arabia condemned the attack"):
        the subject judges the event; it is not the event's agent. Only the tight shapes are
        read: verb, subject, noun (VSO) or subject, verb, noun (SVO), with at most one word
        between the last two."""
        if subj.end > ts:
            return False  # the noun's own genitive or nisba ("الهجمات الإيرانية") is its agent
        if self.g.subject_follows_verb:
            k = subj.start - 1
            if k > clause_s and self._is_at(doc, k, "government_anaphor"):
                k -= 1  # "أدانت الحكومة السورية الهجوم": the government of a nisba
            if k < clause_s or ts - subj.end > 1:
                return False
        else:
            k = subj.end
            if ts - k > 2:
                return False
        return k >= 0 and any(t.kind == "verb" and t.predicate in ("opposes", "supports")
                              for t in self.by_first.get(doc[k].norm_, ()))

    def _role_fact(self, s: str, p: str, o: str, mode: str, title_en: str, sent: Sentence, conf: float) -> Fact:
        """A role fact; ``leaderOf`` a body named as a branch (:meth:`_branch`) is ``officialOf``
        it: the head of a body's office in one town is one of its officials, not its head."""
        if p == "leaderOf" and self._branch(sent, o):
            p = "officialOf"
        return Fact(s, p, o, mode, "", None, conf, title_en, sent)

    def _branch(self, sent: Sentence, eid: str) -> bool:
        """True when the organization ``eid`` is named in the sentence as one of its branches or
        local bodies: right after its name (and any coordinated noun it did not take), a town
        or region or a place head noun with the instrumental clitic ب ("مدير عام الهيئة العامة
        للسياحة بالطائف"، "الإدارة العامة للمرور بالمنطقة"; not a country), or the locative
        preposition and a place head noun in the construct state ("في محافظة ينبع"), or a word
        of marker class ``local_body`` inside the name (اللجنة المحلية للانتخابات)."""
        doc = sent.doc
        for a in sent.args:
            if a.entity_id != eid or a.is_place or a.cls == "Person":
                continue
            if any(self._is_at(doc, m, "local_body") for m in range(a.start, a.end)):
                return True
            k = a.end
            while (k < sent.end and clitic(doc[k]) == self.g.coordinator + self.g.article
                   and not doc[k].ent_type_):
                k += 1  # "جمعية الثقافة والفنون بجدة": a coordinated noun the name did not take
            if k + 1 < sent.end and clitic(doc[k]) == "" and doc[k].norm_ == self.g.locative:
                # "في محافظة ينبع": في and a place head noun (not "منزل رئيس حزب الإصلاح في
                # صنعاء", which places the house)
                if doc[k + 1].norm_ in self.place_head_words and not has_article(doc[k + 1]):
                    return True
                continue
            if not (k < sent.end and self.g.bare_preposition(clitic(doc[k])) in self.g.instrumental_clitics):
                continue
            if doc[k].norm_ in self.place_head_words or any(
                    b.start == k and b.is_place and b.cls != "Country" for b in sent.args):
                return True
        return False

    # ----------------------------------------------------------------- bases
    @sentence_frame("base")
    def _bases(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """Military bases: "قاعدة [X] [العسكرية] الأمريكية في قطر" gives the owner's presence
        (``hasMilitaryPresenceIn`` the base, or the place when the base has no name) and
        the base's ``locatedIn`` each place after في or a compass word in its clause; the
        owner is a nisba or an armed actor with ل ("القواعد الخلفية لحزب العمال شمال العراق");
        other military facilities (``military_facility``: depots, camps, positions) count
        with such an armed owner only ("مخازن للأسلحة لتنظيم داعش في الموصل"); "X مقرها Y"
        gives ``locatedIn``."""
        doc = sent.doc
        text_list = token_texts(doc)
        norm_list = token_norms(doc)
        facts: list[Fact] = []
        base_words = self.lex.marker("base_noun")
        # a named base, a facility, "other" after one, or a base noun
        bases_at = {a.start for a in sent.args if a.cls == "MilitaryBase"}
        for i in sorted(bases_at.union(self._positions(doc, sent.start, sent.end,
                                                       ("military_facility", "list_other", "base_noun")))):
            named = next((a for a in sent.args if a.start == i and a.cls == "MilitaryBase"), None)
            facility = named is None and not doc[i].ent_type_ and (self._is_at(doc, i, "military_facility") or (
                # "أهدافا عسكرية للجيش السوري أو أخرى لحزب الله": other facilities of another owner
                self._is_at(doc, i, "list_other") and any(self._is_at(doc, m, "military_facility")
                                                        for m in range(max(sent.start, i - 8), i))))
            if named is None and not facility and not ((norm_list[i],) in base_words and not doc[i].ent_type_):
                continue
            if named is None and any(a.cls == "MilitaryBase" and 0 < a.start - i <= 3 for a in sent.args):
                continue  # "قاعدة "العديد"": the named base handles it
            end = named.end if named else i + 1
            phrase_end = min(sent.end, end + 4)
            owner = None if facility else next((a for a in sent.args if end <= a.start < phrase_end
                                                and a.kind == "demonym"), None)
            if owner is None:
                # "القواعد الخلفية لحزب العمال الكردستاني"، "مخازن للأسلحة لتنظيم داعش": an armed
                # owner with the dative ل
                # ("لقوات التحالف الدولي": the ل on the troop noun before the name)
                owner = next((a for a in sent.args if end <= a.start < phrase_end + 2 and a.kind != "demonym"
                              and a.cls in {"ArmedGroup", "MilitaryForce", "ActorGroup"} | (set() if facility else {"Country"})
                              and any(c in self._bare_clitic(doc[k]) for c in self.g.dative_clitics
                                      for k in (a.start, a.start - 1)
                                      if k == a.start or self._is_at(doc, k, "troop_noun"))), None)
            if facility and owner is None:
                continue
            clause_s, clause_e = self._clause(sent, i)
            places = [a for a in sent.args if a.is_place and a.cls != "MilitaryBase" and clause_s <= a.start < clause_e
                      and a.start > 0 and (norm_list[a.start - 1] == self.g.locative
                                           or self._has_prep(doc[a.start], self.g.locative)
                                           or norm_list[a.start - 1] in self.compass  # شمال العراق
                                           # "في ريف دير الزور": a place noun after في
                                           or self._is_at(doc, a.start - 1, "place_noun") and (
                                               norm_list[a.start - 2] == self.g.locative
                                               or self._has_prep(doc[a.start - 1], self.g.locative)))
                      and a.role == "arg" and a is not owner]
            rb, at = (reported if reported else (None, None))
            mode = "reported" if reported else "asserted"
            if owner is not None:
                if owner.kind == "demonym":  # (an owner named with ل stays the object of a strike on it)
                    owner.role = "modifier"
                # the place named after the base first ("مخازن لداعش في الموصل", not another clause's
                # place before it), else the one before ("وتوجد في قطر قاعدة أمريكية")
                # ("مواقع لتنظيم داعش منها قواعد في الأردن": a place in another phrase is not theirs)
                near = [p for p in places if p.start > i]
                modifiers = {k for b in sent.args if b.role == "modifier" or b.kind == "demonym"
                             for k in range(b.start, b.end)}
                near = [p for p in near if all(
                    t.norm_ == self.g.locative or t.norm_ in self.compass or self._is(t, "place_noun")
                    or self._is(t, "troop_adjective") or t.text in self.g.commas or t.i in modifiers
                    for t in doc[max(end, owner.end):p.start])] if near else places
                target = named.entity_id if named else (near[0].entity_id if near else None)
                if target and target != owner.entity_id:
                    facts.append(Fact(owner.entity_id, "hasMilitaryPresenceIn", target, mode, "MOBILIZE", "15",
                                      self.score("base"), text_list[i], sent, reported_by=rb, attributed_to=at))
            if named is not None:
                for p in places:
                    facts.append(Fact(named.entity_id, "locatedIn", p.entity_id, mode, "", None, self.score("base_location"),
                                      named.entity_id, sent, reported_by=rb, attributed_to=at))
        for i in self._positions(doc, sent.start, sent.end, ("headquarters",)):
            if not self._is_at(doc, i, "headquarters"):
                continue
            org = next((a for a in reversed(sent.args) if a.end <= i and a.cls in ORG_LIKE | {"MilitaryBase"}
                        and a.kind != "demonym"), None)
            place = next((a for a in sent.args if i < a.start <= i + 2 and a.is_place), None)
            if org is not None and place is not None and org.entity_id != place.entity_id:
                facts.append(Fact(org.entity_id, "locatedIn", place.entity_id, "asserted", "", None, self.score("headquarters"),
                                  text_list[i], sent))
        return facts

    @sentence_frame("joint_operation")
    def _joint_operations(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """An operation carried out by several agents ("عمليات تمشيط من قبل قوات التحالف وقوات
        سوريا الديمقراطية": marker class ``operation_noun`` then ``agent_by`` within four words):
        the agents cooperate (PLOVER COOPERATE, CAMEO 06), every pair of them."""
        doc = sent.doc
        facts: list[Fact] = []
        actors = [a for a in sent.args if a.role in ("arg", "source") and a.is_actor]
        for i in self._positions(doc, sent.start, sent.end, ("operation_noun",)):
            if not self._is_at(doc, i, "operation_noun"):
                continue
            clause_s, clause_e = self._clause(sent, i)
            k = next((k for k in range(i + 1, min(clause_e, i + 5)) if self._seq_at(doc, k, clause_e, "agent_by")), None)
            if k is None:
                continue
            n = self._seq_at(doc, k, clause_e, "agent_by")
            first = next((a for a in actors if k + n <= a.start <= k + n + 1), None)
            if first is None:
                continue
            party = [first] + self._coordinated(sent, first, actors, clause_e)
            ids = list(dict.fromkeys(a.entity_id for a in party))
            mode = self._mode(sent, i, i + 1, clause_s, reported is not None)
            rb, at = reported if reported else (None, None)
            for m, x in enumerate(ids):
                for y in ids[m + 1:]:
                    facts.append(Fact(x, "cooperatesWith", y, mode, "COOPERATE", "06", self.score("joint_operation"),
                                      token_texts(doc)[i], sent, reported_by=rb, attributed_to=at))
        return facts

    @sentence_frame("force_entity")
    def _force_entities(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """A named armed force or armed group followed by a place after في ("القوات الأمريكية في
        سوريا", "قوات الحوثي في محافظة أبين" when the KB knows the force) is present there,
        unless the place is in its own country, or the group is the genitive of an envoy (marker
        class ``envoy_noun``: "ممثل حركة حماس في طهران") or of a relation noun ("نفوذ طالبان في
        آسيا الوسطى")."""
        doc = sent.doc
        facts = []
        for a in sent.args:
            if a.cls not in ("MilitaryForce", "ArmedGroup") or a.role != "arg" or a.end >= sent.end or self._in_pp(doc, a):
                continue  # "اعترض على أي دور للقوات الأمريكية في": an oblique, not a head
            if a.cls == "ArmedGroup" and a.start > sent.start and (
                    self._is_at(doc, a.start - 1, "envoy_noun") or (
                        not self._is_at(doc, a.start - 1, "preposition")
                        and not self.token_keys(doc[a.start - 1]).isdisjoint(self._trigger_firsts))):
                continue
            clause_s, clause_e = self._clause(sent, a.start)
            k = a.end
            while k < clause_e and self._is_at(doc, k, "troop_adjective"):
                k += 1
            if k >= clause_e or not (token_norms(doc)[k] == self.g.locative or self._has_prep(doc[k], self.g.locative)):
                continue
            place = next((b for b in sent.args if b.is_place and b.role == "arg" and k <= b.start <= k + 2
                          and all(self._is(t, "place_noun") for t in doc[k + 1:b.start])), None)
            home = self.entity_country(a.entity_id)
            if place is None or self.entity_country(place.entity_id) in (home, a.entity_id) and home is not None:
                continue
            rb, at = reported if reported else (None, None)
            facts.append(Fact(a.entity_id, "hasMilitaryPresenceIn", place.entity_id,
                              self._mode(sent, a.start, a.end, clause_s, reported is not None), "MOBILIZE", "15",
                              self.score("force_entity"), token_texts(doc)[a.start], sent, reported_by=rb, attributed_to=at))
        return facts

    @sentence_frame("claim")
    def _claims(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """A claim of responsibility: "تفجير ... في بغداد، تبناه تنظيم داعش", "أعلن التنظيم
        مسؤوليته عن الهجوم على X", "تبنت الحركة الهجوم على X" (``claim``, ``claim_verb``). The claimant (a group or organization, not a person or a
        state: "تبنت الحكومة" adopts a policy) attacks the attack's target: the actor after
        على/ضد right after the attack noun, else the first place named after it (PLOVER
        ASSAULT, CAMEO 18). Needs an attack noun (``attack_noun``) before the claim or right
        after its عن."""
        doc = sent.doc
        facts: list[Fact] = []
        usable = [a for a in sent.args if a.role == "arg"]
        for k in self._positions(doc, sent.start, sent.end, ("claim_verb",), ("claim",)):
            n = self._seq_at(doc, k, sent.end, "claim")
            if not n and self._is_at(doc, k, "claim_verb"):
                # "تبنت الحركة الهجوم", "تبنت الهجوم": the attack noun after the claimant, or right after
                m = next((j for j in range(k + 1, min(sent.end, k + 6)) if self._is_at(doc, j, "attack_noun")), None)
                if m is not None and all(t.ent_type_ or not t.is_alpha for t in doc[k + 1:m]):
                    n = m - k
            if not n:
                continue
            agent = next((a for a in usable if k + 1 <= a.start <= k + n + 1 and a.is_actor), None) or next(
                (a for a in reversed(usable) if a.end <= k and k - a.end <= 3 and a.is_actor), None)
            if agent is None or agent.cls in ("Person", "Country") or agent.kind == "demonym":
                continue
            # the attack: right after "مسؤوليته عن", else the nearest attack noun before the claim
            after = k + n if k + n < sent.end and self._is_at(doc, k + n, "attack_noun") else None
            noun = after if after is not None else next(
                (j for j in range(k - 1, sent.start - 1, -1) if self._is_at(doc, j, "attack_noun")), None)
            if noun is None:
                continue
            stop = sent.end if after is not None else k
            target = None
            if noun + 1 < stop and any(self._has_prep(doc[noun + 1], p[0]) for p in self.lex.marker("target_prep")):
                target = next((a for a in usable if noun + 1 <= a.start <= noun + 3 and a.is_actor
                               and a is not agent), None)
            if target is None:
                target = next((a for a in usable if noun < a.start < stop and a.is_place and a is not agent), None)
            if target is None:
                continue
            clause_s, clause_e = self._clause(sent, min(k, noun))
            clause_e = max(clause_e, self._clause(sent, max(k, noun))[1])
            dates = self._dates(doc, clause_s, clause_e)
            date = dates[0][1] if dates else None
            mode = self._dated_mode(self._mode(sent, k, k + n, clause_s, reported is not None), date, doc,
                                    clause_s, clause_e)
            rb, at = reported if reported else (None, None)
            facts.append(Fact(agent.entity_id, "attacks", target.entity_id, mode, "ASSAULT", "18",
                              self.score("claim"), doc[k:k + n].text, sent, date=date, reported_by=rb,
                              attributed_to=at))
        return facts

    @sentence_frame("obligation")
    def _obligation(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """"قال أنتونوف إنه يتوجب على الناتو خفض خطابه": a speaker stating what another actor
        must do demands it of that actor (PLOVER DEMAND -> ``pressures``). Needs a speaker
        (a person, state, government or international body) named in this sentence's report
        frame, the obligation phrase in the reported clause and the actor right after it."""
        if not reported or not self._speaker or self._frame is None or self.entity_cls(self._speaker) not in (
                "Person", "Country", "Government", "InternationalOrganization"):
            return []
        doc = sent.doc
        facts = []
        for k in self._positions(doc, self._frame[1], sent.end, seqs=("obligation",)):  # in the reported clause only
            n = self._seq_at(doc, k, sent.end, "obligation")
            if not n:
                continue
            target = next((a for a in sent.args if k + n <= a.start <= k + n + 1 and a.is_actor
                           and a.role == "arg" and a.entity_id != self._speaker), None)
            if target is not None:
                clause_s, _e = self._clause(sent, k)
                mode = self._mode(sent, k, k + n, clause_s, True)
                facts.append(Fact(self._speaker, "pressures", target.entity_id, mode, "DEMAND", "10",
                                  self.score("obligation"), doc[k:k + n].text, sent,
                                  reported_by=reported[0], attributed_to=reported[1]))
        return facts

    @sentence_frame("evaluation")
    def _evaluation(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """A negative evaluation of an actor is a criticism (PLOVER ACCUSE, CAMEO 111
        "criticize or denounce" -> ``opposes``): an actor, a copula or "as" (marker class
        ``copula``; none after a verb of marker class ``evaluate_verb``), at most three degree
        words, articles or quotation marks (``evaluation_filler``), then an adjective of marker
        class ``negative_evaluation`` ("He said Mr Straw was \"naive beyond belief\"", "called
        the minister incompetent", "described Iran as dangerous"). The evaluator is the
        subject of a report verb or of a verb of marker class ``evaluate_verb`` right before
        the actor (its subject: the nearest actor before that verb, after it in a
        verb-subject language), else the sentence's speaker. A negation between the actor and
        the adjective ("was not naive") blocks it."""
        doc = sent.doc
        text_list = token_texts(doc)
        facts: list[Fact] = []
        actors = [a for a in sent.args if a.is_actor and a.role in ("arg", "source", "reporter")]
        for a in actors:
            k = a.end
            n = self._seq_at(doc, k, sent.end, "copula") if k < sent.end else 0
            if not n and not (a.start > sent.start and self._is_at(doc, a.start - 1, "evaluate_verb")):
                continue  # (no copula after the object of "called": "called Iran dangerous")
            j = k + n
            while j < min(sent.end, k + n + 3) and (text_list[j] in QUOTES or self._is_at(doc, j, "evaluation_filler")):
                j += 1
            if j >= sent.end or not self._is_at(doc, j, "negative_evaluation"):
                continue
            if self._any_is(doc, "negation", k, j):
                continue
            verb = next((v for v in range(a.start - 1, max(sent.start, a.start - 4) - 1, -1)
                         if self._is_at(doc, v, "report_verb") or self._is_at(doc, v, "evaluate_verb")), None)
            who = None
            if verb is not None:
                if self.g.subject_follows_verb:
                    who = next((b for b in actors if verb < b.start < a.start), None)
                else:
                    who = next((b for b in reversed(actors) if b.end <= verb and verb - b.end <= 2), None)
            if who is None and reported and self._speaker and self._frame is not None and a.start >= self._frame[1]:
                who = next((b for b in actors if b.entity_id == self._speaker), None)
            if who is None or who.entity_id == a.entity_id:
                continue
            clause_s, _e = self._clause(sent, j)
            mode = self._mode(sent, j, j + 1, clause_s, bool(reported))
            facts.append(Fact(who.entity_id, "opposes", a.entity_id, mode, "ACCUSE", "111",
                              self.score("evaluation"), text_list[j], sent,
                              reported_by=reported[0] if reported else None,
                              attributed_to=reported[1] if reported else None))
        return facts

    @sentence_frame("forces")
    def _forces(self, sent: Sentence, state: ArticleState, reported) -> list[Fact]:
        """Nominal presence: "القوات الأمريكية في سوريا", "جندي فرنسي في دول الساحل", "قوات
        سعودية إلى جزيرة سقطرى": a troop noun, its owner (coordinated demonyms or a country
        right after it) and a place after في/إلى give ``hasMilitaryPresenceIn``, unless the
        place lies in the owner's own country."""
        doc = sent.doc
        text_list = token_texts(doc)
        facts: list[Fact] = []
        taken = {k for a in sent.args for k in range(a.start, a.end)}
        for i in self._positions(doc, sent.start, sent.end - 2, ("troop_noun",)):
            if i in taken or not self._is_at(doc, i, "troop_noun") or self._in_pp(doc, Arg(i, i + 1, "", "")):
                continue
            clause_s, clause_e = self._clause(sent, i)
            if self.g.modifiers_before_title:
                # "British troops in Iraq", "100 UK troops", "US forces stationed in Germany": the
                # owner stands before the noun
                k = i - 1
                while k > sent.start and (self._is_at(doc, k, "troop_adjective") or doc[k].like_num or text_list[k] == "-"):
                    k -= 1
                first = next((a for a in sent.args if a.end == k + 1 and a.cls == "Country" and a.role == "arg"), None)
                if first is None:
                    continue
                owners, end = [first], i + 1
            else:
                k = i + 1
                while k < sent.end and self._is_at(doc, k, "troop_adjective"):
                    k += 1
                first = next((a for a in sent.args if a.start == k and a.cls == "Country" and a.role == "arg"), None)
                if first is None:
                    continue
                owners = [first] + [a for a in self._coordinated(sent, first, [b for b in sent.args if b.cls == "Country"],
                                                                 clause_e) if a.kind == first.kind]
                end = owners[-1].end
            place = None
            for j in range(end, min(clause_e, end + 4)):
                if token_norms(doc)[j] in (self.g.locative, self.g.allative) or self._has_prep(doc[j], self.g.locative):
                    place = next((a for a in sent.args if a.is_place and a.role == "arg" and j <= a.start <= j + 2
                                  and all(self._is(t, "place_noun") for t in doc[j + 1:a.start])), None)
                    break
                if not (self._is_at(doc, j, "troop_adjective") or self._is_at(doc, j, "place_noun") or doc[j].like_num
                        or self._is_at(doc, j, "presence_participle")):
                    break
            predicate = "hasMilitaryPresenceIn"
            if place is None:
                place = self._standby_place(sent, i, owners)
                predicate = "seeksMilitaryPresenceIn"
            if place is None:
                continue
            mode = self._mode(sent, i, i + 1, clause_s, reported is not None)
            if predicate == "seeksMilitaryPresenceIn" and mode in ("asserted", "reported"):
                mode = "intended"
            rb, at = reported if reported else (None, None)
            for owner in owners:
                own = owner.entity_id
                if place.entity_id == own or self.entity_country(place.entity_id) == own:
                    continue
                owner.role = "modifier"
                facts.append(Fact(own, predicate, place.entity_id, mode, "MOBILIZE", "15", self.score("forces"),
                                  text_list[i], sent, reported_by=rb, attributed_to=at))
        return facts

    def _standby_place(self, sent: Sentence, i: int, owners: list[Arg]) -> Arg | None:
        """The country troops are readied for: a word of marker class ``standby`` within six
        words after the troop noun at ``i`` ("British troops are on standby ... from Ivory
        Coast", "UK troops on Ivory Coast standby"), then the first country named as a name
        (no demonym, no owner) after a preposition after the noun in the sentence ("to help
        Britain" names none). None without such a word."""
        doc = sent.doc
        if not self._any_is(doc, "standby", i + 1, min(sent.end, i + 7)):
            return None
        own = {o.entity_id for o in owners}
        return next((a for a in sent.args if a.start > i and a.cls == "Country" and a.kind != "demonym"
                     and a.role == "arg" and a.entity_id not in own and self._is_at(doc, a.start - 1, "preposition")), None)

    # ----------------------------------------------------------------- report frames
    def _report_frame(self, sent: Sentence, state: ArticleState) -> tuple[str | None, str | None] | None:
        """(reported_by, attributed_to) of the sentence, marking the args of the frame.

        Returns None when the sentence has no report verb and no report is carried over.
        """
        doc = sent.doc
        norm_list = token_norms(doc)
        clause_markers = self.lex.marker("clause")
        self._speaker = None
        self._frame = None
        norms, texts = token_norms(doc), token_texts(doc)
        for i in self._positions(doc, sent.start, sent.end, ("report_verb",)):
            if not self._is_at(doc, i, "report_verb"):
                continue
            end = next((k for k in range(i + 1, min(sent.end, i + 30)) if (norms[k],) in clause_markers
                        or norms[k] in self.g.complementizers  # "قال X إنه"
                        or texts[k] in QUOTES and k > i + 1 and texts[k - 1] in self.g.clause_punctuation),
                       None)  # 'قال X في تغريدة له: "..."': the quotation
            if end is None:
                continue
            outlet = speaker = None
            source_phrase = None
            frame = [a for a in sent.args if i < a.start < end]
            # the speaker: the first person of the frame, else its first actor ("قال السفير
            # الأمريكي السابق في كازاخستان، وليام كورتني، إن": the ambassador, not Kazakhstan)
            actors = [a for a in frame if a.is_actor and a.kind != "demonym" and a.cls != "NewsOrganization"]
            who = next((a for a in actors if a.cls == "Person"), actors[0] if actors else None)
            if who is None and token_texts(doc)[end] in QUOTES:
                # 'وكان الشيخ تميم قد قال في تغريدة: "..."': the subject named before the verb
                who = next((a for a in reversed(sent.args) if a.end <= i and i - a.end <= 3 and a.cls == "Person"
                            and not self._in_pp(doc, a)), None)
                if who is not None:
                    frame = frame + [who]
            for a in frame:
                if a.cls == "NewsOrganization" and outlet is None:
                    outlet = a.entity_id
                    a.role = "reporter"
                elif a is who:
                    speaker = a.entity_id
                    a.role = "reporter"
                elif a.role != "modifier":  # a title's nisba stays the title's
                    a.role = "source"
            # officials as the speaker: "قال مسؤولون أمريكيون"
            for k in range(i + 1, end):
                if self._is_at(doc, k, "officials"):
                    stop = k + 1
                    while stop < end and (doc[stop].ent_type_ or norm_list[stop] in self.g.official_modifiers
                                          or norm_list[stop] == self.g.coordinator):
                        stop += 1
                    source_phrase = doc[k:stop].text
                    break
            return self._set_report(state, outlet, speaker, source_phrase, i, end)
        return self._quote_speaker(sent, state)

    def _set_report(self, state: ArticleState, outlet: str | None, speaker: str | None, source_phrase: str | None,
                    i: int, end: int) -> tuple[str | None, str | None]:
        """Record the report frame ``doc[i:end]`` and its speaker; (reported_by, attributed_to)."""
        if True:
            self._speaker = speaker
            self._frame = (i, end)
            if outlet is None and speaker is None and source_phrase is None:
                outlet, attributed = state.reporter, state.attribution
            else:
                attributed = speaker or source_phrase
                state.reporter, state.attribution = outlet or (state.reporter if speaker is None else None), attributed
                outlet = state.reporter
            return outlet, attributed

    def _quote_speaker(self, sent: Sentence, state: ArticleState) -> tuple[str | None, str | None] | None:
        """The speaker named after a quotation (SVO languages): '"...," Canada said' or
        '"...," said the minister X': the actor between the closing quote and the end of the
        sentence, next to a report verb, speaks; the frame is the words after the quote.
        None when the sentence does not end so."""
        if self.g.subject_follows_verb:
            return None
        doc = sent.doc
        texts = token_texts(doc)
        close = next((k for k in range(sent.end - 2, sent.start, -1) if texts[k] in QUOTES
                      and texts[k - 1] in self.g.commas | {"?", "!"}), None)
        if close is None or not self._any_is(doc, "report_verb", close + 1, min(sent.end, close + 8)):
            return None
        after = [a for a in sent.args if a.start > close]
        who = next((a for a in after if a.cls == "Person"), None) or next(
            (a for a in after if a.is_actor and a.kind != "demonym" and a.cls != "NewsOrganization"), None)
        if who is None:
            return None
        for a in after:
            if a is who:
                a.role = "reporter"
            elif a.role != "modifier":
                a.role = "source"
        return self._set_report(state, None, who.entity_id, None, close, sent.end)

    # ----------------------------------------------------------------- triggers
    def _find_triggers(self, sent: Sentence) -> list[tuple[int, int, list[Trigger]]]:
        """Trigger occurrences (start, end, candidate triggers), longest match first; all
        rows of that length stay candidates (a word may head several rows)."""
        doc = sent.doc
        norm_list = token_norms(doc)
        doc_keys = self._doc_keys(doc)  # (token_keys of each token)
        found = []
        i = sent.start
        taken = {k for a in sent.args for k in range(a.start, a.end)}
        span_end = {a.start: a.end for a in sent.args}
        for a in reversed(sent.args):  # "قطعت السعودية والإمارات والبحرين ومصر العلاقات": a
            nxt = span_end.get(a.end)   # coordinated subject counts as one word too
            if nxt is not None and a.end < sent.end and clitic(doc[a.end]).startswith(self.g.coordinator):
                span_end[a.start] = nxt
        per_doc = doc.user_data.setdefault(_DOC_WORD_AT, {})
        opens = per_doc.get("trigger_firsts")  # the tokens of the doc a row may start at
        if self.visit_all:
            opens = list(range(len(doc)))
        elif opens is None:
            firsts = self._trigger_firsts
            opens = per_doc["trigger_firsts"] = [k for k, here in enumerate(doc_keys) if not here.isdisjoint(firsts)]
        while i < sent.end:
            if i in taken or doc_keys[i].isdisjoint(self._trigger_firsts):
                # (a token with no trigger's first key: no row to try)
                nxt = bisect_left(opens, i + 1)
                i = opens[nxt] if nxt < len(opens) else sent.end
                continue
            keys = sorted(doc_keys[i])  # sorted: the same rows win in every run
            best: list[Trigger] = []
            best_end = i
            # (the tests of the token and the words after it, made once for all its rows)
            article = no_verb = near = None
            for k in keys:
                for trig in self.by_first.get(k, ()):
                    if trig.kind == "verb":
                        if article is None:
                            article = has_article(doc[i])
                        if article and not (self.g.article and trig.surface.startswith(self.g.article)):
                            continue  # a verb never carries the article (but التقى begins with ال)
                        if no_verb is None:
                            no_verb = (i > sent.start and (norm_list[i - 1],) in self.lex.marker("patronym")
                                       or i > sent.start and (norm_list[i - 1],) in self.lex.marker("preposition")
                                       and not self._is_at(doc, i - 1, "infinitive")
                                       or any(c in self._bare_clitic(doc[i]) for c in self.g.pp_clitics))
                        if no_verb:
                            continue  # nor follows a preposition: "إلى دعم طهران" is the verbal noun
                    if len(trig.words) > 1 and not self.visit_all:
                        if near is None:
                            near = self._window_keys(doc_keys, i + 1, sent.end, span_end)
                        if trig.words[1] not in near:
                            continue  # (its second word is not where _match_rest looks for it)
                    end = self._match_rest(doc, i + 1, sent.end, trig.words[1:], spans=span_end)
                    if end is None:
                        continue
                    if not best or len(trig.words) > len(best[0].words):
                        best, best_end = [trig], end
                    elif len(trig.words) == len(best[0].words) and trig not in best:
                        best.append(trig)
            if best:
                found.append((i, best_end, best))
                i = best_end
            else:
                i += 1
        return found

    def _match_rest(self, doc, i: int, end: int, words: Key, max_gap: int = 2,
                    spans: dict[int, int] | None = None) -> int | None:
        """End index when ``words`` follow from token i in order, each after at most
        ``max_gap`` other words (a verb's subject may split a multi-word trigger: "نشرت
        الصين قوات"); an entity of several tokens counts as one word ("فرض الولايات المتحدة
        الأمريكية لتعرفة"). None when they do not."""
        spans = spans or {}
        doc_keys = self._doc_keys(doc)
        for w in words:
            k, skipped = i, 0
            while k < end and skipped <= max_gap:
                if w in doc_keys[k]:
                    break
                k = spans.get(k, k + 1) if spans.get(k, k + 1) > k else k + 1
                skipped += 1
            else:
                return None
            i = k + 1
        return i

    @staticmethod
    def _window_keys(doc_keys: list[frozenset[str]], i: int, end: int, spans: dict[int, int],
                     max_gap: int = 2) -> set[str]:
        """Every key of the tokens :meth:`_match_rest` tests for the first of its ``words``
        from token i (``max_gap`` + 1 tokens before ``end``, an entity of ``spans`` skipped
        as one word): a row whose second word is not among them matches no further."""
        near: set[str] = set()
        k, skipped = i, 0
        while k < end and skipped <= max_gap:
            near |= doc_keys[k]
            k = spans.get(k, k + 1) if spans.get(k, k + 1) > k else k + 1
            skipped += 1
        return near

    def _clause(self, sent: Sentence, i: int, relative: bool = True) -> tuple[int, int]:
        """Token range of the clause around token i: clause markers, clause punctuation and
        (unless ``relative`` is False) relative pronouns bound it ("التقى سلام رئيس البرلمان
        الذي يزور لبنان": Lebanon is in another clause)."""
        doc = sent.doc
        if 0 <= i < len(doc):  # the doc's boundaries, found once (:meth:`_boundaries`)
            at = self._boundaries(doc, relative)
            lo, hi = bisect_left(at, sent.start), bisect_left(at, i)
            s = at[hi - 1] + 1 if hi > lo else sent.start
            j = bisect_left(at, i + 1)
            e = at[j] if j < len(at) and at[j] < sent.end else sent.end
            return s, e
        markers = self.lex.marker("clause")
        relatives = self.lex.marker("relative") if relative else set()

        def boundary(k: int) -> bool:
            return ((token_norms(doc)[k],) in markers or (token_norms(doc)[k],) in relatives
                    or token_texts(doc)[k] in self.g.clause_punctuation)

        s = next((k + 1 for k in range(i - 1, sent.start - 1, -1) if boundary(k)), sent.start)
        e = next((k for k in range(i + 1, sent.end) if boundary(k)), sent.end)
        return s, e

    def _boundaries(self, doc, relative: bool) -> list[int]:
        """Sorted indices of the tokens of ``doc`` that bound a clause (:meth:`_clause`): a
        one-word clause marker, a one-word relative pronoun (when ``relative``) or clause
        punctuation; once per doc."""
        key = ("boundaries", relative)
        per_doc = doc.user_data.get(_DOC_WORD_AT)
        if per_doc is None:
            per_doc = doc.user_data[_DOC_WORD_AT] = {}
        at = per_doc.get(key)
        if at is None:
            words = self._words("clause") | (self._words("relative") if relative else frozenset())
            punct = self.g.clause_punctuation
            at = per_doc[key] = [k for k, (n, x) in enumerate(zip(token_norms(doc), token_texts(doc)))
                                 if n in words or x in punct]
        return at

    # ----------------------------------------------------------------- arguments
    def _subject(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int,
                 by: Arg | None = None) -> tuple[Arg | None, float]:
        doc = sent.doc
        text_list = token_texts(doc)
        norm_list = token_norms(doc)
        usable = [a for a in sent.args if a.role == "arg" and a.is_actor]
        opener = doc[clause_s - 1] if clause_s > sent.start else None
        if opener is not None and opener.norm_.endswith(self.g.third_person_suffixes) and (
                opener.norm_,) in self.lex.marker("clause"):
            return None, 0.0  # "لكنها غادرت...": the subject is the pronoun, resolved by the caller
        inside = next((a for a in usable if ts < a.start and a.end < te), None)
        if inside is not None:  # "نشرت الصين قوات": the subject inside a split trigger
            return inside, 0.9
        if any(self._is_at(doc, k, "impersonal") and not (k + 1 < len(doc) and self._is_at(doc, k + 1, "still"))
               for k in range(max(sent.start, ts - 2), ts)):
            return None, 0.0  # "مما بات يهدد": the subject is a clause, not an actor
        if by is not None:  # the agent of a من قبل phrase, found by the caller
            return by, 0.85
        if ts - 1 >= sent.start + 1 and self._is_at(doc, ts - 1, "relative"):
            # "الولايات المتحدة وفرنسا اللتين تنشران": the antecedent of the relative pronoun
            ante = next((a for a in reversed(usable) if a.end == ts - 1), None)
            if ante is not None:
                # the first of the antecedents coordinated up to it: the caller adds the rest
                first = next((b for b in usable if b.end <= ante.start
                              and ante in self._coordinated(sent, b, usable, ts)), ante)
                return first, 0.85
        ctrl = self._controller(sent, ts) if trig.kind == "verb" else None
        if ctrl is not None:  # "urged China to pressure North Korea": China pressures
            return ctrl, 0.8
        permitted = self._permitted(sent, ts, clause_s)
        if permitted is not None:  # "سيتيح لإيران تقديم دعم لحزب الله": Iran supports
            return permitted, 0.8
        if (trig.kind == "noun" and trig.obj == "place" and te + 1 < sent.end
                and self._is_at(doc, te, "subjective_genitive") and norm_list[te] not in trig.preps):
            # "the deployment of the US missile shield in South Korea": the genitive after a
            # noun of movement or presence names the agent when it is not the row's own object
            # preposition ("the annexation of Crimea": the object)
            gen = next((a for a in usable if te + 1 <= a.start <= te + 2), None)
            if gen is not None:
                return gen, 0.85
        if trig.kind == "noun":
            k = te  # ("الاحتلال الفارسي الصفوي الإيراني": other adjectives may come first)
            while k < min(sent.end, te + 3) and has_article(doc[k]) and doc[k].is_alpha and not doc[k].ent_type_ \
                    and norm_list[k].endswith(self.g.adjective_endings or ("\0",)):
                k += 1
            adj = next((a for a in usable if a.start in (te, k) and a.kind == "demonym"), None)
            if adj is not None:  # "القصف الإيراني": a nisba adjective is the agent
                return adj, 0.85
            # a light verb before the verbal noun: its subject is the agent ("قدمت روسيا
            # دعما لسوريا", "روسيا التي قدمت دعما"); only its subject may stand between them
            lv = next((k for k in range(ts - 1, max(clause_s, ts - 5) - 1, -1) if self._is_at(doc, k, "light_verb")), None)
            if lv is not None:
                inside = next((a for a in usable if lv < a.start and a.end == ts), None)
                if inside is not None or lv == ts - 1:
                    if inside is None:
                        inside = next((a for a in usable if clause_s <= a.start and a.end <= lv
                                       and not self._in_pp(doc, a)), None)
                    if inside is not None:
                        return inside, 0.8
        before = [a for a in usable if clause_s <= a.start and a.end <= ts and not self._in_pp(doc, a)]
        joined = self._any_is(doc, "join", clause_s, ts)
        # an accusative plural group is no subject, unless إن/أن governs it ("إن المسلحين هاجموا"):
        # "استهدفت المتمردين الأكراد، ولم تقصف تركيا داعش"
        before = [a for a in before if not (
            a.cls == "ActorGroup" and norm_list[a.start].endswith(self.g.oblique_plural_endings or ("\0",))
            and not (a.start > sent.start and norm_list[a.start - 1] in self.g.complementizers))]
        if before and (trig.kind == "verb" or joined):  # "انضمت X وY إلى العقوبات": the joiners  # SVO (after أن/إن): the clause's first actor
            first = before[0]
            if not self.g.subject_follows_verb:
                # SVO: the nearest chain of coordinated actors before the verb ("End Bush
                # 'denial', Blair tells EU"; "Kiev says Russia attacked"): its first member
                k = 0
                while k < len(before):
                    first = before[k]
                    chain = self._coordinated(sent, first, before, ts)
                    k = before.index(chain[-1]) + 1 if chain else k + 1
            pick = self._apposed_person(doc, first, usable)
            if not self.g.subject_follows_verb and self._reported_unnamed_subject(sent, pick.end, ts):
                return None, 0.0  # "X said the administration should impose sanctions": not X
            conf = 0.85 if ts - pick.end <= 12 else 0.7
            return pick, conf * (0.9 if pick.via != "mention" else 1.0)
        # right after the trigger: VSO subject of a verb, genitive subject of a verbal noun;
        # a verb or noun with no preposition takes its object there instead (never in an SVO
        # language: "We condemn Iran," Canada said: Iran is the object)
        if not self.g.subject_follows_verb:
            after = None
        elif not trig.preps and (trig.kind == "noun" or trig.obj == "place"):
            after = None
            if trig.kind == "verb" or trig.obj == "place":
                # VSO with a place object: "غادرت القوات الفرنسية النيجر"; a verbal noun's
                # genitive agent before its place: "احتلال تنظيم داعش أجزاء من الأراضي العراقية"
                # (not a person's: "مغادرة صالح اليمن" is no troop movement)
                cand = next((a for a in usable if te <= a.start <= te + 1
                             and (trig.kind == "verb" or a.cls != "Person")), None)
                reach = max(cand.end + 1, self._part_of_place(doc, cand.end, sent.end)) if cand is not None else 0
                if cand is not None and any(b.is_place and b.role == "arg" and cand.end <= b.start <= reach
                                            and b.entity_id != cand.entity_id for b in sent.args):
                    after = cand
        else:
            after = next((a for a in usable if te <= a.start <= te + (0 if trig.kind == "noun" else 1)), None)
            if (after is not None and trig.kind == "verb" and after.cls == "ActorGroup"
                    and norm_list[after.start].endswith(self.g.oblique_plural_endings or ("\0",))):
                after = None  # "استهدفت المتمردين": an accusative plural is the object
            if after is None and trig.kind == "verb":
                after = self._titled_person_at(sent, te, or_state=True)
        if after is not None and not any(self._has_prep(doc[k], p) for k in range(te, after.start + 1)
                                         for p in self.g.subject_blocking_preps):
            if not trig.preps or trig.kind == "noun" or self._prep_after(sent, after.end, trig) is not None:
                return after, 0.9
        if (not before and clause_s > sent.start + 1 and self._is_at(doc, clause_s - 1, "relative")
                and not (trig.kind == "verb" and doc[te - 1].norm_ != trig.words[-1]
                         and doc[te - 1].norm_.endswith(self.g.third_person_suffixes))):
            # "التحالف بقيادة السعودية الذي ينفذ ضربات ضد الحوثيين": the antecedent (not when
            # the verb carries an object pronoun: "قبرص الذي تحتله تركيا", its object)
            ante = next((a for a in reversed(usable) if a.end == clause_s - 1), None)
            if ante is not None:
                return ante, 0.75
        if (before and trig.kind == "noun" and trig.predicate == "attacks"
                and self.g.strip_conj(clitic(doc[ts])) in self.g.instrumental_clitics):
            return None, 0.0  # "قتل 8 مدنيين بقصف ...": the victims before the attack that killed them
        suffixed = norm_list[te - 1] != trig.words[-1]
        if trig.kind == "noun" and suffixed and norm_list[te - 1].endswith(self.g.plural_suffixes):
            before = [a for a in before if a.cls != "Person"]  # "انسحابهم": they, not a person
        elif trig.kind == "noun":
            # "القنصلية الأمريكية ... الهجمات": the nisba of a building or place is its owner,
            # a target rather than the agent of a later verbal noun
            # likewise a nisba of any common noun phrase that does not end right before the noun
            # ("جبهة ... المتطرفة التركية تنفيذ أحد أعضائها الهجوم"; but "الخطط الأمريكية لسحب")
            before = [a for a in before if not (a.kind == "demonym" and a.start > sent.start and (
                self._is_at(doc, a.start - 1, "facility_noun")
                or ts - a.end > 2 and has_article(doc[a.start - 1]) and not doc[a.start - 1].ent_type_
                and not self._is_at(doc, a.start - 1, "troop_noun")))]
        if before and trig.kind == "noun" and not self.g.subject_follows_verb and not (
                text_list[before[-1].end - 1].endswith(("'s", "’s", "'")) or text_list[before[-1].end] in ("'s", "’s", "'")
        ) and any(n in self._verb_forms for n in norm_list[before[-1].end:ts]):
            # SVO: a trigger verb between the actor and the noun makes the noun its object; the
            # actor is that verb's subject, not the noun's agent ("The White House condemned the
            # attack on the US embassy")
            before = []
        if before:  # a verbal noun's agent: the nearest actor before it
            pick = before[-1]
            conf = 0.85 if ts - pick.end <= 12 else 0.7
            return pick, conf * (0.9 if pick.via != "mention" else 1.0)
        return None, 0.0

    def _permitted(self, sent: Sentence, ts: int, clause_s: int) -> Arg | None:
        """The actor that a verb of permission (marker class ``permit_verb``) lets perform the
        verbal noun at ``ts``: its dative object, right after the verb and at most three words
        before the noun ("سيتيح لإيران تقديم دعم لحزب الله", "سمحت لتركيا بشن غارات"). A
        nisba after a craft or troop noun stands for its state ("يسمح للطائرات الأمريكية
        بشن"). None otherwise, and always in a language without the marker class."""
        doc = sent.doc
        for a in reversed(sent.args):
            if a.end > ts or a.start < clause_s or a.role != "arg" or not a.is_actor:
                continue
            if ts - a.end > 3:
                return None
            k = a.start - 1
            if a.kind == "demonym" and k > clause_s and (self._is_at(doc, k, "vehicle_noun") or self._is_at(doc, k, "troop_noun")):
                k -= 1
            subj = next((b for b in sent.args if b.end == k + 1 and b.start > sent.start and b is not a), None)
            if subj is not None:  # VSO: "سمحت أنقرة لواشنطن": the verb's subject before its dative
                k = subj.start - 1
            first = doc[a.start - 1] if a.kind == "demonym" and a.start - 1 > k else doc[a.start]
            if (k >= sent.start and self._is_at(doc, k, "permit_verb")
                    and self.g.strip_conj(self._bare_clitic(first)) in self.g.dative_clitics | {self.g.dative_article}):
                return a
            return None
        return None

    def _agent_by(self, sent: Sentence, te: int) -> Arg | None:
        """The actor after an agent phrase ("من قبل X", "by X") in the trigger's clause."""
        doc = sent.doc
        _s, clause_e = self._clause(sent, te)
        for k in range(te, clause_e):
            n = self._seq_at(doc, k, clause_e, "agent_by")
            if n:
                return next((a for a in sent.args if a.role == "arg" and a.is_actor and k + n <= a.start <= k + n + 1),
                            None)
        return None

    def _titled_person_at(self, sent: Sentence, k: int, or_state: bool = False) -> Arg | None:
        """The person named after a title phrase starting at token k ("دعا وزير الخارجية
        الروسي سيرغي لافروف": Lavrov), None when anything else stands before the name. With
        ``or_state``, an office named by its state's nisba and no name stands for the state
        ("والتقى وزير الخارجية السعودي بنظيره": Saudi Arabia)."""
        doc = sent.doc
        start = k
        modifiers = {a.start: a for a in sent.args if a.role == "modifier"}
        while k < sent.end:
            a = next((b for b in sent.args if b.start == k and b.role in ("arg", "reporter")), None)
            if a is not None:
                if or_state and k > start and a.cls == "Country" and a.kind == "demonym":
                    return a
                return a if a.cls == "Person" else None
            if k in modifiers:
                k = modifiers[k].end
            elif token_norms(doc)[k] in self.title_words or self._is_at(doc, k, "title_adjective"):
                k += 1
            else:
                return None
        return None

    @staticmethod
    def _apposed_person(doc, a: Arg, usable: list[Arg]) -> Arg:
        """The person a demonym introduces ("الناشطة السعودية، منال الشريف"), else the arg."""
        if a.kind != "demonym":
            return a
        person = next((b for b in usable if b.cls == "Person" and a.end <= b.start <= a.end + 1), None)
        return person if person is not None else a

    def _in_pp(self, doc, a: Arg) -> bool:
        """True when the arg is the object of a preposition (a clitic ب/ل/ك or a preceding
        في، على، من، إلى، عن، مع...) or follows a compass word (شمالي أفغانستان), so it cannot
        be a subject."""
        first = doc[a.start]
        if any(c in self._bare_clitic(first) for c in self.g.pp_clitics) and a.kind != "demonym":
            return True
        if a.start == 0:
            return False
        prev = doc[a.start - 1]
        if prev.norm_ == self.g.ablative and a.start >= 2 and token_norms(doc)[a.start - 2] == self.g.each:
            return False  # "كل من X وY": each of X and Y
        if prev.norm_ in self.compass and a.kind != "demonym":
            return True  # "في شمالي أفغانستان": a location
        if a.kind == "demonym":
            # "حيال التحالف الأميركي", "بالتحالف الأميركي": the nisba of a common noun that is
            # itself a preposition's object (not after ل, also a possessor: "التصريحات العدوانية
            # للمرشد الإيراني ضد البحرين")
            return (a.start >= 2 and has_article(prev) and not prev.ent_type_
                    and (any(c in self._bare_clitic(prev) for c in self.g.pp_clitics - self.g.dative_clitics)
                         or (doc[a.start - 2].norm_,) in self.lex.marker("preposition")))
        return (prev.norm_,) in self.lex.marker("preposition")

    def _joins_subject(self, doc, a: Arg) -> bool:
        """True when a word with the coordinator and a pronoun suffix (ونائبه، وأخيه) stands
        right before the arg: it continues the subject ("هنأ الملك سلمان ونائبه الأمير محمد بن
        نايف رئيس الإكوادور"), it is not the object."""
        for k in range(max(0, a.start - 2), a.start):
            t = doc[k]
            if (t.text.startswith(self.g.coordinator) and len(t.text) > 3 and not t.ent_type_
                    and t.norm_.endswith(self.g.pronoun_suffixes)
                    and any(x in self.title_words or (x,) in self.lex.marker("kin") for x in self.token_keys(t))):
                return True
        return False

    def _after_prep(self, doc, a: Arg) -> bool:
        """True when a preposition word or a clitic ب governs the arg ("مع روسيا", "بروسيا");
        a possessive ل ("أهدافا للجيش السوري") does not count."""
        if any(c in self._bare_clitic(doc[a.start]) for c in self.g.instrumental_clitics) and a.kind != "demonym":
            return True
        return a.start > 0 and (token_norms(doc)[a.start - 1],) in self.lex.marker("preposition") and a.kind != "demonym"

    def _prep_after(self, sent: Sentence, start: int, trig: Trigger, window: int = 6) -> int | None:
        """Index of the first required preposition within ``window`` tokens of ``start``;
        the words of a date (months, years, "آب/أغسطس") do not count."""
        doc = sent.doc
        k, seen = start, 0
        while k < sent.end and seen < window:
            if any(self._has_prep(doc[k], p) for p in trig.preps):
                return k
            tok = doc[k]
            if not ((tok.norm_,) in self.months or _YEAR.match(tok.text) or tok.text == "/"):
                seen += 1
            k += 1
        return None

    def _objects(self, sent: Sentence, ts: int, te: int, trig: Trigger, clause_s: int, clause_e: int,
                 subjects: set[str]) -> list[tuple[str, float]]:
        """(object id, confidence) of a trigger whose words (or verb and subject) end at ``te``."""
        doc = sent.doc
        want = (lambda a: a.is_place) if trig.obj == "place" else (
            (lambda a: a.cls == "Topic") if trig.obj == "topic" else (lambda a: a.is_actor))
        if trig.obj == "actor":
            # "دول آسيا الوسطى": a region's states act as one party
            want = (lambda a: a.is_actor or a.cls == "Region" and (
                a.start > 0 and self._is_at(doc, a.start - 1, "states")
                or self.g.modifiers_before_title and a.end < len(doc) and self._is_at(doc, a.end, "states")))
        usable = [a for a in sent.args if a.role == "arg" and want(a) and a.entity_id not in subjects]
        first = None
        if trig.preps:
            k = self._prep_after(sent, te, trig)
            if k is None or k >= clause_e:
                if trig.predicate.endswith("InfluenceIn"):  # "إبقاء آسيا الوسطى منطقة نفوذها"
                    prev = next((a for a in reversed(usable) if clause_s <= a.start and a.end <= ts
                                 and ts - a.end <= 4 and a.kind != "demonym"), None)
                    return [(prev.entity_id, 0.75)] if prev else []
                return []
            # the object right after the preposition (or in the token carrying it)
            gap = 2 if trig.obj == "place" else 6
            if trig.obj == "place":  # "سيطروا على قاعدة عسكرية في شمال أفغانستان": a base in the place
                j = k + 1
                if j < clause_e and self._is_at(doc, j, "base_noun"):
                    j += 1
                    while j < clause_e and self._is_at(doc, j, "troop_adjective"):
                        j += 1
                    if j < clause_e and token_norms(doc)[j] == self.g.locative:
                        gap = j + 2 - k
            for a in usable:
                if k <= a.start <= k + gap and a.start < clause_e:
                    between = doc[k + 1:a.start] if a.start > k else []
                    if trig.obj == "place" and any(not (self._is(t, "place_noun") or self._is(t, "base_noun")
                                                        or self._is(t, "troop_adjective") or t.norm_ == self.g.locative)
                                                   for t in between):
                        continue
                    if trig.plover in COOPERATION_CATEGORIES and any(self._has_prep(t, p[0]) for t in between
                                                          for p in self.lex.marker("target_prep")):
                        continue  # "دعما للحرب ضد داعش": the war is supported, ISIS is its target
                    if trig.obj == "actor" and any(t.text in self.g.commas or t.norm_ == self.g.locative for t in between):
                        break  # "على تجمع للحوثيين في مقر حزب الإصلاح": a place or another phrase, not the object
                    if trig.obj == "actor" and any(
                            not t.ent_type_ and t.norm_ not in self.title_words
                            and self.g.strip_conj(self._bare_clitic(t)) in self.g.instrumental_clitics for t in between):
                        break  # "اجتماعه مع الكتل السياسية بالإطاحة بوزير": another phrase, not the object
                    if trig.obj == "actor" and any(
                            any(not u.is_punct for u in doc[t.i + 1:a.start])
                            and not t.ent_type_ and t.norm_ not in self.title_words
                            and clitic(t).startswith(self.g.coordinator or "\0") for t in between):
                        # "الاتفاق مع الدول الكبرى وبحث الأزمة السورية": a new conjunct, not the
                        # object (but "على قواعد ومقرات داعش": two heads of one genitive)
                        break
                    first = a
                    break
        else:
            # no preposition: the object follows closely (a noun's genitive: right after it),
            # never inside or after a prepositional phrase ("دعا إلى الحوار مع روسيا",
            # "غادروا إلى البحرين")
            # ("عرقلة مشروع القرار الفرنسي": the owner of the thing blocked, two nouns on)
            reach = 3 if trig.kind == "noun" and trig.obj == "actor" else (2 if trig.obj == "place" else 4)
            part = self._part_of_place(doc, te, clause_e) if trig.obj == "place" else te
            # "احتل داعش أجزاء واسعة من الأراضي العراقية": a part of the place
            first = next((a for a in usable if part > te and a.start == part), None) or next(
                (a for a in usable if te <= a.start <= te + reach and a.start < clause_e
                          and not self._after_prep(doc, a) and not self._joins_subject(doc, a)
                          # SVO: "rejected the proposal and accused Ukraine": a new conjunct
                          and (self.g.subject_follows_verb
                               or not any(t.norm_ == self.g.coordinator for t in doc[te:a.start]))
                          and not any((t.norm_,) in self.lex.marker("preposition") for t in doc[te:a.start])), None)
        if first is None:
            return []
        if first.cls != "Person":
            # "met Saudi King Salman", "ولي العهد السعودي الأمير محمد": the titled person the
            # nationality describes is the object
            person = next((a for a in usable if a.cls == "Person" and first.end <= a.start <= first.end + 3
                           and all(t.norm_ in self.title_words for t in doc[first.end:a.start])
                           and not clitic(doc[a.start]).startswith(self.g.coordinator or "\0")), None)
            if person is not None:
                first = person
        chain = [first] + self._coordinated(sent, first, usable, clause_e)
        out = [(first.entity_id, 0.9)] + [(a.entity_id, 0.85) for a in chain[1:]]
        if trig.preps and trig.obj == "actor":
            # a second object phrase right after the first: "شنت عملية على شمال سوريا ضد داعش"
            k = self._prep_after(sent, chain[-1].end, trig, window=2)
            second = next((a for a in usable if k is not None and k <= a.start <= k + 2 and a.start < clause_e
                           and a not in chain), None)
            if second is not None:
                more = [second] + self._coordinated(sent, second, usable, clause_e)
                out += [(a.entity_id, 0.85) for a in more]
        return out

    def _part_of_place(self, doc, k: int, end: int) -> int:
        """Index after the words naming a part of a place that start at token ``k`` (marker
        class ``place_noun`` and the ablative: "أجزاء واسعة من الأراضي", at most six
        words); ``k`` when there are none."""
        j = k
        while j < min(end, k + 6) and (self._is_at(doc, j, "place_noun") or token_norms(doc)[j] == self.g.ablative):
            j += 1
        return j

    def _coordinated(self, sent: Sentence, first: Arg, usable: list[Arg], clause_e: int) -> list[Arg]:
        """Args coordinated with ``first``: joined by و، ، أو or a bridge (وخاصة، مثل...) or a date
        ("أو أخرى لحزب الله": a second item by its pronoun, marker class ``list_other``)."""
        doc = sent.doc
        out = []
        prev = first
        modifiers = {k for b in sent.args if b.role == "modifier" for k in range(b.start, b.end)}
        for a in usable:
            if a.start < prev.end:
                continue
            if a.start >= clause_e:
                break
            gap = doc[prev.end:a.start]
            if gap and all(t.text in self.g.commas for t in gap) and (a.cls == "Person") != (prev.cls == "Person"):
                break  # a comma list is of one kind: "منال الشريف، كندا" is a person then her object
            if (not self.g.subject_follows_verb and a.end < sent.end and self._is_at(doc, a.end, "report_verb")
                    and any(t.text in self.g.commas for t in gap)):
                break  # "Qatar funds Hamas, Egypt says": the speaker, not a second object
            ok = all(t.text in self.g.commas or t.norm_ == self.g.coordinator or self._is(t, "bridge")
                     or self._is(t, "disjunction") or self._is(t, "list_other") or self._is(t, "year_word")
                     or _YEAR.match(t.text) or self._is(t, "place_noun") or t.i in modifiers
                     or t.norm_ in self.title_words for t in gap)
            co = self.g.coordinator
            joined = clitic(doc[a.start]).startswith(co) or any(
                t.text in self.g.commas or t.norm_ == co or self._is(t, "bridge") or clitic(t).startswith(co)
                or self._is(t, "disjunction")
                for t in gap) or (
                not len(gap) and a.kind == "demonym" and prev.kind == "demonym")  # "الفرنسي الأمريكي"
            if ok and joined:
                out.append(a)
                prev = a
            else:
                break
        return out

    def _location(self, sent: Sentence, te: int, clause_e: int, exclude: set[str]) -> str | None:
        doc = sent.doc
        norm_list = token_norms(doc)
        for a in sent.args:
            if te <= a.start < clause_e and a.is_place and a.entity_id not in exclude and a.role == "arg":
                loc = self.g.locative
                if a.start > 0 and (self._has_prep(doc[a.start], loc) or norm_list[a.start - 1] == loc
                                    or self._is_at(doc, a.start - 1, "place_noun") and a.start > 1
                                    and norm_list[a.start - 2] == loc):
                    return a.entity_id
        return None

    def _controller(self, sent: Sentence, ts: int) -> Arg | None:
        """The object of a verb of marker class ``control_verb`` that is the subject of the
        infinitive right after it (object control: "urged China to pressure North Korea",
        "called on Iran to withdraw", "asked the UN (United Nations) to send"): the actor
        whose mention ends at the infinitive marker before ``ts``, with the control verb at
        most two words before the mention (a determiner or a title may stand between).
        None otherwise, and always in a language without the marker class."""
        doc = sent.doc
        text_list = token_texts(doc)
        k = ts - 1
        if k - 1 <= sent.start or not self._is_at(doc, k, "infinitive"):
            return None
        if text_list[k - 1] == ")" and k - 3 > sent.start and text_list[k - 3] == "(":
            k -= 3
        a = next((a for a in sent.args if a.end == k and a.is_actor and a.role in ("arg", "modifier")), None)
        if a is None:
            return None
        for j in range(max(sent.start, a.start - 5), a.start):
            n = self._seq_at(doc, j, a.start, "control_verb")
            if n and a.start - 2 <= j + n:
                return a
        return None

    # ----------------------------------------------------------------- mode
    def _mode(self, sent: Sentence, ts: int, te: int, clause_s: int, reported: bool) -> str:
        doc = sent.doc
        norm_list = token_norms(doc)
        _s, clause_e = self._clause(sent, ts)
        for k in range(max(clause_s, ts - 3), ts):
            if self._is_at(doc, k, "negation") and not (k + 1 < len(doc) and self._is_at(doc, k + 1, "still")):
                if any(self._is_at(doc, j, "exceptive") and not (j + 1 < len(doc) and norm_list[j + 1] in self.g.complementizers)
                       for j in range(te, clause_e)):  # (إلا أن: "however", not an exception)
                    break  # "لم تقصف تركيا داعش سوى ثلاث مرات": restricted, not negated
                return "negated"  # but "لا تزال/ما زال": still
        if self._is_at(doc, ts, "state_noun"):
            # "a buying spree that China could use to threaten its diplomatic rival Taiwan":
            # a standing relation named by a noun is not under the clause's modality
            return "reported" if reported else "asserted"
        window = range(max(clause_s, ts - 10), ts)
        if self._controller(sent, ts) is not None:
            return "intended"  # "urged China to pressure North Korea": asked for, not done
        lo = clause_s
        if clause_s - 2 >= sent.start and norm_list[clause_s - 1] in self.g.complementizers:
            lo = clause_s - 2  # "demanded that Turkey withdraw": the call opens the clause
        for k in range(max(lo, ts - 5), ts):
            # "دعا إلى الحوار مع", "طالب الطرفين بالتعاون": asked for, not done; only when
            # nothing but prepositions and names stand between the call and the trigger
            # ("دعوا للتراجع عن الاتفاق": the agreement exists)
            if self._is_at(doc, k, "called_for") and (all(
                    (t.norm_,) in self.lex.marker("preposition") or t.ent_type_ or t.norm_ in self.g.complementizers
                    for t in doc[k + 1:ts])  # ("demanded that Turkey withdraw")
                    # "دعوة صريحة لأنصاره باستهداف": the call's content is the ب-phrase
                    or self.g.strip_conj(clitic(doc[ts])) in self.g.instrumental_clitics):
                return "intended"
        if any(self._seq_at(doc, k, ts, "hypothetical") for k in window):
            return "hypothetical"
        if any(self._seq_at(doc, k, te, "intent") for k in range(max(clause_s, ts - 10), te)):
            return "intended"
        if any(self._seq_at(doc, k, clause_e, "future_time") for k in range(te, min(clause_e, te + 8))):
            return "intended"  # "لقاء الجبير مع نظيره الروسي غدا": scheduled, not held
        if any(self._seq_at(doc, k, sent.end, "historical") for k in range(clause_s, min(sent.end, te + 4))):
            return "historical"
        return "reported" if reported else "asserted"

    # ----------------------------------------------------------------- dates
    def _dated_mode(self, mode: str, date: str | None, doc, clause_s: int, clause_e: int) -> str:
        """``historical`` for an asserted or reported fact dated more than a year before the
        publication ("شنت تركيا من آب 2016 إلى آذار 2017 عملية" in 2018), unless the clause
        says it lasts (منذ); ``mode`` otherwise."""
        if (date and mode in ("asserted", "reported") and self.published is not None
                and date[:4].isdigit() and int(date[:4]) < self.published.year - 1
                and not self._any_is(doc, "since", clause_s, clause_e)):
            return "historical"
        return mode

    def _dates(self, doc, clause_s: int, clause_e: int) -> list[tuple[int, str]]:
        """(token index, xsd lexical form) of every explicit date in the clause."""
        if 0 <= clause_s and clause_e <= len(doc):  # only where a date may start (:meth:`_date_starts`)
            at = self._date_starts(doc)
            ks = at[bisect_left(at, clause_s):bisect_left(at, clause_e)]
        else:
            ks = range(clause_s, clause_e)
        return [(k, d) for k in ks if (d := self.date_at(doc, k, clause_e)) is not None]

    def _date_starts(self, doc) -> list[int]:
        """Sorted indices of the tokens of ``doc`` where :meth:`date_at` may find a date: a
        token that begins with a digit (a day, a year with its era letter), the first word of
        a month name or a word of marker class ``year_word``; once per doc (every index with
        :attr:`visit_all` set)."""
        if self.visit_all:
            return list(range(len(doc)))
        per_doc = doc.user_data.get(_DOC_WORD_AT)
        if per_doc is None:
            per_doc = doc.user_data[_DOC_WORD_AT] = {}
        at = per_doc.get(("dates",))
        if at is None:
            firsts = self._single_words.get(("months",))
            if firsts is None:
                firsts = self._single_words[("months",)] = frozenset(k[0] for k in self.months)
            words = firsts | self._words("year_word")
            at = per_doc[("dates",)] = [k for k, (n, x) in enumerate(zip(token_norms(doc), token_texts(doc)))
                                        if n in words or x[:1].isdigit()]
        return at

    @staticmethod
    def _date_for(dates: list[tuple[int, str]], ts: int, obj_at: int | None, objects: list[int]) -> str | None:
        """The date of one fact: a date written between this object and the next coordinated
        one is its own ("غادرت أوزبكستان عام 2005 وقرغيزستان بعد عقد": 2005 is Uzbekistan's);
        a date between two earlier objects belongs to those; otherwise the date nearest the
        trigger."""
        if not dates:
            return None
        if obj_at is not None and len(objects) > 1:
            later = [p for p in objects if p > obj_at]
            nxt = later[0] if later else None
            own = [d for k, d in dates if k > obj_at and (nxt is None or k < nxt)]
            if own:
                return own[0]
            inner = [(k, d) for k, d in dates if objects[0] < k < objects[-1]]
            dates = [x for x in dates if x not in inner]
            if not dates:
                return None
        return min(dates, key=lambda x: abs(x[0] - ts))[1]

    def date_at(self, doc, k: int, end: int) -> str | None:
        """Parse an explicit date starting at token k: "16 يونيو [2021]", "يونيو 2021", "عام 2005".

        Returns ``YYYY-MM-DD``, ``--MM-DD`` (no year and no publication date), ``YYYY-MM``
        or ``YYYY``; None when no date starts there.
        """
        text_list = token_texts(doc)
        tok = doc[k]
        if _DAY.match(tok.text) and k + 1 < end:
            month, n = self._month_at(doc, k + 1, end)
            if month:
                day = int(tok.text)
                y = k + 1 + n
                if y < end and _YEAR.match(text_list[y]):
                    return f"{int(text_list[y]):04d}-{month:02d}-{day:02d}"
                if self.published is not None:
                    year = self.published.year
                    if (month, day) > (self.published.month, self.published.day):
                        year -= 1
                    return f"{year:04d}-{month:02d}-{day:02d}"
                return f"--{month:02d}-{day:02d}"
        month, n = self._month_at(doc, k, end)
        if month and k + n < end and _YEAR.match(text_list[k + n]) and not (k > 0 and _DAY.match(text_list[k - 1])):
            return f"{text_list[k + n]}-{month:02d}"
        if self._is(tok, "year_word") and k + 1 < end and _YEAR.match(self._year_text(doc[k + 1])):
            return self._year_text(doc[k + 1])
        if _YEAR.match(tok.text.rstrip()) is None and self._year_text(tok) != tok.text and _YEAR.match(self._year_text(tok)):
            return self._year_text(tok)  # "1974م": a year with its era letter
        return None

    def _year_text(self, tok) -> str:
        """The token's text without a trailing era letter (Arabic م: "2015م")."""
        text = tok.text.rstrip(".")
        for suf in self.g.year_suffixes:
            if text.endswith(suf) and text[: -len(suf)].isdigit():
                return text[: -len(suf)]
        return tok.text

    def _month_at(self, doc, k: int, end: int) -> tuple[int | None, int]:
        for n in (2, 1):
            if k + n <= end:
                key = tuple(token_norms(doc)[k:k + n])
                if key in self.months:
                    return self.months[key], n
        return None, 0
