"""The runtime workloads of bench/RuntimeBench on ipyparallel, for the side-by-side table.

Prints one JSON object per line: {"metric": name, "values": [...], "unit": unit}.
Usage: ipyparallel_runtime.py RUNS
"""
import json
import os
import signal
import statistics
import sys
import time

import ipyparallel as ipp

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
ROUND_TRIPS = 2000
TASKS = 20000
BLOB = 100 * 1024 * 1024
BLOB_REPEATS = 3  # push and pull, each the median of these after one to warm up
SPIN_TASKS = 1000
SMALL_TRANSFERS = 200  # push + pull of one int by name, the median of these after as many to warm up
STEADY_MB = 100  # the 100 MB push and pull: the median of STEADY_REPEATS after STEADY_WARM_UPS
STEADY_WARM_UPS = 5
STEADY_REPEATS = 10


def transfers(one, mb, repeats, warm_ups=1):
    """Push and pull of mb megabytes (10^6 bytes), each the median of repeats after warm_ups; MB/s."""
    blob = b"\x07" * (mb * 1_000_000)
    pushes, pulls = [], []
    for _ in range(warm_ups + repeats):  # the first ones warm up, as on jcluster
        t = time.perf_counter()
        one.push({"blob": blob}, block=True)
        pushes.append(mb / (time.perf_counter() - t))
        t = time.perf_counter()
        back = one.pull("blob", block=True)
        pulls.append(mb / (time.perf_counter() - t))
        assert len(back) == len(blob)
        del back
    one.execute("del blob", block=True)
    return statistics.median(pushes[warm_ups:]), statistics.median(pulls[warm_ups:])


def task_result(one, mb):
    """A task returning a value of mb megabytes already on its engine: the result path, in MB/s."""
    one.push({"blob": b"\x07" * (mb * 1_000_000)}, block=True)
    rates = []
    for _ in range(1 + BLOB_REPEATS):
        t = time.perf_counter()
        back = one.apply_sync(lambda x: x, ipp.Reference("blob"))
        rates.append(mb / (time.perf_counter() - t))
        assert len(back) == mb * 1_000_000
        del back
    one.execute("del blob", block=True)
    return statistics.median(rates[1:])


def emit(metric, values, unit):
    print(json.dumps({"metric": metric, "values": values, "unit": unit}), flush=True)


def start(n):
    t0 = time.time()
    cluster = ipp.Cluster(n=n, log_level=40)
    rc = cluster.start_and_connect_sync()
    rc.wait_for_engines(n, timeout=300)
    rc[:].apply_sync(lambda: None)  # usable, not only registered
    return cluster, rc, time.time() - t0


def noop():
    return None


def spin(ms):
    import time as t
    end = t.process_time() + ms / 1000.0
    x = 0
    while t.process_time() < end:
        x += 1
    return x


