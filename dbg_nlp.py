import sys
from extractors.pipeline import create_nlp
nlp = create_nlp("en")
for text in sys.argv[1:]:
    doc = nlp(text)
    print([(e.text, e.label_, e.kb_id_, e._.cls, e._.kind) for e in doc.ents])
