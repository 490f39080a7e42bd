"""The language-data interface: what a language folder gives the shared mechanism.

The shared extractor modules (:mod:`extractors.relations`, :mod:`extractors.components`,
:mod:`extractors.pipeline`) hold no word of any language. A language is a package
``extractors/<code>/`` that provides, like a spaCy ``Language`` subclass provides its
``Defaults``:

- ``match_key(word) -> str``: the normalization every lexicon entry and token goes through;
- ``clitic_candidates(word)`` and ``segment(word, vocabulary)``: clitic readings;
- ``expand_form(entry, kind)`` (optional): inflected trigger forms from a lemma entry;
- ``romanize(text)``: a readable Latin-script form (ids of new entities);
- ``entity_labels(surface, cls, known) -> (label_ar, label_en)`` (optional): the labels of
  an entity of class ``cls`` outside the KB named by ``surface``; ``known(text) -> (english,
  is_adjective) | None`` gives the English of words the KB knows (default: the surface as
  the Arabic label and its romanization as the English one). A new entity's id is made
  from its English label when the language gives both labels (a readable name of a name
  in another script), so the same name in an English article is the same entity;
- ``NAME_PIPES`` (optional): the registered name-finding components the language's pipeline
  runs after the KB ruler (default ``("nufuz_name_patterns",)``);
- ``STOP_WORDS``;
- ``GRAMMAR``: a :class:`Grammar` — the function words, affixes and punctuation the shared
  rules refer to by role (the locative preposition, the coordinator, pronoun suffixes...);
- data files read by :func:`extractors.lexicon.load_lexicon`: ``triggers.tsv``,
  ``markers.tsv``, ``titles.tsv``, ``org_heads.tsv``, ``given_names.txt``, ``months.tsv``,
  optional ``senses.tsv`` and ``actor_groups.tsv``; for a cased language, an optional
  ``gazetteer.tsv`` of place names outside the KB (:func:`extractors.cased_names.load_gazetteer`).

:func:`get_grammar` is the registry lookup (``import_module(f"extractors.{code}")``, then
its ``GRAMMAR``). Adding a language = a folder with these names; adding a frame = a function
in :mod:`extractors.relations` plus rows in the data files.

Language identification (:func:`identify_language`, :func:`detect_language`) names the
language of a text, built or not: the script of its prose letters (Unicode character names,
CLDR script codes), then py3langid among the languages CLDR writes in that script, and
function words (spaCy's stop-word lists) between a language nufuz does not build and the one
it builds in that script. :func:`supported_languages` lists the built ones.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Grammar:
    """Function words and affixes of one language, by the role the shared rules give them.

    Word entries are match keys (the language's ``match_key`` of the word); punctuation and
    affixes are written as they appear in text.

    Attributes
    ----------
    pronoun_suffixes : tuple[str, ...]
        Object/possessive pronoun suffixes, longest first (removed to find a trigger stem).
    feminine_suffixes, masculine_suffixes, plural_suffixes : tuple[str, ...]
        The third-person pronoun suffixes by gender/number (the agent a suffix on a verbal
        noun refers to: a state or organization for the feminine, a person for the masculine).
    stem_restorations : tuple[tuple[str, str], ...]
        ``(ending, replacement)``: a stem left by removing a suffix may end in a letter that
        stands for another at a word's end (Arabic ت -> ة, normalized ه).
    article : str
        The definite article as a prefix ("" when the language has none).
    commas, clause_punctuation, list_openers : frozenset[str]
        Punctuation that coordinates, that bounds a clause, that opens a list.
    coordinator : str
        Key of the coordinating conjunction ("and"); also the proclitic that coordinates.
    locative, allative, adessive, ablative, between, on_behalf, each : str
        Keys of the prepositions "in", "to", "at/with", "from", "between", "on behalf of",
        and the quantifier "each" ("each of X and Y").
    copular_pronouns : frozenset[str]
        Keys of pronouns that introduce a list of members ("namely": وهي).
    honorifics : frozenset[str]
        Keys of honorifics that may stand between a title and a name (الشيخ).
    official_modifiers : frozenset[str]
        Keys of words that qualify an "officials" phrase (senior, former, current).
    pp_clitics : frozenset[str]
        Proclitic letters that make a word the object of a preposition (by, to, like).
    instrumental_clitics, dative_clitics : frozenset[str]
        Proclitic sequences meaning "by/with" (a charge, a thing condemned) and "to/for" (a
        verbal noun's object).
    subject_blocking_preps : tuple[str, ...]
        Prepositions (keys or proclitic letters) that, between a trigger and an actor, make
        the actor an oblique rather than the trigger's subject.
    conj_clitics : tuple[str, ...]
        Proclitic conjunctions ("and", "so") that may precede any other proclitic.
    dative_article : str
        The contraction of the dative clitic with the article (Arabic لل = ل + ال).
    complementizers : frozenset[str]
        Keys of "that" words that open a reported clause (أن، إن، بأنه...).
    sentence_end : frozenset[str]
        Punctuation that ends a sentence.
    year_suffixes : tuple[str, ...]
        Era letters written right after a year ("2015م").
    input_folds : tuple of (str, str)
        One-for-one letter folds applied to the text before the rules read it (letters of a
        neighbouring orthography typed by mistake); see :func:`extractors.text.for_rules`.
    hashtag_mark : str
        The one character a hashtag sign becomes in the text the rules read: a character the
        tokenizer keeps on the tagged word and the match key drops (Arabic tatweel), so that
        "رجب طيب #أردوغان" stays three words and matches the name; default a space.
    oblique_plural_endings : tuple[str, ...]
        Endings (match keys) of a sound plural in the accusative/genitive case (Arabic ـين):
        a generic group so inflected right after a verb is its object, not its subject
        ("استهدفت المتمردين").
    nisba_endings : tuple[str, ...]
        Endings (match keys) of a relative adjective (Arabic nisba ي، ية keyed يه: الكردية):
        an adjective, never a verbal noun that governs a preposition.
    human_plural_endings : tuple[str, ...]
        Endings (match keys) of a sound masculine plural or a dual noun (Arabic ـون، ـين، ـان:
        الحوثيون، المسؤولين، الطرفان): such a noun never takes a feminine singular adjective,
        so a country's name spelled like one ("يتهم الحوثيون السعودية") is the name there.
    family_name_endings : tuple[str, ...]
        Endings (match keys) of a definite word that may close a person's name after a title
        (the Arabic nisba: الجهيناوي، الزبيدي).
    dual_endings : tuple[str, ...]
        Endings (match keys) of a dual noun (Arabic ـان، ـين: الرئيسان، الجانبين): a dual noun
        before a dual verb is its subject ("وكان الرئيسان التقيا").
    adjective_endings : tuple[str, ...]
        Endings (match keys) of adjectives and sound plurals (Arabic nisba ي/ية, feminine ة,
        plurals ين ون ات): an unknown word with a proclitic and the article that ends so is
        segmented (والتقني), and such a word may stand inside an organization's name after
        its head noun (التحالف العسكري بقيادة السعودية).
    name_adjective_endings : tuple[str, ...]
        Endings (match keys) of the adjectives that agree with an organization's head noun
        and continue its name (Arabic nisba ي, feminine ة keyed ه: الشؤون البلدية والقروية،
        لجنة الحج المشتركة); an organization head followed only by
        indefinite words ending so is a description (شركة أمنية).
    cased : bool
        Whether the script marks names with a capital letter (English): names are then read
        from capitalised word runs (:mod:`extractors.cased_names`), and a knowledge-base form
        or a bare name part matches only where it is capitalised.
    subject_follows_verb : bool
        Whether a verb's subject may stand right after it (Arabic VSO); False for SVO
        languages, where the actor after a verb is its object.
    modifiers_before_title : bool
        Whether modifiers precede their head noun: the country or organization of a role
        title stands before it ("French President Jacques Chirac", "UK Foreign Secretary Jack
        Straw") rather than after it (Arabic "الرئيس الفرنسي"), and a demonym before a
        civilian noun ("British nationals") describes it.
    suffix_lookalikes : tuple[str, ...]
        Word endings, as written, that normalize like a pronoun suffix but are not one
        (Arabic ة, normalized ه like the masculine suffix).
    """

    pronoun_suffixes: tuple[str, ...]
    feminine_suffixes: tuple[str, ...]
    masculine_suffixes: tuple[str, ...]
    plural_suffixes: tuple[str, ...]
    stem_restorations: tuple[tuple[str, str], ...]
    article: str
    commas: frozenset[str]
    clause_punctuation: frozenset[str]
    list_openers: frozenset[str]
    coordinator: str
    locative: str
    allative: str
    adessive: str
    ablative: str
    between: str
    on_behalf: str
    each: str
    copular_pronouns: frozenset[str]
    honorifics: frozenset[str]
    official_modifiers: frozenset[str]
    pp_clitics: frozenset[str]
    instrumental_clitics: frozenset[str]
    dative_clitics: frozenset[str]
    subject_blocking_preps: tuple[str, ...]
    conj_clitics: tuple[str, ...]
    dative_article: str
    complementizers: frozenset[str]
    sentence_end: frozenset[str]
    suffix_lookalikes: tuple[str, ...] = ()
    year_suffixes: tuple[str, ...] = ()
    input_folds: tuple[tuple[str, str], ...] = ()
    hashtag_mark: str = " "
    family_name_endings: tuple[str, ...] = ()
    adjective_endings: tuple[str, ...] = ()
    name_adjective_endings: tuple[str, ...] = ()
    dual_endings: tuple[str, ...] = ()
    oblique_plural_endings: tuple[str, ...] = ()
    human_plural_endings: tuple[str, ...] = ()
    nisba_endings: tuple[str, ...] = ()
    cased: bool = False
    subject_follows_verb: bool = True
    modifiers_before_title: bool = False

    @property
    def name_end_punctuation(self) -> frozenset[str]:
        """Punctuation after a name that closes an apposition or a list item."""
        return self.commas | self.clause_punctuation | {"(", ")", "-", "—", "–"}

    def strip_conj(self, proclitic: str) -> str:
        """A proclitic without its leading conjunction (وب -> ب, فل -> ل, و -> "")."""
        for c in self.conj_clitics:
            if proclitic.startswith(c):
                return proclitic[len(c):]
        return proclitic

    def bare_preposition(self, proclitic: str) -> str:
        """The preposition letters of a proclitic, without its conjunction and without the
        article it carries (وبال -> ب, لل -> ل, بال -> ب, وال -> "", وب -> ب).

        Examples
        --------
        >>> from extractors.language import get_grammar
        >>> [get_grammar("ar").bare_preposition(p) for p in ("وبال", "لل", "بال", "وال", "وب")]
        ['ب', 'ل', 'ب', '', 'ب']
        """
        p = self.strip_conj(proclitic)
        if self.dative_article and p == self.dative_article:
            return p[:-1]  # (لل = ل + the article, its alif elided)
        if self.article and p.endswith(self.article):
            return p[:-len(self.article)]
        return p

    def head_clitics(self) -> frozenset[str]:
        """Proclitics a head noun may carry: none, a conjunction, a preposition clitic, or
        a conjunction + a preposition clitic (وبلدة، لشركة، ومحافظة)."""
        preps = {c for c in self.pp_clitics if c in self.instrumental_clitics | self.dative_clitics}
        return frozenset({""} | set(self.conj_clitics) | preps | {c + p for c in self.conj_clitics for p in preps})

    @property
    def third_person_suffixes(self) -> tuple[str, ...]:
        """Feminine, masculine and plural third-person suffixes together."""
        return self.feminine_suffixes + self.masculine_suffixes + self.plural_suffixes


@functools.lru_cache(maxsize=None)
def get_grammar(lang: str) -> Grammar:
    """The :class:`Grammar` of a registered language (its package's ``GRAMMAR``).

    Raises
    ------
    ValueError
        If ``extractors.<lang>`` does not exist or defines no ``GRAMMAR``.
    """
    try:
        module = import_module(f"extractors.{lang}")
    except ModuleNotFoundError as e:
        raise ValueError(f"no extraction data for language {lang!r}") from e
    grammar = getattr(module, "GRAMMAR", None)
    if not isinstance(grammar, Grammar):
        raise ValueError(f"extractors.{lang} defines no GRAMMAR (extractors.language.Grammar)")
    return grammar


# --------------------------------------------------------------------------- language identification

#: Individual languages the identifier's model knows that belong to a macrolanguage nufuz
#: builds as one (ISO 639-3 macrolanguage mappings, SIL: ``arz`` Egyptian and ``ary``
#: Moroccan Arabic are members of ``ara``/``ar``; ``uzs`` Southern Uzbek of ``uzb``/``uz``).
#: Modern Standard Arabic news read with colloquial features is still Arabic.
MACROLANGUAGES = {"arz": "ar", "ary": "ar", "uzs": "uz"}

#: Below this many letters of its script a text is too short to tell the languages of one
#: script apart (py3langid's byte n-grams need a few words); it is then taken to be the
#: language nufuz builds in that script, if there is one.
MIN_LETTERS = 24

#: Spans that are not prose and whose Latin letters must not outvote the article's own:
#: IRIs in angle brackets, URLs, e-mail addresses, markup tags, RDF language tags
#: (``"x"@en``), prefixed names (``skos:prefLabel``) and ``&entities;``.
_NOT_PROSE_SPANS = (
    r"<[a-zA-Z][\w+.-]*:[^\s<>]*>",          # an IRI in angle brackets
    r"\b(?:https?|ftp)://\S+|\bwww\.\S+",    # a URL
    r"\S+@\S+\.\w+",                         # an e-mail address
    r"</?[a-zA-Z][^<>]*>",                   # a markup tag
    r"@[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]+)*\b",   # an RDF language tag
    r"\b[a-zA-Z][\w-]*:[a-zA-Z_][\w-]*",     # a prefixed name (skos:prefLabel)
    r"&\w+;",
)
_NOT_PROSE = re.compile("|".join(_NOT_PROSE_SPANS))
#: :data:`_NOT_PROSE` without the spans that hold an ``@``, for a text without one: the same
#: matches, and a third less time than the e-mail pattern's ``\S+`` tried at every character
_NOT_PROSE_NO_AT = re.compile("|".join(p for p in _NOT_PROSE_SPANS if "@" not in p))
#: A character every span of :data:`_NOT_PROSE_SPANS` holds one of (an ASCII letter, ``<``,
#: ``@`` or ``&``): a text without any is prose whole, and the patterns are not tried at each
#: of its characters (9 SaudiNewsNet articles in 10 have none: the JSON Lines reader's
#: check of a ``lang`` field over the 28,026 articles, 6.7 CPU-s before this and the
#: counting of :func:`_script_counts`, about 2 after).
_SPAN_CHAR = re.compile(r"[<@&A-Za-z]")


@dataclass(frozen=True)
class LanguageGuess:
    """What :func:`identify_language` found in a text.

    Attributes
    ----------
    code : str
        ISO 639-1 code where there is one (``"ar"``, ``"en"``, ``"fr"``, ``"fa"``, ``"ur"``),
        else ISO 639-3 (py3langid's labels, macrolanguage members folded by
        :data:`MACROLANGUAGES`).
    script : str
        ISO 15924 code of the script most of the text's letters are written in (``"Arab"``,
        ``"Latn"``, ``"Cyrl"``...), or the first word of the letters' Unicode names when CLDR
        names no such script.
    confidence : float
        py3langid's normalised probability of ``code`` among the languages written in
        ``script`` (0..1); 0.0 when the text was too short to classify (:data:`MIN_LETTERS`)
        and the script's built language was taken.
    name : str
        The language's English name (CLDR, via babel): "French", "Persian", "Urdu".
    """

    code: str
    script: str
    confidence: float
    name: str


def supported_languages() -> tuple[str, ...]:
    """Codes of the languages nufuz builds: the ``extractors/<code>/`` packages, sorted.

    >>> supported_languages()
    ('ar', 'en')
    """
    return _supported()


@functools.lru_cache(maxsize=1)
def _supported() -> tuple[str, ...]:
    import pkgutil
    from pathlib import Path
    here = Path(__file__).parent
    return tuple(sorted(m.name for m in pkgutil.iter_modules([str(here)])
                        if m.ispkg and (here / m.name / "grammar.py").is_file()))


def language_name(code: str) -> str:
    """The English name of a language code (CLDR data shipped with babel), else the code.

    >>> language_name("fr"), language_name("ur"), language_name("arz"), language_name("qqq")
    ('French', 'Urdu', 'Egyptian Arabic', 'qqq')
    """
    from babel import Locale
    return Locale("en").languages.get(code, code)


@functools.lru_cache(maxsize=None)
def _script_names() -> dict[str, str]:
    """Unicode name word (``ARABIC``) -> ISO 15924 code (``Arab``), from CLDR's English
    script names (babel)."""
    from babel import Locale
    names: dict[str, str] = {}
    for code, name in Locale("en").scripts.items():
        names.setdefault(name.upper().split()[0], code)
    names["CJK"] = "Hani"  # CJK UNIFIED IDEOGRAPH-...: the Han script
    for word, code in (("ARABIC", "Arab"), ("LATIN", "Latn")):
        names[word] = code  # the two scripts nufuz reads, whatever CLDR's variants
    return names


@functools.lru_cache(maxsize=8192)
def letter_script(ch: str) -> str | None:
    """ISO 15924 code of the script a letter is written in; None for a non-letter.

    The script is the first word of the letter's Unicode name (``ARABIC LETTER FARSI YEH``,
    ``LATIN SMALL LETTER E WITH ACUTE``), mapped to its ISO 15924 code by CLDR's English
    script names.

    >>> letter_script("ی"), letter_script("é"), letter_script("Ж"), letter_script("7")
    ('Arab', 'Latn', 'Cyrl', None)
    """
    if not ch.isalpha():
        return None
    import unicodedata
    word = unicodedata.name(ch, "UNKNOWN").split()[0]
    return _script_names().get(word, word.title())


def script_name(code: str) -> str:
    """The English name of an ISO 15924 script code (CLDR, via babel), else the code.

    >>> script_name("Arab"), script_name("Latn")
    ('Arabic', 'Latin')
    """
    from babel import Locale
    return Locale("en").scripts.get(code, code)


def language_script(code: str) -> str | None:
    """ISO 15924 code of the script a language is usually written in (CLDR likely subtags,
    via babel), or None when CLDR does not say.

    >>> language_script("ar"), language_script("fa"), language_script("en")
    ('Arab', 'Arab', 'Latn')
    """
    return _language_scripts().get(code)


@functools.lru_cache(maxsize=1)
def _language_scripts() -> dict[str, str]:
    from babel.core import get_global
    scripts = {}
    for lang, tag in get_global("likely_subtags").items():
        parts = tag.split("_")
        if "_" not in lang and len(parts) > 1 and len(parts[1]) == 4:
            scripts[lang] = parts[1]
    return scripts


@functools.lru_cache(maxsize=1)
def _identifier():
    """The py3langid identifier (its model ships in the wheel; loaded once, ~0.6 s CPU)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def text_script(text: str) -> tuple[str | None, str]:
    """The script most of a text's prose letters are written in, and that prose.

    IRIs, URLs, e-mail addresses, markup tags, RDF language tags and prefixed names are left
    out first (an Arabic article quoting ``<https://...> skos:prefLabel "x"@en`` stays
    Arabic); when nothing is left, the whole text counts.

    Returns
    -------
    script : str or None
        ISO 15924 code (see :func:`letter_script`); None when the text has no letter.
    prose : str
        The text with those spans and every letter of another script blanked (spaces): what
        the classifier reads.
    """
    script, prose, scripts = _prose_script(text)
    other = {ord(ch): " " for ch, s in scripts.items() if s not in (None, script)}
    return script, prose.translate(other) if other else prose


def dominant_script(text: str) -> str | None:
    """The script of :func:`text_script` alone (no prose made): what a JSON Lines ``lang``
    field is checked against (:mod:`extractors.sources`)."""
    return _prose_script(text)[0]


def _prose_script(text: str) -> tuple[str | None, str, dict[str, str | None]]:
    """The script of :func:`text_script`, the prose it was counted on (spans left out,
    other scripts not blanked yet) and the script of each of its characters; ``(None, "",
    {})`` for a text without a letter."""
    prose = (_NOT_PROSE if "@" in text else _NOT_PROSE_NO_AT).sub(" ", text) if _SPAN_CHAR.search(text) else text
    counts, scripts = _script_counts(prose)
    if not counts:
        prose = text
        counts, scripts = _script_counts(prose)
    if not counts:
        return None, "", {}
    return counts.most_common(1)[0][0], prose, scripts


def _script_counts(text: str) -> tuple["Counter[str]", dict[str, str | None]]:
    """Letters per script of a text (:func:`letter_script`), each script counted in the
    order its first letter occurs (so ``most_common`` breaks ties as a count letter by
    letter would), and the script of each distinct character.

    The code points are counted by :func:`numpy.unique` and each distinct one named once:
    about half the CPU time of a ``Counter`` of the characters, which makes a string object
    per character outside Latin-1 (the 28,026 SaudiNewsNet articles, side by side: 1.7-2.1
    CPU-s against 3.6-3.8). Lone surrogates (JSON ``"\\ud800"``) count as the non-letters they are.
    """
    from collections import Counter

    import numpy

    points, ns = numpy.unique(numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32),
                              return_counts=True)
    scripts: dict[str, str | None] = {}
    counts: Counter[str] = Counter()
    for cp, n in zip(points.tolist(), ns.tolist()):
        ch = chr(cp)
        s = scripts[ch] = letter_script(ch)
        if s:
            counts[s] += n
    if len(counts) > 1:  # the scripts in the order of their first letters
        first: dict[str, int] = {}
        for ch, s in scripts.items():
            if s:
                at = text.find(ch)
                first[s] = min(at, first.get(s, at))
        counts = Counter({s: counts[s] for s in sorted(counts, key=first.__getitem__)})
    return counts, scripts


def identify_language(text: str) -> LanguageGuess | None:
    """Name the language of a text: script first, then py3langid among that script's languages.

    Parameters
    ----------
    text : str
        An article (or any text).

    Returns
    -------
    LanguageGuess or None
        None when the text has no letter.

    Notes
    -----
    1. The script: the one most prose letters are written in (:func:`text_script`).
    2. The candidates: the languages py3langid's model knows (a naive Bayes classifier over
       byte n-grams, Lui & Baldwin, *langid.py*, ACL 2012; its model ships in the wheel, no
       network) whose CLDR likely script is that script: Arabic, Persian, Urdu, Pashto,
       Uyghur... for Arabic script; English, French, German... for Latin.
    3. The classifier ranks the candidates on the prose of that script only, and the best
       wins; :data:`MACROLANGUAGES` folds Egyptian or Moroccan Arabic into Arabic.
    4. When the best is a language nufuz does not build, the function words decide between it
       and the built languages of that script (:func:`_function_words_prefer`, spaCy's
       stop-word lists): an Arabic article typed on a Persian keyboard (ی, ک) stays Arabic
       (confidence 0.0: the classifier disagreed), a Persian one stays Persian.
    5. Fewer than :data:`MIN_LETTERS` letters: the language nufuz builds in that script
       (Arabic for Arabic script, English for Latin), when there is one.

    Examples
    --------
    >>> identify_language("Le président français a rencontré son homologue russe à Moscou.").code
    'fr'
    >>> identify_language("وزیر امور خارجه ایران گفت که کشورش با حضور نظامی آمریکا مخالف است.").name
    'Persian'
    """
    script, prose = text_script(text)
    if script is None:
        return None
    built = [c for c in supported_languages() if language_script(c) == script]
    letters = sum(1 for ch in prose if ch.isalpha())
    if letters < MIN_LETTERS and built:
        return LanguageGuess(built[0], script, 0.0, language_name(built[0]))
    ident = _identifier()
    candidates = {lab for lab in ident.labels if language_script(lab) == script}
    if not candidates:  # a script the model has no language for
        if built:
            return LanguageGuess(built[0], script, 0.0, language_name(built[0]))
        best, score = ident.classify(prose)
    else:
        best, score = _best(ident, prose, candidates)
        if MACROLANGUAGES.get(best, best) not in built:
            # the classifier reads letters: an Arabic article typed on a Persian keyboard (ی ک)
            # looks Persian to it. The function words decide between it and a built language.
            for code in built:
                if _function_words_prefer(code, best, prose):
                    best, score = code, 0.0
                    break
    code = MACROLANGUAGES.get(best, best)
    return LanguageGuess(code, script, float(score), language_name(code))


@functools.lru_cache(maxsize=None)
def _stop_keys(lang: str, key_lang: str) -> frozenset[str] | None:
    """spaCy's stop words of ``lang`` (``spacy.lang.<lang>.stop_words``), as the match keys
    of the built language ``key_lang`` after its input folds; None when spaCy has none."""
    try:
        words = import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    except ModuleNotFoundError:
        return None
    key = _folded_key(key_lang)
    return frozenset(k for k in map(key, words) if k)


@functools.lru_cache(maxsize=None)
def _folded_key(lang: str):
    """A built language's ``match_key`` after its :attr:`Grammar.input_folds`."""
    folds = str.maketrans(dict(get_grammar(lang).input_folds))
    match_key = import_module(f"extractors.{lang}").match_key
    return lambda word: match_key(word.translate(folds))


def _function_words_prefer(built: str, other: str, text: str) -> bool:
    """Whether ``text`` uses more function words of the built language than of ``other``.

    A stop-word profile (the method of language identification by common words, e.g.
    Grefenstette 1995, "Comparing two language identification schemes"): the text's words that
    are stop words of one language and not of the other (spaCy's stop-word lists, compared as
    the built language's match keys after its letter folds, so ی = ي and ى = ي) are counted
    for each; the built language must have more, and at least 3.
    """
    mine, theirs = _stop_keys(built, built), _stop_keys(MACROLANGUAGES.get(other, other), built)
    if mine is None or theirs is None:
        return False
    only_mine, only_theirs = mine - theirs, theirs - mine
    key = _folded_key(built)
    n_mine = n_theirs = 0
    for word in text.split():
        k = key(word)
        n_mine += k in only_mine
        n_theirs += k in only_theirs
    return n_mine >= 3 and n_mine > n_theirs


def _best(ident, text: str, candidates: set[str]) -> tuple[str, float]:
    """The candidate py3langid ranks first on ``text``, and its probability among the
    candidates."""
    ranked = [(lab, p) for lab, p in ident.rank(text) if lab in candidates]
    total = sum(p for _lab, p in ranked)
    return ranked[0][0], (ranked[0][1] / total if total else 0.0)


def detect_language(text: str) -> str | None:
    """The code of the language of a text (:func:`identify_language`), None without letters.

    >>> detect_language("قال بوتين إن روسيا (Russia) ترفض"), detect_language("Putin said that Russia objects")
    ('ar', 'en')
    """
    guess = identify_language(text)
    return guess.code if guess else None
