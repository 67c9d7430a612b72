package io.github.convnetij.compute;

/**
 * The innermost loops of the single-channel convolution and pooling paths, over contiguous rows.
 * Two implementations compute bitwise the same results: {@link JavaRowOps}, plain Java written so
 * that C2 auto-vectorizes it, and {@code VectorRowOps}, which uses the incubating Vector API
 * ({@code jdk.incubator.vector}) and keeps partial sums in registers. The Vector API class is
 * loaded only when the JVM has resolved that module (it was started with
 * {@code --add-modules jdk.incubator.vector}) and the system property
 * {@value #PROPERTY} is not {@code false}; otherwise the plain-Java one is used.
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
	 * The Vector API implementation, or null if the JVM has not resolved
	 * {@code jdk.incubator.vector} (the system property is not consulted here).
	 */
	static RowOps vectorOrNull() {
		return Holder.VECTOR;
	}

	/** Lazy holder: loads the Vector API class only when its module is present. */
	final class Holder {

		private Holder() {}

		static final RowOps VECTOR = loadVector();

		static final RowOps INSTANCE = VECTOR != null && !"false".equalsIgnoreCase(System.getProperty(
			PROPERTY, "true").trim()) ? VECTOR : JavaRowOps.INSTANCE;

		private static RowOps loadVector() {
			if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) return null;
			try {
				final Class<?> c = Class.forName("io.github.convnetij.compute.VectorRowOps");
				final RowOps ops = (RowOps) c.getDeclaredConstructor().newInstance();
				return ops.vectorized() ? ops : null;
			}
			catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
				return null; // module present but unusable here: the plain-Java path is always correct
			}
		}
	}
}
