#!/usr/bin/env python
"""Run the hostile held-out cases against one `lessons` executable.

    python run.py --bin PATH [--only SUBSTRING] [--json OUT] [--keep]
                  [--time-limit 10] [--time-basis min|wall|cpu] [--no-sandbox]

Every case runs in a fresh temporary directory (which is also the working
directory of the program).  Each program run is

  * sandboxed: a private mount namespace (``unshare -m``) in which ``/`` is
    bind-remounted read-only and only /tmp and /root stay writable, so a
    program that tries to write into ``/`` or ``/etc`` (or /work ...) gets
    EROFS instead of damaging the machine.  The host mounts are not touched.
  * traced: ``strace -f --seccomp-bpf`` logs file syscalls; the harness uses
    the log to see (a) regular files opened that resolve into the case's
    ``outside/`` folder and (b) write attempts (create/mkdir/rename/unlink...)
    outside /tmp, /root, /dev, /proc, /sys.
  * guarded: hard timeout (60 s, whole process group killed -> ``timeout``)
    and RSS polling of the whole process tree every 0.05 s (> 4 GB: killed ->
    ``memory``).

Contract checks per run: exit 0, or exit 2 with exactly one stderr line
starting ``lessons: error:`` (naming the file/key/option where the case says
which); no traceback; time < --time-limit s (by default min(wall, CPU) of the
process tree, see effective_time); peak RSS < 2 GB; no formula-like
cell in any CSV/XLSX output; no canary bytes in any output (parquet is decoded
too) or on stdout/stderr; no outside file opened; no write attempt outside the
temporary folders; inputs and protected paths unchanged; for `run` with exit 0
the manifest's "outputs" match the files next to it; no leftovers (e.g.
``.x-staging-*``) next to the output folder; no partly written output folder
after an exit 2.
"""
from __future__ import annotations

import argparse
import codecs
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import resource

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import cases as C  # noqa: E402

HARD_TIMEOUT = 60.0
MEM_KILL_MB = 4096
MEM_LIMIT_MB = 2048
POLL = 0.05

TRACED = ("open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,"
          "rmdir,symlink,symlinkat,link,linkat,truncate,chdir")
STRACE = f'exec strace -f -qq -y --seccomp-bpf -s 4096 -e trace={TRACED} -o "$log" "$@"'
RO_CHECK = ("awk '$2==\"/\" {print $4}' /proc/self/mounts | grep -q '^ro' || "
            "{ echo 'hostile-harness: sandbox not read-only' >&2; exit 97; }; ")
# normal: / read-only, /tmp and /root writable (bind mounts of the real ones)
SANDBOX = ('mount --make-rprivate / && mount --bind /tmp /tmp && mount --bind /root /root && '
           'mount -o remount,bind,ro / && ' + RO_CHECK + 'log="$1" && shift && ' + STRACE)
# strict (for --out / and --out /etc): EVERY mount read-only; /tmp and /root are
# throw-away overlays on a private tmpfs, so even a recursive delete of / can
# only touch copies.  The trace log is reached through an inherited fd.
STRICT_SANDBOX = (
    'mount --make-rprivate / && [ -d /srv ] && mount -t tmpfs hhsandbox /srv && '
    'mkdir -p /srv/tu /srv/tw /srv/ru /srv/rw && '
    'mount -t overlay overlay -o lowerdir=/tmp,upperdir=/srv/tu,workdir=/srv/tw /tmp && '
    'mount -t overlay overlay -o lowerdir=/root,upperdir=/srv/ru,workdir=/srv/rw /root && '
    'for m in $(awk \'{print $2}\' /proc/self/mounts | sort -u); do case "$m" in /tmp|/root|/srv) ;; '
    '*) mount -o remount,bind,ro "$m" 2>/dev/null ;; esac; done; ' + RO_CHECK +
    'log="$1" && shift && ' + STRACE)
ALLOWED_WRITE = ("/tmp/", "/root/", "/dev/", "/proc/", "/sys/")
NUM = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

