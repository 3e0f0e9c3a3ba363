"""scikit-learn's cd solver one iteration at a time, on request, for bench/dense.js's paired rounds:
latent's iterations and these take turns, so both meet the same state of a shared, noisy machine.

An iteration is the body of scikit-learn's own loop (sklearn/decomposition/_nmf.py,
_fit_coordinate_descent): _update_coordinate_descent on W, then on Hᵀ with X.T, from _initialize_nmf's
random start, as NMF(solver='cd', init='random') runs them (no penalties, no shuffle). It reads a line
from the requests FIFO ("step", or "reset" for a new start) and answers on the replies FIFO with the
iteration's milliseconds; "ready" once X is loaded, "bye" to "quit", "error <message>" if anything
fails."""
import json, sys

spec = json.loads(sys.argv[1])
replies = open(spec["replies"], "w")

def answer(line):
    replies.write(line + "\n")
    replies.flush()

try:
    import time, warnings
    import numpy as np
    from sklearn.decomposition._nmf import _initialize_nmf, _update_coordinate_descent

    warnings.filterwarnings("ignore")
    dtype = np.float32 if spec["dtype"] == "float32" else np.float64
    X = np.fromfile(spec["data"], dtype=np.float32).reshape(spec["rows"], spec["cols"]).astype(dtype, copy=False)
    rng = np.random.RandomState(0)

    def start():
        W, H = _initialize_nmf(X, spec["k"], init="random", random_state=0)
        return W, np.ascontiguousarray(H.T)

    W, Ht = start()
    answer("ready")
    with open(spec["requests"]) as requests:
        for line in requests:
            command = line.strip()
            if command == "reset":
                W, Ht = start()
                answer("ready")
            elif command == "step":
                began = time.perf_counter()
                _update_coordinate_descent(X, W, Ht, 0.0, 0.0, False, rng)
                _update_coordinate_descent(X.T, Ht, W, 0.0, 0.0, False, rng)
                elapsed = time.perf_counter() - began
                # OpenBLAS's threads spin for a while after a call (2^28 cycles by default) before they
                # sleep: latent's next iteration would share the cores with them
                time.sleep(spec.get("settle", 0))
                answer(str(1000 * elapsed))
            elif command == "quit":
                answer("bye")
                break
except Exception as e:  # said on the replies FIFO: the bench would otherwise wait for ever
    answer("error " + (str(e).splitlines() or [type(e).__name__])[0])
