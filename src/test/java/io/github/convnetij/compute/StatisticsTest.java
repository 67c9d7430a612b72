package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

class StatisticsTest {

	private static float[] reference(final float[]... planes) {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (final float[] p : planes)
			for (final float v : p)
				if (!Float.isNaN(v)) {
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
		return new float[] { min, max };
	}

	@Test
	void minMaxIgnoresNaNAndMatchesAPlainScanOnEveryPath() {
		final Random rnd = new Random(4);
		final float[][] planes = new float[5][];
		for (int p = 0; p < planes.length; p++) {
			planes[p] = new float[new int[] { 1, 300001, 0, 262144, 20000 }[p]];
			for (int i = 0; i < planes[p].length; i++)
				planes[p][i] = rnd.nextFloat() * 1000 - 500;
		}
		planes[0][0] = Float.NaN; // a plane of only NaN
		planes[1][planes[1].length - 1] = -7e5f; // the minimum, in a tail
		planes[4][12345] = Float.NaN;
		planes[3][planes[3].length / 2] = 9e5f;
		final float[] expected = reference(planes);
		for (final int threads : new int[] { 1, 3 })
			assertArrayEquals(expected, Parallelization.runWithNumThreads(threads, () -> Statistics
				.minMax(planes)));
		for (final RowOps ops : new RowOps[] { RowOps.java(), RowOps.vectorOrNull() }) {
			if (ops == null) continue;
			for (final float[] p : planes) {
				final float[] mm = { Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
				ops.minMax(p, 0, p.length, mm);
				assertArrayEquals(reference(p), mm, ops.getClass().getSimpleName());
				// a sub-range with odd ends
				if (p.length > 40) {
					final float[] part = java.util.Arrays.copyOfRange(p, 3, p.length - 5);
					final float[] m2 = { Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
					ops.minMax(p, 3, p.length - 5, m2);
					assertArrayEquals(reference(part), m2);
				}
			}
		}
	}

	@Test
	void onlyNaNOrNothingGivesTheEmptyRange() {
		final float[] none = { Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
		assertArrayEquals(none, Statistics.minMax());
		assertArrayEquals(none, Statistics.minMax(new float[] { Float.NaN, Float.NaN }, new float[0]));
		assertArrayEquals(new float[] { Float.NEGATIVE_INFINITY, 2 }, Statistics.minMax(new float[] {
			2, Float.NEGATIVE_INFINITY, Float.NaN }));
	}
}
