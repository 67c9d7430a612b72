package io.github.convnetij.compute;

import java.util.function.IntConsumer;

/**
 * Single-precision matrix multiply (SGEMM) on row-major arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with {@code op(A)} of size {@code m x k} and
 * {@code op(B)} of size {@code k x n}.
 * <pre>{@code
 * float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
 * Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);  // c = a * b
 * Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, bt, 0, k, 1f, c, 0, n);  // c += a * bt^T
 * }</pre>
 * {@code transA == false}: element {@code (i, p)} of A is {@code a[aOff + i * lda + p]};
 * {@code transA == true}: A is stored as its {@code k x m} transpose, {@code a[aOff + p * lda + i]}.
 * Likewise for B ({@code b[bOff + p * ldb + j]}, or {@code b[bOff + j * ldb + p]} transposed).
 * <p>
 * Packed and blocked as GotoBLAS: blocks of {@value #KC} values of k, A packed into panels of the
 * micro-kernel's row count, B into panels of its column count; the micro-kernel keeps its block
 * of C in registers (Vector API, 8 rows x 2 vectors, when the JVM has the module; a plain-Java
 * kernel otherwise, see {@link #kernelName()}). Multithreaded through ImgLib2's
 * {@code Parallelization} over tiles of C chosen from the sizes alone; every element of C is summed
 * in increasing k order, so results are bitwise identical for any thread count. With
 * {@code beta == 0}, C is not read (NaNs in it do not propagate). With {@code op(B) = B^T} and at
 * most {@value #DOT_ROWS} rows, C is computed as dot products without packing, summed in the same
 * order with the same fused multiply-adds, so the values do not depend on the path.
 */
public final class Gemm {

	/** Block of k packed at a time. */
	static final int KC = 256;
	/** Rows and columns of C per task (multiples of every kernel's mr and nr). */
	static final int TM = 128, TN = 512;
	/** Tiles are halved down to these sizes while there are fewer than {@code MIN_TASKS}. */
	private static final int MIN_TM = 64, MIN_TN = 64, MIN_TASKS = 4;

	private Gemm() {}

	/**
	 * {@code C = alpha * op(A) * op(B) + beta * C}, multithreaded.
	 *
	 * @throws IllegalArgumentException if a size is negative, a leading dimension too small, or an
	 *           array too short for the given offsets and sizes
	 */
	public static void sgemm(final boolean transA, final boolean transB, final int m, final int n,
		final int k, final float alpha, final float[] a, final int aOff, final int lda, final float[] b,
		final int bOff, final int ldb, final float beta, final float[] c, final int cOff, final int ldc)
	{
		sgemm(GemmKernels.BEST, true, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
			c, cOff, ldc);
	}

	/** The micro-kernel in use, e.g. {@code vector-512} or {@code scalar}. */
	public static String kernelName() {
		return GemmKernels.BEST.name();
	}

