"""The peer for bench/rank.js: scikit-learn running the same fits as latent's rank sweep, NMF(solver='cd',
init='random') for every k and seed, max_iter and tol as latent's, on the same tf-idf matrix (float32, as
written: scikit-learn keeps float32, its fastest path). Prints one JSON line: total seconds, iterations."""
import json, sys, time, warnings
import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import NMF

warnings.filterwarnings("ignore")
spec = json.loads(sys.argv[1])
indptr = np.fromfile(spec["indptr"], dtype=np.int32)
indices = np.fromfile(spec["indices"], dtype=np.int32)
data = np.fromfile(spec["data"], dtype=np.float32)
X = sp.csr_matrix((data, indices, indptr), shape=(spec["rows"], spec["cols"]))
fits = []
start = time.perf_counter()
for k in spec["ks"]:
    for seed in range(spec["restarts"]):
        model = NMF(
            n_components=k, init="random", solver="cd", max_iter=spec["maxIter"], tol=spec["tol"], random_state=seed
        )
        began = time.perf_counter()
        model.fit_transform(X)
        fits.append({"k": k, "seed": seed, "iterations": int(model.n_iter_), "seconds": time.perf_counter() - began})
print(json.dumps({"seconds": time.perf_counter() - start, "fits": fits, "dtype": str(X.dtype)}))
