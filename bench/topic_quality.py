"""The peer and the judge of the topic-quality benchmark (bench/topics-quality.ts), run with Debian's
/usr/bin/python3. Reads one JSON request on stdin, prints one JSON answer.

  {"do": "sklearn", "root": DIR, "k": K, "top": N}
      scikit-learn's usual pipeline: TfidfVectorizer(stop_words='english', min_df=2, max_df=0.95) +
      NMF(init='nndsvda', solver='cd'); answers each topic's top words and share of Σ WH.
  {"do": "tokens", "root": DIR}
      scikit-learn's own analyzer (stop words removed) over the raw files: a reference for scoring that
      neither tool's preprocessing shaped.
  {"do": "score", "texts": [[token, …], …], "topics": [[word, …], …]}
      gensim's CoherenceModel c_npmi (window 10), u_mass and c_v (window 110) per topic, over the given texts; words
      absent from the texts are left out of their topic (and counted)."""
import json, os, sys
import numpy as np

def documents(root):
    paths = []
    for d, _, names in os.walk(root):
        paths += [os.path.join(d, n) for n in names]
    out = []
    for p in sorted(paths):
        with open(p, "rb") as fh:
            out.append(fh.read().decode("utf-8", "replace"))
    return out

req = json.load(sys.stdin)
if req["do"] == "sklearn":
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.decomposition import NMF
    vec = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.95)
    X = vec.fit_transform(documents(req["root"]))
    model = NMF(n_components=req["k"], init="nndsvda", solver="cd", max_iter=200, tol=1e-4, random_state=0)
    W = model.fit_transform(X)
    H = model.components_
    mass = W.sum(0) * H.sum(1)
    terms = vec.get_feature_names_out()
    topics = [[str(terms[j]) for j in row.argsort()[::-1][: req["top"]] if row[j] > 0] for row in H]
    json.dump({"topics": topics, "shares": (mass / mass.sum()).tolist()}, sys.stdout)
elif req["do"] == "tokens":
    from sklearn.feature_extraction.text import TfidfVectorizer
    analyze = TfidfVectorizer(stop_words="english").build_analyzer()
    json.dump({"texts": [analyze(d) for d in documents(req["root"])]}, sys.stdout)
elif req["do"] == "score":
    import logging
    logging.disable(logging.WARNING)
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel
    texts = req["texts"]
    dictionary = Dictionary(texts)
    known = [[w for w in t if w in dictionary.token2id] for t in req["topics"]]
    missing = sum(len(t) - len(k) for t, k in zip(req["topics"], known))
    scored = [k for k in known if len(k) >= 2]
    out = {"missing": missing}
    for measure in ("c_npmi", "u_mass", "c_v"):
        corpus = [dictionary.doc2bow(t) for t in texts] if measure == "u_mass" else None
        # gensim's window accumulator fails on an empty text; u_mass counts every document
        cm = CoherenceModel(
            topics=scored,
            texts=[t for t in texts if t],
            corpus=corpus,
            dictionary=dictionary,
            coherence=measure,
            window_size={"c_npmi": 10, "c_v": 110}.get(measure),
            topn=max(len(k) for k in scored),
            processes=1,
        )
        per = iter(cm.get_coherence_per_topic())
        out[measure] = [float(next(per)) if len(k) >= 2 else None for k in known]
    json.dump(out, sys.stdout)