def apply_all(rc, n):
    view = rc[:]
    for _ in range(200):
        view.apply_sync(noop)
    samples = []
    for _ in range(100):
        t = time.perf_counter()
        view.apply_sync(noop)
        samples.append(time.perf_counter() - t)
    samples.sort()
    emit("apply to all %d engines, median" % n, [samples[len(samples) // 2] * 1e6], "us")


def detection(rc, sig):
    pids = rc[:].apply_sync(os.getpid)
    before = len(rc.ids)
    t0 = time.time()
    os.kill(pids[-1], sig)
    while len(rc.ids) >= before and time.time() - t0 < 120:
        time.sleep(0.05)
    took = time.time() - t0
    if sig == signal.SIGSTOP:
        os.kill(pids[-1], signal.SIGCONT)
    return took if len(rc.ids) < before else float("nan")


def push_all(rc):
    """Seconds to push 100 MB to every engine: the median of BLOB_REPEATS after one to warm up."""
    view = rc[:]
    blob = b"\x07" * BLOB
    samples = []
    for _ in range(1 + BLOB_REPEATS):
        t = time.perf_counter()
        view.push({"blob": blob}, block=True)
        samples.append(time.perf_counter() - t)
    view.execute("blob = None", block=True)
    return statistics.median(samples[1:])


def main():
    starts2, starts8, push8 = [], [], []
    for _ in range(RUNS):
        c, rc, s = start(8)
        starts8.append(s)
        apply_all(rc, 8)
        push8.append(push_all(rc))
        c.stop_cluster_sync()
        c, rc, s = start(32)
        apply_all(rc, 32)
        c.stop_cluster_sync()
    emit("start 8 engines, until usable", starts8, "s")
    emit("push 100 MB to all 8 engines", push8, "s")

    rt_med, rt_p99, lb, dmap, small, speedup, kill9, stop = [], [], [], [], [], [], [], []
    rates = {}
    for _ in range(RUNS):
        cluster, rc, s = start(2)
        starts2.append(s)
        try:
            apply_all(rc, 2)
            one = rc[0]
            for _ in range(500):
                one.apply_sync(noop)
            samples = []
            for _ in range(ROUND_TRIPS):
                t = time.perf_counter()
                one.apply_sync(noop)
                samples.append(time.perf_counter() - t)
            samples.sort()
            rt_med.append(samples[len(samples) // 2] * 1e6)
            rt_p99.append(samples[int(len(samples) * 0.99)] * 1e6)

            view = rc.load_balanced_view()
            t = time.perf_counter()
            ars = [view.apply_async(noop) for _ in range(TASKS)]
            for ar in ars:
                ar.get()
            lb.append(TASKS / (time.perf_counter() - t))

            dview = rc[:]
            t = time.perf_counter()
            dview.map_sync(lambda x: x, range(TASKS))
            dmap.append(TASKS / (time.perf_counter() - t))

            for label, mb, repeats, warm_ups in (("1 MB", 1, 20, 1), ("100 MB", STEADY_MB, STEADY_REPEATS, STEADY_WARM_UPS),
                                                 ("1 GB", 1000, 1, 1)):
                p, q = transfers(one, mb, repeats, warm_ups)
                rates.setdefault("push " + label + " to 1 engine", []).append(p)
                rates.setdefault("pull " + label + " from 1 engine", []).append(q)
            rates.setdefault("100 MB task result from 1 engine", []).append(task_result(one, 100))

            samples = []
            for i in range(-SMALL_TRANSFERS, SMALL_TRANSFERS):
                t = time.perf_counter()
                one.push({"x": i}, block=True)
                assert one.pull("x", block=True) == i
                if i >= 0:
                    samples.append(time.perf_counter() - t)
            samples.sort()
            small.append(samples[len(samples) // 2] * 1e6)

            n = SPIN_TASKS
            t = time.perf_counter()
            for _ in range(n):
                spin(20)
            serial = time.perf_counter() - t
            t = time.perf_counter()
            view.map_sync(spin, [20] * n)
            speedup.append(serial / (time.perf_counter() - t))

            kill9.append(detection(rc, signal.SIGKILL))
        finally:
            cluster.stop_cluster_sync()
    emit("start 2 engines, until usable", starts2, "s")
    emit("no-op apply round trip, median", rt_med, "us")
    emit("no-op apply round trip, p99", rt_p99, "us")
    emit("load-balanced no-op tasks, 2 engines", lb, "tasks/s")
    emit("direct-view map of 20,000, 2 engines", dmap, "items/s")
    for metric, values in rates.items():
        emit(metric, values, "MB/s")
    emit("push + pull of a small value, median", small, "us")
    emit("1,000 tasks of 20 ms CPU on 2 engines, speedup", speedup, "x")
    emit("killed engine (kill -9) noticed after", kill9, "s")
    for _ in range(RUNS):
        cluster, rc, s = start(2)
        try:
            stop.append(detection(rc, signal.SIGSTOP))
        finally:
            cluster.stop_cluster_sync()
    emit("hung engine (SIGSTOP) noticed after", stop, "s")
    print(json.dumps({"version": ipp.__version__}), flush=True)


if __name__ == "__main__":
    main()