csv.field_size_limit(sys.maxsize)


# --------------------------------------------------------------------------
# running one process
# --------------------------------------------------------------------------

@dataclass
class Res:
    label: str
    argv: list
    rc: int | None = None
    stdout: str = ""
    stderr: str = ""
    wall: float = 0.0
    peak_mb: float = 0.0
    killed: str | None = None          # timeout | memory | by-case
    cpu: float = 0.0                   # user+sys CPU s of the process tree (load-independent)
    trace: str | None = None
    out: str | None = None
    reasons: list = field(default_factory=list)

    @property
    def err_lines(self):
        return [ln for ln in self.stderr.splitlines() if ln.strip()]

    @property
    def has_traceback(self):
        return "Traceback (most recent call last)" in self.stderr

    def summary(self):
        first = self.err_lines[0] if self.err_lines else ""
        return {"label": self.label, "exit": self.rc, "killed": self.killed,
                "stderr_first": first[:160], "traceback": self.has_traceback,
                "stderr_lines": len(self.err_lines), "wall_s": round(self.wall, 2), "cpu_s": (round(self.cpu, 2) if self.cpu == self.cpu else None),
                "peak_rss_mb": round(self.peak_mb, 1), "reasons": self.reasons}


def tree_rss(p: psutil.Process) -> int:
    total = 0
    try:
        procs = [p] + p.children(recursive=True)
    except psutil.Error:
        return 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


class Runner:
    def __init__(self, binpath, sandbox=True):
        self.bin = binpath
        self.sandbox = sandbox
        self.logdir = Path(tempfile.mkdtemp(prefix="hh-traces-"))
        self.n = 0

    def popen(self, argv, cwd, env, strict=False):
        self.n += 1
        trace = str(self.logdir / f"t{self.n}.log")
        cmd = [self.bin, *argv]
        pass_fds = ()
        logf = None
        if self.sandbox:
            logf = open(trace, "wb")
            pass_fds = (logf.fileno(),)
            cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c",
                   STRICT_SANDBOX if strict else SANDBOX, "sh", f"/proc/self/fd/{logf.fileno()}", *cmd]
        else:
            trace = None
        e = dict(os.environ)
        e["PYTHONDONTWRITEBYTECODE"] = "1"
        e.update(env or {})
        so = tempfile.TemporaryFile()
        se = tempfile.TemporaryFile()
        p = subprocess.Popen(cmd, cwd=cwd, env=e, stdin=subprocess.DEVNULL, stdout=so, stderr=se,
                             start_new_session=True, pass_fds=pass_fds)
        if logf:
            logf.close()
        return p, so, se, trace

    def run_many(self, argvs, cwd, env=None, labels=None, kill_when=None, kill_after=None,
                 timeout=HARD_TIMEOUT, strict=False):
        started = []
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        for i, argv in enumerate(argvs):
            p, so, se, trace = self.popen(argv, cwd, env, strict=strict)
            r = Res(label=(labels[i] if labels else f"run{i + 1}"), argv=argv, trace=trace)
            started.append((p, so, se, r, psutil.Process(p.pid)))
        live = list(started)
        while live:
            now = time.monotonic() - t0
            for item in list(live):
                p, so, se, r, pp = item
                if p.poll() is not None:
                    r.wall = now
                    live.remove(item)
                    continue
                rss = tree_rss(pp) / 2 ** 20
                r.peak_mb = max(r.peak_mb, rss)
                why = None
                if rss > MEM_KILL_MB:
                    why = "memory"
                elif now > timeout:
                    why = "timeout"
                elif kill_after is not None and now >= kill_after:
                    why = "by-case"
                elif kill_when is not None and kill_when():
                    why = "by-case"
                if why:
                    r.killed = why
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    p.wait()
                    r.wall = time.monotonic() - t0
                    live.remove(item)
            if live:
                time.sleep(POLL)
        res = []
        for p, so, se, r, pp in started:
            # make sure nothing of the group survives (e.g. after the tracer died)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            r.rc = p.returncode
            for f, attr in ((so, "stdout"), (se, "stderr")):
                f.seek(0)
                setattr(r, attr, f.read(4_000_000).decode("utf-8", "replace"))
                f.close()
            res.append(r)
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        for r in res:  # concurrent runs share the figure; a killed tree is not fully accounted
            r.cpu = cpu / len(res) if not any(x.killed for x in res) else float("nan")
        return res


