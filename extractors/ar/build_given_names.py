"""Mine Arabic given names from the SaudiNewsNet corpus and regenerate the mined block of
``given_names.txt``.

Source: SaudiNewsNet (github.com/inparallel/SaudiNewsNet, 28,026 Saudi news articles of
July-August 2015, CC BY-NC-SA 4.0) as nufuz JSONL in ``../shared/corpus/snn/*.jsonl``
(``text`` field). Only counts leave this script; no article text is written anywhere.
Articles that are also gold articles are left out: a record whose text contains the first
200 characters of a gold article (``../shared/gold/corpus_ar/*.json`` -> ``doc`` ->
``../shared/corpus/ar/<doc>``, the whole file and its body after the headline line), or
whose text or url has the SHA-1 a gold file records.

Method
    1. Tokens: runs of Arabic letters (diacritics and tatweel removed); anything else is a
       boundary. Words are compared on the project's match keys
       (:func:`extractors.ar.normalize.normalize_ar`: alef, ya, ta marbuta folded).
    2. Name positions. A *cue* is a strong person cue (the honorifics, academic and
       professional titles, المواطن/الطالب/الناشط..., see ``CUES``; a proclitic و/ف/ب/ل/ك is
       allowed on it), optionally followed by up to two definite adjectives (a nisba in
       ي/ية, or السابق/الأسبق/الراحل/الشهير: الرئيس اليمني السابق ...). The word right after
       the cue is a candidate when it carries no article, is not a number or a stop word,
       has at least three letters, and is followed, with no punctuation between, by another
       name-like word (not a stop word, not a cue, not a number). عبد/أبو/أم join the next
       word into one compound candidate (عبد الرقيب، أبو بكر). A second kind of position is
       a bare word right before بن/بنت inside such a chain (الشيخ محمد بن راشد counts محمد
       at the cue and محمد before بن once only).
    3. Frequencies elsewhere: how often the word stands bare anywhere (``bare``) and how
       often with the article, after any proclitic (``article``: الخميس for خميس).
    4. A candidate is kept when it occurs in name position at least ``--min-count`` times in
       at least ``--min-docs`` distinct articles, and either its article share
       ``article / (bare + article)`` is at most ``--max-article-share`` or its cue share
       ``count / bare`` is at least ``--min-cue-share``; and it is not already in the
       hand-made part of ``given_names.txt``, not a one-word form of a place, country,
       region, base or organization of ``ontology/kb/*.tsv`` (labels, aliases, demonyms),
       not a spaCy Arabic stop word (``spacy.lang.ar.stop_words``) and not a word the name
       patterns block (the nufuz lexicon's stop words, triggers, titles, markers, org and
       place heads, name cues).
    5. Candidates a reader rejected are listed with a reason in ``given_names_excluded.txt``
       (one ``name<TAB>reason`` a line, compared on match keys); the rest are the mined
       names, in descending order of name-position count (ties by key).

Usage::

    python extractors/ar/build_given_names.py --tsv /tmp/given_name_candidates.tsv
    python extractors/ar/build_given_names.py --write     # rewrite the mined block

Without ``--write`` the accepted names are printed, one a line. With ``--write`` the block
after the line starting with ``MARKER`` in ``given_names.txt`` is replaced (the hand-made
lines before it are kept as they are). The output depends only on the corpus, the gold
files, the knowledge base, the lexicon, the exclusion list and the parameters.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.ar.normalize import normalize_ar  # noqa: E402

HERE = Path(__file__).resolve().parent
NAMES = HERE / "given_names.txt"
EXCLUDED = HERE / "given_names_excluded.txt"
MARKER = "# Mined block"

#: Strong person cues: a word right after them (and before another name word) is a given name.
CUES = """الأمير الأميرة الشيخ الشيخة الملك السلطان الدكتور الدكتورة د المهندس المهندسة الأستاذ
الأستاذة البروفيسور السيد السيدة الآنسة المواطن المواطنة الزميل الزميلة الفنان الفنانة اللاعب
اللاعبة الكاتب الكاتبة الناشط الناشطة الطالب الطالبة الشاعر الشاعرة الإعلامي الإعلامية الصحفي
الصحفية الصحافي الصحافية المخرج المخرجة الممثل الممثلة المطرب المطربة المغني المغنية الروائي
الروائية الباحث الباحثة المحامي المحامية القاضي الطبيب الطبيبة المدرب الداعية المعلم المعلمة
الرئيس الوزير الوزيرة السفير السفيرة النائب النائبة المستشار اللواء العميد العقيد المقدم الرائد
النقيب الملازم الفريق المشير الرقيب العريف الجندي الشهيد الفقيد الراحل المرحوم الإمام المفتي
المدون المدونة المعارض المعارضة الحارس المهاجم المدافع""".split()
#: Definite words allowed between a cue and the name besides nisbas (الرئيس السابق).
CUE_ADJ = {"السابق", "الأسبق", "الراحل", "الشهير", "الشهيرة", "المعروف", "المعروفة", "الشاب",
           "الشابة", "الدولي", "الكبير", "القدير", "الدكتور", "الدكتورة", "المهندس", "الشيخ"}
#: First words of compound given names.
COMPOUND = {"عبد", "أبو", "ابو", "أم"}
PATRONYM = {"بن", "بنت"}
#: Proclitic letters: a candidate that is one of them plus a more frequent word is that word.
PROCLITIC_LETTERS = "وفبلك"

WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+|[0-9\u0660-\u0669]+|[^\s]")
DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
ARABIC = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+$")
ARTICLE = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل)(..+)$")


def key(word: str) -> str:
    return normalize_ar(word)


def cue_key(word: str) -> str | None:
    """The cue a token is (with an optional proclitic و/ف/ب/ل/ك), or ``None``."""
    n = key(word)
    for cand in (n, n[1:] if n[:1] in "وف" else None):
        if not cand:
            continue
        if cand in CUE_KEYS:
            return cand
        if cand[:1] in "بكل" and cand[1:] in CUE_KEYS:
            return cand[1:]
        if cand.startswith("لل") and "ا" + cand[1:] in CUE_KEYS:
            return "ا" + cand[1:]
    return None


CUE_KEYS = {key(c) for c in CUES}
CUE_ADJ_KEYS = {key(c) for c in CUE_ADJ}
COMPOUND_KEYS = {key(c) for c in COMPOUND}
PATRONYM_KEYS = {key(c) for c in PATRONYM}


def gold_filters(gold_dir: Path, corpus_dir: Path) -> tuple[list[str], set[str]]:
    """Text prefixes and SHA-1 values of the gold articles."""
    prefixes, shas = [], set()
    for path in sorted(gold_dir.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        if g.get("sha1"):
            shas.add(g["sha1"])
        doc = corpus_dir / g.get("doc", "")
        if g.get("doc") and doc.exists():
            text = doc.read_text(encoding="utf-8").strip()
            body = text.split("\n", 1)[1].strip() if "\n" in text else text
            for t in (text, body):
                if len(t) >= 50:
                    prefixes.append(t[:200])
    return prefixes, shas


def blocked_words() -> set[str]:
    """Keys that can never be given names: KB places and organizations (one-word forms and
    demonyms), spaCy's Arabic stop words, and the words the nufuz name patterns block."""
    out: set[str] = set()
    kb = ROOT / "ontology" / "kb"
    for name in ("countries", "cities", "regions", "bases", "organizations"):
        path = kb / f"{name}.tsv"
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
        header = lines[0].split("\t")
        cols = [i for i, h in enumerate(header) if h.endswith("_ar")]
        for line in lines[1:]:
            row = line.split("\t")
            for i in cols:
                if i < len(row):
                    for form in row[i].split("|"):
                        words = form.split()
                        if len(words) == 1:
                            out.add(key(words[0]))
                            if key(words[0]).startswith("ال"):
                                out.add(key(words[0])[2:])
    from spacy.lang.ar.stop_words import STOP_WORDS
    out.update(key(w) for w in STOP_WORDS)
    from extractors.lexicon import load_lexicon
    from extractors.components import load_name_cues
    lex = load_lexicon("ar")
    words = set(lex.stopwords)
    for t in lex.triggers:
        words.update(t.words)
    for group in (lex.titles, lex.org_heads):
        for k in group:
            words.update(k)
    for seqs in lex.markers.values():
        for k in seqs:
            words.update(k)
    cues = load_name_cues("ar")
    for seqs in cues.markers.values():
        for k in seqs:
            words.update(k)
    for k in cues.place_heads:
        words.update(k)
    out.update(words)  # lexicon keys are article-less match keys
    return out


