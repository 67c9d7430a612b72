package io.github.convnetij.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import net.imglib2.parallel.Parallelization;
import net.imglib2.parallel.TaskExecutor;

/**
 * The driver that spreads independent tasks over the threads of the current ImgLib2
 * {@link Parallelization} context. It knows nothing about what a task computes: the kernels
 * ({@link ConvKernel}, {@link PoolKernel}) do the work of one task.
 * <p>
 * Tasks are numbered {@code 0 .. numTasks-1}; the caller chooses them from the problem's shape
 * alone, never from the thread count, and every output element belongs to exactly one task, so the
 * results do not depend on the number of threads. Here tasks are only grouped into contiguous
 * chunks, one chunk per executor job; each chunk gets a fresh worker from {@code workers} (with its
 * own scratch buffers) and runs its tasks in order.
 * <p>
 * This is the one driver of every long loop: the compute kernels, the layers of {@code nn}
 * ({@code nn.Parallel}) and the augmenter run their tasks through it, so progress and cancelling
 * ({@link Progress}) reach all of them.
 * <pre>{@code
 * Tasks.run(rows, () -> row -> process(row)); // one worker per chunk, tasks in order within a chunk
 * }</pre>
 */
public final class Tasks {

	private Tasks() {}

	/**
	 * Runs {@code worker.accept(t)} once for every task {@code t} in {@code [0, numTasks)}, with
	 * workers made by {@code workers} (one per chunk; a worker is used by one thread at a time).
	 * With a {@link Progress} listener set on the calling thread, the fraction of tasks done is
	 * reported and the run stops between tasks once it is cancelled.
	 *
	 * @throws java.util.concurrent.CancellationException when the listener cancelled the run
	 */
	public static void run(final int numTasks, final Supplier<? extends IntConsumer> workers) {
		if (numTasks <= 0) return;
		final Progress.Listener listener = Progress.current();
		final Counter counter = listener == null ? null : new Counter(listener, numTasks);
		final TaskExecutor executor = Parallelization.getTaskExecutor();
		final int chunks = Math.min(numTasks, Math.max(1, executor.suggestNumberOfTasks()));
		if (chunks == 1 || executor.getParallelism() <= 1) runRange(0, numTasks, workers.get(), counter);
		else {
			final List<int[]> ranges = new ArrayList<>(chunks);
			for (int c = 0; c < chunks; c++) {
				final int start = (int) ((long) numTasks * c / chunks);
				final int end = (int) ((long) numTasks * (c + 1) / chunks);
				if (end > start) ranges.add(new int[] { start, end });
			}
			executor.forEach(ranges, r -> runRange(r[0], r[1], workers.get(), counter));
		}
		if (counter != null) listener.progress(1);
	}

	private static void runRange(final int start, final int end, final IntConsumer worker,
		final Counter counter)
	{
		if (counter == null) {
			for (int t = start; t < end; t++)
				worker.accept(t);
			return;
		}
		for (int t = start; t < end; t++) {
			if (counter.listener.cancelled()) throw Progress.cancelled();
			worker.accept(t);
			counter.done();
		}
	}

	/** Tasks done in one {@link #run}, reported to a {@link Progress.Listener} now and then. */
	private static final class Counter {

		final Progress.Listener listener;
		private final int total;
		private final AtomicInteger done = new AtomicInteger();
		private final AtomicLong next = new AtomicLong(System.nanoTime() + Progress.INTERVAL_MS *
			1000000L);

		Counter(final Progress.Listener listener, final int total) {
			this.listener = listener;
			this.total = total;
		}

		void done() {
			final int d = done.incrementAndGet();
			final long now = System.nanoTime(), at = next.get();
			if (now - at >= 0 && d < total && next.compareAndSet(at, now + Progress.INTERVAL_MS *
				1000000L)) listener.progress((double) d / total);
		}
	}

	/** Number of blocks of {@code blockSize} needed to cover {@code n} items. */
	static int blocks(final int n, final int blockSize) {
		return (n + blockSize - 1) / blockSize;
	}

	/**
	 * Rows per task so that a task does roughly {@code target} units of work when one row costs
	 * {@code costPerRow}; at least 1 and at most {@code rows}. Depends on the shape only.
	 */
	static int rowsPerTask(final int rows, final long costPerRow, final long target) {
		final long r = Math.max(1, target / Math.max(1, costPerRow));
		return (int) Math.max(1, Math.min(rows, r));
	}
}