# --------------------------------------------------------------------------
# strace log
# --------------------------------------------------------------------------

STR_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
FD_RE = re.compile(r"^\s*(-?\d+|AT_FDCWD)(?:<([^>]*)>)?")
CALL_RE = re.compile(r"^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+|\?)(.*)$")


def c_unescape(s: str) -> str:
    b = bytearray()
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "x":
                b.append(int(s[i + 2:i + 4], 16))
                i += 4
                continue
            if n in "01234567":
                j = i + 1
                while j < len(s) and j < i + 4 and s[j] in "01234567":
                    j += 1
                b.append(int(s[i + 1:j], 8) & 0xFF)
                i = j
                continue
            b.extend({"n": b"\n", "t": b"\t", "r": b"\r", "v": b"\v", "f": b"\f"}.get(n, n.encode()))
            i += 2
            continue
        b.extend(ch.encode("utf-8"))
        i += 1
    return b.decode("utf-8", "surrogateescape")


def parse_trace(path):
    """yield (syscall, [paths], flags_text, ret, errno_text)"""
    if not path or not os.path.exists(path):
        return
    pending = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.endswith("<unfinished ...>"):
                pid = line.split(None, 1)[0]
                pending[pid] = line[: -len("<unfinished ...>")].rstrip()
                continue
            m = re.match(r"^(\d+)\s+<\.\.\. (\w+) resumed>(.*)$", line)
            if m:
                pid = m.group(1)
                line = pending.pop(pid, f"{pid} {m.group(2)}(") + m.group(3)
            m = CALL_RE.match(line)
            if not m:
                continue
            _, name, args, ret, rest = m.groups()
            yield name, args, ret, rest


def resolve(dirfd_path, p, cwd):
    if p.startswith("/"):
        return os.path.normpath(p)
    base = dirfd_path or cwd
    return os.path.normpath(os.path.join(base, p))


def split_args(args: str):
    """Split strace's argument text at top-level commas (strings, {}, [] kept)."""
    toks, cur, depth, i, inq = [], [], 0, 0, False
    while i < len(args):
        ch = args[i]
        if inq:
            cur.append(ch)
            if ch == "\\" and i + 1 < len(args):
                cur.append(args[i + 1])
                i += 2
                continue
            if ch == '"':
                inq = False
        elif ch == '"':
            inq = True
            cur.append(ch)
        elif ch in "{[(":
            depth += 1
            cur.append(ch)
        elif ch in "}])":
            depth -= 1
            cur.append(ch)
        elif ch == "," and depth == 0:
            toks.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    if cur:
        toks.append("".join(cur).strip())
    return toks


def tok_str(t):
    m = STR_RE.match(t)
    return c_unescape(m.group(1)) if m else None


def tok_fd(t):
    m = FD_RE.match(t)
    return c_unescape(m.group(2)) if m and m.group(2) else None


# syscall -> list of (dirfd position or None, path position); "w" = always a write
PATHARGS = {
    "open": [(None, 0)], "creat": [(None, 0)], "openat": [(0, 1)], "openat2": [(0, 1)],
    "mkdir": [(None, 0)], "mkdirat": [(0, 1)], "unlink": [(None, 0)], "unlinkat": [(0, 1)],
    "rmdir": [(None, 0)], "truncate": [(None, 0)], "rename": [(None, 0), (None, 1)],
    "renameat": [(0, 1), (2, 3)], "renameat2": [(0, 1), (2, 3)], "link": [(None, 0), (None, 1)],
    "linkat": [(0, 1), (2, 3)], "symlink": [(None, 1)], "symlinkat": [(1, 2)],
}


