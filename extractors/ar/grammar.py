"""Arabic function words and affixes for the shared rules (:class:`extractors.language.Grammar`).

Word entries are match keys (:func:`extractors.ar.normalize.match_key`: alef and hamza
forms folded, ى -> ي, ة -> ه, the article removed), so "إلى" is written "الي" and "لدى"
"لدي". Sources: the pronoun suffixes and proclitics of Modern Standard Arabic (Ryding, *A
Reference Grammar of Modern Standard Arabic*, 2005, ch. 12 and 16).
"""
from __future__ import annotations

from extractors.language import Grammar

GRAMMAR = Grammar(
    pronoun_suffixes=("هما", "هم", "هن", "ها", "ه", "نا", "كم"),
    feminine_suffixes=("ها",),
    masculine_suffixes=("ه",),
    plural_suffixes=("هم",),
    stem_restorations=(("ت", "ه"),),  # "تعاونها" -> تعاون; "سياستها" -> سياسة
    article="ال",
    commas=frozenset({"،", ","}),
    clause_punctuation=frozenset({"؛", ":", ";"}),
    list_openers=frozenset({"،", ",", "(", ":"}),
    coordinator="و",
    locative="في",
    allative="الي",
    adessive="لدي",
    ablative="من",
    between="بين",
    on_behalf="باسم",
    each="كل",
    copular_pronouns=frozenset({"هي", "وهي"}),
    # الشيخ، الأستاذ، الدكتور، المهندس، السيد/السيدة، معالي، فخامة، سمو، جلالة (match keys)
    honorifics=frozenset({"شيخ", "استاذ", "دكتور", "دكتوره", "مهندس", "سيد", "سيده", "معالي", "فخامه", "سمو",
                          "جلاله"}),
    official_modifiers=frozenset({"كبار", "سابقون", "حاليون"}),
    pp_clitics=frozenset({"ب", "ل", "ك"}),
    instrumental_clitics=frozenset({"ب", "وب"}),
    dative_clitics=frozenset({"ل"}),
    subject_blocking_preps=("ل", "ب", "في", "من", "مع", "على", "الي", "عن"),
    conj_clitics=("و", "ف"),
    dative_article="لل",
    complementizers=frozenset({"ان", "بان", "انه"}),  # أن، إن، بأن، أنه، إنه as match keys
    sentence_end=frozenset({".", "!", "?", "؟", "؛", "…", "\n"}),
    suffix_lookalikes=("ة",),
    year_suffixes=("م",),  # ميلادي
    # Persian yeh, keheh and heh-goal typed in Arabic text (Persian keyboards)
    input_folds=(("ی", "ي"), ("ک", "ك"), ("ە", "ه")),
    # tatweel: kept on the word by the tokenizer, dropped by match_key (#أردوغان -> ـأردوغان)
    hashtag_mark="\u0640",
    family_name_endings=("ي",),  # nisba family names: الياسري، الجهيناوي
    adjective_endings=("ي", "يه", "ه", "ين", "ون", "ات"),  # العسكري، التقنية، المتشددين
    name_adjective_endings=("ي", "ه"),  # الإسلامية، المشتركة، البلدية والقروية (ة keyed ه)
    dual_endings=("ان", "ين"),  # الرئيسان، الجانبين
    oblique_plural_endings=("ين",),
    human_plural_endings=("ون", "ين", "ان"),  # الحوثيون، المسؤولين، الطرفان
    nisba_endings=("ي", "يه"),  # الكردي، الكردية  # المتمردين، المدنيين (the nominative is ـون)
)
