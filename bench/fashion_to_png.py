#!/usr/bin/env python3
"""Write Fashion-MNIST (Debian's dataset-fashion-mnist IDX files) as PNG files in class folders,
OUT/train/<class>/<index>.png and OUT/test/<class>/<index>.png, plus the manifests OUT/train.csv and
OUT/test.csv (path,class in the IDX files' order), for bench/folder_vs_idx.sh. Class folders are
named "0-T-shirt" ... "9-Ankle boot" so that their sorted order is the IDX label order.
Usage: fashion_to_png.py OUT [N_TRAIN] [N_TEST]"""
import gzip, os, sys
import numpy as np
import cv2

SRC = "/usr/share/datasets/fashion-mnist"
NAMES = [f"{i}-{n}" for i, n in enumerate(["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
    "Shirt", "Sneaker", "Bag", "Ankle boot"])]

def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)

def write(part, prefix, out, n):
    x = idx(f"{SRC}/{prefix}-images-idx3-ubyte.gz")
    y = idx(f"{SRC}/{prefix}-labels-idx1-ubyte.gz")
    n = min(n, len(y))
    for name in NAMES:
        os.makedirs(os.path.join(out, part, name), exist_ok=True)
    with open(os.path.join(out, part + ".csv"), "w") as manifest:
        manifest.write("path,class\n")
        for i in range(n):
            rel = os.path.join(part, NAMES[y[i]], f"{i:05d}.png")
            cv2.imwrite(os.path.join(out, rel), x[i])
            manifest.write(f"{rel},{NAMES[y[i]]}\n")
    print(f"{part}: {n} images")

out = sys.argv[1]
write("train", "train", out, int(sys.argv[2]) if len(sys.argv) > 2 else 60000)
write("test", "t10k", out, int(sys.argv[3]) if len(sys.argv) > 3 else 10000)