def trace_events(path, cwd):
    """Return (reads, writes): absolute paths of successful read-only opens and
    of attempted write-type calls (mkdir returning EEXIST is not a write)."""
    reads, writes = [], []
    for name, args, ret, rest in parse_trace(path):
        spec = PATHARGS.get(name)
        if not spec:
            continue
        toks = split_args(args)
        ok = ret != "?" and not ret.startswith("-")
        paths = []
        for fdpos, ppos in spec:
            if ppos >= len(toks):
                continue
            p = tok_str(toks[ppos])
            if p is None:
                continue
            d = tok_fd(toks[fdpos]) if fdpos is not None and fdpos < len(toks) else None
            paths.append(resolve(d, p, cwd))
        if not paths:
            continue
        if name in ("open", "openat", "openat2", "creat"):
            flags = " ".join(toks[2:] if name != "open" else toks[1:])
            w = name == "creat" or any(x in flags for x in ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"))
            if w:
                writes += paths
            elif ok:
                reads += paths
        elif name in ("mkdir", "mkdirat") and "EEXIST" in rest:
            continue
        else:
            writes += paths
    return reads, writes


# --------------------------------------------------------------------------
# output scans
# --------------------------------------------------------------------------

def formula_like(v) -> bool:
    if not isinstance(v, str) or not v:
        return False
    if not v.startswith(FORMULA_START):
        return False
    return not NUM.match(v.strip())


def scan_formulas(out: Path):
    hits = []
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        try:
            if p.suffix.lower() == ".csv":
                with open(p, encoding="utf-8-sig", errors="replace", newline="") as f:
                    for row in csv.reader(f):
                        for v in row:
                            if formula_like(v):
                                hits.append((p.name, v))
                                break
                        if len(hits) > 50:
                            break
            elif p.suffix.lower() in (".xlsx", ".xlsm"):
                import openpyxl
                wb = openpyxl.load_workbook(p, read_only=True)
                for ws in wb.worksheets:
                    for row in ws.iter_rows(values_only=True):
                        for v in row:
                            if formula_like(v):
                                hits.append((p.name, v))
                wb.close()
        except Exception as e:  # noqa
            hits.append((p.name, f"<unreadable: {e}>"))
    return [h for h in hits if not h[1].startswith("<unreadable")], [h for h in hits if h[1].startswith("<unreadable")]


def file_texts(p: Path):
    data = p.read_bytes()
    yield data
    if p.suffix == ".parquet":
        try:
            import pandas as pd
            yield pd.read_parquet(p).astype(str).to_csv().encode("utf-8")
        except Exception:
            pass
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(p) as z:
                for n in z.namelist()[:200]:
                    yield z.read(n)
        except Exception:
            pass


def scan_canaries(out: Path, tags, extra_texts=()):
    pats = []
    for t in tags:
        pats += [t.encode("utf-8"), t.encode("utf-16-le")]
    for s in extra_texts:
        for t in tags:
            if t in s:
                return "stdout/stderr"
    if not out.exists():
        return None
    for p in sorted(out.rglob("*")):
        if p.is_file():
            for blob in file_texts(p):
                if any(x in blob for x in pats):
                    return p.name
    return None


def manifest_check(out):
    out = Path(out)
    mp = out / "manifest.json"
    if not mp.exists():
        return ["manifest mismatch: no manifest.json"]
    try:
        m = json.loads(mp.read_text(encoding="utf-8"))
    except Exception as e:
        return [f"manifest mismatch: unreadable manifest ({e.__class__.__name__})"]
    outs = m.get("outputs") if isinstance(m, dict) else None
    if not isinstance(outs, dict):
        return ["manifest mismatch: no 'outputs' mapping"]
    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    listed = set(outs)
    if files - listed:
        return [f"manifest mismatch: unlisted file {sorted(files - listed)[0]}"]
    if listed - files:
        return [f"manifest mismatch: listed file missing {sorted(listed - files)[0]}"]
    for k, v in outs.items():
        if C.sha(out / k) != v:
            return [f"manifest mismatch: sha256 of {k}"]
    return []


# --------------------------------------------------------------------------
# per case context
# --------------------------------------------------------------------------

def effective_time(r, basis):
    """wall: the contract read literally.  min: min(wall, cpu) -- on a loaded
    machine wall time is inflated by other work, while CPU time of the process
    tree is not; for a multi-threaded program CPU time exceeds wall time.  The
    minimum approximates the wall time on an idle machine."""
    if basis == "wall":
        return r.wall
    if basis == "cpu":
        return r.cpu
    return min(r.wall, r.cpu) if r.cpu == r.cpu and r.cpu > 0 else r.wall


class Ctx:
    def __init__(self, runner: Runner, tmp: Path, spec: C.Case, time_limit: float, time_basis="min"):
        self.runner, self.tmp, self.spec = runner, tmp, spec
        self.time_limit = time_limit
        self.time_basis = time_basis
        self.runs: list[Res] = []
        self.notes: list[str] = []

    def log(self, s):
        self.notes.append(s)

    def execute(self, argv, label="run", kill_when=None, kill_after=None):
        return self.execute_many([argv], labels=[label], kill_when=kill_when, kill_after=kill_after)[0]

    def execute_many(self, argvs, labels=None, kill_when=None, kill_after=None):
        rs = self.runner.run_many(argvs, str(self.tmp), env=self.spec.env, labels=labels,
                                  kill_when=kill_when, kill_after=kill_after,
                                  strict=self.spec.strict_sandbox)
        for r in rs:
            if "hostile-harness: sandbox" in r.stderr or r.rc == 97:
                raise RuntimeError("sandbox could not be set up: " + r.stderr[-200:])
        self.runs += rs
        return rs

    # ---- checks
    def content_checks(self, out):
        reasons = []
        if not out:
            return reasons
        o = Path(out)
        if o.is_dir():
            hits, bad = scan_formulas(o)
            if hits:
                reasons.append(f"formula cell in {hits[0][0]}: {hits[0][1][:40]!r}")
            if bad:
                reasons.append(f"unreadable output {bad[0][0]}")
        return reasons

    def manifest_check(self, out):
        return manifest_check(out)

    def check(self, r: Res, out=None, time_limit=None, must_fail=None):
        spec = self.spec
        tl = time_limit or (spec.time_limit if spec.time_limit != 10.0 else self.time_limit)
        must_fail = spec.must_fail if must_fail is None else must_fail
        reasons = []
        if r.killed == "timeout":
            reasons.append(f"timeout ({HARD_TIMEOUT:.0f} s)")
        elif r.killed == "memory":
            reasons.append("over 4 GB (killed)")
        else:
            if r.has_traceback:
                reasons.append("traceback")
            if r.rc not in (0, 2):
                reasons.append(f"exit {r.rc}")
            if r.rc == 2:
                lines = r.err_lines
                if len(lines) != 1:
                    reasons.append(f"{len(lines)} stderr lines")
                if not lines or not lines[0].startswith("lessons: error:"):
                    reasons.append("no 'lessons: error:' line")
                elif spec.error_names and not any(n.lower() in lines[0].lower() for n in spec.error_names):
                    reasons.append(f"error does not name {spec.error_names[0]!r}")
            if r.rc == 0 and must_fail:
                reasons.append(spec.accept_reason)
            eff = effective_time(r, self.time_basis)
            if eff > tl:
                reasons.append(f"over {tl:g} s (wall {r.wall:.1f}, cpu {_f(r.cpu if r.cpu == r.cpu else None)})")
        if r.peak_mb > MEM_LIMIT_MB:
            reasons.append("over 2 GB")
        # traced file access
        reads, writes = trace_events(r.trace, str(self.tmp))
        outside_root = str(self.tmp / "outside")
        for p in reads:
            rp = os.path.realpath(p)
            if (rp == outside_root or rp.startswith(outside_root + os.sep)) and os.path.isfile(rp):
                reasons.append(f"outside file read ({os.path.basename(rp)})")
                break
        for p in writes:
            if "/__pycache__/" in p:
                continue
            if not (p + "/").startswith(ALLOWED_WRITE) and p not in ("/tmp", "/root"):
                reasons.append(f"write attempt outside temp: {p[:60]}")
                break
        # outputs
        if r.rc == 0 and not r.killed:
            reasons += self.content_checks(out)
            if out and r.argv and r.argv[0] == "run":
                reasons += manifest_check(out)
            if out and r.argv and r.argv[0] == "themes":
                for n in ("assignments.csv", "themes.csv", "excluded.csv"):
                    if not (Path(out) / n).exists():
                        reasons.append(f"missing {n}")
                        break
        if spec.canaries:
            where = scan_canaries(Path(out) if out else self.tmp / "__none__", spec.canaries,
                                  (r.stdout, r.stderr))
            if where:
                reasons.append(f"outside content in output ({where})")
        r.reasons = reasons
        if spec.runner:
            reasons = [f"{x} [{r.label}]" for x in reasons]
        return reasons


def _top_listing(tmp: Path):
    return set(os.listdir(tmp))


def run_case(runner, cid, cls, builder, time_limit, keep=False, time_basis="min"):
    tmp = Path(tempfile.mkdtemp(prefix=f"hh-{cid[:20]}-"))
    t_build = time.monotonic()
    rec = {"id": cid, "class": cls}
    try:
        spec = builder(tmp)
    except Exception:
        rec.update(verdict="ERROR", reasons=["case build failed: " + traceback.format_exc(limit=3)[-300:]])
        shutil.rmtree(tmp, ignore_errors=True)
        return rec
    rec["build_s"] = round(time.monotonic() - t_build, 2)
    rec["note"] = spec.note
    ctx = Ctx(runner, tmp, spec, time_limit, time_basis)
    reasons = []
    try:
        if spec.runner:
            reasons += spec.runner(ctx)
        else:
            before_top = _top_listing(tmp)
            out_existed = bool(spec.out) and os.path.lexists(spec.out)
            r = ctx.execute(spec.argv, label="run")
            r.out = spec.out
            reasons += ctx.check(r, out=spec.out)
            # leftovers next to the output / in the case folder
            new = sorted(_top_listing(tmp) - before_top)
            outname = None
            if spec.out:
                o = Path(spec.out)
                if o.parent == tmp:
                    outname = o.name
            new = [n for n in new if n != outname]
            if new:
                reasons.append(f"leftover in case folder: {new[0]}")
            if r.rc == 2 and spec.out and not out_existed and Path(spec.out).is_dir() \
                    and any(Path(spec.out).iterdir()):
                reasons.append("partial output left after exit 2")
            if r.rc == 0:
                for g in spec.gone_paths:
                    if os.path.lexists(g):
                        reasons.append("stale file survived")
                        break
            if spec.post:
                reasons += spec.post(ctx, r)
        for p, h in spec.keep_paths.items():
            if not os.path.exists(p) or (os.path.isdir(p) and h) or (h and C.sha(p) != h):
                reasons.append(f"protected path changed/removed: {os.path.relpath(p, tmp)}")
                break
    except Exception:
        reasons.append("harness error: " + traceback.format_exc(limit=4)[-400:])
    # de-duplicate, keep order
    seen = set()
    reasons = [x for x in reasons if not (x in seen or seen.add(x))]
    rec["verdict"] = "FAIL" if reasons else "PASS"
    rec["reasons"] = reasons
    rec["runs"] = [r.summary() for r in ctx.runs]
    rec["harness_notes"] = ctx.notes
    main = ctx.runs[-1] if ctx.runs else None
    if main:
        rec.update({k: v for k, v in main.summary().items() if k != "reasons"})
        rec["wall_s"] = round(max(r.wall for r in ctx.runs), 2) if spec.runner else rec["wall_s"]
        if spec.runner:
            cpus = [r.cpu for r in ctx.runs if r.cpu == r.cpu]
            rec["cpu_s"] = round(max(cpus), 2) if cpus else None
        rec["peak_rss_mb"] = round(max(r.peak_mb for r in ctx.runs), 1)
        if spec.runner:
            rec["exit"] = "/".join(str(r.rc) for r in ctx.runs)
    if keep:
        rec["tmp"] = str(tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return rec


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--only", default=None, help="run only cases whose id contains this")
    ap.add_argument("--json", default=None)
    ap.add_argument("--keep", action="store_true", help="keep the case folders")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--time-basis", choices=["min", "wall", "cpu"], default="min",
                    help="time compared with --time-limit: min(wall, cpu) (default; robust to other load "
                         "on the machine), wall (the contract read literally) or cpu")
    ap.add_argument("--no-sandbox", action="store_true",
                    help="no mount namespace / strace (DANGEROUS for the / and /etc cases; they are skipped)")
    a = ap.parse_args(argv)
    runner = Runner(a.bin, sandbox=not a.no_sandbox)
    sel = [c for c in C.CASES if not a.only or a.only in c[0]]
    if a.no_sandbox:
        sel = [c for c in sel if c[0] not in ("out_is_filesystem_root", "out_is_etc")]
    try:
        return _main(a, runner, sel)
    finally:
        shutil.rmtree(runner.logdir, ignore_errors=True)


def _f(x):
    return "-" if x is None else f"{x:.1f}"


def _main(a, runner, sel):
    recs = []
    t0 = time.monotonic()
    for i, (cid, cls, fn) in enumerate(sel, 1):
        rec = run_case(runner, cid, cls, fn, a.time_limit, keep=a.keep, time_basis=a.time_basis)
        recs.append(rec)
        print(f"[{i:2d}/{len(sel)}] {rec['verdict']:4s} {cid:42s} exit={rec.get('exit')!s:6s} "
              f"{rec.get('wall_s', 0):6.1f}s cpu {_f(rec.get('cpu_s')):>5s}s {rec.get('peak_rss_mb', 0):6.0f}MB  "
              f"{'; '.join(rec['reasons'])[:110]}", flush=True)
        if a.json:  # write as we go
            Path(a.json).write_text(json.dumps({"bin": a.bin, "cases": recs}, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    total = time.monotonic() - t0
    # table
    print()
    print(f"{'case':42s} {'class':11s} {'exit':>9s} {'wall':>6s} {'cpu':>6s} {'MB':>6s} verdict  reason / first stderr line")
    for r in recs:
        why = "; ".join(r["reasons"]) if r["reasons"] else r.get("stderr_first", "")
        print(f"{r['id']:42s} {r['class']:11s} {str(r.get('exit')):>9s} {r.get('wall_s', 0):6.1f} "
              f"{_f(r.get('cpu_s')):>6s} {r.get('peak_rss_mb', 0):6.0f} {r['verdict']:7s}  {why[:120]}")
    print()
    per = {}
    for r in recs:
        d = per.setdefault(r["class"], {"PASS": 0, "FAIL": 0, "ERROR": 0})
        d[r["verdict"]] += 1
    print(f"{'class':12s} PASS FAIL ERROR")
    for k, d in per.items():
        print(f"{k:12s} {d['PASS']:4d} {d['FAIL']:4d} {d['ERROR']:5d}")
    tp = sum(d["PASS"] for d in per.values())
    tf = sum(d["FAIL"] for d in per.values())
    print(f"{'total':12s} {tp:4d} {tf:4d}   ({total / 60:.1f} min)")
    if a.json:
        Path(a.json).write_text(json.dumps({"bin": a.bin, "time_limit_s": a.time_limit, "time_basis": a.time_basis, "total_min": round(total / 60, 1),
                                            "per_class": per, "cases": recs}, ensure_ascii=False, indent=1),
                                encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
