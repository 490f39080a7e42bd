"""English function words for the shared rules (:class:`extractors.language.Grammar`).

Word entries are match keys (:func:`extractors.en.match_key`: case-folded, a possessive
``'s`` removed). English has no clitics, no definite-article prefix and no pronoun suffixes,
so those fields are empty; word order is subject-verb-object and modifiers precede their
head noun ("French President Jacques Chirac"), which the ``subject_follows_verb`` and
``modifiers_before_title`` flags tell the shared rules. Capitalisation marks names
(``cased``). Source: Quirk et al., *A Comprehensive Grammar of the English Language*, 1985,
ch. 9 (prepositions) and 17 (noun-phrase premodification).
"""
from __future__ import annotations

from extractors.language import Grammar

GRAMMAR = Grammar(
    pronoun_suffixes=(),
    feminine_suffixes=(),
    masculine_suffixes=(),
    plural_suffixes=(),
    stem_restorations=(),
    article="",
    commas=frozenset({","}),
    clause_punctuation=frozenset({";", ":"}),
    list_openers=frozenset({",", "(", ":"}),
    coordinator="and",
    locative="in",
    allative="to",
    adessive="at",
    ablative="from",
    between="between",
    on_behalf="for",
    each="each",
    copular_pronouns=frozenset({"namely"}),
    honorifics=frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "mr.", "mrs.", "ms.", "dr.", "dame",
                          "prince", "princess", "sheikh", "sheikha"}),
    official_modifiers=frozenset({"senior", "former", "current", "top", "high-ranking"}),
    pp_clitics=frozenset(),
    instrumental_clitics=frozenset(),
    dative_clitics=frozenset(),
    subject_blocking_preps=("to", "with", "in", "from", "on", "against", "at", "by", "for", "of", "about",
                            "into", "over", "toward", "towards"),
    conj_clitics=(),
    dative_article="",
    complementizers=frozenset({"that"}),
    sentence_end=frozenset({".", "!", "?", "\n"}),
    cased=True,
    subject_follows_verb=False,
    modifiers_before_title=True,
)
