package io.github.convnetij.nn;

import java.util.function.IntConsumer;

import io.github.convnetij.compute.Tasks;
import net.imglib2.parallel.Parallelization;

/**
 * Spreads independent tasks of the layers' element-wise and per-channel loops over the threads of
 * the current ImgLib2 {@link Parallelization} context, through the compute core's task driver
 * ({@link Tasks}: progress and cancelling included). Tasks are chosen from the problem's shape
 * alone and each output element belongs to one task, so results do not depend on the thread count.
 */
final class Parallel {

	/** Elements per task of element-wise loops. */
	static final int BLOCK = 1 << 15;

	private Parallel() {}

	/**
	 * Runs {@code task.accept(t)} for every {@code t} in {@code [0, numTasks)} through the one task
	 * driver, {@link Tasks}.
	 */
	static void run(final int numTasks, final IntConsumer task) {
		Tasks.run(numTasks, () -> task);
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
