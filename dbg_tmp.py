import sys, hashlib
from extractors.pipeline import Extractor
from extractors.sources import RawArticle
ex = Extractor("en")
for text in sys.argv[1:]:
    art = ex.extract(RawArticle(path="x", text=text, sha1=hashlib.sha1(text.encode()).hexdigest(), fmt="txt", lang="en", headline="", date_published=None))
    print(sorted(art.entities))
    for st in art.statements:
        print("  ", st.subject, st.predicate, st.object, st.mode, st.confidence, repr(st.trigger))
