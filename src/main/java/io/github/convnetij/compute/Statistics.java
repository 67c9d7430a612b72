package io.github.convnetij.compute;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whole-image statistics at memory speed, on the threads of the current ImgLib2
 * {@code Parallelization} context (e.g. the display range of a filtered stack).
 * <pre>{@code
 * float[] mm = Statistics.minMax(planes);   // {min, max} over every plane, NaN ignored
 * }</pre>
 */
public final class Statistics {

	/** Elements per task. */
	private static final int CHUNK = 1 << 18;

	private Statistics() {}

	/**
	 * The least and the greatest value that is not NaN in all of {@code planes}, as
	 * {@code {min, max}}; {@code {+Infinity, -Infinity}} if there is none.
	 */
	public static float[] minMax(final float[]... planes) {
		if (planes == null) throw new IllegalArgumentException("planes is null");
		final int[] chunks = new int[planes.length + 1];
		for (int p = 0; p < planes.length; p++) {
			if (planes[p] == null) throw new IllegalArgumentException("plane " + p + " is null");
			chunks[p + 1] = chunks[p] + Tasks.blocks(planes[p].length, CHUNK);
		}
		final AtomicReference<float[]> result = new AtomicReference<>(new float[] {
			Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY });
		final RowOps ops = RowOps.get();
		Tasks.run(chunks[planes.length], () -> {
			final float[] mm = { Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
			return task -> {
				int p = 0;
				while (chunks[p + 1] <= task)
					p++;
				final int from = (task - chunks[p]) * CHUNK;
				ops.minMax(planes[p], from, Math.min(planes[p].length, from + CHUNK), mm);
				result.accumulateAndGet(mm, (a, b) -> new float[] { Math.min(a[0], b[0]), Math.max(a[1],
					b[1]) });
			};
		});
		return result.get();
	}
}
