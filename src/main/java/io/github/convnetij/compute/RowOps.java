package io.github.convnetij.compute;

/**
 * The innermost loops of the single-channel convolution and pooling paths, over contiguous rows.
 * Two implementations compute bitwise the same results: {@link JavaRowOps}, plain Java written so
 * that C2 auto-vectorizes it, and {@code VectorRowOps}, which uses the incubating Vector API
 * ({@code jdk.incubator.vector}) and keeps partial sums in registers. The Vector API class is
 * loaded only when {@link VectorModule#available()} (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, or the module could be loaded at run time, and the
 * system property {@value #PROPERTY} is not {@code false}) and it agrees with the plain-Java one
 * on a small problem; otherwise the plain-Java one is used.
 * <p>
 * Both implementations accumulate every output element in the same order with the same float
 * operations (a fused multiply-add per tap: {@code acc = fma(x, w, acc)}, starting from the bias,
 * taps in the order kz, ky, kx), so results do not depend on which one runs, nor on how the driver
 * groups rows and columns.
 */
interface RowOps {

	/**
	 * System property: {@code -Dconvnetij.vector=false} forces the plain-Java implementation even
	 * when the Vector API module is present.
	 */
	String PROPERTY = "convnetij.vector";

	/** Whether this implementation uses the Vector API. */
	boolean vectorized();

	/**
	 * Correlates {@code rows} consecutive output rows over {@code n} columns:
	 * <pre>
	 * out[outBase + j * outStride + x] = bias (+) sum over kz, ky, kx of
	 *     w[(kz * kh + ky) * kw + kx] * src[i][base[i] + x + kx],  i = kz * (kh + rows - 1) + j + ky
	 * </pre>
	 * for {@code j < rows}, {@code x < n}, each term added with a fused multiply-add in the order
	 * kz, ky, kx. Source row {@code i} must be readable over {@code [base[i], base[i] + n + kw - 1)}.
	 * {@code out} must not be one of the source arrays (an implementation may write an output
	 * element more than once, always with its final value).
	 *
	 * @param scratch per-thread buffers (any size; grown as needed)
	 */
	void correlate(int rows, float[][] src, int[] base, int kd, int kh, int kw, float[] w,
		float bias, float[] out, int outBase, int outStride, int n, Scratch scratch);

	/**
	 * Max pooling 2x2 with stride 2 of {@code rows} output rows of {@code n} elements: output row
	 * {@code j} ({@code out[o + j * outStride + x]}) is the maximum of {@code in[t + 2x],
	 * in[t + 2x + 1], in[t + w + 2x], in[t + w + 2x + 1]} with {@code t = r0 + 2 * j * w}, taken in
	 * that order, an element replacing the running maximum if it is greater or NaN.
	 */
	void maxPool2x2(float[] in, int r0, int w, float[] out, int o, int outStride, int rows, int n);

	/**
	 * Lowers {@code mm[0]} to the least and raises {@code mm[1]} to the greatest of the values of
	 * {@code a[from, to)} that are not NaN. The values found do not depend on the order, except
	 * that of -0 and +0 either may be reported.
	 */
	void minMax(float[] a, int from, int to, float[] mm);

	/**
	 * Max pooling with windows 3 wide at stride 2 over {@code rows} input rows {@code w} apart:
	 * {@code out[o + x]} for {@code x < n} is the maximum of {@code in[t + j * w + 2x + k]},
	 * {@code j < rows}, {@code k < 3}, scanned in that order (j, then k), a value replacing the
	 * running maximum if it is greater or NaN ({@link JavaRowOps#max}): the row-major scan of the
	 * window. Reads up to {@code in[t + (rows - 1) * w + 2n]}; an implementation may read (not use)
	 * the element after it when the array has it.
	 */
	void maxRows3Stride2(float[] in, int t, int w, int rows, float[] out, int o, int n);

	/**
	 * {@code dst[to + i] = Math.max(src[from + i], 0f)} for {@code i < n}, bitwise (NaN kept, -0 and
	 * negatives made +0): the ReLU applied as a convolution's output is copied out of its buffer.
	 * {@code src} and {@code dst} must not be the same array.
	 */
	void relu(float[] src, int from, float[] dst, int to, int n);

	/**
	 * {@code dst[to + i] = src[from + i] + addend[to + i]} for {@code i < n}, then with
	 * {@code relu} {@link #relu}'s {@code Math.max(sum, 0f)}: a residual sum (and its ReLU)
	 * applied as a convolution's output is copied out of its buffer, bitwise the values of the
	 * separate addition (in either order of its operands) and ReLU. {@code src} must be neither
	 * {@code dst} nor {@code addend}; {@code addend} may be {@code dst}.
	 */
	void addTo(float[] src, int from, float[] addend, float[] dst, int to, int n, boolean relu);

	/** Per-thread scratch buffers for {@link #correlate}. */
	final class Scratch {

