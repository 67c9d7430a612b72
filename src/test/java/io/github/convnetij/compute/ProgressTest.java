package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

class ProgressTest {

	/** Records reports; cancels after {@code cancelAfter} polls (never if negative). */
	static final class Recorder implements Progress.Listener {

		final List<Double> reports = new CopyOnWriteArrayList<>();
		final AtomicInteger polls = new AtomicInteger();
		final int cancelAfter;

		Recorder(final int cancelAfter) {
			this.cancelAfter = cancelAfter;
		}

		@Override
		public void progress(final double done) {
			reports.add(done);
		}

		@Override
		public boolean cancelled() {
			return polls.incrementAndGet() > cancelAfter && cancelAfter >= 0;
		}
	}

	private static Tensor filter(final Tensor img, final Tensor w, final ConvMethod m) {
		return PlaneConvolutions.correlate(img, w, 0f, new int[] { 2, 2 }, new int[] { 2, 2 },
			Boundary.NEAREST, 0f, m);
	}

	@Test
	void reportsEndAtOneAndResultsDoNotChange() {
		final Random rnd = new Random(5);
		final Tensor img = TestData.random(rnd, 3, 1, 301, 257), w = TestData.random(rnd, 1, 1, 5, 5);
		for (final ConvMethod m : new ConvMethod[] { ConvMethod.DIRECT, ConvMethod.FFT }) {
			final Tensor plain = filter(img, w, m);
			for (final int threads : new int[] { 1, 3 }) {
				final Recorder r = new Recorder(-1);
				final Tensor watched = Parallelization.runWithNumThreads(threads, () -> Progress.run(r,
					() -> filter(img, w, m)));
				assertArrayEquals(plain.data(), watched.data(), m + " threads " + threads);
				assertTrue(r.polls.get() > 1, "polled between tasks");
				assertEquals(1.0, r.reports.get(r.reports.size() - 1));
				for (final double d : r.reports)
					assertTrue(d > 0 && d <= 1, "fraction " + d);
			}
		}
		assertNull(Progress.current(), "the listener is removed afterwards");
	}

	@Test
	void aCancelledListenerStopsTheComputation() {
		final Random rnd = new Random(6);
		final Tensor img = TestData.random(rnd, 4, 1, 512, 512), w = TestData.random(rnd, 1, 1, 3, 3);
		for (final int threads : new int[] { 1, 2 }) {
			final Recorder r = new Recorder(2);
			final RuntimeException e = assertThrows(RuntimeException.class, () -> Parallelization
				.runWithNumThreads(threads, () -> Progress.run(r, () -> filter(img, w,
					ConvMethod.DIRECT))));
			assertTrue(isCancellation(e), e.toString());
			assertTrue(r.reports.isEmpty() || r.reports.get(r.reports.size() - 1) < 1, r.reports
				.toString());
			// the thread's listener is restored: the next call runs to the end
			assertNull(Progress.current());
			filter(img, w, ConvMethod.DIRECT);
		}
	}

	@Test
	void listenersNestAndRestore() {
		final Recorder outer = new Recorder(-1), inner = new Recorder(-1);
		Progress.run(outer, () -> {
			assertEquals(outer, Progress.current());
			Progress.run(inner, () -> assertEquals(inner, Progress.current()));
			assertEquals(outer, Progress.current());
		});
		assertNull(Progress.current());
	}

	static boolean isCancellation(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
			if (c instanceof CancellationException) return true;
		return false;
	}
}
