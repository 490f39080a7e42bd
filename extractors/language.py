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
  optional ``senses.tsv`` and ``actor_groups.tsv``.

:func:`get_grammar` is the registry lookup (``import_module(f"extractors.{code}")``, then
its ``GRAMMAR``). Adding a language = a folder with these names; adding a frame = a function
in :mod:`extractors.relations` plus rows in the data files.
"""
from __future__ import annotations

import functools
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
    dual_endings: tuple[str, ...] = ()
    oblique_plural_endings: tuple[str, ...] = ()
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
