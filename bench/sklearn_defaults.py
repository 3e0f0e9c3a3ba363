"""The peer of bench/convergence.js: scikit-learn's NMF with its defaults (init=None, i.e. nndsvda;
solver='cd', tol=1e-4, max_iter=200) on the matrix latent fits, written as float32 CSR or dense. Prints one
JSON line per k: seconds, iterations, the final ‖X − WH‖² and H (row-major, for the shared NPMI)."""
import json, sys, time, warnings
import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import NMF

warnings.filterwarnings("ignore")
spec = json.loads(sys.argv[1])
if spec["kind"] == "csr":
    X = sp.csr_matrix(
        (
            np.fromfile(spec["data"], dtype=np.float32),
            np.fromfile(spec["indices"], dtype=np.int32),
            np.fromfile(spec["indptr"], dtype=np.int32),
        ),
        shape=(spec["rows"], spec["cols"]),
    )
else:
    X = np.fromfile(spec["data"], dtype=np.float32).reshape(spec["rows"], spec["cols"])
out = []
for k in spec["ks"]:
    model = NMF(n_components=k)
    start = time.perf_counter()
    W = model.fit_transform(X)
    seconds = time.perf_counter() - start
    np.asarray(model.components_, dtype=np.float32).tofile(f'{spec["prefix"]}-H{k}.f32')
    out.append(
        {
            "k": k,
            "seconds": seconds,
            "iterations": int(model.n_iter_),
            "objective": float(model.reconstruction_err_) ** 2,
        }
    )
print(json.dumps(out))
