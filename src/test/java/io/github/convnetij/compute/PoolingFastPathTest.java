package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

/**
 * The 2x2 stride-2 pooling paths (Vector API and plain Java for max without indices, unrolled
 * loops for max with indices and for average) against {@link Reference#pool}, bitwise, on odd and
 * even sizes, with ties of signed zeros and NaNs, floor and ceil mode, 2-d and 3-d (window 1 in
 * depth) inputs, and for any thread count.
 */
class PoolingFastPathTest {

	private static Tensor tricky(final Random rnd, final int... shape) {
		final Tensor t = TestData.random(rnd, shape);
		final float[] d = t.data();
		for (int i = 0; i < d.length; i++) {
			final int r = rnd.nextInt(40);
			if (r == 0) d[i] = Float.NaN;
			else if (r == 1) d[i] = -0f;
			else if (r == 2) d[i] = 0f;
			else if (r == 3) d[i] = Float.NEGATIVE_INFINITY;
			else if (r < 8) d[i] = 0.5f; // ties
		}
		return t;
	}

	private static void assertBitwise(final float[] expected, final float[] actual,
		final String what)
	{
		assertEquals(expected.length, actual.length, what);
		for (int i = 0; i < expected.length; i++)
			if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i]))
				throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " +
					actual[i]);
	}

	@Test
	void twoByTwoMatchesTheReferenceBitwise() {
		final Random rnd = new Random(1);
		final int[][] shapes = { { 1, 1, 1, 1 }, { 1, 1, 2, 2 }, { 2, 3, 5, 7 }, { 1, 2, 8, 34 }, { 3, 1,
			9, 65 }, { 2, 2, 6, 100 }, { 1, 1, 3, 2, 33 } };
		for (final int[] shape : shapes)
			for (final boolean ceil : new boolean[] { false, true }) {
				final int r = shape.length - 2;
				final int[] window = r == 2 ? new int[] { 2, 2 } : new int[] { 1, 2, 2 };
				final int[] stride = r == 2 ? new int[] { 2, 2 } : new int[] { 1, 2, 2 };
				final int[] zero = new int[r];
				final PoolGeometry g = PoolGeometry.of(window).stride(stride).ceil(ceil);
				final int[] outShape;
				try {
					outShape = Pooling.outputShape(shape, g);
				}
				catch (final IllegalArgumentException e) {
					continue; // a window that does not fit in floor mode
				}
				final Tensor in = tricky(rnd, shape);
				final int n = Tensor.zeros(outShape).numel();
				final int[] refIdx = new int[n];
				final Tensor refMax = Reference.pool(true, in, window, stride, zero, zero, ceil, refIdx);
				final Tensor refAvg = Reference.pool(false, in, window, stride, zero, zero, ceil, null);
				for (final RowOps ops : PlaneConvolutionsTest.implementations()) {
					final String what = Arrays.toString(shape) + (ceil ? " ceil " : " floor ") + (ops
						.vectorized() ? "vector" : "java");
					assertBitwise(refMax.data(), Pooling.pool(true, in, g, null, ops).data(), what +
						" max");
					final int[] idx = new int[n];
					assertBitwise(refMax.data(), Pooling.pool(true, in, g, idx, ops).data(), what +
						" max with indices");
					assertArrayEquals(refIdx, idx, what + " indices");
					assertBitwise(refAvg.data(), Pooling.pool(false, in, g, null, ops).data(), what +
						" avg");
				}
			}
	}

	@Test
	void everyPatternOfTiesZerosAndNaNsInAWindow() {
		final float[] values = { -0f, 0f, 1f, Float.NaN, Float.NEGATIVE_INFINITY };
		final int patterns = 625; // 5^4 windows a b / c d, side by side in two rows
		final float[] d = new float[2 * 2 * patterns];
		for (int p = 0; p < patterns; p++) {
			d[2 * p] = values[p % 5];
			d[2 * p + 1] = values[p / 5 % 5];
			d[2 * patterns + 2 * p] = values[p / 25 % 5];
			d[2 * patterns + 2 * p + 1] = values[p / 125];
		}
		final Tensor in = Tensor.of(d, 1, 1, 2, 2 * patterns);
		final int[] two = { 2, 2 }, zero = { 0, 0 };
		final int[] refIdx = new int[patterns];
		final Tensor ref = Reference.pool(true, in, two, two, zero, zero, false, refIdx);
		for (final RowOps ops : PlaneConvolutionsTest.implementations()) {
			final int[] idx = new int[patterns];
			final PoolGeometry g = PoolGeometry.of(2, 2);
			assertBitwise(ref.data(), Pooling.pool(true, in, g, null, ops).data(), "values");
			assertBitwise(ref.data(), Pooling.pool(true, in, g, idx, ops).data(), "values with indices");
			assertArrayEquals(refIdx, idx, "indices");
		}
	}

	@Test
	void batchedTensorIsThreadCountIndependent() {
		final Random rnd = new Random(2);
		final Tensor in = tricky(rnd, 8, 4, 18, 38);
		final PoolGeometry g = PoolGeometry.of(2, 2);
		final float[] one = Parallelization.runWithNumThreads(1, () -> Pooling.max(in, g, null)).data();
		for (final int t : new int[] { 2, 3 }) {
			final float[] many = Parallelization.runWithNumThreads(t, () -> Pooling.max(in, g, null))
				.data();
			assertBitwise(one, many, t + " threads");
		}
		assertTrue(one.length == 8 * 4 * 9 * 19);
	}
}
