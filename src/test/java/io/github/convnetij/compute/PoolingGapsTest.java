package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Pooling cases a mutation run found untested, with expectations worked by hand from PyTorch's
 * documented rules.
 */
class PoolingGapsTest {

	@Test
	void ceilModeWithPaddingKeepsTheLastWindowThatStartsInside() {
		// PyTorch: out = ceil((n + padBefore + padAfter - k) / s) + 1 = ceil((4 + 2 - 3) / 2) + 1 = 3,
		// and the last window starts at (3 - 1) * 2 = 4 < n + padBefore = 5: kept
		assertArrayEquals(new int[] { 3 }, PoolGeometry.of(3).stride(2).pad(new int[] { 1 },
			new int[] { 1 }).ceil(true).outputShape(new int[] { 4 }));
		// floor mode: (4 + 2 - 3) / 2 + 1 = 2
		assertArrayEquals(new int[] { 2 }, PoolGeometry.of(3).stride(2).pad(new int[] { 1 },
			new int[] { 1 }).ceil(false).outputShape(new int[] { 4 }));
		// n = 5, k = 2, s = 2, no pad, ceil: ceil(3 / 2) + 1 = 3, last start 4 < 5: kept
		assertArrayEquals(new int[] { 3 }, PoolGeometry.of(2).ceil(true).outputShape(new int[] { 5 }));
		// n = 4, k = 2, s = 2, pad 1/1, ceil: ceil(4 / 2) + 1 = 3, last start 4 < 5: kept;
		// pad 0 before, 1 after: ceil(3 / 2) + 1 = 3, but the last window starts at 4 >= 4: dropped
		assertArrayEquals(new int[] { 2 }, PoolGeometry.of(2).pad(new int[] { 0 }, new int[] { 1 })
			.ceil(true).outputShape(new int[] { 4 }));
	}

	@Test
	void argmaxOfAllMinusInfinityWindowsIsTheFirstElementOfEachWindow() {
		// 1 x 1 x 4 x 4 of -inf, 2 x 2 windows, stride 2: as PyTorch, the index of each window's
		// first (top-left) element, not 0
		final float[] x = new float[16];
		Arrays.fill(x, Float.NEGATIVE_INFINITY);
		final int[] argmax = new int[4];
		final Tensor out = Pooling.max(Tensor.of(x, 1, 1, 4, 4), PoolGeometry.of(2, 2), argmax);
		assertArrayEquals(new int[] { 0, 2, 8, 10 }, argmax);
		assertArrayEquals(new float[] { Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY,
			Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY }, out.data());
		// with padding 1 on each side and stride 2 (3 x 3 output): each window's first in-bounds
		// element
		final int[] a3 = new int[9];
		Pooling.max(Tensor.of(x, 1, 1, 4, 4), PoolGeometry.of(2, 2).pad(new int[] { 1, 1 },
			new int[] { 1, 1 }), a3);
		assertArrayEquals(new int[] { 0, 1, 3, 4, 5, 7, 12, 13, 15 }, a3);
	}
}
