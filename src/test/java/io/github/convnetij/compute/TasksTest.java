package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import net.imglib2.parallel.Parallelization;

/**
 * The task driver: every task runs exactly once whatever the thread count, a worker serves one
 * thread only and sees its tasks in increasing order, the calling thread takes part, and a failing
 * task stops the run with its own exception after the tasks already started have finished.
 */
class TasksTest {

	@Test
	void everyTaskRunsOnceAndEachWorkerServesOneThreadInIncreasingOrder() {
		for (final int threads : new int[] { 1, 2, 3, 8 })
			for (final int tasks : new int[] { 1, 2, 7, 1000 }) {
				final AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
				final AtomicInteger workersMade = new AtomicInteger();
				final Set<Thread> seen = ConcurrentHashMap.newKeySet();
				Parallelization.runWithNumThreads(threads, () -> Tasks.run(tasks, () -> {
					workersMade.incrementAndGet();
					final Thread[] owner = { null };
					final int[] last = { -1 };
					return (IntConsumer) t -> {
						if (owner[0] == null) owner[0] = Thread.currentThread();
						if (owner[0] != Thread.currentThread()) throw new AssertionError(
							"a worker was used by two threads");
						if (t <= last[0]) throw new AssertionError("task " + t + " after task " + last[0]);
						last[0] = t;
						seen.add(Thread.currentThread());
						runs.incrementAndGet(t);
						if (tasks > 100 && t % 97 == 0) Thread.onSpinWait();
					};
				}));
				for (int t = 0; t < tasks; t++)
					assertEquals(1, runs.get(t), "task " + t + " with " + threads + " threads");
				assertTrue(workersMade.get() <= Math.min(threads, tasks), workersMade.get() +
					" workers for " + threads + " threads and " + tasks + " tasks");
				assertTrue(seen.size() <= threads);
			}
	}

	@Test
	void theCallingThreadTakesPart() {
		// with 2 threads one job goes to the pool: the two tasks can only run at the same time
		// (each waits for the other to start) when the calling thread runs one of them
		final AtomicInteger startedTasks = new AtomicInteger();
		final boolean[] together = new boolean[2];
		Parallelization.runWithNumThreads(2, () -> Tasks.run(2, () -> t -> {
			startedTasks.incrementAndGet();
			final long end = System.nanoTime() + 5_000_000_000L;
			while (startedTasks.get() < 2 && System.nanoTime() < end)
				Thread.onSpinWait();
			together[t] = startedTasks.get() == 2;
		}));
		assertTrue(together[0] && together[1], "the two tasks did not run at the same time");
	}

	@Test
	void aFailingTaskStopsTheRunWithItsOwnExceptionAfterTheStartedTasksFinish() {
		final Thread caller = Thread.currentThread();
		for (final int threads : new int[] { 1, 2, 4 }) {
			final IllegalStateException boom = new IllegalStateException("task 3 failed");
			final AtomicInteger running = new AtomicInteger(), started = new AtomicInteger();
			final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallelization
				.runWithNumThreads(threads, () -> Tasks.run(10_000, () -> t -> {
					running.incrementAndGet();
					started.incrementAndGet();
					try {
						if (t == 3) throw boom;
						// tasks off the calling thread last longer: the caller runs out of tasks first
						// and must wait for them
						final long end = System.nanoTime() + (Thread.currentThread() == caller ? 20_000 :
							5_000_000);
						while (System.nanoTime() < end)
							Thread.onSpinWait();
					}
					finally {
						running.decrementAndGet();
					}
				})));
			assertSame(boom, thrown, "threads " + threads);
			assertEquals(0, running.get(), "a task still ran after the run returned (threads " + threads +
				")");
			assertTrue(started.get() < 10_000, "the failure did not stop the run (threads " + threads + ")");
		}
	}

	@Test
	void errorsAreThrownAsTheyWereThrown() {
		final OutOfMemoryError oom = new OutOfMemoryError("test");
		final OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> Parallelization
			.runWithNumThreads(2, () -> Tasks.run(8, () -> t -> {
				if (t == 5) throw oom;
			})));
		assertSame(oom, thrown);
	}

	@Test
	void nestedRunsFinish() {
		final AtomicInteger inner = new AtomicInteger();
		Parallelization.runWithNumThreads(2, () -> Tasks.run(6, () -> t -> Tasks.run(5, () -> u -> inner
			.incrementAndGet())));
		assertEquals(30, inner.get());
	}

	@Test
	void closedPoolsAreNotKeptAlive() throws InterruptedException {
		// each runWithNumThreads makes (and closes) a pool of its own; the helpers registered for
		// it must not keep it reachable
		final java.util.List<java.lang.ref.WeakReference<Object>> pools = new java.util.ArrayList<>();
		for (int i = 0; i < 20; i++)
			Parallelization.runWithNumThreads(2, () -> {
				pools.add(new java.lang.ref.WeakReference<>(Parallelization.getExecutorService()));
				Tasks.run(4, () -> t -> {});
			});
		final long end = System.nanoTime() + 10_000_000_000L;
		int alive = pools.size();
		while (alive > 0 && System.nanoTime() < end) {
			System.gc();
			Thread.sleep(50);
			alive = 0;
			for (final java.lang.ref.WeakReference<Object> r : pools)
				if (r.get() != null) alive++;
		}
		// a pool whose last thread is still ending may stay a little longer: most must be gone
		assertTrue(alive <= 2, alive + " of 20 closed pools still reachable");
	}
}
