#!/usr/bin/env python3
"""spyglass vs bpftrace benchmark suite (issue 5).

Runs both tracers on the same scripts and the same deterministic workloads in
one run, checks that they produced the same result, and writes the ratios to
docs/PERFORMANCE.md. Standard library only; every wait has a deadline and
every loop a bound. Normally started by `make bench` (bench/run.sh), which
builds the helpers it needs first:

    build/bench/sgbench_wl     a copy of build/workload (a unique comm to filter on)
    build/bench/sgbench_gen    bench/gen.c: keys N (writes of sizes 1..N), burst K M
                               (a fixed load of K getpid/ms), wait FIFO
    build/bench/spawn          bench/spawn.c: wall time and ru_maxrss of one command

    python3 bench/bench.py [--only startup,attach,...] [--out FILE] [--quick]
"""
import argparse
import datetime
import json
import os
import platform
import re
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
SPYGLASS = os.path.join(BUILD, "spyglass")
WL = os.path.join(BUILD, "bench", "sgbench_wl")
GEN = os.path.join(BUILD, "bench", "sgbench_gen")
SPAWN = os.path.join(BUILD, "bench", "spawn")
WL_COMM = "sgbench_wl"
GEN_COMM = "sgbench_gen"
FIFO = os.path.join(BUILD, "bench", "release.fifo")
BPFTRACE = shutil.which("bpftrace") or "bpftrace"
TOOLS = ("spyglass", "bpftrace")
MARKERS = (b"__SPYGLASS_ATTACHED", b"__BPFTRACE_NOTIFY_PROBES_ATTACHED")
BIG_MAP_KEYS = 200000
STATS_SYSCTL = "/proc/sys/kernel/bpf_stats_enabled"

BASE_ENV = dict(os.environ)
BASE_ENV.update({
    "SPYGLASS_NOTIFY_PROBES_ATTACHED": "1",
    "__BPFTRACE_NOTIFY_PROBES_ATTACHED": "1",
    "LC_ALL": "C",
})


def now():
    return time.perf_counter()


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


class Timeout(Exception):
    pass


# --------------------------------------------------------------------------
# Processes: posix_spawn + pipes + pidfd, driven by one poll() loop, so that
# exit times are taken when the kernel reports the exit (pidfd readable), and
# the "attached" marker time when its bytes arrive.

LIVE = {}  # pid -> Proc, for cleanup


class Proc:
    def __init__(self, argv, env=None, stdout="pipe", stderr="pipe"):
        self.argv = list(argv)
        self.out = {1: bytearray(), 2: bytearray()}
        self.fds = {}  # read fd -> 1|2
        fa = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0)]
        ends = []
        for target, mode in ((1, stdout), (2, stderr)):
            if mode == "pipe":
                r, w = os.pipe()
                os.set_blocking(r, False)
                self.fds[r] = target
                ends.append(w)
                fa.append((os.POSIX_SPAWN_DUP2, w, target))
            else:
                fa.append((os.POSIX_SPAWN_OPEN, target, "/dev/null", os.O_WRONLY, 0))
        self.t_marker = None
        self.t_exit = None
        self.status = None
        self.rusage = None
        self.t_start = now()
        self.pid = os.posix_spawn(self.argv[0], self.argv, env if env is not None else BASE_ENV,
                                  file_actions=fa,
                                  setsigdef=(signal.SIGINT, signal.SIGPIPE, signal.SIGTERM))
        for w in ends:
            os.close(w)
        self.pidfd = os.pidfd_open(self.pid)
        LIVE[self.pid] = self

    @property
    def exited(self):
        return self.t_exit is not None

    @property
    def done(self):
        return self.exited and not self.fds

    def text(self, stream=None):
        if stream:
            return self.out[stream].decode(errors="replace")
        return (self.out[1] + self.out[2]).decode(errors="replace")

    def signal(self, sig):
        if not self.exited:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def exit_code(self):
        if self.status is None:
            return None
        return os.waitstatus_to_exitcode(self.status)

    def vm(self, field="VmRSS"):
        """kB of a /proc/PID/status field, or None once the process is gone."""
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def _reap(self, t):
        pid, status, ru = os.wait4(self.pid, os.WNOHANG)
        if pid == self.pid:
            self.t_exit, self.status, self.rusage = t, status, ru
            os.close(self.pidfd)
            self.pidfd = None
            LIVE.pop(self.pid, None)

    def _read(self, fd, t):
        try:
            data = os.read(fd, 1 << 20)
        except BlockingIOError:
            return
        if not data:
            os.close(fd)
            del self.fds[fd]
            return
        buf = self.out[self.fds[fd]]
        start = max(0, len(buf) - 40)
        buf += data
        if self.t_marker is None:
            window = bytes(buf[start:])
            if any(m in window for m in MARKERS):
                self.t_marker = t

    def kill(self):
        self.signal(signal.SIGKILL)
        try:
            pump([self], lambda: self.exited, 5)
        except Timeout:
            pass
        for fd in list(self.fds):
            os.close(fd)
        self.fds.clear()


def pump(procs, until, timeout, tick=0.05, what=None):
    """Serve the pipes and exits of procs until until() is true; raise Timeout
    after `timeout` seconds. until() is also evaluated every `tick` seconds."""
    deadline = now() + timeout
    while True:
        if until():
            return
        left = deadline - now()
        if left <= 0:
            raise Timeout("%s: no %s after %g s (%s)" % (
                os.path.basename(procs[0].argv[0]) if procs else "?", what or "progress", timeout,
                "; ".join("%s %s, output tail %r" % (
                    " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(p.argv[:3])),
                    "exited %s" % p.exit_code() if p.exited else "running",
                    p.text()[-200:]) for p in procs)))
        poller = select.poll()
        owner = {}
        for p in procs:
            for fd in p.fds:
                poller.register(fd, select.POLLIN)
                owner[fd] = (p, "read")
            if p.pidfd is not None:
                poller.register(p.pidfd, select.POLLIN)
                owner[p.pidfd] = (p, "exit")
        if not owner:
            if until():
                return
            time.sleep(min(left, tick))
            continue
        events = poller.poll(min(left, tick) * 1000.0)
        t = now()
        for fd, _ in events:
            p, what = owner[fd]
            if what == "read":
                p._read(fd, t)
            else:
                p._reap(t)