def listed_names(path: Path) -> tuple[list[str], set[str]]:
    """The hand-made lines of ``given_names.txt`` (up to the mined block) and their keys."""
    head, keys = [], set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(MARKER):
            break
        head.append(line)
        if line.strip() and not line.startswith("#"):
            keys.add(" ".join(key(w) for w in line.split()))
    return head, keys


def excluded_names(path: Path) -> dict[str, str]:
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.partition("\t")
                out[" ".join(key(w) for w in name.split())] = reason.strip()
    return out


def tokens(text: str) -> list[str]:
    return WORD.findall(DIACRITICS.sub("", text))


def is_word(t: str) -> bool:
    return bool(ARABIC.match(t))


def mine(files: list[str], prefixes: list[str], shas: set[str], stop: set[str]):
    """Count name positions, bare and definite occurrences; return the counters."""
    pos: Counter = Counter()
    docs: dict[str, set[int]] = defaultdict(set)
    surface: dict[str, Counter] = defaultdict(Counter)
    bare: Counter = Counter()
    article: Counter = Counter()
    bigram: Counter = Counter()
    n_docs = n_skipped = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                text = rec.get("text") or ""
                if (hashlib.sha1(text.encode("utf-8")).hexdigest() in shas
                        or hashlib.sha1((rec.get("url") or "").encode("utf-8")).hexdigest() in shas
                        or any(p in text for p in prefixes)):
                    n_skipped += 1
                    continue
                d = n_docs
                n_docs += 1
                toks = tokens(text)
                keys = [key(t) if is_word(t) else "" for t in toks]
                for i, k in enumerate(keys):
                    if not k:
                        continue
                    bare[k] += 1
                    m = ARTICLE.match(k)
                    if m:
                        article[m.group(1)] += 1
                    if k in COMPOUND_KEYS and i + 1 < len(keys) and keys[i + 1]:
                        bigram[k + " " + keys[i + 1]] += 1
                seen_here: set[int] = set()
                for i, t in enumerate(toks):
                    if not keys[i]:
                        continue
                    # name position after a cue
                    if cue_key(t) is not None:
                        j = i + 1
                        while (j < len(keys) and j - i <= 2 and keys[j].startswith("ال")
                               and (keys[j][2:] in CUE_ADJ_KEYS or keys[j] in CUE_ADJ_KEYS
                                    or keys[j].endswith(("ي", "يه")))):
                            j += 1
                        _count(toks, keys, j, stop, pos, docs, surface, d, seen_here)
                    # a bare word before بن inside a chain
                    if (keys[i] in PATRONYM_KEYS and i >= 1 and i not in seen_here
                            and i - 1 not in seen_here and keys[i - 1]):
                        _count(toks, keys, i - 1, stop, pos, docs, surface, d, seen_here)
    return pos, docs, surface, bare, article, bigram, n_docs, n_skipped


