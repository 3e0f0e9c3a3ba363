"""The peers for the loader benchmarks, on the same files: scikit-learn's TfidfVectorizer over a folder
of emails, Pillow + NumPy over a folder of PNGs, scipy.io.mmread for a MatrixMarket file and
numpy.loadtxt for a numeric CSV. Prints one JSON line."""
import json, os, sys, time
import numpy as np

def files(root):
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.join(d, n) for n in names]
    return sorted(out)

kind, root = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind == "topics":
    # the whole job of `latent topics`: tf-idf, then NMF with the cd solver, then the top words
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.decomposition import NMF
    docs = []
    for f in files(root):
        with open(f, "rb") as fh:
            docs.append(fh.read().decode("utf-8", "replace"))
    vec = TfidfVectorizer(max_df=0.95, min_df=2, stop_words="english")
    X = vec.fit_transform(docs)
    model = NMF(n_components=20, init="nndsvda", solver="cd", max_iter=200, tol=1e-4, random_state=0)
    model.fit_transform(X)
    terms = vec.get_feature_names_out()
    top = [[terms[j] for j in row.argsort()[::-1][:10]] for row in model.components_]
    shape, nnz = X.shape, X.nnz
elif kind == "text":
    from sklearn.feature_extraction.text import TfidfVectorizer
    docs = []
    for f in files(root):
        with open(f, "rb") as fh:
            docs.append(fh.read().decode("utf-8", "replace"))
    X = TfidfVectorizer(max_df=0.95, min_df=2, max_features=5000, stop_words="english").fit_transform(docs)
    shape, nnz = X.shape, X.nnz
elif kind == "mtx":
    import scipy.io
    X = scipy.io.mmread(root).tocsr()
    shape, nnz = X.shape, X.nnz
elif kind == "csv":
    X = np.loadtxt(root, delimiter=",", dtype=np.float32)
    shape, nnz = X.shape, int(np.count_nonzero(X))
else:
    from PIL import Image
    paths = files(root)
    X = np.empty((len(paths), 28 * 28), dtype=np.float32)
    for i, f in enumerate(paths):
        X[i] = np.asarray(Image.open(f).convert("L"), dtype=np.float32).reshape(-1) / 255
    shape, nnz = X.shape, int(np.count_nonzero(X))
seconds = time.perf_counter() - start
import resource
print(json.dumps({"seconds": seconds, "rows": shape[0], "cols": shape[1], "nnz": nnz,
                  "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
