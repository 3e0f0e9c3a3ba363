"""Time to a given error for bench/dense.js: scikit-learn's NMF(solver='cd', init='random') on the same
dense matrix, fitted with max_iter on a ladder (each fit repeats the same trajectory from the same
random_state), so that each rung gives (seconds, F after that many iterations). Prints one JSON line."""
import json, sys, time, warnings
import numpy as np
from sklearn.decomposition import NMF

warnings.filterwarnings("ignore")
spec = json.loads(sys.argv[1])
dtype = np.float32 if spec.get("dtype") == "float32" else np.float64
X = np.fromfile(spec["data"], dtype=np.float32).reshape(spec["rows"], spec["cols"]).astype(dtype)
rungs = []
for iters in spec["ladder"]:
    model = NMF(n_components=spec["k"], init="random", solver="cd", max_iter=iters, tol=spec["tol"], random_state=0)
    start = time.perf_counter()
    model.fit_transform(X)
    rungs.append(
        {
            "iterations": int(model.n_iter_),
            "seconds": time.perf_counter() - start,
            "objective": float(model.reconstruction_err_) ** 2,
        }
    )
    if model.n_iter_ < iters:
        break  # converged: later rungs would repeat this fit
print(json.dumps({"rungs": rungs}))
