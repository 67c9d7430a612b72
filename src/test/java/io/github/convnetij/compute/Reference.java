package io.github.convnetij.compute;

/**
 * Plain reference implementations, written for clarity rather than speed: one output element at a
 * time, double accumulation, explicit bounds checks. The optimized kernels are tested against
 * these.
 */
final class Reference {

	private Reference() {}

	/** Extents [A, B, S...] as 5-d [A, B, D, H, W]. */
	static int[] as5d(final int[] shape) {
		final int r = shape.length - 2;
		final int[] s = { shape[0], shape[1], 1, 1, 1 };
		for (int i = 0; i < r; i++)
			s[5 - r + i] = shape[2 + i];
		return s;
	}

	static int[] as3d(final int[] v, final int fill) {
		final int[] s = { fill, fill, fill };
		for (int i = 0; i < v.length; i++)
			s[3 - v.length + i] = v[i];
		return s;
	}

	static int index5(final int[] s, final int a, final int b, final int d, final int h, final int w) {
		return (((a * s[1] + b) * s[2] + d) * s[3] + h) * s[4] + w;
	}

	/** Output extent of a convolution axis: count the positions where the dilated kernel fits. */
	static int convExtent(final int n, final int k, final int stride, final int dil, final int pb,
		final int pa)
	{
		int count = 0;
		for (int o = 0; o * stride + dil * (k - 1) <= n + pb + pa - 1; o++)
			count++;
		return count;
	}

	/** out[n, co, o] = bias[co] + sum w[co, ci, k] * in[n, ci, o*stride + k*dil - padBefore]. */
	static Tensor correlate(final Tensor input, final Tensor weight, final float[] bias,
		final int[] stride, final int[] dilation, final int[] padBefore, final int[] padAfter)
	{
		final int r = stride.length;
		final int[] is = as5d(input.shape()), ws = as5d(weight.shape());
		final int[] st = as3d(stride, 1), dl = as3d(dilation, 1), pb = as3d(padBefore, 0), pa = as3d(
			padAfter, 0);
		final int[] os = { is[0], ws[0], 0, 0, 0 };
		for (int a = 0; a < 3; a++)
			os[2 + a] = convExtent(is[2 + a], ws[2 + a], st[a], dl[a], pb[a], pa[a]);
		final float[] in = input.data(), w = weight.data();
		final float[] out = new float[os[0] * os[1] * os[2] * os[3] * os[4]];
		for (int n = 0; n < os[0]; n++)
			for (int co = 0; co < os[1]; co++)
				for (int z = 0; z < os[2]; z++)
					for (int y = 0; y < os[3]; y++)
						for (int x = 0; x < os[4]; x++) {
							double sum = bias == null ? 0 : bias[co];
							for (int ci = 0; ci < is[1]; ci++)
								for (int kz = 0; kz < ws[2]; kz++)
									for (int ky = 0; ky < ws[3]; ky++)
										for (int kx = 0; kx < ws[4]; kx++) {
											final int iz = z * st[0] + kz * dl[0] - pb[0];
											final int iy = y * st[1] + ky * dl[1] - pb[1];
											final int ix = x * st[2] + kx * dl[2] - pb[2];
											if (iz < 0 || iz >= is[2] || iy < 0 || iy >= is[3] || ix < 0 || ix >= is[4])
												continue;
											sum += (double) w[index5(ws, co, ci, kz, ky, kx)] * in[index5(is, n, ci, iz, iy,
												ix)];
										}
							out[index5(os, n, co, z, y, x)] = (float) sum;
						}
		final int[] shape = new int[r + 2];
		shape[0] = os[0];
		shape[1] = os[1];
		for (int i = 0; i < r; i++)
			shape[2 + i] = os[5 - r + i];
		return Tensor.of(out, shape);
	}

	/**
	 * Index {@code i} of an axis of length {@code n} folded back inside by walking, one reflection
	 * or period at a time (not {@link Boundary#map}'s closed forms, which this checks); -1 for the
	 * constant modes. scipy.ndimage's pictures for {@code a b c d}: reflect {@code d c b a | a b c d
	 * | d c b a}, mirror {@code d c b | a b c d | c b a}, wrap {@code a b c d | a b c d | a b c d},
	 * nearest {@code a a a a | a b c d | d d d d}.
	 */
	static int fold(final Boundary mode, final long index, final int n) {
		long i = index;
		if (i >= 0 && i < n) return (int) i;
		switch (mode) {
			case ZERO, CONSTANT:
				return -1;
			case NEAREST:
				return i < 0 ? 0 : n - 1;
			case WRAP:
				while (i < 0)
					i += n;
				while (i >= n)
					i -= n;
				return (int) i;
			case REFLECT:
				while (i < 0 || i >= n)
					i = i < 0 ? -i - 1 : 2L * n - 1 - i;
				return (int) i;
			default: // MIRROR
				if (n == 1) return 0;
				while (i < 0 || i >= n)
					i = i < 0 ? -i : 2L * n - 2 - i;
				return (int) i;
		}
	}

