package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link TapRanges#fill} against hand-worked ranges: tap k reads input column
 * {@code ox * stride + k * dilation - padBefore}, valid where that lies in {@code [0, width)}.
 */
class TapRangesMutationGapsTest {

	private static int[][] fill(final int dilation, final int pad, final int stride, final int width,
		final int outWidth, final int k)
	{
		final int[] off = new int[k], x0 = new int[k], x1 = new int[k];
		TapRanges.fill(dilation, pad, stride, width, outWidth, off, x0, x1);
		return new int[][] { off, x0, x1 };
	}

	@Test
	void sameConvolutionOfFiveColumns() {
		// taps at -1, 0, +1: the first misses output 0, the last misses output 4
		final int[][] r = fill(1, 1, 1, 5, 5, 3);
		assertArrayEquals(new int[] { -1, 0, 1 }, r[0]);
		assertArrayEquals(new int[] { 1, 0, 0 }, r[1]);
		assertArrayEquals(new int[] { 5, 5, 4 }, r[2]);
	}

	@Test
	void stridedAndDilated() {
		// stride 2, pad 3, width 6, 4 outputs: tap 0 at 2*ox - 3 is inside for ox = 2, 3 (1, 3);
		// tap 2 at 2*ox - 1 for ox = 1, 2, 3 (1, 3, 5)
		final int[][] r = fill(1, 3, 2, 6, 4, 3);
		assertArrayEquals(new int[] { -3, -2, -1 }, r[0]);
		assertArrayEquals(new int[] { 2, 1, 1 }, r[1]);
		assertArrayEquals(new int[] { 4, 4, 4 }, r[2]);
		// dilation 3 past a width of 3: tap 1 at 2*ox + 3 is never inside
		final int[][] d = fill(3, 0, 2, 3, 2, 2);
		assertArrayEquals(new int[] { 0, 3 }, d[0]);
		assertArrayEquals(new int[] { 0, 0 }, d[1]);
		assertArrayEquals(new int[] { 2, 0 }, d[2]);
		// a tap left of the input that never comes in: empty range at the output's end
		final int[][] e = fill(1, 5, 1, 2, 2, 1);
		assertArrayEquals(new int[] { 2 }, e[1]);
		assertArrayEquals(new int[] { 2 }, e[2]);
	}
}
