"""The PMF bootstrap replicates of bench/PmfBench, in numpy: in this one process, then on an
ipyparallel cluster of 2 engines.

Reads the input PmfBench writes (X, U, base G and F, each replicate's resampled days), runs the
same LS-NMF updates for the same number of iterations, prints its times and each replicate's Q(true).
"""
import sys
import time

import ipyparallel as ipp
import numpy as np


def load(path):
    with open(path) as f:
        n, m, k, reps, iters = (int(v) for v in f.readline().split())
        row = lambda: np.array([float(v) for v in f.readline().split()])
        x = row().reshape(n, m)
        u = row().reshape(n, m)
        g = row().reshape(n, k)
        fm = row().reshape(k, m)
        index = [np.array([int(v) for v in f.readline().split()]) for _ in range(reps)]
    return x, u, g, fm, index, iters


@ipp.interactive
def replicate(r):
    import numpy as np
    idx = INDEX[r]
    x, u, g, f = X[idx], U[idx], G0[idx].copy(), F0.copy()
    w = 1.0 / (u * u)
    wx = w * x
    for _ in range(ITERS):
        wh = g @ f
        f = f * ((g.T @ wx) / (g.T @ (w * wh)))
        np.maximum(f, 1e-100, out=f)
        wh = g @ f
        g = g * ((wx @ f.T) / ((w * wh) @ f.T))
        np.maximum(g, 1e-100, out=g)
    wh = g @ f
    return float(np.sum(w * (x - wh) ** 2))


def main():
    x, u, g, f, index, iters = load(sys.argv[1])
    # serial: the same function in this process, its globals set as push sets the engines'
    globals().update(X=x, U=u, G0=g, F0=f, INDEX=index, ITERS=iters)
    t = time.time()
    serial_q = [replicate(r) for r in range(len(index))]
    serial = time.time() - t
    t0 = time.time()
    cluster = ipp.Cluster(n=2, log_level=40)
    rc = cluster.start_and_connect_sync()
    try:
        rc.wait_for_engines(2, timeout=120)
        start = time.time() - t0
        rc[:].push(dict(X=x, U=u, G0=g, F0=f, INDEX=index, ITERS=iters), block=True)
        view = rc.load_balanced_view()
        t = time.time()
        q = view.map_sync(replicate, range(len(index)))
        seconds = time.time() - t
    finally:
        cluster.stop_cluster_sync()
    print("version", ipp.__version__, "numpy", np.__version__)
    print("start", start)
    print("seconds", seconds)
    print("serial", serial)
    print("serial_same", all(a == b for a, b in zip(serial_q, q)))
    for v in q:
        print("q", v)


if __name__ == "__main__":
    main()
