import sys, glob
from extractors.pipeline import Extractor
from extractors.sources import read_article
ex = Extractor("en")
for f in sorted(glob.glob("/work/shared/corpus/en/*.txt")):
    for raw in read_article(__import__("pathlib").Path(f), []):
        art = ex.extract(raw)
        print("==", f[-30:])
        for st in art.statements:
            print("  ", st.subject, st.predicate, st.object, st.mode, repr(st.trigger), "|", st.evidence[:100])