def set_subreaper():
    """Become the parent of orphaned descendants (PR_SET_CHILD_SUBREAPER), so
    that work a tracer leaves to a background process after exiting (spyglass
    closes tracepoint perf events in a detached process) is seen and waited
    for before the next measurement, instead of slowing it down."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:
        log("warning: PR_SET_CHILD_SUBREAPER failed; background work of tracers is not awaited")


def orphans():
    me, res = os.getpid(), []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) in LIVE:
            continue
        try:
            with open("/proc/%s/stat" % d) as fh:
                stat = fh.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == me:
            res.append(int(d))
    return res


def wait_orphans(timeout=180):
    """Wait for (and reap) adopted orphans; returns when the last one ended
    (a now() time), or None if there were none."""
    deadline, last = now() + timeout, None
    for _ in range(10000):
        pids = orphans()
        if not pids:
            return last
        for pid in pids:
            try:
                fd = os.pidfd_open(pid)
            except OSError:
                continue
            try:
                left = deadline - now()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    raise Timeout()
            finally:
                os.close(fd)
            last = now()
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    return last


def finish(p, timeout, what="exit"):
    """Wait for p to exit and close its pipes, then for whatever it left
    running in the background; p.bg_secs is how long that ran after p exited."""
    pump([p], lambda: p.done, timeout, what=what)
    last = wait_orphans()
    p.bg_secs = (last - p.t_exit) if last else 0.0
    return p


def cleanup():
    for p in list(LIVE.values()):
        p.kill()
    try:
        wait_orphans(60)
    except (Timeout, OSError):
        pass


# --------------------------------------------------------------------------
# Tools, output normalisation, comparison

def tracer_argv(tool, script, cmd=None):
    exe = SPYGLASS if tool == "spyglass" else BPFTRACE
    argv = [exe]
    if cmd:
        argv += ["-c", cmd]
    return argv + ["-e", script]


def tracer_env(extra=None):
    env = dict(BASE_ENV)
    if extra:
        env.update(extra)
    return env


NOISE = re.compile(r"^(Attaching \d+ probes?\.\.\.|Attached \d+ probes?|__SPYGLASS_ATTACHED|"
                   r"__BPFTRACE_NOTIFY_PROBES_ATTACHED|Lost \d+ events|"
                   r"ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK.*|\s*)$")


def result_lines(p, norm=None):
    """The tracer's result as a multiset of lines, banners and blank lines
    removed, trailing blanks stripped (bpftrace prints "@: " before a hist)."""
    lines = []
    for line in p.text().splitlines():
        line = line.rstrip()
        if NOISE.match(line):
            continue
        if norm:
            line = norm(line)
        lines.append(line)
    return Counter(lines)


def lost_events(p):
    return sum(int(n) for n in re.findall(r"Lost (\d+) events", p.text()))


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


class Figure:
    """One row of the results table."""

    def __init__(self, fid, name, unit, goal, better="lower"):
        self.fid, self.name, self.unit, self.goal, self.better = fid, name, unit, goal, better
        self.sg = self.bt = None
        self.met = None          # True/False/None (None: no goal or pending)
        self.same = None         # True/False/None (None: not checked)
        self.pending = None      # reason string
        self.notes = []
        self.samples = {}

    def ratio(self):
        if self.sg is None or self.bt in (None, 0):
            return None
        return self.sg / self.bt

    def as_dict(self):
        d = dict(self.__dict__)
        d["ratio"] = self.ratio()
        return d


FIGS = []
DETACH_BASELINE = {}  # tool -> ms, SIGINT -> exit of a one-probe, one-key script (figure 2)


def fig(*a, **k):
    f = Figure(*a, **k)
    FIGS.append(f)
    return f


def check_same(f, outs, what="output"):
    """outs: {tool: [Counter, ...]} one per run; all must be identical."""
    runs = [("%s run %d" % (t, i + 1), c) for t in TOOLS for i, c in enumerate(outs.get(t, []))]
    if len(runs) < 2:
        return
    ref_name, ref = runs[0]
    for name, c in runs[1:]:
        if c != ref:
            f.same = False
            f.notes.append("MISMATCH in %s, %s vs %s: only in the first %r, only in the second %r"
                           % (what, ref_name, name, list((ref - c).elements())[:4],
                              list((c - ref).elements())[:4]))
            return
    f.same = True if f.same is None else f.same


# --------------------------------------------------------------------------
# Shared run shapes

def interrupt(procs, grace):
    """SIGINT each of procs and wait for them to end (and for what they left in
    the background). bpftrace 0.17 now and then ignores a SIGINT that arrives
    soon after it attached: it stays in its poll loop. So a tracer still running
    `grace` s after the SIGINT gets another one (at most 3 more, 5 s apart), and
    p.resent counts them: its exit time is then not a measurement. Returns the
    time the first SIGINT was sent."""
    t = now()
    for p in procs:
        p.resent = 0
        p.signal(signal.SIGINT)
    limit = grace
    for attempt in range(4):
        try:
            pump(procs, lambda: all(p.exited for p in procs), limit, what="exit after SIGINT")
            break
        except Timeout:
            if attempt == 3:
                raise
            for p in procs:
                if not p.exited:
                    p.resent += 1
                    p.signal(signal.SIGINT)
            limit = 5
    for p in procs:
        finish(p, 60)
    return t


def exit_ms(p, t_int, resent):
    """SIGINT -> exit in ms, or None (counted in resent[tool]) when the first
    SIGINT was ignored."""
    if p.resent:
        resent[os.path.basename(p.argv[0])] += 1
        return None
    return (p.t_exit - t_int) * 1e3


def resent_note(resent, runs):
    return "; ".join("%s ignored the first SIGINT in %d of %d runs (sent again; those exit times "
                     "are left out)" % (t, n, runs) for t, n in sorted(resent.items()) if n)


def run_attached(tool, script, workload_argv, timeout_attach=60, grace=5,
                 env_extra=None, settle=0.0):
    """Start the tracer, wait for its attached marker, run the workload to the
    end, SIGINT the tracer, wait for it to exit. Returns (proc, t_sigint)."""
    p = Proc(tracer_argv(tool, script), env=tracer_env(env_extra))
    try:
        pump([p], lambda: p.t_marker is not None or p.exited, timeout_attach, what="attach marker")
        if p.t_marker is None:
            raise RuntimeError("%s exited (status %s) before attaching: %s"
                               % (tool, p.exit_code(), p.text()[-500:].strip()))
        if workload_argv:
            w = Proc(workload_argv, stdout="null", stderr="null")
            pump([p, w], lambda: w.exited, 120, what="workload exit")
            if w.exit_code() != 0:
                raise RuntimeError("workload %r failed: %s" % (workload_argv, w.exit_code()))
        if settle:
            end = now() + settle
            pump([p], lambda: now() >= end or p.exited, settle + 1, tick=0.01)
        t_int = interrupt([p], grace)
        return p, t_int
    except BaseException:
        p.kill()
        raise


def cmd_str(argv):
    return " ".join(str(a) for a in argv)


def with_wait(argv):
    """The workload argv, ending by blocking on FIFO until the bench releases it."""
    return list(argv) + (["wait", 1, FIFO] if argv[0] == WL else ["wait", FIFO])


def short_cmd(argv):
    return " ".join([os.path.basename(str(argv[0]))] + [str(a) for a in argv[1:]])


# --------------------------------------------------------------------------
# 1. Start-up

def spawn_measured(argv, timeout=30):
    """Run argv under build/bench/spawn; returns (proc, wall_ms, maxrss_kB)."""
    res = os.path.join(BUILD, "bench", "spawn.result")
    p = Proc([SPAWN, res] + argv)
    try:
        finish(p, timeout)
    except BaseException:
        p.kill()
        raise
    with open(res) as fh:
        wall_ns, rss_kb, code = (int(x) for x in fh.read().split())
    os.unlink(res)
    if code != 0:
        raise RuntimeError("%s failed (%d): %s" % (argv, code, p.text()[-500:]))
    return p, wall_ns / 1e6, rss_kb


def bench_startup(runs):
    script = "BEGIN { exit(); }"
    fw = fig("1a", "start-up `BEGIN { exit(); }`: wall time", "ms",
             "<= 10 ms and <= 1/25 of bpftrace")
    fr = fig("1b", "start-up `BEGIN { exit(); }`: peak RSS", "MB",
             "<= 8 MB and <= 1/12 of bpftrace")
    walls = {t: [] for t in TOOLS}
    rss = {t: [] for t in TOOLS}
    outs = {t: [] for t in TOOLS}
    for i in range(runs + 1):  # run 0 is a warm-up (page cache), not counted
        for tool in TOOLS:
            p, ms, kb = spawn_measured(tracer_argv(tool, script))
            if i == 0:
                continue
            walls[tool].append(ms)
            rss[tool].append(kb / 1024.0)
            outs[tool].append(result_lines(p))
    floor = [spawn_measured(["/bin/true"]) for _ in range(runs)]
    fw.sg, fw.bt = median(walls["spyglass"]), median(walls["bpftrace"])
    fr.sg, fr.bt = median(rss["spyglass"]), median(rss["bpftrace"])
    fw.samples, fr.samples = walls, rss
    fw.met = fw.sg <= 10 and fw.ratio() <= 1 / 25
    fr.met = fr.sg <= 8 and fr.ratio() <= 1 / 12
    for f in (fw, fr):
        check_same(f, outs)
    fw.notes.append("median of %d interleaved runs each; harness floor (spawn+wait of /bin/true, "
                    "same helper) %.2f ms and %.1f MB; spyglass min/max %.2f/%.2f ms, bpftrace %.1f/%.1f ms"
                    % (runs, median([x[1] for x in floor]), median([x[2] for x in floor]) / 1024, min(walls["spyglass"]), max(walls["spyglass"]),
                       min(walls["bpftrace"]), max(walls["bpftrace"])))
    fr.notes.append("ru_maxrss of the tracer from wait4() in build/bench/spawn (bench/spawn.c, fork+exec from a "
                    "~1 MB process: a child of Python would inherit Python's ~18 MB high-water mark); "
                    "median of %d runs" % runs)
    # Cross-check with hyperfine (not interleaved), if installed.
    hf = shutil.which("hyperfine")
    if hf:
        js = os.path.join(BUILD, "bench", "hyperfine-startup.json")
        cmd = [hf, "-N", "--warmup", "2", "--runs", str(runs), "--export-json", js, "--style", "none",
               shlex.join([SPYGLASS, "-e", script]), shlex.join([BPFTRACE, "-e", script])]
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
                           env=BASE_ENV, check=True)
            with open(js) as fh:
                res = json.load(fh)["results"]
            meds = [r["median"] * 1e3 for r in res]
            fw.notes.append("cross-check, hyperfine -N (%d runs, not interleaved): spyglass %.2f ms, "
                            "bpftrace %.1f ms (median)" % (runs, meds[0], meds[1]))
        except (subprocess.SubprocessError, OSError, KeyError, ValueError) as e:
            fw.notes.append("hyperfine cross-check failed: %s" % e)


# --------------------------------------------------------------------------
# 2. Time to attached, 3. wildcard attach/detach

def bench_attach(runs):
    script = 'tracepoint:syscalls:sys_enter_getpid /comm == "%s"/ { @ = count(); }' % WL_COMM
    f = fig("2", "time to attached: `%s`" % script, "ms", "<= 15 ms")
    att = {t: [] for t in TOOLS}
    det = {t: [] for t in TOOLS}
    outs = {t: [] for t in TOOLS}
    resent = Counter()
    for _ in range(runs):
        for tool in TOOLS:
            p, t_int = run_attached(tool, script, [WL, "getpid", "1000"])
            att[tool].append((p.t_marker - p.t_start) * 1e3)
            det[tool].append(exit_ms(p, t_int, resent))
            outs[tool].append(result_lines(p))
    f.sg, f.bt = median(att["spyglass"]), median(att["bpftrace"])
    f.samples = {"attach": att, "detach": det}
    DETACH_BASELINE.update({t: median(det[t]) for t in TOOLS})
    f.met = f.sg <= 15
    check_same(f, outs)
    if f.same and outs["spyglass"][0] != Counter(["@: 1000"]):
        f.same = False
        f.notes.append("MISMATCH: expected `@: 1000`, both printed %r" % list(outs["spyglass"][0]))
    f.notes.append("exec -> marker line read by the harness; median of %d interleaved runs; "
                   "then `%s getpid 1000`, SIGINT, `@: 1000` checked. SIGINT->exit (context): "
                   "spyglass %.1f ms, bpftrace %.1f ms"
                   % (runs, WL_COMM, median(det["spyglass"]), median(det["bpftrace"])))
    if resent:
        f.notes.append(resent_note(resent, runs))


def bench_wildcard(runs):
    script = 'tracepoint:syscalls:sys_enter_* /comm == "%s"/ { @[probe] = count(); }' % WL_COMM
    fa = fig("3a", "wildcard attach: `%s`, exec -> attached" % script, "ms", "<= 1/10 of bpftrace")
    fd = fig("3b", "wildcard detach: same script, SIGINT -> exit", "ms", "<= 1/10 of bpftrace")
    att = {t: [] for t in TOOLS}
    det = {t: [] for t in TOOLS}
    outs = {t: [] for t in TOOLS}
    nprobes = {}
    bg = {t: [] for t in TOOLS}
    resent = Counter()
    for _ in range(runs):
        for tool in TOOLS:
            p, t_int = run_attached(tool, script, [WL, "getpid", "10", "dup", "3", "0"],
                                    timeout_attach=120, grace=300)
            att[tool].append((p.t_marker - p.t_start) * 1e3)
            det[tool].append(exit_ms(p, t_int, resent))
            bg[tool].append(p.bg_secs)
            outs[tool].append(result_lines(p))
            m = re.search(r"Attach(?:ing|ed) (\d+) probes?", p.text())
            nprobes[tool] = int(m.group(1)) if m else None
    fa.sg, fa.bt = median(att["spyglass"]), median(att["bpftrace"])
    fd.sg, fd.bt = median(det["spyglass"]), median(det["bpftrace"])
    fa.samples, fd.samples = att, det
    for f in (fa, fd):
        f.met = f.ratio() <= 0.1
        check_same(f, outs)
    fa.notes.append("%s probes (spyglass), %s (bpftrace); median of %d interleaved runs; "
                    "workload `%s getpid 10 dup 3 0`, @[probe] counts compared"
                    % (nprobes.get("spyglass"), nprobes.get("bpftrace"), runs, WL_COMM))
    fd.notes.append("SIGINT -> process exit, includes printing the (small) map; samples "
                    "spyglass %s ms, bpftrace %s ms"
                    % ([x and round(x) for x in det["spyglass"]], [x and round(x) for x in det["bpftrace"]]))
    if resent:
        fd.notes.append(resent_note(resent, runs))
    for t in TOOLS:
        if max(bg[t]) > 0:
            fd.notes.append("%s left a background process that ran %s s after it exited (closing the "
                            "tracepoint perf events; the harness waits for it before the next run)"
                            % (t, [round(x, 1) for x in bg[t]]))


# --------------------------------------------------------------------------
# 4. In-kernel cost per event

def prog_ids(pid):
    ids = set()
    d = "/proc/%d/fdinfo" % pid
    try:
        names = os.listdir(d)
    except OSError:
        return ids
    for n in names:
        try:
            with open(os.path.join(d, n)) as fh:
                for line in fh:
                    if line.startswith("prog_id:"):
                        ids.add(int(line.split()[1]))
        except OSError:
            pass
    return ids


def prog_info(pid):
    """Sum of run_time_ns, run_cnt and xlated instructions of the tracepoint
    programs held by pid."""
    tot = {"run_time_ns": 0, "run_cnt": 0, "insns": 0, "progs": 0}
    for i in sorted(prog_ids(pid)):
        r = subprocess.run(["bpftool", "-j", "prog", "show", "id", str(i)], capture_output=True,
                           timeout=20)
        if r.returncode != 0:
            continue
        info = json.loads(r.stdout)
        if info.get("type") != "tracepoint":
            continue
        tot["run_time_ns"] += info.get("run_time_ns", 0)
        tot["run_cnt"] += info.get("run_cnt", 0)
        tot["insns"] += info.get("bytes_xlated", 0) // 8
        tot["progs"] += 1
    return tot


def run_cost_once(tool, script, wl_argv):
    """-c the workload, which ends by blocking on a FIFO; read the program stats
    while it blocks, then release it."""
    cmd = cmd_str(with_wait(wl_argv))
    p = Proc(tracer_argv(tool, script, cmd))
    wfd = [None]

    def reader_waiting():
        if p.exited:
            return True
        try:
            wfd[0] = os.open(FIFO, os.O_WRONLY | os.O_NONBLOCK)
            return True
        except OSError:
            return False

    try:
        pump([p], reader_waiting, 120, tick=0.005)
        if wfd[0] is None:
            raise RuntimeError("%s exited early (status %s): %s"
                               % (tool, p.exit_code(), p.text()[-500:].strip()))
        info = prog_info(p.pid)
        os.close(wfd[0])
        finish(p, 60)
    except BaseException:
        if wfd[0] is not None:
            os.close(wfd[0])
        p.kill()
        raise
    return p, info


COST_SCRIPTS = [
    ("count by comm", "tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { @[comm] = count(); }",
     [WL, "getpid", 200000], None, 200000),
    ("sum by pid", "tracepoint:syscalls:sys_enter_write /pid == cpid/ { @[pid] = sum(args->count); }",
     [WL, "write", 200000, 100], lambda l: re.sub(r"^@\[\d+\]", "@[PID]", l), 200000),
    ("hist of write sizes", "tracepoint:syscalls:sys_enter_write /pid == cpid/ { @ = hist(args->count); }",
     [WL, "write", 50000, 1, "write", 50000, 100, "write", 50000, 5000, "write", 50000, 70000], None, 200000),
    ("printf with 3 args",
     'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { printf("%d %s %d\\n", pid, comm, tid); }',
     [GEN, "burst", 50, 1000], lambda l: re.sub(r"\d+", "N", l), 50000),
    ("str() + map key",
     "tracepoint:syscalls:sys_enter_openat /pid == cpid/ { @[str(args->filename)] = count(); }",
     [WL, "openat", 100000, "/dev/null"], None, 100000),
    # Issue 3's language features, in forms bpftrace 0.17 also accepts.
    ("struct walk from curtask",
     "tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { $t = (struct task_struct *)curtask; "
     "@[$t->real_parent->tgid > 0, $t->mm->map_count > 0] = count(); }",
     # comparisons are bool in newest bpftrace (true), integers in 0.17 (1)
     [WL, "getpid", 200000], lambda l: l.replace("true", "1"), 200000),
    ("two-key map, string compare",
     'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { if (comm == "sgbench_wl") { @[pid, comm] = count(); } }',
     [WL, "getpid", 200000], lambda l: re.sub(r"^@\[\d+,", "@[PID,", l), 200000),
    ("while loop of 16 sums",
     "tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { $i = 0; while ($i < 16) { @s = sum($i); $i++; } }",
     [WL, "getpid", 100000], None, 100000),
    ("strncmp + ternary",
     'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ { @[strncmp(comm, "sgbench", 7) == 0 ? 1 : 2] = count(); }',
     [WL, "getpid", 200000], None, 200000),
]


def bench_cost(runs):
    old = None
    try:
        with open(STATS_SYSCTL) as fh:
            old = fh.read().strip()
        with open(STATS_SYSCTL, "w") as fh:
            fh.write("1")
    except OSError as e:
        f = fig("4", "in-kernel cost per event", "ns", "<= 0.8x bpftrace")
        f.pending = "cannot enable %s: %s" % (STATS_SYSCTL, e)
        return
    try:
        if os.path.exists(FIFO):
            os.unlink(FIFO)
        os.mkfifo(FIFO)
        for n, (name, script, wl_argv, norm, events) in enumerate(COST_SCRIPTS):
            fid = "4" + "abcdefghijkl"[n]
            f = fig(fid, "in-kernel ns/event, %s: `%s`" % (name, script), "ns", "<= 0.8x bpftrace")
            fi = fig(fid + "-x", "xlated instructions, %s" % name, "insns", "(context)")
            ns = {t: [] for t in TOOLS}
            insns = {t: [] for t in TOOLS}
            cnt = {t: [] for t in TOOLS}
            lost = {t: [] for t in TOOLS}
            outs = {t: [] for t in TOOLS}
            dropped = Counter()
            try:
                for r in range(runs):
                    # alternate who goes first: a slow patch of the machine
                    # then hits each tracer as often
                    for tool in (TOOLS if r % 2 == 0 else TOOLS[::-1]):
                        p, info = run_cost_once(tool, script, wl_argv)
                        if p.exit_code() != 0:
                            raise RuntimeError("%s exited with %s: %s"
                                               % (tool, p.exit_code(), p.text()[-300:].strip()))
                        # The programs also run (and return early) for other
                        # processes' syscalls: a run where those were more than
                        # 1% of the events measures mostly the filter, not the
                        # script. Its ns/event is left out.
                        if events <= info["run_cnt"] <= events * 1.01 + 200:
                            ns[tool].append(info["run_time_ns"] / info["run_cnt"])
                        else:
                            dropped[tool] += 1
                        insns[tool].append(info["insns"])
                        cnt[tool].append(info["run_cnt"])
                        lost[tool].append(lost_events(p))
                        outs[tool].append(result_lines(p, norm))
            except (RuntimeError, Timeout, OSError, subprocess.SubprocessError) as e:
                f.pending = fi.pending = "bench error: %s" % e
                log("ERROR cost, %s: %s" % (name, e))
                cleanup()
                continue
            f.sg, f.bt = median(ns["spyglass"]), median(ns["bpftrace"])
            fi.sg, fi.bt = median(insns["spyglass"]), median(insns["bpftrace"])
            f.samples = {"ns": ns, "run_cnt": cnt, "insns": insns, "lost": lost}
            if f.sg is not None and f.bt:
                f.met = f.ratio() <= 0.8
            check_same(f, outs)
            fi.same = f.same
            f.notes.append("run_cnt per run: spyglass %s, bpftrace %s; median of %d; events lost: "
                           "spyglass %s, bpftrace %s"
                           % (cnt["spyglass"], cnt["bpftrace"], runs, lost["spyglass"], lost["bpftrace"]))
            f.notes.append("workload: `%s` (%d events)" % (short_cmd(wl_argv), events))
            if dropped:
                f.notes.append("left out as contaminated by other processes' syscalls (run_cnt more than 1%% "
                               "above the workload's events): %s" % ", ".join(
                                   "%s %d of %d runs" % (t, n, runs) for t, n in sorted(dropped.items())))
    finally:
        if old is not None:
            with open(STATS_SYSCTL, "w") as fh:
                fh.write(old)
        if os.path.exists(FIFO):
            os.unlink(FIFO)


# --------------------------------------------------------------------------
# 5. Output throughput

PRINTF_SCRIPT = ('tracepoint:syscalls:sys_enter_getpid /pid == cpid/ '
                 '{ printf("%d %s %d\\n", pid, comm, tid); }')
DATA_LINE = re.compile(rb"^\d+ (?:%s|%s) \d+$" % (WL_COMM.encode(), GEN_COMM.encode()), re.M)


def run_printf(tool, wl_argv, expected):
    p = Proc(tracer_argv(tool, PRINTF_SCRIPT, cmd_str(wl_argv)))
    try:
        finish(p, 180)
    except BaseException:
        p.kill()
        raise
    delivered = len(DATA_LINE.findall(bytes(p.out[1])))
    lost = lost_events(p)
    t0 = p.t_marker or p.t_start
    return {"delivered": delivered, "lost": lost, "expected": expected,
            "secs": p.t_exit - t0, "rate": delivered / (p.t_exit - t0),
            "ok": p.exit_code() == 0, "accounted": delivered + lost == expected}


def bench_throughput(runs, quick):
    levels = [10, 30, 100, 300] if quick else [10, 30, 100, 200, 400, 700, 1000]
    table = []
    first_loss = None
    for k in levels:
        m = max(100, min(1000, 300000 // k))
        row = {"k": k, "m": m}
        for tool in TOOLS:
            row[tool] = run_printf(tool, [GEN, "burst", k, m], k * m)
        table.append(row)
        if first_loss is None and row["bpftrace"]["lost"] > 0:
            first_loss = row
    n = 300000 if quick else 1000000
    flood = {t: [] for t in TOOLS}
    for _ in range(runs):
        for tool in TOOLS:
            flood[tool].append(run_printf(tool, [WL, "getpid", n], n))
    f = fig("5a", "output throughput, printf of 3 fields on every getpid, flood of %d: "
            "events/s delivered" % n, "events/s", ">= 2x bpftrace", better="higher")
    f.sg = median([r["rate"] for r in flood["spyglass"]])
    f.bt = median([r["rate"] for r in flood["bpftrace"]])
    f.met = f.ratio() >= 2
    f.samples = {"flood": flood, "levels": table}
    fl = fig("5b", "events lost at the first fixed load where bpftrace loses", "events",
             "spyglass 0", better="none")
    if first_loss:
        fl.sg, fl.bt = first_loss["spyglass"]["lost"], first_loss["bpftrace"]["lost"]
        fl.met = fl.sg == 0
        fl.notes.append("load: %d getpid/ms (~%d events/s nominal), %d events"
                        % (first_loss["k"], first_loss["k"] * 1000, first_loss["k"] * first_loss["m"]))
    else:
        fl.pending = "bpftrace lost nothing at any fixed load tried (%s/ms)" % levels
        fl.sg = fl.bt = 0
    # Correctness: spyglass must print or count as lost every generated event;
    # where neither tracer lost anything, both must print exactly the events
    # generated. bpftrace events neither printed nor reported lost are noted.
    bad, bt_missing = [], []
    runs_all = [("%d/ms" % row["k"], row) for row in table] + [("flood", {t: r for t, r in zip(TOOLS, rs)})
                                                     for rs in zip(flood["spyglass"], flood["bpftrace"])]
    for k, row in runs_all:
        s, b = row["spyglass"], row["bpftrace"]
        if not s["ok"] or not s["accounted"]:
            bad.append("spyglass at %s: delivered %d + lost %d != %d generated"
                       % (k, s["delivered"], s["lost"], s["expected"]))
        if not b["ok"]:
            bad.append("bpftrace at %s failed" % k)
        elif not b["accounted"]:
            bt_missing.append("%s: %d" % (k, b["expected"] - b["delivered"] - b["lost"]))
        if s["lost"] == 0 and b["lost"] == 0 and s["delivered"] != b["delivered"]:
            bad.append("at %s with no loss spyglass printed %d lines, bpftrace %d"
                       % (k, s["delivered"], b["delivered"]))
    for x in (f, fl):
        x.same = not bad
        if bad:
            x.notes.append("MISMATCH: " + "; ".join(bad[:4]))
    if bt_missing:
        f.notes.append("bpftrace dropped events without counting them as lost (load: events): "
                       + ", ".join(bt_missing))
    f.notes.append("flood lost: spyglass %s, bpftrace %s; median of %d interleaved runs; rate = "
                   "lines delivered / (attached -> exit)"
                   % ([r["lost"] for r in flood["spyglass"]], [r["lost"] for r in flood["bpftrace"]], runs))
    return table


# --------------------------------------------------------------------------
# 6. Map printing at exit

def map_print_once(tool, nkeys, resent):
    script = 'tracepoint:syscalls:sys_enter_write /comm == "%s"/ { @m[args->count] = count(); }' % GEN_COMM
    env = {"BPFTRACE_MAP_KEYS_MAX": str(BIG_MAP_KEYS), "BPFTRACE_MAX_MAP_KEYS": str(BIG_MAP_KEYS)}
    p, t_int = run_attached(tool, script, [GEN, "keys", str(nkeys)], env_extra=env, settle=0.2)
    keys = len(re.findall(r"^@m\[\d+\]: 1$", p.text(1), re.M))
    return p, exit_ms(p, t_int, resent), keys


def bench_mapprint(runs):
    for nkeys, fid in ((100000, "6"), (4000, "6s")):
        f = fig(fid, "map printing at exit, %d keys: SIGINT -> exit" % nkeys, "ms", "<= 1/5 of bpftrace")
        times = {t: [] for t in TOOLS}
        outs = {t: [] for t in TOOLS}
        keys = {t: [] for t in TOOLS}
        resent = Counter()
        for _ in range(runs):
            for tool in TOOLS:
                p, ms, k = map_print_once(tool, nkeys, resent)
                times[tool].append(ms)
                keys[tool].append(k)
                outs[tool].append(result_lines(p))
        f.sg, f.bt = median(times["spyglass"]), median(times["bpftrace"])
        f.samples = {"ms": times, "keys": keys}
        f.notes.append("keys printed: spyglass %s, bpftrace %s; map size raised with "
                       "BPFTRACE_MAP_KEYS_MAX=BPFTRACE_MAX_MAP_KEYS=%d; median of %d runs"
                       % (keys["spyglass"], keys["bpftrace"], BIG_MAP_KEYS, runs))
        if resent:
            f.notes.append(resent_note(resent, runs))
        if DETACH_BASELINE:
            f.notes.append("for scale, SIGINT -> exit with a 1-key map (figure 2): spyglass %.1f ms, "
                           "bpftrace %.1f ms" % (DETACH_BASELINE["spyglass"], DETACH_BASELINE["bpftrace"]))
        short = [t for t in TOOLS if min(keys[t]) != nkeys]
        if short:
            f.same = False
            if short == ["spyglass"] and min(keys["spyglass"]) < nkeys <= BIG_MAP_KEYS:
                f.pending = ("spyglass cannot raise the map size (no max_map_keys setting; "
                             "BPFTRACE_MAP_KEYS_MAX ignored): it kept %d of %d keys, printed in %s"
                             % (min(keys["spyglass"]), nkeys, fmt(f.sg, "ms")))
                f.sg = None
                f.same = None
            else:
                f.notes.append("MISMATCH: %s did not print %d keys" % (short, nkeys))
        else:
            check_same(f, outs)
            f.met = f.same and f.ratio() <= 0.2


# --------------------------------------------------------------------------
# 7. Memory while tracing

def bench_memory(duration):
    script = ('tracepoint:raw_syscalls:sys_enter { @[comm] = count(); } '
              'tracepoint:syscalls:sys_enter_write /comm == "%s"/ { @h = hist(args->count); @b = sum(args->count); }'
              % WL_COMM)
    f = fig("7", "memory while tracing: VmRSS after %g s of `%s` on a syscall flood" % (duration, script),
            "MB", "<= 1/10 of bpftrace")
    procs = {t: Proc(tracer_argv(t, script)) for t in TOOLS}
    ps = list(procs.values())
    try:
        pump(ps, lambda: all(p.t_marker or p.exited for p in ps), 60)
        if any(p.exited for p in ps):
            raise RuntimeError("a tracer exited early: %s" % [p.text()[-300:] for p in ps])
        t0 = now()
        peak = {t: 0 for t in TOOLS}
        runs = 0
        while now() - t0 < duration and runs < 1000:
            w = Proc([WL, "getpid", "50000", "write", "5000", "512", "openat", "200", "/dev/null"],
                     stdout="null", stderr="null")
            pump(ps + [w], lambda: w.exited, 60)
            runs += 1
            for t in TOOLS:
                peak[t] = max(peak[t], procs[t].vm() or 0)
        rss = {t: procs[t].vm() for t in TOOLS}
        hwm = {t: procs[t].vm("VmHWM") for t in TOOLS}
        interrupt(ps, 10)
    except BaseException:
        for p in ps:
            p.kill()
        raise
    f.sg, f.bt = rss["spyglass"] / 1024.0, rss["bpftrace"] / 1024.0
    f.met = f.ratio() <= 0.1
    f.samples = {"VmRSS_kB": rss, "VmHWM_kB": hwm, "peak_sampled_kB": peak, "workload_runs": runs}

    def ours(p):
        keep = Counter()
        for line, n in result_lines(p).items():
            if line.startswith("@[%s]:" % WL_COMM) or line.startswith("@b:") or line.startswith("["):
                keep[line] += n
        return keep

    check_same(f, {t: [ours(procs[t])] for t in TOOLS})
    f.notes.append("both tracers ran at the same time on the same workload (%d runs of `%s getpid 50000 "
                   "write 5000 512 openat 200 /dev/null`); VmHWM: spyglass %.1f MB, bpftrace %.1f MB; "
                   "@[%s], @b and @h compared" % (runs, WL_COMM, hwm["spyglass"] / 1024, hwm["bpftrace"] / 1024,
                                                 WL_COMM))


# --------------------------------------------------------------------------
# 8. Listing probes

def list_tracepoints(p):
    """The tracepoint lines of a -l run (the other lines differ by design:
    bpftrace 0.17 prints `software:*:`, spyglass each event)."""
    return Counter(l for l in p.text(1).splitlines() if l.startswith("tracepoint:"))


def bench_listing(runs):
    f = fig("8", "listing every probe: `-l` wall time", "ms", "<= 50 ms")
    fv = fig("8v", "listing with arguments: `-lv 'tracepoint:syscalls:*'` wall time", "ms", "(context)",
             better="none")
    walls = {(k, t): [] for k in ("l", "lv") for t in TOOLS}
    outs, nlines = {t: [] for t in TOOLS}, {}
    for i in range(runs + 1):  # run 0 is a warm-up (page cache, tracefs inodes), not counted
        for tool in TOOLS:
            exe = SPYGLASS if tool == "spyglass" else BPFTRACE
            for k, argv in (("l", [exe, "-l"]), ("lv", [exe, "-lv", "tracepoint:syscalls:*"])):
                p, ms, _ = spawn_measured(argv)
                if i == 0:
                    continue
                walls[(k, tool)].append(ms)
                if k == "l":
                    outs[tool].append(list_tracepoints(p))
                    nlines[tool] = len(p.text(1).splitlines())
    f.sg, f.bt = median(walls[("l", "spyglass")]), median(walls[("l", "bpftrace")])
    fv.sg, fv.bt = median(walls[("lv", "spyglass")]), median(walls[("lv", "bpftrace")])
    f.samples = {t: walls[("l", t)] for t in TOOLS}
    fv.samples = {t: walls[("lv", t)] for t in TOOLS}
    f.met = f.sg <= 50
    check_same(f, outs, "tracepoint lines")
    f.notes.append("median of %d interleaved runs under build/bench/spawn; %d tracepoints listed by both "
                   "(compared line by line), %d lines in all from spyglass, %d from bpftrace; spyglass "
                   "min/max %.1f/%.1f ms" % (runs, sum(outs["spyglass"][0].values()), nlines["spyglass"],
                                             nlines["bpftrace"], min(walls[("l", "spyglass")]),
                                             max(walls[("l", "spyglass")])))
    fv.notes.append("every syscall tracepoint with its fields and their types (spyglass reads the "
                    "tracefs format files); same runs as figure 8")


# --------------------------------------------------------------------------
# Report

def fmt(v, unit):
    if v is None:
        return "—"
    if unit == "events/s":
        return "%.0f k/s" % (v / 1e3)
    if unit in ("events", "insns"):
        return "%d" % v
    if unit == "ns":
        return "%.1f ns" % v
    if unit == "ms":
        return "%.1f ms" % v if v < 100 else "%.0f ms" % v
    if unit == "MB":
        return "%.1f MB" % v
    return "%g %s" % (v, unit)


def fmt_ratio(f):
    r = f.ratio()
    if r is None or f.better == "none":
        return "—"
    if f.better == "higher" or r >= 0.5:
        return "%.2fx" % r
    return "%.3fx (1/%.0f)" % (r, 1 / r) if r > 0 else "0x"


def verdict(f):
    if f.pending:
        return "pending"
    if f.same is False:
        return "**NO (mismatch)**"
    if f.met is None:
        return "—"
    return "yes" if f.met else "**no**"


def write_doc(path, ctx, thr_table, ran):
    L = []
    L.append("# spyglass performance vs bpftrace")
    L.append("")
    L.append("Generated by `make bench` (bench/run.sh → bench/bench.py) on %s; do not edit by hand, "
             "rerun it. Both tracers run the same script on the same deterministic workload in one "
             "run, interleaved; the ratio is spyglass / bpftrace. A figure only counts when both "
             "tracers printed the same result (column *same*)." % ctx["date"])
    L.append("")
    L.append("Machine: %s, %s CPUs, kernel %s, %s; load average %s before, %s after. %s; spyglass %s. "
             "Total bench time %.0f s, at nice %d. Absolute times are context only: this machine is shared and noisy."
             % (ctx["cpu"], ctx["ncpu"], ctx["kernel"], ctx["os"], ctx["load_before"], ctx["load_after"],
                ctx["bpftrace"], ctx["spyglass"], ctx["elapsed"], ctx["nice"]))
    L.append("")
    busy = max(float(ctx["load_before"]), float(ctx["load_after"]))
    if busy > 0.75 * (ctx["ncpu"] or 1):
        L.append("> **⚠ BUSY MACHINE** — load average %.1f on %s CPUs during this run (busiest other "
                 "processes at the start: %s). Absolute times, and the ratios of the few-millisecond "
                 "figures (1a, 2, 3a), are inflated by scheduling delays; rerun `make bench` on a quiet "
                 "machine before drawing conclusions from them." % (busy, ctx["ncpu"], ctx.get("top", "?")))
        L.append("")
    mism = [f for f in FIGS if f.same is False and not f.pending]
    if mism:
        L.append("> **⚠ RESULT MISMATCH** — spyglass and bpftrace disagreed on: "
                 + "; ".join("%s (%s)" % (f.fid, f.name) for f in mism)
                 + ". Those rows do not count; see the notes.")
        L.append("")
    if ctx.get("errors"):
        L.append("> **⚠ BENCH ERRORS** — " + "; ".join(ctx["errors"]))
        L.append("")
    L.append("| # | figure | spyglass | bpftrace | ratio | goal | met? | same |")
    L.append("|---|--------|---------:|---------:|------:|------|------|------|")
    for f in FIGS:
        same = {True: "yes", False: "**NO**", None: "—"}[f.same]
        L.append("| %s | %s | %s | %s | %s | %s | %s | %s |"
                 % (f.fid, f.name.replace("|", "\\|"), fmt(f.sg, f.unit), fmt(f.bt, f.unit),
                    fmt_ratio(f), f.goal, verdict(f), same))
    L.append("")
    pend = [f for f in FIGS if f.pending]
    if pend:
        L.append("## Pending")
        L.append("")
        for f in pend:
            L.append("- **%s** %s — pending: %s" % (f.fid, f.name, f.pending))
        L.append("")
    L.append("## Notes per figure")
    L.append("")
    for f in FIGS:
        if f.notes:
            L.append("- **%s**: %s" % (f.fid, " — ".join(f.notes)))
    L.append("")
    if thr_table:
        L.append("### Output throughput by fixed load (figure 5)")
        L.append("")
        L.append("Workload `%s burst K M` (M times: K getpid, sleep 1 ms) under `-c`, script `%s`; "
                 "stdout read from a pipe by the harness and discarded (only counted). The flood is "
                 "`%s getpid N`." % (GEN_COMM, PRINTF_SCRIPT, WL_COMM))
        L.append("")
        L.append("| K/ms | events | spyglass delivered | spyglass lost | bpftrace delivered | bpftrace lost | "
                 "spyglass k/s | bpftrace k/s |")
        L.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in thr_table:
            s, b = row["spyglass"], row["bpftrace"]
            L.append("| %d | %d | %d | %d | %d | %d | %.0f | %.0f |"
                     % (row["k"], row["k"] * row["m"], s["delivered"], s["lost"], b["delivered"], b["lost"],
                        s["rate"] / 1e3, b["rate"] / 1e3))
        L.append("")
    L.append(HOW_MEASURED.format(wl=WL_COMM, gen=GEN_COMM, big=BIG_MAP_KEYS).replace("<PRINTF>", PRINTF_SCRIPT))
    L.append("Raw samples of this run: build/bench/results.json. Figures run: %s." % ", ".join(ran))
    L.append("")
    # The optimisation log is kept by hand (each change with its before/after
    # figure); it is carried into every regenerated document.
    log = os.path.join(ROOT, "bench", "OPTIMIZATIONS.md")
    if os.path.exists(log):
        with open(log) as fh:
            L.append(fh.read().rstrip("\n"))
        L.append("")
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        fh.write("\n".join(L))
    os.replace(tmp, path)


HOW_MEASURED = r"""## How measured

