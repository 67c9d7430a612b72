package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import net.imglib2.parallel.Parallelization;
import net.imglib2.parallel.TaskExecutor;

/**
 * Spreads independent tasks of the layers' element-wise and per-channel loops over the threads of
 * the current ImgLib2 {@link Parallelization} context. Tasks are chosen from the problem's shape
 * alone and each output element belongs to one task, so results do not depend on the thread count.
 */
final class Parallel {

	/** Elements per task of element-wise loops. */
	static final int BLOCK = 1 << 15;

	private Parallel() {}

	/** Runs {@code task.accept(t)} for every {@code t} in {@code [0, numTasks)}. */
	static void run(final int numTasks, final IntConsumer task) {
		if (numTasks <= 0) return;
		final TaskExecutor executor = Parallelization.getTaskExecutor();
		final int chunks = Math.min(numTasks, Math.max(1, executor.suggestNumberOfTasks()));
		if (chunks == 1 || executor.getParallelism() <= 1) {
			for (int t = 0; t < numTasks; t++)
				task.accept(t);
			return;
		}
		final List<int[]> ranges = new ArrayList<>(chunks);
		for (int c = 0; c < chunks; c++) {
			final int start = (int) ((long) numTasks * c / chunks);
			final int end = (int) ((long) numTasks * (c + 1) / chunks);
			if (end > start) ranges.add(new int[] { start, end });
		}
		executor.forEach(ranges, r -> {
			for (int t = r[0]; t < r[1]; t++)
				task.accept(t);
		});
	}

	/** Element-wise: {@code range.accept(from, to)} over blocks of {@link #BLOCK} of {@code [0, n)}. */
	static void elements(final int n, final Range range) {
		final int blocks = (n + BLOCK - 1) / BLOCK;
		run(blocks, b -> range.accept(b * BLOCK, Math.min(n, (b + 1) * BLOCK)));
	}

	@FunctionalInterface
	interface Range {

		void accept(int from, int to);
	}
}
