package io.github.convnetij.compute;

import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Progress reports and cancellation for the long computations of this package, set for the
 * calling thread as ImgLib2's {@code Parallelization} sets the thread count: every task driver
 * started by {@code action} on this thread reports the fraction of its tasks done to the listener,
 * and stops between tasks, throwing {@link CancellationException}, once the listener says it is
 * cancelled. Results do not depend on whether a listener is set.
 * <pre>{@code
 * Tensor out = Progress.run(new Progress.Listener() {
 *     public void progress(double done) { bar.setValue(done); }
 *     public boolean cancelled() { return stopButtonPressed; }
 * }, () -> PlaneConvolutions.correlate(...));
 * }</pre>
 * A computation made of several passes (separable filters, FFT tiles and their sums) reports each
 * pass from 0 to 1.
 */
public final class Progress {

	/** Receives progress and is asked whether to stop. Called from worker threads. */
	public interface Listener {

		/**
		 * The fraction of the current pass that is done, in {@code [0, 1]}; calls are at least about
		 * {@value Progress#INTERVAL_MS} ms apart, except the final 1.
		 */
		void progress(double done);

		/** True to stop: the computation throws {@link CancellationException} between tasks. */
		boolean cancelled();
	}

	/** Minimum time between two progress reports of one pass, in ms. */
	public static final long INTERVAL_MS = 100;

	private static final ThreadLocal<Listener> CURRENT = new ThreadLocal<>();

	private Progress() {}

	/**
	 * Runs {@code action} on this thread with {@code listener} receiving the progress of the
	 * computations it starts here (null: none), and returns its result.
	 *
	 * @throws CancellationException if the listener cancelled the computation
	 */
	public static <T> T run(final Listener listener, final Supplier<T> action) {
		final Listener saved = CURRENT.get();
		CURRENT.set(listener);
		try {
			return action.get();
		}
		finally {
			if (saved == null) CURRENT.remove();
			else CURRENT.set(saved);
		}
	}

	/** As {@link #run(Listener, Supplier)} for an action without a result. */
	public static void run(final Listener listener, final Runnable action) {
		run(listener, () -> {
			action.run();
			return null;
		});
	}

	/**
	 * Runs {@code action}, part {@code index} of {@code count} equal parts of a computation, on
	 * this thread: its progress reaches this thread's listener (if any) as
	 * {@code (index + done) / count}, so a loop over parts shows one bar from 0 to 1.
	 *
	 * @throws CancellationException if the listener cancelled the computation
	 */
	public static <T> T part(final int index, final int count, final Supplier<T> action) {
		final Listener outer = CURRENT.get();
		if (outer == null) return action.get();
		if (outer.cancelled()) throw cancelled();
		return run(new Listener() {

			@Override
			public void progress(final double done) {
				outer.progress((index + done) / count);
			}

			@Override
			public boolean cancelled() {
				return outer.cancelled();
			}
		}, action);
	}

	/**
	 * Whether the listener set on this thread (if any) says to stop: for loops that are not task
	 * drivers, such as training, to check at their safe points.
	 */
	public static boolean isCancelled() {
		final Listener l = CURRENT.get();
		return l != null && l.cancelled();
	}

	/**
	 * Reports {@code done} (in [0, 1]) to the listener set on this thread, if any: for loops that
	 * are not task drivers, such as training; the caller keeps calls about
	 * {@value #INTERVAL_MS} ms apart.
	 */
	public static void report(final double done) {
		final Listener l = CURRENT.get();
		if (l != null) l.progress(Math.max(0, Math.min(1, done)));
	}

	/** The listener set on this thread, or null. */
	static Listener current() {
		return CURRENT.get();
	}

	/** The exception thrown when a listener cancels. */
	static CancellationException cancelled() {
		return new CancellationException("cancelled");
	}
}