Everything is driven by `bench/bench.py` (Python standard library only): each
tracer is started with `posix_spawn`, its stdout/stderr are pipes served by one
`poll()` loop, and its exit is seen through a pidfd, so wall times are taken
when the kernel reports the event. "Attached" is the moment the harness reads
`__SPYGLASS_ATTACHED` (spyglass, stdout, env `SPYGLASS_NOTIFY_PROBES_ATTACHED=1`)
or `__BPFTRACE_NOTIFY_PROBES_ATTACHED` (bpftrace, stderr, env
`__BPFTRACE_NOTIFY_PROBES_ATTACHED=1`). Runs alternate spyglass, bpftrace,
spyglass, … and the median is reported. `build/bench/{wl}` is a copy of
`build/workload` (tests/workload.c) so that scripts can filter on a comm nothing
else on the machine has; `build/bench/{gen}` is bench/gen.c. Outputs are
compared as multisets of lines after dropping banners ("Attaching N
probes...", "Attached N probes"), the attach markers, "Lost N events", blank
lines and trailing blanks. Helpers: `build/bench/spawn` (bench/spawn.c) measures
wall time and `ru_maxrss` of one command (figure 1).

spyglass hands the perf events of its tracepoints to a detached background
process that closes them after spyglass exits (src/runtime/detach.c). The
harness makes itself a child subreaper (`PR_SET_CHILD_SUBREAPER`), so it adopts
that process and waits for it before starting the next run: it neither slows
the next measurement down nor goes unreported (figure 3b's notes give its
lifetime). Times "SIGINT → exit" are those of the tracer process itself.
bpftrace 0.17 now and then ignores a SIGINT that arrives soon after it
attached (it stays in its 100 ms poll loop; a second SIGINT works): the harness
re-sends SIGINT after a grace period, and leaves such a run's exit time out of
the median (the notes say how often it happened).

Rerun everything: `make bench` (about 4 minutes). One figure:
`python3 bench/bench.py --only startup|attach|wildcard|cost|throughput|mapprint|memory|listing --out /tmp/p.md`
(after `make bench` has built the helpers once; `--quick` for fewer runs).

By hand, as root, from the repository root (`WL=build/bench/{wl}`):

1. Start-up:
   `hyperfine -N --warmup 2 --runs 15 "build/spyglass -e 'BEGIN {{ exit(); }}'" "bpftrace -e 'BEGIN {{ exit(); }}'"`;
   wall time and peak RSS of one run: `build/bench/spawn /dev/stderr build/spyglass -e 'BEGIN {{ exit(); }}'`
   (prints `wall_ns maxrss_kB status`), or `/usr/bin/time -f %M build/spyglass -e 'BEGIN {{ exit(); }}'` (kB).
2. Time to attached:
   `SPYGLASS_NOTIFY_PROBES_ATTACHED=1 build/spyglass -e 'tracepoint:syscalls:sys_enter_getpid /comm == "{wl}"/ {{ @ = count(); }}'`
   and `__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 bpftrace -e '…same…'`: time from exec to the marker
   line; then run `$WL getpid 1000`, Ctrl-C, both print `@: 1000`.
3. Wildcard: as 2 with `tracepoint:syscalls:sys_enter_* /comm == "{wl}"/ {{ @[probe] = count(); }}`,
   workload `$WL getpid 10 dup 3 0`; detach = SIGINT → process exit.
4. In-kernel cost: `sysctl kernel.bpf_stats_enabled=1`; run e.g.
   `build/spyglass -e 'tracepoint:syscalls:sys_enter_getpid /pid == cpid/ {{ @[comm] = count(); }}' -c "$WL getpid 200000 wait 1 FIFO"`
   (`mkfifo FIFO`; the workload blocks on it when done); while it blocks, find the tracer's
   programs with `grep prog_id /proc/PID/fdinfo/*` and read `bpftool -j prog show id ID`:
   ns/event = `run_time_ns / run_cnt`, instructions = `bytes_xlated / 8`; then `echo > FIFO`
   releases the workload; finally restore `kernel.bpf_stats_enabled`. The five scripts
   and workloads are the rows of the table (all with `/pid == cpid/` so the result is exact).
   Much of each figure is cost both tracers pay alike: an empty program measures ~60 ns here
   (the bpf_stats clock reads and the call), and with both tracers attached to the same
   tracepoint at once, whichever program runs first on an event pays ~70 ns more than the
   second (cold task struct, stack and TLB entries), so a few-helper script cannot go far
   below ~0.8x however short its own code; the runs alternate which tracer goes first.
5. Throughput: `build/spyglass -e '<PRINTF>' -c "$WL getpid 1000000" | wc -l` (and the same with
   bpftrace; bpftrace reports `Lost N events` on stdout, spyglass on stderr). The harness reads
   stdout through a pipe and only counts lines (so bpftrace's stdout "Lost" lines are seen);
   rate = printed lines / (attached → exit). Fixed loads use
   `build/bench/{gen} burst K M` (M times: K getpid then a 1 ms sleep).
6. Map printing: `BPFTRACE_MAP_KEYS_MAX={big} bpftrace -e 'tracepoint:syscalls:sys_enter_write /comm == "{gen}"/ {{ @m[args->count] = count(); }}'`,
   once attached run `build/bench/{gen} keys 100000` (writes of sizes 1..100000), then time Ctrl-C →
   exit. Row 6s is the same with 4000 keys, which fits both tools' default map size (4096).
7. Memory: both tracers run together (same events for both) while `$WL getpid 50000 write 5000 512
   openat 200 /dev/null` is rerun for 10 s; then `grep -E 'VmRSS|VmHWM' /proc/PID/status`, Ctrl-C,
   and the workload's lines of the output are compared.
8. Listing: `hyperfine -N --warmup 2 "build/spyglass -l" "bpftrace -l"`; the `tracepoint:` lines of
   both are the same set. Row 8v: the same with `-lv 'tracepoint:syscalls:*'`.
"""


def top_processes(ps_out, n=4):
    """'%CPU comm' of the n busiest processes other than this one."""
    rows = [l.split() for l in ps_out.splitlines()]
    rows = [r for r in rows if len(r) >= 3 and r[0] != str(os.getpid())]
    return ", ".join("%s%% %s" % (r[1], " ".join(r[2:])) for r in rows[:n])


def context(t_start):
    def sh(*a):
        try:
            return subprocess.run(a, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    osname = "?"
    try:
        with open("/etc/os-release") as fh:
            m = re.search(r'^PRETTY_NAME="?([^"\n]*)', fh.read(), re.M)
            osname = m.group(1) if m else "?"
    except OSError:
        pass
    rev = sh("git", "-C", ROOT, "rev-parse", "--short", "HEAD")
    dirty = sh("git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "src")
    return {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu, "ncpu": os.cpu_count(), "kernel": platform.release(), "os": osname,
        "bpftrace": sh(BPFTRACE, "--version"),
        "spyglass": "%s (%s)%s" % (sh(SPYGLASS, "--version").replace("spyglass ", ""), rev, " + uncommitted src/ changes" if dirty else ""),
        "load_before": "%.2f" % os.getloadavg()[0], "t_start": t_start,
        "top": top_processes(sh("ps", "-eo", "pid=,pcpu=,comm=", "--sort=-pcpu")),
        "nice": os.nice(0),
    }


ALL = ["startup", "attach", "wildcard", "cost", "throughput", "mapprint", "memory", "listing"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(ALL), help="comma-separated subset of: " + ", ".join(ALL))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "PERFORMANCE.md"))
    ap.add_argument("--quick", action="store_true", help="fewer runs (a smoke test, not for the doc)")
    args = ap.parse_args()
    only = [x for x in args.only.split(",") if x]
    for x in only:
        if x not in ALL:
            ap.error("unknown figure %r" % x)
    if os.geteuid() != 0:
        sys.exit("bench: must run as root (tracing)")
    for exe in (SPYGLASS, WL, GEN, SPAWN):
        if not os.access(exe, os.X_OK):
            sys.exit("bench: %s missing: run `make bench`" % exe)
    if not shutil.which(BPFTRACE):
        sys.exit("bench: bpftrace not installed: run `make bench-deps`")

    def on_term(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, on_term)
    set_subreaper()

    q = args.quick
    t_start = now()
    ctx = context(t_start)
    ctx["errors"] = []
    thr_table = None
    plan = [
        ("startup", lambda: bench_startup(5 if q else 15)),
        ("attach", lambda: bench_attach(3 if q else 10)),
        ("wildcard", lambda: bench_wildcard(1 if q else 3)),
        ("cost", lambda: bench_cost(1 if q else 7)),
        ("throughput", lambda: bench_throughput(1 if q else 3, q)),
        ("mapprint", lambda: bench_mapprint(1 if q else 3)),
        ("memory", lambda: bench_memory(3 if q else 10)),
        ("listing", lambda: bench_listing(3 if q else 10)),
    ]
    try:
        for name, fn in plan:
            if name not in only:
                continue
            log("%s ... (%.0f s so far)" % (name, now() - t_start))
            first = len(FIGS)
            try:
                r = fn()
                if name == "throughput":
                    thr_table = r
            except (RuntimeError, Timeout, OSError, subprocess.SubprocessError) as e:
                msg = "%s: %s: %s" % (name, type(e).__name__, e)
                log("ERROR " + msg)
                ctx["errors"].append(msg)
                cleanup()
                if len(FIGS) == first:
                    fig(name, name, "", "")
                for f in FIGS[first:]:
                    if f.sg is None or f.bt is None:
                        f.pending = "bench error: " + msg
    finally:
        cleanup()
    ctx["elapsed"] = now() - t_start
    ctx["load_after"] = "%.2f" % os.getloadavg()[0]
    os.makedirs(os.path.join(BUILD, "bench"), exist_ok=True)
    with open(os.path.join(BUILD, "bench", "results.json"), "w") as fh:
        json.dump({"context": ctx, "figures": [f.as_dict() for f in FIGS], "throughput_levels": thr_table},
                  fh, indent=1, default=str)
    write_doc(args.out, ctx, thr_table, only)
    log("wrote %s (%.0f s)" % (args.out, ctx["elapsed"]))
    for f in FIGS:
        log("%-3s %-60.60s sg=%-12s bt=%-12s %-16s %s" % (f.fid, f.name, fmt(f.sg, f.unit), fmt(f.bt, f.unit),
                                                       fmt_ratio(f), verdict(f)))
    return 1 if ctx["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
