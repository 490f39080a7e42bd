"""Arabic normalization, clitic segmentation and tokenizer fixes (extractors/ar)."""
import spacy

import extractors.ar  # noqa: F401  (registers the tokenizer)
from extractors.ar.normalize import clitic_candidates, match_key, normalize_ar, segment
from extractors.ar.romanize import romanize


def test_normalize_folds_variants():
    assert normalize_ar("أمريكا") == normalize_ar("امريكا") == "امريكا"
    assert normalize_ar("إيران") == "ايران"
    assert normalize_ar("مُسْتَشْفَى") == "مستشفي"  # diacritics, alef maqsura
    assert normalize_ar("الأمريكيةـ") == "الامريكيه"  # tatweel, ta marbuta
    assert normalize_ar("سورية") == "سوريه"


def test_match_key_strips_article_and_punctuation():
    assert match_key("الروسي") == match_key("روسي") == "روسي"
    assert match_key("“إرهابية”") == "ارهابيه"
    assert match_key("الا") == "الا"  # too short to carry an article


def test_clitics_split_only_into_known_words():
    known = {"واشنطن", "ولايات", "افغانستان", "مجلس", "قرغيزستان", "فرنسا"}
    assert segment("واشنطن", known) == ("", "واشنطن", False)
    assert segment("وواشنطن", known) == ("و", "واشنطن", False)
    assert segment("للولايات", known) == ("لل", "ولايات", True)
    assert segment("بالولايات", known) == ("بال", "ولايات", True)
    assert segment("بأفغانستان", known) == ("ب", "افغانستان", False)
    assert segment("لمجلس", known) == ("ل", "مجلس", False)
    assert segment("فرنسا", known) == ("", "فرنسا", False)  # never ف + رنسا
    assert segment("وقرغيزستان", known)[1] == "قرغيزستان"
    # an unknown word keeps its unsegmented reading
    assert segment("وكالة", known) == ("", "وكاله", False)


def test_clitic_candidates_order_and_article_flag():
    cands = clitic_candidates("والأمريكيين")
    assert cands[0] == ("", "والامريكيين", False)
    assert ("وال", "امريكيين", True) in cands


def test_tokenizer_splits_glued_punctuation():
    nlp = spacy.blank("ar", config={"nlp": {"tokenizer": {"@tokenizers": "nufuz.ArabicTokenizer.v1"}}})
    words = [t.text for t in nlp('دبي (CNN)—قال:"لم نتمكن" عام 2005. تهديدات “إرهابية” جديدة، وأسروا')]
    assert words[:8] == ["دبي", "(", "CNN", ")", "—", "قال", ":", '"']
    assert "2005" in words and "." in words
    assert words[words.index("“") + 1] == "إرهابية"
    assert "،" in words and "جديدة" in words
    # a period glued between two Arabic words is a missing space, not a URL
    assert [t.text for t in nlp("يانوكوفيتش.ومن الشركات www.bbc.com")] == [
        "يانوكوفيتش", ".", "ومن", "الشركات", "www.bbc.com"]


def test_romanize_gives_readable_labels():
    assert romanize("أندريه كورتونوف") == "Andrih Kurtunuf"
    assert romanize("مجلس الشؤون") .startswith("Mjls al-")
