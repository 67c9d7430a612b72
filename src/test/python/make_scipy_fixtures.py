#!/usr/bin/python3
"""Writes the scipy.ndimage reference fixtures used by ScipyFixturesTest and KernelsTest.

Run from the repository root:  /usr/bin/python3 src/test/python/make_scipy_fixtures.py
Output goes to src/test/resources/scipy/ (existing *.txt files there are replaced). The numpy RNG
is seeded, so the output is reproducible for a given numpy/scipy version.

Convolution fixtures: one file per (image, kernel) pair, named e.g. ``2d_img9x6_k4x3.txt``.
Text, one record per line, values separated by single spaces:

    # comment lines (scipy version, description)
    image_dims  <X> [<Y> [<Z>]]        ImgLib2 order, X first
    image       <values>               X fastest (= numpy C order of the array [z, y, x])
    kernel_dims <X> [<Y> [<Z>]]        X first; may have fewer axes than the image
    kernel      <values>               X fastest, correlation weights as Kernel.of takes them
    expected    <op> <mode> <cval> <values>   one line per op and mode, X fastest, same size as image

<op> is ``correlate`` or ``convolve`` (scipy.ndimage.correlate / convolve, origin=0, output the
size of the input, as ours with OutputSize.SAME); <mode> is the scipy mode (constant, nearest,
reflect, mirror, wrap), <cval> the constant outside the image for mode constant (0 otherwise).
A kernel with fewer axes than the image filters the first axes of the image (X, or X and Y); scipy
needs equal ranks, so it is given the kernel with extent-1 axes added in front ([1, kx] or
[1, ky, kx]). Image and kernel values are float32 numbers (written so that Java's
Float.parseFloat gives them back exactly); the expected values are computed in float64 from those
float32 values and written with 9 significant digits. Combinations that scipy rejects are skipped
and listed in a ``# skipped`` comment.

Gaussian fixture: ``gaussian_kernels.txt``, one line per sigma:

    gaussian <sigma> <X> <Y> <values>

the 2D kernel of scipy.ndimage.gaussian_filter(sigma, truncate 4) (its response to a centred unit
impulse), X fastest.
"""

import os
import sys

import numpy as np
import scipy
import scipy.ndimage as ndi

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "scipy")

MODES = [("constant", 0.0), ("constant", 2.5), ("nearest", 0.0), ("reflect", 0.0),
         ("mirror", 0.0), ("wrap", 0.0)]
OPS = [("correlate", ndi.correlate), ("convolve", ndi.convolve)]

# (image dims, kernel dims), both in ImgLib2 order (X first)
CASES = [
    # 1D, odd and even kernels
    ((7,), (2,)), ((7,), (3,)), ((7,), (4,)), ((7,), (5,)),
    # 2D
    ((9, 6), (3, 3)), ((9, 6), (2, 4)), ((9, 6), (4, 3)), ((9, 6), (2, 2)), ((9, 6), (5, 5)),
    ((9, 6), (1, 3)),
    # 3D
    ((5, 4, 3), (2, 2, 2)), ((5, 4, 3), (3, 3, 3)), ((5, 4, 3), (3, 2, 1)),
    # kernel with fewer axes than the image
    ((9, 6), (4,)), ((5, 4, 3), (3, 2)),
    # kernel larger than the image (the boundary patterns repeat)
    ((3,), (8,)), ((3,), (7,)), ((3, 2), (5, 4)), ((2, 3, 2), (3, 4, 5)),
    # an image axis of length 1
    ((6, 1), (3, 3)),
]

SIGMAS = [0.1, 0.5, 1.0, 1.5, 2.3]


def f32(v):
    """Shortest text that gives the float32 v back."""
    return str(np.float32(v))


def f64(v):
    return "%.9g" % v


def dims_to_shape(dims):
    return tuple(reversed(dims))


def write_case(rng, image_dims, kernel_dims):
    image = rng.standard_normal(dims_to_shape(image_dims)).astype(np.float32)
    kernel = rng.standard_normal(dims_to_shape(kernel_dims)).astype(np.float32)
    # scipy needs the kernel to have the image's rank: add extent-1 axes in front ([z, y, x])
    k = kernel.astype(np.float64).reshape((1,) * (len(image_dims) - len(kernel_dims)) + kernel.shape)
    img = image.astype(np.float64)
    name = "%dd_img%s_k%s.txt" % (len(image_dims), "x".join(map(str, image_dims)),
                                  "x".join(map(str, kernel_dims)))
    lines = ["# scipy.ndimage %s, numpy %s; origin 0, output size 'same'" % (
        scipy.__version__, np.__version__),
             "image_dims " + " ".join(map(str, image_dims)),
             "image " + " ".join(f32(v) for v in image.ravel()),
             "kernel_dims " + " ".join(map(str, kernel_dims)),
             "kernel " + " ".join(f32(v) for v in kernel.ravel())]
    skipped = []
    for op_name, op in OPS:
        for mode, cval in MODES:
            try:
                out = op(img, k, mode=mode, cval=cval, origin=0)
            except (RuntimeError, ValueError) as e:
                skipped.append("%s %s (%s)" % (op_name, mode, e))
                continue
            lines.append("expected %s %s %s %s" % (op_name, mode, f64(cval),
                                                    " ".join(f64(v) for v in out.ravel())))
    if skipped:
        lines.insert(1, "# skipped: " + "; ".join(skipped))
    with open(os.path.join(OUT, name), "w") as f:
        f.write("\n".join(lines) + "\n")
    return name, len(skipped)


def write_gaussians():
    lines = ["# scipy.ndimage.gaussian_filter(impulse, sigma, truncate=4.0), scipy %s" %
             scipy.__version__]
    for sigma in SIGMAS:
        r = int(4.0 * sigma + 0.5)
        n = 2 * r + 1
        impulse = np.zeros((n, n))
        impulse[r, r] = 1.0
        g = ndi.gaussian_filter(impulse, sigma, mode="constant", cval=0.0)
        lines.append("gaussian %s %d %d %s" % (repr(sigma), n, n, " ".join(f64(v) for v in g.ravel())))
    with open(os.path.join(OUT, "gaussian_kernels.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".txt"):
            os.remove(os.path.join(OUT, old))
    rng = np.random.default_rng(20240611)
    for image_dims, kernel_dims in CASES:
        name, skipped = write_case(rng, image_dims, kernel_dims)
        print(name + (" (%d skipped)" % skipped if skipped else ""), file=sys.stderr)
    write_gaussians()


if __name__ == "__main__":
    main()
