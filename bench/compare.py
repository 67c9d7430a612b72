#!/usr/bin/python3
"""Ours next to the peers, in one run, as ratios.

Runs `java -jar target/convnet-ij-cli.jar bench` (convolution 4096x4096 float32, zero border,
kernels 3x3, 5x5 Gaussian, 15x15, 31x31; max pool 2x2 on [1,1,4096,4096] and [64,32,64,64]) for
each thread count, then ../shared/bench/peer_conv.py (OpenCV filter2D, torch conv2d, optionally
scipy.ndimage) and peer_maxpool.py (torch max_pool2d, NCHW and channels_last), optionally ImageJ
1.x's Convolver (PeerConvImageJ1.java, single thread, slow), and prints speed ratios
peer_time / our_time (above 1: we are faster), plus a Markdown table for the README.

Two kinds of rows. `output new`: each call returns a new result, as the peer scripts time them;
the JVM zeroes every new array (about 6.5 ms for 64 MB on one core) where the peers' allocators
hand back untouched or recycled memory. `output reused`: each call writes into one output made
once; here OpenCV is timed the same way (filter2D with dst= a preallocated array, by this script),
and torch's max_pool2d is its usual call (its allocator recycles the freed 8 MB block without
clearing it). ImageJ 1.x's Convolver (single thread) filters a duplicate made before its timer
starts, so its ratio is given on both kinds of rows. `floor` is the time to copy the image into
an output of the same kind (System.arraycopy, same threads): no one-input one-output filter can
move less memory.

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
ap.add_argument("--output", default="new,reused", help="our --output list: new, reused or both")
ap.add_argument("--from-json", default=None, help="print the table of an earlier --json file, run nothing")
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


# OpenCV into a preallocated dst (peer_conv.py times only the allocating call): same image and
# kernels as peer_conv.py, generated the same way
CV_DST = r"""
import json, sys, time
import numpy as np, cv2
t = int(sys.argv[1]); cv2.setNumThreads(t)
rng = np.random.default_rng(0)
img = rng.random((4096, 4096), dtype=np.float32)
def gauss(k, sigma=1.0):
    ax = np.arange(k) - k // 2
    g = np.exp(-ax ** 2 / (2 * sigma ** 2)); g2 = np.outer(g, g)
    return (g2 / g2.sum()).astype(np.float32)
kernels = {"3x3": rng.random((3, 3), dtype=np.float32), "5x5gauss": gauss(5, 1.0),
           "15x15": rng.random((15, 15), dtype=np.float32) / 225,
           "31x31": rng.random((31, 31), dtype=np.float32) / 961}
dst = np.empty_like(img)
res = {}
for name, k in kernels.items():
    f = lambda: cv2.filter2D(img, cv2.CV_32F, k, dst=dst, borderType=cv2.BORDER_CONSTANT)
    f()
    ts = []
    for _ in range(REPS):
        t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort(); res[name] = ts[len(ts) // 2]
    print(f"{name:9s} cv2.filter2D(dst=, {t}thr) median {res[name]:9.1f} ms", file=sys.stderr, flush=True)
print(json.dumps(res))
"""


def measure():
    """Runs ours and the peers; returns (ours, conv, conv_dst, pool, ij1)."""
    # ---- ours
    ours = []
    out = run([args.java] + args.jvm_arg + ["-jar", args.jar, "bench", "--threads", args.threads, "--reps", args.reps,
               "--method", args.method, "--output", args.output], cwd=root)
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
    conv_dst = {}
    if "reused" in args.output:
        for t in threads:
            text = run(["/usr/bin/python3", "-c", CV_DST.replace("REPS", args.reps), str(t)])
            conv_dst[t] = json.loads(text.strip().splitlines()[-1])
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
    return ours, conv, conv_dst, pool, ij1


if args.from_json:
    saved = json.load(open(args.from_json))
    ours, pool, ij1 = saved["ours"], saved["pool"], saved["imagej"]
    conv = {int(t): v for t, v in saved["conv"].items()}
    conv_dst = {int(t): v for t, v in saved.get("conv_dst", {}).items()}
    threads = sorted({r["threads"] for r in ours})
else:
    ours, conv, conv_dst, pool, ij1 = measure()


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


def floor(t, output):
    for r in ours:
        if r["op"] == "stream" and r["threads"] == t and r.get("output", "new") == output:
            return r["median_ms"]
    return None


rows = []
print("\n| op | kernel / shape | threads | output | ours ms (method, vector) | floor ms | OpenCV ms | "
      "ours vs OpenCV | torch ms | ours vs torch | scipy ms | ImageJ 1.x ms | ours vs ImageJ |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in ours:
    t = r["threads"]
    o = r.get("output", "new")
    us = r["median_ms"]
    fl = floor(t, o)
    if r["op"] == "stream":
        continue
    if r["op"] == "imageplus":
        ij = ij1.get(r["kernel"]) if t == 1 and r["size"] == "4096x4096" else None
        line = (f"| ImageJ image in and out | {r['kernel']}, {r['size']} | {t} | {o} | {us:.1f} "
                f"({'vector' if r['vector'] else 'java'}) | - | - | - | - | - | - | {ms(ij)} | {ratio(ij, us)} |")
        print(line)
        rows.append(dict(ours=r, line=line))
        continue
    if r["op"] == "correlate":
        k = r["kernel"]
        cv = peer_conv(k, t, "cv2") if o == "new" else conv_dst.get(t, {}).get(k)
        th = peer_conv(k, t, "torch") if o == "new" else None
        sp = peer_conv(k, t, "scipy") if o == "new" else None
        ij = ij1.get(k) if t == 1 else None  # ImageJ filters an image duplicated outside its timer
        line = (f"| correlate | {k} | {t} | {o} | {us:.1f} ({r['method']}, "
                f"{'vector' if r['vector'] else 'java'}) | {ms(fl)} | {ms(cv)}{'' if o == 'new' else ' (dst=)'} | "
                f"{ratio(cv, us)} | {ms(th)} | {ratio(th, us)} | {ms(sp)} | {ms(ij)} | {ratio(ij, us)} |")
    else:
        nchw = peer_pool(r["size"], t, "contiguous")
        cl = peer_pool(r["size"], t, "channels_last")
        fl = None  # the floor row is for the 4096x4096 image
        line = (f"| maxpool 2x2 | {r['size']} | {t} | {o} | {us:.2f} ({'vector' if r['vector'] else 'java'}) "
                f"| - | - | - | {ms(nchw)} NCHW / {ms(cl)} ch-last | {ratio(nchw, us)} / "
                f"{ratio(cl, us)} | - | - | - |")
    print(line)
    rows.append(dict(ours=r, line=line))
for t in threads:
    for o in ("new", "reused"):
        if floor(t, o) is not None:
            print(f"| floor: copy | 4096x4096 | {t} | {o} | {floor(t, o):.1f} | | | | | | | | |")
print("\nratios are peer time / our time, same machine, same run (above 1: ours is faster)")
if args.from_json:
    print(f"table of {args.from_json} (the records of an earlier run with --json)")
else:
    print(f"command: /usr/bin/python3 bench/compare.py --threads {args.threads} --reps {args.reps}"
          + (f" --output {args.output}" if args.output != "new,reused" else "")
          + (" --scipy" if args.scipy else "") + (" --imagej" if args.imagej else ""))
if args.json and not args.from_json:
    json.dump(dict(ours=ours, conv=conv, conv_dst=conv_dst, pool=pool, imagej=ij1), open(args.json, "w"),
              indent=1)
