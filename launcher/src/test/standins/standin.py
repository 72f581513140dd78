"""Shared core of the stand-in schedulers: job records, launching a job's processes, liveness."""
import json
import os
import signal
import subprocess
import sys
import time

STATE = os.environ.get("STANDIN_STATE") or sys.exit("stand-in: STANDIN_STATE is not set")
os.makedirs(STATE, exist_ok=True)


def next_id():
    path = os.path.join(STATE, "counter")
    n = int(open(path).read()) + 1 if os.path.exists(path) else 1
    open(path, "w").write(str(n))
    return n


def save(job):
    with open(os.path.join(STATE, "job-%d.json" % job["id"]), "w") as f:
        json.dump(job, f)


def load(job_id):
    digits = "".join(c for c in str(job_id).split(".")[0] if c.isdigit())
    path = os.path.join(STATE, "job-%s.json" % digits)
    return json.load(open(path)) if digits and os.path.exists(path) else None


def spawn(argv, env, out_path, cwd, err_path=None, inherit=True):
    """One process of a job, in its own session, detached from the submitting command; without
    `inherit` it gets only `env` and a plain PATH, as schedulers that do not pass the submitter's on."""
    full = dict(os.environ) if inherit else {"PATH": "/usr/local/bin:/usr/bin:/bin"}
    full.update(env)
    out = open(out_path, "ab")
    err = open(err_path, "ab") if err_path else subprocess.STDOUT
    p = subprocess.Popen(argv, env=full, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                         start_new_session=True)
    return p.pid


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def running(job):
    return [p for p in job["pids"] if alive(p)]


def kill(job):
    for p in running(job):
        try:
            os.killpg(p, signal.SIGTERM)
        except OSError:
            pass
    deadline = time.time() + 10
    while running(job) and time.time() < deadline:
        time.sleep(0.1)
    for p in running(job):
        try:
            os.killpg(p, signal.SIGKILL)
        except OSError:
            pass
    job["cancelled"] = True
    save(job)


def directives(script, prefix):
    """The arguments of every `prefix` line of a job script."""
    out = []
    for line in script.splitlines():
        if line.startswith(prefix + " "):
            out.append(line[len(prefix) + 1:].strip())
    return out


def array_range(text):
    first, last = text.split("-")
    return range(int(first), int(last) + 1)
