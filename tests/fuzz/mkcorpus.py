#!/usr/bin/env python3
"""Regenerates the fuzz seed corpus tests/fuzz/corpus/ from every script in tests/:
the -e programs and script files of tests/e2e/cases/*.sh (captured by running
each case with a stand-in $SPYGLASS that records its program and exits), and
the string literals of the script tables in tests/unit/*.c.
Usage: python3 tests/fuzz/mkcorpus.py   (from the repository root)"""
import glob, hashlib, os, re, subprocess, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests/fuzz/corpus")

SHIM = r"""#!/bin/sh
# stand-in for spyglass: records the program, then behaves like a quiet run.
while [ $# -gt 0 ]; do
	case "$1" in
	-e) printf '%s' "$2" > "$SHIM_DIR/$(date +%s%N).bt"; shift ;;
	-o|-p|-c|-f|--dump|-l) shift ;;
	-*) ;;
	*) [ -f "$1" ] && cp "$1" "$SHIM_DIR/$(date +%s%N).bt"; break ;;
	esac
	shift
done
[ -n "$SPYGLASS_NOTIFY_PROBES_ATTACHED" ] && echo __SPYGLASS_ATTACHED
exit 0
"""

PROBE_START = re.compile(r"^\s*(BEGIN|END|t:|tracepoint:|i:|interval:|profile:|software:|kprobe:|uprobe:|config|\w+:)")


def save(text, found):
    if not text.strip():
        return
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    found[hashlib.sha1(data).hexdigest()[:16]] = data


def e2e(found):
    with tempfile.TemporaryDirectory() as tmp:
        shim = os.path.join(tmp, "shim")
        with open(shim, "w") as f:
            f.write(SHIM)
        os.chmod(shim, 0o755)
        rec = os.path.join(tmp, "rec")
        os.mkdir(rec)
        env = dict(os.environ, SPYGLASS=shim, SHIM_DIR=rec, WORKLOAD="true",
                   CASES=os.path.join(ROOT, "tests/e2e/cases"))
        for case in sorted(glob.glob(os.path.join(ROOT, "tests/e2e/cases/*.sh"))):
            cwd = tempfile.mkdtemp(dir=tmp)
            try:
                subprocess.run(["sh", case], cwd=cwd, env=env, timeout=20,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                pass
        for p in glob.glob(os.path.join(rec, "*.bt")):
            with open(p, "rb") as f:
                save(f.read(), found)


LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def c_unescape(s):
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        n = s[i + 1]
        if n == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", s[i + 2:])
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
            continue
        if n in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1:])
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
            continue
        out += {"n": b"\n", "t": b"\t", "r": b"\r", "0": b"\0"}.get(n, n.encode())
        i += 2
    return bytes(out)


def unit(found):
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/unit/*.c"))):
        src = open(path, encoding="utf-8", errors="surrogateescape").read()
        # Adjacent literals ("a" "b") are one string in C.
        for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', src):
            text = b"".join(c_unescape(x) for x in LITERAL.findall(m.group(0)))
            if PROBE_START.match(text.decode("utf-8", "replace")) and b"{" in text:
                save(text, found)


def main():
    found = {}
    e2e(found)
    unit(found)
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*")):
        os.remove(old)
    for name, data in sorted(found.items()):
        with open(os.path.join(OUT, name + ".bt"), "wb") as f:
            f.write(data)
    print(f"{len(found)} scripts in tests/fuzz/corpus")


main()
