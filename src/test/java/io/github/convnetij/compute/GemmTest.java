package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

/** {@link Gemm} against a plain double-precision triple loop, on both micro-kernels. */
class GemmTest {

	/** The kernels to test: plain Java always, the Vector API one where the JVM has the module. */
	static List<GemmKernel> kernels() {
		final List<GemmKernel> k = new ArrayList<>();
		k.add(GemmKernels.scalar());
		final GemmKernel v = GemmKernels.vector();
		if (v != null) k.add(v);
		return k;
	}

	@Test
	void vectorKernelLoadsWhereTheModuleIsPresent() {
		if (GemmKernels.vectorApiPresent() && !"false".equalsIgnoreCase(System.getProperty(
			RowOps.PROPERTY))) {
			assertNotNull(GemmKernels.vector());
			assertTrue(Gemm.kernelName().startsWith("vector"), Gemm.kernelName());
		}
		else assertEquals("scalar", Gemm.kernelName());
	}

	/** C = alpha op(A) op(B) + beta C in double, one element at a time. */
	static double[] reference(final boolean ta, final boolean tb, final int m, final int n,
		final int k, final float alpha, final float[] a, final int aOff, final int lda, final float[] b,
		final int bOff, final int ldb, final float beta, final float[] c, final int cOff, final int ldc)
	{
		final double[] out = new double[c.length];
		for (int i = 0; i < c.length; i++)
			out[i] = c[i];
		for (int i = 0; i < m; i++)
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int p = 0; p < k; p++)
					s += (double) (ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * (tb ? b[bOff + j * ldb +
						p] : b[bOff + p * ldb + j]);
				final int ci = cOff + i * ldc + j;
				out[ci] = alpha * s + (beta == 0 ? 0 : beta * (double) c[ci]);
			}
		return out;
	}

	private static float[] random(final Random rnd, final int n) {
		final float[] x = new float[n];
		for (int i = 0; i < n; i++)
			x[i] = rnd.nextFloat() * 2 - 1;
		return x;
	}

	private static void check(final GemmKernel kernel, final Random rnd, final boolean ta,
		final boolean tb, final int m, final int n, final int k, final float alpha, final float beta)
	{
		final int aOff = rnd.nextInt(3), bOff = rnd.nextInt(3), cOff = rnd.nextInt(3);
		final int lda = (ta ? m : k) + rnd.nextInt(3), ldb = (tb ? k : n) + rnd.nextInt(3),
				ldc = n + rnd.nextInt(3);
		final float[] a = random(rnd, aOff + (ta ? k : m) * lda);
		final float[] b = random(rnd, bOff + (tb ? n : k) * ldb);
		final float[] c = random(rnd, cOff + m * ldc);
		if (beta == 0) for (int i = 0; i < c.length; i += 7)
			c[i] = Float.NaN; // beta 0 must not read C
		final double[] expected = reference(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
			cOff, ldc);
		final float[] serial = c.clone();
		Gemm.sgemm(kernel, false, ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, serial,
			cOff, ldc);
		final String what = kernel.name() + " " + (ta ? "T" : "N") + (tb ? "T" : "N") + " m " + m +
			" n " + n + " k " + k + " alpha " + alpha + " beta " + beta;
		final double tol = 1e-5 * (k + 2);
		for (int i = 0; i < c.length; i++) {
			final boolean inC = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
			if (!inC) assertEquals(Float.floatToIntBits(c[i]), Float.floatToIntBits(serial[i]), what +
				": element " + i + " outside C changed");
			else assertEquals(expected[i], serial[i], tol, what + ": element " + i);
		}
		for (final int threads : new int[] { 2, 3 }) {
			final float[] par = c.clone();
			Parallelization.runWithNumThreads(threads, () -> Gemm.sgemm(kernel, true, ta, tb, m, n, k,
				alpha, a, aOff, lda, b, bOff, ldb, beta, par, cOff, ldc));
			assertArrayEquals(serial, par, what + ": " + threads + " threads differ from one");
		}
	}

	@Test
	void oddSizesAllTransposes() {
		final Random rnd = new Random(42);
		final int[][] sizes = { { 1, 1, 1 }, { 3, 5, 7 }, { 8, 32, 16 }, { 9, 33, 17 }, { 17, 1, 300 },
			{ 1, 40, 3 }, { 37, 61, 259 }, { 130, 515, 5 }, { 129, 20, 513 } };
		for (final GemmKernel kernel : kernels())
			for (final int[] s : sizes)
				for (int t = 0; t < 4; t++)
					check(kernel, rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f);
	}

	@Test
	void alphaBeta() {
		final Random rnd = new Random(7);
		for (final GemmKernel kernel : kernels()) {
			check(kernel, rnd, false, false, 21, 45, 33, 0.5f, 1f);
			check(kernel, rnd, true, false, 21, 45, 300, -2f, 0.25f);
			check(kernel, rnd, false, true, 140, 9, 3, 1f, -1f);
			check(kernel, rnd, true, true, 5, 600, 7, 0f, 0.5f);
			check(kernel, rnd, false, false, 6, 7, 0, 1f, 2f);
			// beta outside {0, 1} on several column tiles (n = 200: tiles of 64 columns)
			check(kernel, rnd, false, false, 70, 200, 20, 1f, 0.5f);
		}
	}

	@Test
	void bothKernelsAgreeWithinRounding() {
		final Random rnd = new Random(3);
		final int m = 70, n = 90, k = 600;
		final float[] a = random(rnd, m * k), b = random(rnd, k * n);
		final List<float[]> results = new ArrayList<>();
		for (final GemmKernel kernel : kernels()) {
			final float[] c = new float[m * n];
			Gemm.sgemm(kernel, true, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
			results.add(c);
		}
		// against a plain triple loop in double (not against each other: on a JVM without the
		// Vector API there is only one kernel, and comparing it with itself proved nothing)
		final double[] ref = new double[m * n];
		for (int i = 0; i < m; i++)
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int p = 0; p < k; p++)
					s += (double) a[i * k + p] * b[p * n + j];
				ref[i * n + j] = s;
			}
		for (final float[] r : results)
			for (int i = 0; i < r.length; i++)
				assertEquals(ref[i], r[i], 1e-3 + 1e-5 * Math.abs(ref[i]));
		if (results.size() > 1) for (int i = 0; i < ref.length; i++)
			assertEquals(results.get(0)[i], results.get(1)[i], 1e-4);
	}

	/**
	 * With {@code op(B) = B^T} and one or two rows (a dense layer on a batch of one), C is computed
	 * without packing; each element must still be the packed path's value bitwise, so that a
	 * sample alone gives what it gives in a batch: checked against a fused multiply-add loop in
	 * increasing p written here, and against the same rows taken from a product of 9 rows.
	 */
	@Test
	void rowsOfOneOrTwoSamplesEqualThoseOfALargerBatchBitwise() {
		final Random rnd = new Random(11);
		final int[][] sizes = { { 1, 1000, 2048 }, { 2, 13, 5 }, { 1, 7, 300 }, { 2, 129, 1 },
			{ 1, 8, 64 } };
		for (final int[] s : sizes)
			for (final boolean ta : new boolean[] { false, true })
				for (final float[] ab : new float[][] { { 1f, 0f }, { 1f, 1f }, { -0.75f, 0.5f } }) {
					final int m = s[0], n = s[1], k = s[2], big = 9;
					final float alpha = ab[0], beta = ab[1];
					final int lda = (ta ? big : k) + 1, ldb = k + 2, ldc = n + 1;
					final float[] a = random(rnd, (ta ? k : big) * lda), b = random(rnd, n * ldb);
					final float[] c0 = random(rnd, big * ldc);
					final float[] all = c0.clone();
					Gemm.sgemm(ta, true, big, n, k, alpha, a, 0, lda, b, 0, ldb, beta, all, 0, ldc);
					for (int r0 = 0; r0 + m <= big; r0 += 4)
						for (final int threads : new int[] { 1, 2 }) {
						final int i0 = r0;
						final float[] few = c0.clone();
						final int aOff = ta ? i0 : i0 * lda;
						Parallelization.runWithNumThreads(threads, () -> Gemm.sgemm(ta, true, m, n, k, alpha, a, aOff,
							lda, b, 0, ldb, beta, few, i0 * ldc, ldc));
						for (int i = i0; i < i0 + m; i++)
							for (int j = 0; j < n; j++) {
								float e = beta == 0 ? 0f : beta == 1 ? c0[i * ldc + j] : c0[i * ldc + j] * beta;
								for (int p = 0; p < k; p++)
									e = Math.fma(alpha * (ta ? a[p * lda + i] : a[i * lda + p]), b[j * ldb + p], e);
								final String what = "m " + m + " n " + n + " k " + k + (ta ? " A^T" : "") + " alpha " +
									alpha + " beta " + beta + " row " + i + " column " + j + ", " + threads + " threads";
								assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(few[i * ldc + j]), what);
								assertEquals(Float.floatToIntBits(all[i * ldc + j]), Float.floatToIntBits(few[i * ldc +
									j]), what + ": differs from the batch of " + big);
							}
					}
				}
	}

	@Test
	void badArguments() {
		final float[] x = new float[10];
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(
			false, false, 4, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, new float[16], 0, 4));
		assertTrue(e.getMessage().contains("A (4 x 4"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, x,
			0, 1, x, 0, 2, 0f, x, 0, 2));
		assertTrue(e.getMessage().contains("leading dimension 1"), e.getMessage());
	}
	/** Refused with a message containing {@code part}. */
	private static void refused(final String part, final Runnable call) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
		assertTrue(e.getMessage().contains(part), part + " not in: " + e.getMessage());
	}

	@Test
	void everyOperandIsCheckedAtItsExactBounds() {
		// 2 x 3 times 3 x 4: A needs 6, B 12, C 8 elements; transposed A (3 x 2 stored) also 6
		final float[] a = new float[6], b = new float[12], c = new float[8];
		Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 4); // exact fits
		Gemm.sgemm(true, true, 2, 4, 3, 1f, a, 0, 2, b, 0, 3, 0f, c, 0, 4);
		Gemm.sgemm(false, false, 2, 4, 3, 1f, new float[7], 1, 3, new float[13], 1, 4, 0f,
			new float[9], 1, 4); // offsets with exact fits
		refused("A (2 x 3", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, new float[5], 0, 3, b, 0, 4,
			0f, c, 0, 4));
		refused("A (2 x 3", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 1, 3, b, 0, 4, 0f, c, 0, 4));
		refused("B (3 x 4", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, new float[11], 0, 4,
			0f, c, 0, 4));
		refused("B (4 x 3", () -> Gemm.sgemm(false, true, 2, 4, 3, 1f, a, 0, 3, new float[11], 0, 3,
			0f, c, 0, 4));
		refused("C (2 x 4", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f,
			new float[7], 0, 4));
		refused("C (2 x 4", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, c, -1,
			4));
		refused("leading dimension 2 of A", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 2, b, 0,
			4, 0f, c, 0, 4));
		refused("leading dimension 1 of A", () -> Gemm.sgemm(true, false, 2, 4, 3, 1f, a, 0, 1, b, 0,
			4, 0f, c, 0, 4));
		refused("leading dimension 3 of B", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0,
			3, 0f, c, 0, 4));
		refused("leading dimension 3 of C", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0,
			4, 0f, c, 0, 3));
		refused("A is null", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, null, 0, 3, b, 0, 4, 0f, c, 0,
			4));
		refused("B is null", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, null, 0, 4, 0f, c, 0,
			4));
		refused("C is null", () -> Gemm.sgemm(false, false, 2, 4, 3, 1f, a, 0, 3, b, 0, 4, 0f, null, 0,
			4));
		refused("negative size of A", () -> Gemm.sgemm(false, false, -1, 4, 3, 1f, a, 0, 3, b, 0, 4,
			0f, c, 0, 4));
		refused("negative size of B", () -> Gemm.sgemm(false, false, 2, -4, 3, 1f, a, 0, 3, b, 0, 4,
			0f, c, 0, 4));
		refused("negative size of A", () -> Gemm.sgemm(false, false, 2, 4, -3, 1f, a, 0, 3, b, 0, 4,
			0f, c, 0, 4));
		// empty operands need no storage, only a leading dimension >= 1
		Gemm.sgemm(false, false, 0, 4, 3, 1f, new float[0], 0, 3, b, 0, 4, 0f, new float[0], 0, 4);
		Gemm.sgemm(false, false, 2, 0, 3, 1f, a, 0, 3, new float[0], 0, 1, 0f, new float[0], 0, 1);
	}

	@Test
	void alphaZeroReadsNeitherAnorB() {
		// BLAS: with alpha = 0, A and B are not referenced (their NaNs do not reach C): C = beta C,
		// and with beta = 0 as well C is zeroed
		final float[] a = { Float.NaN, 1, 2, 3 }, b = { 4, Float.POSITIVE_INFINITY, 6, 7 };
		final float[] c = { 1, 2, 3, 4 };
		for (final GemmKernel kernel : kernels()) {
			final float[] half = c.clone();
			Gemm.sgemm(kernel, false, false, false, 2, 2, 2, 0f, a, 0, 2, b, 0, 2, 0.5f, half, 0, 2);
			assertArrayEquals(new float[] { 0.5f, 1, 1.5f, 2 }, half, kernel.name());
			final float[] zero = { Float.NaN, 2, 3, 4 };
			Gemm.sgemm(kernel, false, false, false, 2, 2, 2, 0f, a, 0, 2, b, 0, 2, 0f, zero, 0, 2);
			assertArrayEquals(new float[] { 0, 0, 0, 0 }, zero, kernel.name());
		}
	}
}