		float[] t = new float[0];
		float[][] acc = new float[0][];
		float[][] arrays = new float[0][];
		int[] offsets = new int[0];
		float[] weights = new float[0], weights2 = new float[0];

		float[][] arrays(final int n) {
			if (arrays.length < n) arrays = new float[n][];
			return arrays;
		}

		int[] offsets(final int n) {
			if (offsets.length < n) offsets = new int[n];
			return offsets;
		}

		float[] weights(final int n) {
			if (weights.length < n) weights = new float[n];
			return weights;
		}

		float[] weights2(final int n) {
			if (weights2.length < n) weights2 = new float[n];
			return weights2;
		}

		float[] t(final int n) {
			if (t.length < n) t = new float[n];
			return t;
		}

		float[][] shifted = new float[0][];

		float[][] shifted(final int rows, final int n) {
			if (shifted.length < rows || shifted[0].length < n) shifted = new float[Math.max(rows,
				shifted.length)][Math.max(n, shifted.length == 0 ? 0 : shifted[0].length)];
			return shifted;
		}

		float[][] acc(final int rows, final int n) {
			if (acc.length < rows || acc[0].length < n) {
				acc = new float[Math.max(rows, acc.length)][Math.max(n, acc.length == 0 ? 0
					: acc[0].length)];
			}
			return acc;
		}
	}

	/** The implementation in use: Vector API if available and allowed, else plain Java. */
	static RowOps get() {
		return Holder.INSTANCE;
	}

	/** The plain-Java implementation (always available). */
	static RowOps java() {
		return JavaRowOps.INSTANCE;
	}

	/**
	 * Whether {@code ops} gives bitwise the plain-Java results on a small problem (a check that
	 * the Vector API of this JDK links and behaves as the one compiled against).
	 */
	static boolean agrees(final RowOps ops) {
		final java.util.Random rnd = new java.util.Random(7);
		final int n = 37, rows = 3, kh = 3, kw = 3;
		final float[][] src = new float[rows + kh - 1][n + kw - 1];
		for (final float[] r : src)
			for (int i = 0; i < r.length; i++)
				r[i] = rnd.nextFloat() - 0.5f;
		final float[] w = new float[kh * kw];
		for (int i = 0; i < w.length; i++)
			w[i] = rnd.nextFloat();
		final int[] base = new int[src.length];
		final float[] a = new float[rows * n], b = new float[rows * n];
		JavaRowOps.INSTANCE.correlate(rows, src, base, 1, kh, kw, w, 0.25f, a, 0, n, n, new Scratch());
		ops.correlate(rows, src, base, 1, kh, kw, w, 0.25f, b, 0, n, n, new Scratch());
		final int pw = 40; // one pooled row of pw / 2 outputs from two input rows of pw
		final float[] in = new float[2 * pw], pa = new float[pw / 2], pb = new float[pw / 2];
		for (int i = 0; i < in.length; i++)
			in[i] = rnd.nextFloat();
		JavaRowOps.INSTANCE.maxPool2x2(in, 0, pw, pa, 0, 0, 1, pw / 2);
		ops.maxPool2x2(in, 0, pw, pb, 0, 0, 1, pw / 2);
		final float[] r = { -1f, -0f, 0f, 2f, Float.NaN, Float.NEGATIVE_INFINITY, 3f, -5f, 7f, -0.5f, 1e-40f,
			-1e-40f, 4f, -4f, 0.25f, -0.25f, 9f }, ra = new float[r.length], rb = new float[r.length];
		JavaRowOps.INSTANCE.relu(r, 0, ra, 0, r.length);
		ops.relu(r, 0, rb, 0, r.length);
		final float[] ma = new float[13], mb = new float[13];
		JavaRowOps.INSTANCE.maxRows3Stride2(in, 1, 27, 2, ma, 0, 13);
		ops.maxRows3Stride2(in, 1, 27, 2, mb, 0, 13);
		return java.util.Arrays.equals(a, b) && java.util.Arrays.equals(pa, pb) && java.util.Arrays
			.equals(ra, rb) && java.util.Arrays.equals(ma, mb);
	}

	/**
	 * The Vector API implementation, or null if the module is not available (see
	 * {@link VectorModule}; {@code -Dconvnetij.vector=false} makes it unavailable).
	 */
	static RowOps vectorOrNull() {
		return Holder.VECTOR;
	}

	/** Lazy holder: loads the Vector API class only when its module is present. */
	final class Holder {

		private Holder() {}

		static final RowOps VECTOR = loadVector();

		static final RowOps INSTANCE = VECTOR != null ? VECTOR : JavaRowOps.INSTANCE;

		private static RowOps loadVector() {
			if (!VectorModule.available()) return null;
			try {
				final Class<?> c = Class.forName("io.github.convnetij.compute.VectorRowOps");
				final RowOps ops = (RowOps) c.getDeclaredConstructor().newInstance();
				return ops.vectorized() && agrees(ops) ? ops : null;
			}
			catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
				return null; // module present but unusable here: the plain-Java path is always correct
			}
		}
	}
}
