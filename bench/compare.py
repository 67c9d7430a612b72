#!/usr/bin/python3
"""Ours next to the peers, in one run, as ratios.

Runs `java -jar target/convnet-ij-cli.jar bench` (convolution 4096x4096 float32, zero border,
kernels 3x3, 5x5 Gaussian, 15x15, 31x31; max pool 2x2 on [1,1,4096,4096] and [64,32,64,64]) for
each thread count, then ../shared/bench/peer_conv.py (OpenCV filter2D, torch conv2d, optionally
scipy.ndimage) and peer_maxpool.py (torch max_pool2d, NCHW and channels_last), optionally ImageJ
1.x's Convolver (PeerConvImageJ1.java, single thread, slow), and prints speed ratios
peer_time / our_time (above 1: we are faster), plus a Markdown table for the README.

Run from the project root after `mvn package` (Debian's /usr/bin/python3 sees torch, cv2, scipy):
    /usr/bin/python3 bench/compare.py [--threads 1,2] [--reps 5] [--scipy] [--imagej]
        [--peers DIR] [--jar target/convnet-ij-cli.jar] [--java java] [--json out.json]
Timings on a shared machine vary: compare ratios taken in one run, single-thread ones first.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--threads", default="1,2")
ap.add_argument("--reps", default="5")
ap.add_argument("--scipy", action="store_true", help="also time scipy.ndimage (slow)")
ap.add_argument("--imagej", action="store_true", help="also time ImageJ 1.x's Convolver (very slow)")
ap.add_argument("--peers", default=None, help="folder of peer_conv.py (default ../shared/bench)")
ap.add_argument("--jar", default="target/convnet-ij-cli.jar")
ap.add_argument("--java", default="java")
ap.add_argument("--jvm-arg", action="append", default=[],
                help="extra JVM option for ours, e.g. --jvm-arg=-Dconvnetij.vector=false")
ap.add_argument("--method", default="auto", help="our --method list, e.g. auto or direct,fft")
ap.add_argument("--json", default=None, help="write all records here")
args = ap.parse_args()

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
peers = args.peers or os.path.join(os.path.dirname(root), "shared", "bench")
if not os.path.isdir(peers) and os.path.isdir("/work/shared/bench"):
    peers = "/work/shared/bench"
threads = [int(t) for t in args.threads.split(",")]
outdir = tempfile.mkdtemp(prefix="peer-bench-")
env = dict(os.environ, PEER_OUT=outdir)


def run(cmd, **kw):
    print("$ " + " ".join(cmd), file=sys.stderr, flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"command failed ({p.returncode}): {' '.join(cmd)}")
    return p.stdout


# ---- ours
ours = []
out = run([args.java] + args.jvm_arg + ["-jar", args.jar, "bench", "--threads", args.threads, "--reps", args.reps,
           "--method", args.method], cwd=root)
for line in out.splitlines():
    line = line.strip()
    if line.startswith("{"):
        ours.append(json.loads(line))
        print("ours: " + line, file=sys.stderr)

# ---- peers
conv = {}
for t in threads:
    cmd = ["/usr/bin/python3", os.path.join(peers, "peer_conv.py"), str(t)]
    if not args.scipy:
        cmd.append("--skip-scipy")
    sys.stderr.write(run(cmd, env=env))
    conv[t] = json.load(open(os.path.join(outdir, f"conv_py_{t}thr.json")))["results"]
sys.stderr.write(run(["/usr/bin/python3", os.path.join(peers, "peer_maxpool.py")], env=env))
pool = json.load(open(os.path.join(outdir, "maxpool.json")))["results"]
ij1 = {}
if args.imagej:
    ij = os.path.expanduser("~/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar")
    classes = os.path.join(outdir, "classes")
    run(["javac", "-cp", ij, "-d", classes, os.path.join(peers, "PeerConvImageJ1.java")])
    text = run([args.java, "-Xmx8g", "-Djava.awt.headless=true", "-cp", classes + os.pathsep + ij,
                "PeerConvImageJ1"])
    sys.stderr.write(text)
    for m in re.finditer(r"^(\S+)\s+ij\.Convolver\s+median\s+([\d.]+) ms", text, re.M):
        ij1[m.group(1)] = float(m.group(2))


def peer_conv(kernel, t, lib_prefix):
    for r in conv.get(t, []):
        if r["kernel"] == kernel and r["lib"].startswith(lib_prefix):
            return r["median_ms"]
    return None


def peer_pool(shape, t, fmt):
    key = "image" if shape.startswith("1x1x") else "batch"
    for r in pool:
        if r["input"].startswith(key) and r["threads"] == t and r["fmt"] == fmt:
            return r["median_ms"]
    return None


def ratio(peer, us):
    return f"{peer / us:.2f}x" if peer and us else "-"


def ms(v):
    return f"{v:.1f}" if v is not None else "-"


rows = []
print("\n| op | kernel / shape | threads | ours ms (method, vector) | OpenCV ms | ours vs OpenCV | "
      "torch ms | ours vs torch | scipy ms | ImageJ 1.x ms | ours vs ImageJ |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in ours:
    t = r["threads"]
    if r["op"] == "correlate":
        k = r["kernel"]
        cv = peer_conv(k, t, "cv2")
        th = peer_conv(k, t, "torch")
        sp = peer_conv(k, t, "scipy")
        ij = ij1.get(k) if t == 1 else None
        line = (f"| correlate | {k} | {t} | {r['median_ms']:.1f} ({r['method']}, "
                f"{'vector' if r['vector'] else 'java'}) | {ms(cv)} | {ratio(cv, r['median_ms'])} | "
                f"{ms(th)} | {ratio(th, r['median_ms'])} | {ms(sp)} | {ms(ij)} | {ratio(ij, r['median_ms'])} |")
    else:
        nchw = peer_pool(r["size"], t, "contiguous")
        cl = peer_pool(r["size"], t, "channels_last")
        line = (f"| maxpool 2x2 | {r['size']} | {t} | {r['median_ms']:.2f} ({'vector' if r['vector'] else 'java'}) "
                f"| - | - | {ms(nchw)} NCHW / {ms(cl)} ch-last | {ratio(nchw, r['median_ms'])} / "
                f"{ratio(cl, r['median_ms'])} | - | - | - |")
    print(line)
    rows.append(dict(ours=r, line=line))
print("\nratios are peer time / our time, same machine, same run (above 1: ours is faster)")
print(f"command: /usr/bin/python3 bench/compare.py --threads {args.threads} --reps {args.reps}"
      + (" --scipy" if args.scipy else "") + (" --imagej" if args.imagej else ""))
if args.json:
    json.dump(dict(ours=ours, conv=conv, pool=pool, imagej=ij1), open(args.json, "w"), indent=1)