def _count(toks, keys, j, stop, pos, docs, surface, d, seen_here) -> None:
    """Count the candidate starting at token ``j`` if it is followed by a name word."""
    if j >= len(keys) or not keys[j] or j in seen_here:
        return
    k = keys[j]
    if k.startswith("ال") or k in stop or len(k) < 3 and k not in COMPOUND_KEYS:
        return
    end = j + 1
    form = toks[j]
    if k in COMPOUND_KEYS:
        if end >= len(keys) or not keys[end]:
            return
        k = k + " " + keys[end]
        form = form + " " + toks[end]
        end += 1
    if end >= len(keys) or not keys[end] or keys[end] in stop or cue_key(toks[end]) is not None:
        return
    seen_here.add(j)
    pos[k] += 1
    docs[k].add(d)
    surface[k][form] += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "snn"),
                    help="folder of SaudiNewsNet JSONL files (default: ../shared/corpus/snn)")
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "corpus_ar"),
                    help="folder of gold JSON files whose articles are left out")
    ap.add_argument("--gold-texts", default=str(ROOT.parent / "shared" / "corpus" / "ar"),
                    help="folder of the gold articles' texts")
    ap.add_argument("--min-count", type=int, default=2, help="minimum name-position count (2)")
    ap.add_argument("--min-docs", type=int, default=2, help="minimum distinct articles (2)")
    ap.add_argument("--max-article-share", type=float, default=0.5,
                    help="keep a word whose definite share is at most this (0.5) ...")
    ap.add_argument("--min-cue-share", type=float, default=0.1,
                    help="... or whose name-position share of its bare uses is at least this (0.1)")
    ap.add_argument("--floor-cue-share", type=float, default=0.04,
                    help="and whose name-position share is at least this in any case (0.04)")
    ap.add_argument("--tsv", help="write every candidate with its counts and status to this TSV")
    ap.add_argument("--write", action="store_true", help="rewrite the mined block of given_names.txt")
    a = ap.parse_args(argv)

    files = sorted(glob.glob(str(Path(a.corpus) / "*.jsonl")))
    if not files:
        ap.error(f"no JSONL files in {a.corpus}")
    prefixes, shas = gold_filters(Path(a.gold), Path(a.gold_texts))
    stop = blocked_words()
    head, listed = listed_names(NAMES)
    excluded = excluded_names(EXCLUDED)
    pos, docs, surface, bare, article, bigram, n_docs, n_skipped = mine(files, prefixes, shas, stop)

    rows, accepted = [], []
    for k in sorted(pos, key=lambda x: (-pos[x], x)):
        if pos[k] < a.min_count or len(docs[k]) < a.min_docs:
            continue
        b = bigram[k] if " " in k else bare[k]
        art = 0 if " " in k else article[k]
        art_share = art / (b + art) if b + art else 0.0
        cue_share = pos[k] / b if b else 1.0
        form = sorted(surface[k].items(), key=lambda x: (-x[1], x[0]))[0][0]
        rest = "ال" + k[2:] if k.startswith("لل") else k[1:]
        if k in listed or k.replace(" ", "") in listed:
            status = "listed"
        elif (k[0] in PROCLITIC_LETTERS and len(k) >= 4 and " " not in k
              and (bare[rest] >= b or rest.startswith("ال"))):
            status = "clitic"  # بشكل = ب + شكل, للموسم = ل + الموسم
        elif cue_share < a.floor_cue_share or not (
                art_share <= a.max_article_share or cue_share >= a.min_cue_share):
            status = "common"
        elif k in excluded:
            status = "excluded: " + excluded[k]
        else:
            status = "accepted"
            accepted.append(form)
        rows.append((form, k, pos[k], len(docs[k]), b, art, f"{art_share:.3f}", f"{cue_share:.3f}", status))

    if a.tsv:
        with open(a.tsv, "w", encoding="utf-8") as f:
            f.write("name\tkey\tcount\tdocs\tbare\tarticle\tarticle_share\tcue_share\tstatus\n")
            for r in rows:
                f.write("\t".join(map(str, r)) + "\n")
    params = (f"--min-count {a.min_count} --min-docs {a.min_docs} --max-article-share "
              f"{a.max_article_share} --min-cue-share {a.min_cue_share} --floor-cue-share {a.floor_cue_share}")
    print(f"{n_docs} articles read, {n_skipped} gold articles left out; {len(rows)} candidates: "
          f"{sum(r[-1] == 'accepted' for r in rows)} accepted, "
          f"{sum(r[-1].startswith('excluded') for r in rows)} excluded, "
          f"{sum(r[-1] == 'listed' for r in rows)} already listed, "
          f"{sum(r[-1] == 'clitic' for r in rows)} clitic forms, "
          f"{sum(r[-1] == 'common' for r in rows)} common words", file=sys.stderr)
    if a.write:
        while head and not head[-1].strip():
            head.pop()
        block = [f"{MARKER}: {len(accepted)} names mined from SaudiNewsNet (2015) by",
                 f"# python extractors/ar/build_given_names.py --write {params}",
                 "# (name positions after person cues and before بن, minus given_names_excluded.txt;",
                 "# regenerate with that command, do not edit below by hand)"]
        NAMES.write_text("\n".join(head + [""] + block + accepted) + "\n", encoding="utf-8")
    else:
        for form in accepted:
            print(form)
    return 0


if __name__ == "__main__":
    sys.exit(main())
