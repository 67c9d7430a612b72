package io.github.convnetij.compute;

import java.util.Collections;
import java.util.Map;
import java.util.Queue;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * results do not depend on the number of threads. The calling thread works on the tasks itself,
 * helped by up to {@code parallelism - 1} jobs on the context's executor: each of these threads
 * takes the next chunk of consecutive tasks nobody has taken yet (about four chunks per thread;
 * single tasks when there are few), so a thread that starts late (a pool thread being woken)
 * takes fewer tasks instead of holding the others up, and a run of short tasks does not wait for
 * the pool at all. Each thread gets its own worker from {@code workers} (with its own scratch
 * buffers) when it takes its first task, and sees its tasks in increasing order, not necessarily
 * consecutive.
 * <p>
 * This is the one driver of every long loop: the compute kernels, the layers of {@code nn}
 * ({@code nn.Parallel}) and the augmenter run their tasks through it, so progress and cancelling
 * ({@link Progress}) reach all of them.
 * <pre>{@code
 * Tasks.run(rows, () -> row -> process(row)); // one worker per thread, tasks taken in order
 * }</pre>
 */
public final class Tasks {

	private Tasks() {}

	/**
	 * Runs {@code worker.accept(t)} once for every task {@code t} in {@code [0, numTasks)}, with
	 * workers made by {@code workers} (one per thread that takes part; a worker is used by one
	 * thread only). With a {@link Progress} listener set on the calling thread, the fraction of
	 * tasks done is reported and the run stops between tasks once it is cancelled. When a task
	 * throws, no new task starts, the tasks already started finish, and the first exception is
	 * thrown here as it was thrown (an error too, e.g. {@link OutOfMemoryError}).
	 *
	 * @throws java.util.concurrent.CancellationException when the listener cancelled the run
	 */
	public static void run(final int numTasks, final Supplier<? extends IntConsumer> workers) {
		if (numTasks <= 0) return;
		final Progress.Listener listener = Progress.current();
		final Counter counter = listener == null ? null : new Counter(listener, numTasks);
		final TaskExecutor executor = Parallelization.getTaskExecutor();
		final int threads = Math.min(numTasks, executor.getParallelism());
		if (threads <= 1) runRange(0, numTasks, workers.get(), counter);
		else {
			final Run run = new Run(numTasks, threads, workers, counter);
			final ExecutorService service = executor.getExecutorService();
			final Helpers helpers = Helpers.of(service);
			helpers.runs.add(run);
			try {
				helpers.call(service, threads - 1);
				run.work();
				run.await();
			}
			finally {
				helpers.runs.remove(run);
			}
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

	/**
	 * The helper jobs of one executor: at most {@code parallelism - 1} at a time run on its
	 * threads (so that with the calling thread no more threads work than the context allows),
	 * each taking tasks from the runs in progress, oldest first. A helper with nothing to do waits
	 * a little for the next run before it ends, so that a sequence of short runs (a network's
	 * layers) is not slowed by waking pool threads for each of them.
	 */
	private static final class Helpers {

		/** How long an idle helper waits for a new run before its job ends. */
		private static final long IDLE_NANOS = 200_000;
		private static final Map<ExecutorService, Helpers> ALL = Collections.synchronizedMap(
			new WeakHashMap<>());

		final Queue<Run> runs = new ConcurrentLinkedQueue<>();
		/** Helper jobs submitted and not ended. */
		private final AtomicInteger jobs = new AtomicInteger();

		/**
		 * The helpers of {@code service} (kept while the service is reachable: a helper holds no
		 * reference to it, so that a closed pool can go).
		 */
		static Helpers of(final ExecutorService service) {
			return ALL.computeIfAbsent(service, x -> new Helpers());
		}

		/** Submits helper jobs to {@code service} until {@code wanted} are running or waiting to run. */
		void call(final ExecutorService service, final int wanted) {
			for (int n = jobs.get(); n < wanted; n = jobs.get())
				if (jobs.compareAndSet(n, n + 1)) {
					try {
						service.execute(this::help);
					}
					catch (final RuntimeException e) { // rejected (shut down): the caller works alone
						jobs.decrementAndGet();
						return;
					}
				}
		}

		private void help() {
			try {
				long idleSince = System.nanoTime();
				while (true) {
					final Run run = runs.peek();
					if (run != null) {
						run.work();
						runs.remove(run); // no task left to take: the next run comes up
						idleSince = System.nanoTime();
					}
					else if (System.nanoTime() - idleSince > IDLE_NANOS) break;
					else Thread.yield(); // spinning, but giving way to any other thread that can run
				}
			}
			finally {
				jobs.decrementAndGet();
			}
		}
	}

	/** The state of one multithreaded {@link #run}, shared by the threads that take part. */
	private static final class Run {

		/** How long the caller spins for the last tasks of others before it parks. */
		private static final long SPIN_NANOS = 50_000;

		/**
		 * Chunks per thread a run is cut into: consecutive tasks stay together (cache locality,
		 * one shared counter update per chunk) while a late thread still takes a fair share.
		 */
		private static final int CHUNKS_PER_THREAD = 4;

		private final int numTasks, chunk;
		private final Supplier<? extends IntConsumer> workers;
		private final Counter counter;
		private final Thread caller = Thread.currentThread();
		/** The next task not taken yet. */
		private final AtomicInteger next = new AtomicInteger();
		/** Tasks finished (normally or not), and tasks dropped after a failure. */
		private final AtomicInteger finished = new AtomicInteger();
		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		Run(final int numTasks, final int threads, final Supplier<? extends IntConsumer> workers,
			final Counter counter)
		{
			this.numTasks = numTasks;
			chunk = Math.max(1, numTasks / (threads * CHUNKS_PER_THREAD));
			this.workers = workers;
			this.counter = counter;
		}

		/**
		 * Takes chunks of consecutive tasks until none is left; a worker is made at the first task.
		 * After a failure (here or in another thread) the rest of a chunk is dropped.
		 */
		void work() {
			IntConsumer worker = null;
			for (int t0 = next.getAndAdd(chunk); t0 < numTasks; t0 = next.getAndAdd(chunk)) {
				final int t1 = Math.min(numTasks, t0 + chunk);
				try {
					for (int t = t0; t < t1 && failure.get() == null; t++) {
						if (counter != null && counter.listener.cancelled()) throw Progress.cancelled();
						if (worker == null) worker = workers.get();
						worker.accept(t);
						if (counter != null) counter.done();
					}
				}
				catch (final Throwable e) {
					fail(e);
				}
				finally {
					finish(t1 - t0);
				}
			}
		}

		/** Keeps the first failure and drops the tasks not taken yet. */
		private void fail(final Throwable e) {
			if (!failure.compareAndSet(null, e) && failure.get() != e) failure.get().addSuppressed(e);
			final int taken = next.getAndSet(numTasks);
			if (taken < numTasks) finish(numTasks - taken);
			// (a thread that took a chunk finishes it, dropping what it did not run)
		}

		private void finish(final int tasks) {
			if (finished.addAndGet(tasks) == numTasks) LockSupport.unpark(caller);
		}

		/**
		 * Waits (on the calling thread, after its own {@link #work}) until every task taken by
		 * another thread has finished, then throws the first failure.
		 */
		void await() {
			final long spinUntil = System.nanoTime() + SPIN_NANOS;
			while (finished.get() < numTasks && System.nanoTime() - spinUntil < 0)
				Thread.onSpinWait();
			while (finished.get() < numTasks)
				LockSupport.parkNanos(this, 1_000_000);
			final Throwable e = failure.get();
			if (e instanceof RuntimeException) throw (RuntimeException) e;
			if (e instanceof Error) throw (Error) e;
			if (e != null) throw new IllegalStateException(e);
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
