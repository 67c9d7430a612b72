package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
	@Test
	void argmaxOfAllMinusInfinityWindowsInADeeperSlice() {
		// 1 x 1 x 2 x 3 x 3 of -inf, window 1 x 2 x 2, stride 1 (the general loop, not the 2 x 2
		// stride-2 path): each window's first element, z * 9 + y * 3 + x
		final float[] x = new float[18];
		Arrays.fill(x, Float.NEGATIVE_INFINITY);
		final int[] argmax = new int[8];
		Pooling.max(Tensor.of(x, 1, 1, 2, 3, 3), PoolGeometry.of(1, 2, 2).stride(1, 1, 1), argmax);
		assertArrayEquals(new int[] { 0, 1, 3, 4, 9, 10, 12, 13 }, argmax);
	}

	@Test
	void invalidGeometriesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of());
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 2, 2, 2));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 2).stride(2));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 2).pad(new int[] { 0 },
			new int[] { 0, 0 }));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 2).pad(new int[] { 0,
			0 }, new int[] { 0 }));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 0));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 2).stride(1, 0));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 2).pad(new int[] { 0,
			-1 }, new int[] { 0, 0 }));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(2, 2).pad(new int[] { 0,
			0 }, new int[] { 0, -1 }));
		// padding must be smaller than the window, before and after: 2 of a window of 2 is refused,
		// 1 is accepted
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(3, 2).pad(new int[] { 0,
			2 }, new int[] { 0, 0 }));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(3, 2).pad(new int[] { 0,
			0 }, new int[] { 0, 2 }));
		assertArrayEquals(new int[] { 0, 1 }, PoolGeometry.of(3, 2).pad(new int[] { 0, 1 },
			new int[] { 0, 1 }).padBefore());
		// input extents: as many as the window has, each at least 1 (a 1 x 1 window fits 1)
		final PoolGeometry one = PoolGeometry.of(1, 1);
		assertArrayEquals(new int[] { 1, 1 }, one.outputShape(new int[] { 1, 1 }));
		assertThrows(IllegalArgumentException.class, () -> one.outputShape(null));
		assertThrows(IllegalArgumentException.class, () -> one.outputShape(new int[] { 1 }));
		assertThrows(IllegalArgumentException.class, () -> one.outputShape(new int[] { 1, 0 }));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(1).ceil(true).outputShape(
			new int[] { 0 }));
		assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(3).outputShape(
			new int[] { 2 })); // floor: the window does not fit
		assertArrayEquals(new int[] { 1 }, PoolGeometry.of(3).ceil(true).outputShape(new int[] { 2 }));
	}

	@Test
	void manyTasksPerPlaneAndManyPlanesMatchTheReference() {
		// planes large enough to be split into several tasks of rows (about 2^16 visited elements
		// each), 2 x 3 planes, 2-d and 3-d, max with and without indices and average; checked against
		// the window-by-window reference
		final java.util.Random rnd = new java.util.Random(5);
		// 2 x 2 stride 2 on 600 x 250: 131 of the 300 output rows per task (3 tasks per plane); in 3-d
		// 40 slices of 10 output rows: a task's rows cross slices
		final int[][] shapes = { { 2, 3, 600, 250 }, { 1, 2, 40, 20, 20 } };
		final PoolGeometry[] gs = { PoolGeometry.of(2, 2), PoolGeometry.of(1, 2, 2) };
		final PoolGeometry[] gs3 = { PoolGeometry.of(3, 3).stride(2, 2), PoolGeometry.of(2, 3, 3)
			.stride(1, 2, 2) };
		for (int t = 0; t < 2; t++) {
			final int[] shape = shapes[t];
			int n = 1;
			for (final int e : shape)
				n *= e;
			final float[] d = new float[n];
			for (int i = 0; i < n; i++)
				d[i] = (float) rnd.nextGaussian();
			final Tensor in = Tensor.of(d, shape);
			for (final PoolGeometry g : new PoolGeometry[] { gs[t], gs3[t] }) {
				final int[] w = g.window(), s = g.stride();
				final int[] outShape = Pooling.outputShape(shape, g);
				int on = 1;
				for (final int e : outShape)
					on *= e;
				final int[] ia = new int[on], ea = new int[on];
				final Tensor ref = Reference.pool(true, in, w, s, g.padBefore(), g.padAfter(), false, ea);
				assertArrayEquals(ref.data(), Pooling.max(in, g, null).data(), 0f);
				assertArrayEquals(ref.data(), Pooling.max(in, g, ia).data(), 0f);
				assertArrayEquals(ea, ia);
				assertArrayEquals(Reference.pool(false, in, w, s, g.padBefore(), g.padAfter(), false,
					null).data(), Pooling.avg(in, g).data(), 1e-6f);
			}
		}
	}
}
