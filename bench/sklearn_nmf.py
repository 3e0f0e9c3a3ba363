"""The peer in the same run: scikit-learn's NMF (solver='cd') on the matrices bench/run.js wrote.

Prints one JSON line: milliseconds per iteration, from the difference of two fits with different
max_iter (so that initialization and validation do not count), the same way latent is measured."""
import json, resource, sys, time, warnings
import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import NMF

warnings.filterwarnings("ignore")
spec = json.loads(sys.argv[1])
# float64 unless the spec asks for float32 (scikit-learn then computes in float32: its fastest path)
dtype = np.float32 if spec.get("dtype") == "float32" else np.float64
if spec["kind"] == "dense":
    X = np.fromfile(spec["data"], dtype=np.float32).reshape(spec["rows"], spec["cols"]).astype(dtype, copy=False)
else:
    indptr = np.fromfile(spec["indptr"], dtype=np.int32)
    indices = np.fromfile(spec["indices"], dtype=np.int32)
    data = np.fromfile(spec["data"], dtype=np.float32).astype(dtype)
    X = sp.csr_matrix((data, indices, indptr), shape=(spec["rows"], spec["cols"]))

def fit(iters):
    model = NMF(n_components=spec["k"], init="random", solver="cd", max_iter=iters, tol=0, random_state=0)
    start = time.perf_counter()
    model.fit_transform(X)
    fit.objective = float(model.reconstruction_err_) ** 2  # ‖X − WH‖², latent's F without penalties
    return time.perf_counter() - start, model.n_iter_

lo, hi = spec["iterations"]
fit(2)  # warm up
t_lo, n_lo = fit(lo)
t_hi, n_hi = fit(hi)
info = ""
try:
    from threadpoolctl import threadpool_info
    blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    info = ", ".join(f'{p["internal_api"]} {p.get("architecture", "")} {p["num_threads"]} threads' for p in blas)
except Exception:
    pass
print(
    json.dumps(
        {
            "msPerIter": 1000 * (t_hi - t_lo) / (n_hi - n_lo),
            "blas": info,
            "iterations": n_hi,
            "objective": fit.objective,
            "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )
)