	/** Pads every element independently through {@link #fold}. */
	static Tensor pad(final Tensor t, final int[] before, final int[] after, final Boundary mode,
		final float value)
	{
		final int[] s = t.shape();
		final int lead = s.length - before.length;
		final int[] os = s.clone();
		for (int i = 0; i < before.length; i++)
			os[lead + i] = s[lead + i] + before[i] + after[i];
		int total = 1;
		for (final int e : os)
			total *= e;
		final float[] out = new float[total];
		final int[] idx = new int[os.length];
		for (int flat = 0; flat < total; flat++) {
			int rest = flat;
			for (int a = os.length - 1; a >= 0; a--) {
				idx[a] = rest % os[a];
				rest /= os[a];
			}
			int src = 0;
			boolean outside = false;
			for (int a = 0; a < s.length; a++) {
				int i = idx[a];
				if (a >= lead) {
					i = fold(mode, (long) i - before[a - lead], s[a]);
					if (i < 0) outside = true;
				}
				src = src * s[a] + Math.max(i, 0);
			}
			out[flat] = outside ? (mode == Boundary.ZERO ? 0f : value) : t.data()[src];
		}
		return Tensor.of(out, os);
	}

	/**
	 * Output extent of a pooling axis, by enumerating windows: floor keeps windows that end inside
	 * the padded input; ceil keeps windows that start within one stride of that and inside the input
	 * or leading padding; at least one.
	 */
	static int poolExtent(final int n, final int w, final int s, final int pb, final int pa,
		final boolean ceil)
	{
		int count = 0;
		for (int o = 0;; o++) {
			final int start = o * s - pb;
			final boolean fits = start + w <= n + pa;
			final boolean keep = ceil ? (fits || (start + w < n + pa + s && start < n)) : fits;
			if (!keep) break;
			count++;
		}
		return ceil ? Math.max(count, 1) : count;
	}

	/** Max (with argmax: greater or NaN replaces) or average pooling, one window at a time. */
	static Tensor pool(final boolean max, final Tensor input, final int[] window, final int[] stride,
		final int[] padBefore, final int[] padAfter, final boolean ceil, final int[] argmax)
	{
		final int r = window.length;
		final int[] is = as5d(input.shape());
		final int[] wn = as3d(window, 1), st = as3d(stride, 1), pb = as3d(padBefore, 0), pa = as3d(
			padAfter, 0);
		final int[] os = { is[0], is[1], 0, 0, 0 };
		for (int a = 0; a < 3; a++)
			os[2 + a] = poolExtent(is[2 + a], wn[a], st[a], pb[a], pa[a], ceil);
		final float[] in = input.data();
		final float[] out = new float[os[0] * os[1] * os[2] * os[3] * os[4]];
		for (int n = 0; n < os[0]; n++)
			for (int c = 0; c < os[1]; c++)
				for (int z = 0; z < os[2]; z++)
					for (int y = 0; y < os[3]; y++)
						for (int x = 0; x < os[4]; x++) {
							double best = Double.NEGATIVE_INFINITY;
							int bestIndex = -1;
							double sum = 0;
							int count = 0;
							for (int kz = 0; kz < wn[0]; kz++)
								for (int ky = 0; ky < wn[1]; ky++)
									for (int kx = 0; kx < wn[2]; kx++) {
										final int iz = z * st[0] - pb[0] + kz;
										final int iy = y * st[1] - pb[1] + ky;
										final int ix = x * st[2] - pb[2] + kx;
										if (iz < 0 || iz >= is[2] || iy < 0 || iy >= is[3] || ix < 0 || ix >= is[4])
											continue;
										final float v = in[index5(is, n, c, iz, iy, ix)];
										final int local = (iz * is[3] + iy) * is[4] + ix;
										if (bestIndex < 0 || v > best || Float.isNaN(v)) {
											best = v;
											bestIndex = local;
										}
										sum += v;
										count++;
									}
							final int o = index5(os, n, c, z, y, x);
							if (max) {
								out[o] = (float) best;
								if (argmax != null) argmax[o] = bestIndex;
							}
							else out[o] = (float) (sum / count);
						}
		final int[] shape = new int[r + 2];
		shape[0] = os[0];
		shape[1] = os[1];
		for (int i = 0; i < r; i++)
			shape[2 + i] = os[5 - r + i];
		return Tensor.of(out, shape);
	}
}