	/** {@link #sgemm} with a given kernel, on the calling thread or through the task driver. */
	static void sgemm(final GemmKernel kernel, final boolean parallel, final boolean transA,
		final boolean transB, final int m, final int n, final int k, final float alpha, final float[] a,
		final int aOff, final int lda, final float[] b, final int bOff, final int ldb, final float beta,
		final float[] c, final int cOff, final int ldc)
	{
		check(transA, m, k, a, aOff, lda, "A");
		check(transB, k, n, b, bOff, ldb, "B");
		check(false, m, n, c, cOff, ldc, "C");
		if (m == 0 || n == 0) return;
		if (k == 0 || alpha == 0) {
			for (int i = 0; i < m; i++)
				for (int j = 0; j < n; j++) {
					final int ci = cOff + i * ldc + j;
					c[ci] = beta == 0 ? 0 : beta * c[ci];
				}
			return;
		}
		if (transB && m <= DOT_ROWS) {
			dots(parallel, transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
			return;
		}
		// smaller tiles for small products, so that a few tasks can run in parallel (sizes only)
		int tm = TM, tn = TN;
		while (Tasks.blocks(m, tm) * Tasks.blocks(n, tn) < MIN_TASKS && tn > MIN_TN)
			tn /= 2;
		while (Tasks.blocks(m, tm) * Tasks.blocks(n, tn) < MIN_TASKS && tm > MIN_TM)
			tm /= 2;
		final int tilesM = Tasks.blocks(m, tm), tilesN = Tasks.blocks(n, tn);
		final Operands op = new Operands(kernel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
			ldb, beta, c, cOff, ldc, tm, tn);
		final int tasks = tilesM * tilesN;
		if (!parallel || tasks == 1) {
			final IntConsumer w = op.worker(tilesN);
			for (int t = 0; t < tasks; t++)
				w.accept(t);
		}
		else Tasks.run(tasks, () -> op.worker(tilesN));
	}

	/**
	 * Rows of C up to which a product with {@code op(B) = B^T} (a dense layer's forward pass on a
	 * batch of one or two) is computed as dot products of rows, with no packing: packing B would
	 * read and write all of it (8 MB for ResNet-50's classifier) to fill a few rows of each block.
	 */
	static final int DOT_ROWS = 2;
	/** Columns of C per task of the dot-product path. */
	private static final int DOT_COLUMNS = 128;

	/**
	 * {@code C = alpha * op(A) * B^T + beta * C} for a few rows, each element summed as the packed
	 * path sums it: from {@code beta * C} (or 0), adding {@code (alpha * A[i, p]) * B[j, p]} in
	 * increasing {@code p} with a fused multiply-add, so that the values are bitwise those of the
	 * packed path. Eight columns at a time keep eight independent sums in flight.
	 */
	private static void dots(final boolean parallel, final boolean transA, final int m, final int n,
		final int k, final float alpha, final float[] a, final int aOff, final int lda, final float[] b,
		final int bOff, final int ldb, final float beta, final float[] c, final int cOff, final int ldc)
	{
		final int tasks = Tasks.blocks(n, DOT_COLUMNS);
		final IntConsumer work = t -> {
			final float[] row = new float[k];
			final int j0 = t * DOT_COLUMNS, j1 = Math.min(n, j0 + DOT_COLUMNS);
			for (int i = 0; i < m; i++) {
				for (int p = 0; p < k; p++)
					row[p] = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
				final int ci = cOff + i * ldc;
				int j = j0;
				for (; j + 8 <= j1; j += 8) {
					final int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb, b4 = b3 + ldb,
							b5 = b4 + ldb, b6 = b5 + ldb, b7 = b6 + ldb;
					float s0 = start(beta, c, ci + j), s1 = start(beta, c, ci + j + 1),
							s2 = start(beta, c, ci + j + 2), s3 = start(beta, c, ci + j + 3),
							s4 = start(beta, c, ci + j + 4), s5 = start(beta, c, ci + j + 5),
							s6 = start(beta, c, ci + j + 6), s7 = start(beta, c, ci + j + 7);
					for (int p = 0; p < k; p++) {
						final float x = row[p];
						s0 = Math.fma(x, b[b0 + p], s0);
						s1 = Math.fma(x, b[b1 + p], s1);
						s2 = Math.fma(x, b[b2 + p], s2);
						s3 = Math.fma(x, b[b3 + p], s3);
						s4 = Math.fma(x, b[b4 + p], s4);
						s5 = Math.fma(x, b[b5 + p], s5);
						s6 = Math.fma(x, b[b6 + p], s6);
						s7 = Math.fma(x, b[b7 + p], s7);
					}
					c[ci + j] = s0;
					c[ci + j + 1] = s1;
					c[ci + j + 2] = s2;
					c[ci + j + 3] = s3;
					c[ci + j + 4] = s4;
					c[ci + j + 5] = s5;
					c[ci + j + 6] = s6;
					c[ci + j + 7] = s7;
				}
				for (; j < j1; j++) {
					final int bj = bOff + j * ldb;
					float s = start(beta, c, ci + j);
					for (int p = 0; p < k; p++)
						s = Math.fma(row[p], b[bj + p], s);
					c[ci + j] = s;
				}
			}
		};
		if (!parallel || tasks == 1) for (int t = 0; t < tasks; t++)
			work.accept(t);
		else Tasks.run(tasks, () -> work);
	}

	/** The value an element of C starts from: as the packed path scales it. */
	private static float start(final float beta, final float[] c, final int i) {
		return beta == 0 ? 0f : beta == 1 ? c[i] : c[i] * beta;
	}

	private static void check(final boolean trans, final int rows, final int cols, final float[] x,
		final int off, final int ld, final String name)
	{
		if (rows < 0 || cols < 0) throw new IllegalArgumentException("negative size of " + name + ": " +
			rows + " x " + cols);
		if (x == null) throw new IllegalArgumentException(name + " is null");
		final int storedRows = trans ? cols : rows, storedCols = trans ? rows : cols;
		if (ld < Math.max(1, storedCols)) throw new IllegalArgumentException("leading dimension " + ld +
			" of " + name + " is smaller than its " + storedCols + " stored columns");
		if (off < 0 || storedRows > 0 && storedCols > 0 && off + (long) (storedRows - 1) * ld +
			storedCols > x.length) throw new IllegalArgumentException(name + " (" + storedRows + " x " +
				storedCols + ", offset " + off + ", leading dimension " + ld + ") does not fit its array of " +
				x.length);
	}

	/** The operands of one call, and the work of one tile of C. */
	private static final class Operands {

		final GemmKernel kernel;
		final boolean transA, transB;
		final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
		final float alpha, beta;
		final float[] a, b, c;
		final int tm, tn;

		Operands(final GemmKernel kernel, final boolean transA, final boolean transB, final int m,
			final int n, final int k, final float alpha, final float[] a, final int aOff, final int lda,
			final float[] b, final int bOff, final int ldb, final float beta, final float[] c,
			final int cOff, final int ldc, final int tm, final int tn)
		{
			this.tm = tm;
			this.tn = tn;
			this.kernel = kernel;
			this.transA = transA;
			this.transB = transB;
			this.m = m;
			this.n = n;
			this.k = k;
			this.alpha = alpha;
			this.a = a;
			this.aOff = aOff;
			this.lda = lda;
			this.b = b;
			this.bOff = bOff;
			this.ldb = ldb;
			this.beta = beta;
			this.c = c;
			this.cOff = cOff;
			this.ldc = ldc;
		}

		IntConsumer worker(final int tilesN) {
			final int mr = kernel.mr(), nr = kernel.nr();
			final int kc = Math.min(KC, k);
			final float[] packA = Scratch.floats(Scratch.PACKED_A, roundUp(Math.min(tm, m), mr) * kc);
			final float[] packB = Scratch.floats(Scratch.PACKED_B, roundUp(Math.min(tn, n), nr) * kc);
			final float[] scratch = new float[mr * nr];
			return t -> tile(t / tilesN * tm, t % tilesN * tn, packA, packB, scratch);
		}

		private void tile(final int i0, final int j0, final float[] packA, final float[] packB,
			final float[] scratch)
		{
			final int mr = kernel.mr(), nr = kernel.nr();
			final int mc = Math.min(tm, m - i0), nc = Math.min(tn, n - j0);
			if (beta != 0 && beta != 1) for (int i = 0; i < mc; i++)
				for (int j = 0; j < nc; j++)
					c[cOff + (i0 + i) * ldc + j0 + j] *= beta;
			for (int p0 = 0; p0 < k; p0 += KC) {
				final int kc = Math.min(KC, k - p0);
				final boolean accumulate = p0 > 0 || beta != 0;
				Packing.packA(transA, a, aOff, lda, i0, mc, p0, kc, alpha, mr, packA);
				Packing.packB(transB, b, bOff, ldb, p0, kc, j0, nc, nr, packB);
				for (int jr = 0; jr < nc; jr += nr) {
					final int cols = Math.min(nr, nc - jr);
					final int bp = jr * kc;
					for (int ir = 0; ir < mc; ir += mr) {
						final int rows = Math.min(mr, mc - ir);
						kernel.edge(kc, packA, ir * kc, packB, bp, c, cOff + (i0 + ir) * ldc + j0 + jr, ldc,
							rows, cols, accumulate, scratch);
					}
				}
			}
		}
	}

	static int roundUp(final int x, final int multiple) {
		return (x + multiple - 1) / multiple * multiple;
	}
}
