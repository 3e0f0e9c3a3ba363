"""The Python peers of the scale benchmark (bench/scale.ts), run with Debian's /usr/bin/python3, one fit
per process so that its peak memory is its own:

  scale_peers.py METHOD CORPUS K OUT [--batch 2048] [--epochs 1] [--seed 0]

METHOD is one of
  sklearn-nmf        TfidfVectorizer (latent's defaults) .fit_transform, then NMF(solver='cd', init=None,
                     i.e. nndsvda, max_iter=200, tol=1e-4 as latent's); W from fit_transform.
  sklearn-minibatch  the same TfidfVectorizer fitted on the whole corpus (vocabulary and idf: what a user
                     would do), then MiniBatchNMF.partial_fit over consecutive row batches of that X for
                     --epochs epochs, then .transform(X) for the doc-topics.
  gensim             a Dictionary (no_below=2, no_above=0.95) and TfidfModel with scikit-learn's smooth
                     idf, over a corpus streamed from the file; Nmf with one pass, chunksize --batch; the
                     doc-topics from a second streamed pass.

Tokens as latent's defaults make them (loaders/text/tokenize.ts): lowercase, runs of 2+ letters, English
stop words dropped; tf-idf with idf = ln((1+n)/(1+df)) + 1 and l2-normalized rows, float32 as latent's.
Writes OUT/H.f32 (K × terms, float32 row-major), OUT/terms.txt (one term per line, H's columns) and
OUT/doc_topics.f32 (documents × K, float32): binary, not CSV as latent writes, which favours the peers.
Prints one JSON line: the shape and in-process seconds."""
import json, os, re, sys, time
import numpy as np

TOKEN = r"(?u)\b[^\W\d_]{2,}\b"

def lines(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            yield line.rstrip("\n")

def vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(token_pattern=TOKEN, lowercase=True, stop_words="english", min_df=2, max_df=0.95,
                           norm="l2", use_idf=True, smooth_idf=True, dtype=np.float32)

def write_outputs(out, H, terms, W):
    np.ascontiguousarray(H, dtype=np.float32).tofile(os.path.join(out, "H.f32"))
    with open(os.path.join(out, "terms.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(str(t) for t in terms) + "\n")
    if W is not None:
        np.ascontiguousarray(W, dtype=np.float32).tofile(os.path.join(out, "doc_topics.f32"))

def sklearn_nmf(path, k, out, opts):
    from sklearn.decomposition import NMF
    vec = vectorizer()
    X = vec.fit_transform(lines(path))
    model = NMF(n_components=k, init=None, solver="cd", max_iter=200, tol=1e-4, random_state=opts["seed"])
    start = time.perf_counter()
    W = model.fit_transform(X)
    fit = time.perf_counter() - start
    write_outputs(out, model.components_, vec.get_feature_names_out(), W)
    return {"documents": X.shape[0], "terms": X.shape[1], "iterations": int(model.n_iter_), "fit_seconds": fit}

def sklearn_minibatch(path, k, out, opts):
    from sklearn.decomposition import MiniBatchNMF
    vec = vectorizer()
    X = vec.fit_transform(lines(path))
    b = opts["batch"]
    model = MiniBatchNMF(n_components=k, init=None, batch_size=b, random_state=opts["seed"])
    began = time.perf_counter()
    for _ in range(opts["epochs"]):
        for start in range(0, X.shape[0], b):
            model.partial_fit(X[start:start + b])
    fit = time.perf_counter() - began
    W = model.transform(X)
    write_outputs(out, model.components_, vec.get_feature_names_out(), W)
    return {
        "documents": X.shape[0],
        "terms": X.shape[1],
        "steps": int(model.n_steps_),
        "fit_seconds": fit,
        "doc_topics_seconds": time.perf_counter() - began - fit,
    }

def gensim_nmf(path, k, out, opts):
    import logging, math
    logging.disable(logging.WARNING)
    from gensim.corpora import Dictionary
    from gensim.models import TfidfModel
    from gensim.models.nmf import Nmf
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    token = re.compile(TOKEN)
    def tokens():
        for text in lines(path):
            yield [w for w in token.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]
    dictionary = Dictionary(tokens(), prune_at=None)
    dictionary.filter_extremes(no_below=2, no_above=0.95, keep_n=None)
    # scikit-learn's smooth idf, so that X is latent's: gensim's default is log2(n/df)
    tfidf = TfidfModel(dictionary=dictionary, wglobal=lambda df, n: math.log((1 + n) / (1 + df)) + 1, normalize=True)
    class Corpus:
        def __iter__(self):
            for ts in tokens():
                yield tfidf[dictionary.doc2bow(ts)]
    began = time.perf_counter()
    model = Nmf(
        Corpus(), num_topics=k, id2word=dictionary, chunksize=opts["batch"], passes=1, random_state=opts["seed"]
    )
    H = model.get_topics()
    terms = [dictionary[j] for j in range(len(dictionary))]
    fit = time.perf_counter() - began
    # doc-topics streamed out row by row: one pass more, as a user of a streamed corpus would
    n = 0
    with open(os.path.join(out, "doc_topics.f32"), "wb") as fh:
        row = np.zeros(k, dtype=np.float32)
        for bow in Corpus():
            row[:] = 0
            for t, v in model.get_document_topics(bow, minimum_probability=0.0):
                row[t] = v
            fh.write(row.tobytes())
            n += 1
    write_outputs(out, H, terms, None)
    return {
        "documents": n,
        "terms": len(dictionary),
        "fit_seconds": fit,
        "doc_topics_seconds": time.perf_counter() - began - fit,
    }

def main():
    method, path, k, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rest = sys.argv[5:]
    opts = {"batch": 2048, "epochs": 1, "seed": 0}
    for name in list(opts):
        if f"--{name}" in rest:
            opts[name] = int(rest[rest.index(f"--{name}") + 1])
    start = time.perf_counter()
    run = {"sklearn-nmf": sklearn_nmf, "sklearn-minibatch": sklearn_minibatch, "gensim": gensim_nmf}[method]
    info = run(path, k, out, opts)
    info["seconds"] = time.perf_counter() - start
    print(json.dumps(info))

main()
