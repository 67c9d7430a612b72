package io.github.convnetij.compute;

import java.util.Locale;

/**
 * Checks that an allocation a file or a user asked for can fit in the Java heap, before it is
 * made, so that a hostile or mistaken size gives a clear {@link IllegalArgumentException} instead
 * of an {@link OutOfMemoryError}. Sizes are {@code long} bytes; callers compute them in long
 * arithmetic (see {@link #times}).
 * <pre>{@code
 * HeapBudget.require(HeapBudget.times(4, n), "the weights of dense1");   // or an exception
 * }</pre>
 * The heap free for the allocation is {@code maxMemory - (totalMemory - freeMemory)}; when a
 * request does not fit that, the compute kernels' reused scratch arrays are dropped, the garbage
 * collector is asked to run once and the figure is taken again, so garbage left by earlier work
 * does not cause a false refusal. A fifth of the heap (at
 * least 32 MB) is kept free beside each request (the collector needs room to work). Requests below 16 MB are never refused (they are
 * not where an attack or a typo does harm).
 */
public final class HeapBudget {

	/** Requests smaller than this are not checked. */
	public static final long SMALL = 16L << 20;

	private HeapBudget() {}

	/** {@code a * b} for non-negative factors, or {@link Long#MAX_VALUE} when it overflows. */
	public static long times(final long a, final long b) {
		if (a < 0 || b < 0) throw new IllegalArgumentException("negative size " + a + " x " + b);
		if (a != 0 && b > Long.MAX_VALUE / a) return Long.MAX_VALUE;
		return a * b;
	}

	/** {@code a + b} for non-negative terms, or {@link Long#MAX_VALUE} when it overflows. */
	public static long plus(final long a, final long b) {
		final long s = a + b;
		return s < 0 ? Long.MAX_VALUE : s;
	}

	/** The product of the extents, or {@link Long#MAX_VALUE} when it overflows. */
	public static long elements(final int... shape) {
		long n = 1;
		for (final int s : shape)
			n = times(n, Math.max(s, 0));
		return n;
	}

	/** The heap that can still be allocated now, in bytes (without running the collector). */
	public static long available() {
		final Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/** The largest heap the JVM may use, in bytes ({@code -Xmx}). */
	public static long max() {
		return Runtime.getRuntime().maxMemory();
	}

	/**
	 * Throws when {@code bytes} cannot be allocated in the heap.
	 *
	 * @param what what needs the memory, e.g. {@code "file 'x.gz' (60000 images of 28 x 28)"}
	 * @throws IllegalArgumentException {@code "<what> needs 3.1 GB, but the Java heap has only
	 *           412 MB free (of 1.0 GB)"}
	 */
	public static void require(final long bytes, final String what) {
		if (bytes < SMALL) return;
		// kept free for what runs beside the allocation (and the collector's own needs): the free
		// figure is an estimate, and an allocation that only just fits still fails
		final long reserve = reserve();
		if (bytes <= available() - reserve) return;
		if (bytes <= max() - reserve) {
			Scratch.clear(); // the kernels' reused arrays go too
			System.gc();
			if (bytes <= available() - reserve) return;
		}
		throw refusal(bytes, what);
	}

	private static IllegalArgumentException refusal(final long bytes, final String what) {
		return new IllegalArgumentException(what + " needs " + format(bytes) +
			", but the Java heap has only " + format(Math.max(0, available() - reserve())) +
			" to spare (" + format(Math.max(0, available())) + " free of " + format(max()) +
			" at most, " + format(reserve()) + " kept in reserve)");
	}

	/** Heap kept free beside each request: a fifth of the maximum, at least 32 MB. */
	static long reserve() {
		return Math.max(32L << 20, max() / 5);
	}

	/**
	 * A new float array of {@code n} elements after {@link #require}; should the allocation fail
	 * all the same (the free figure is an estimate), the same clear error instead of an
	 * {@link OutOfMemoryError} (one failed allocation of one array leaves nothing half-made).
	 *
	 * @throws IllegalArgumentException when {@code n} is more than an array can hold or the heap
	 *           cannot take it
	 */
	public static float[] floats(final long n, final String what) {
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(what + " holds " + n +
			" values, more than a Java array can (2^31 - 9)");
		require(4 * n, what);
		try {
			return new float[(int) n];
		}
		catch (final OutOfMemoryError e) {
			throw refusal(4 * n, what);
		}
	}

	/** Throws when {@code bytes} is more than the whole heap could ever hold (no collection). */
	public static void requireAtMostMax(final long bytes, final String what) {
		if (bytes < SMALL || bytes <= max()) return;
		throw new IllegalArgumentException(what + " needs " + format(bytes) +
			", more than the whole Java heap (" + format(max()) + ")");
	}

	/** A byte count for people: {@code 512 bytes}, {@code 3.1 MB}, {@code 12 GB}. */
	public static String format(final long bytes) {
		if (bytes == Long.MAX_VALUE) return "more than 9 EB";
		if (bytes < 1024) return bytes + " bytes";
		final String[] units = { "KB", "MB", "GB", "TB", "PB", "EB" };
		double v = bytes;
		int u = -1;
		while (v >= 1024 && u < units.length - 1) {
			v /= 1024;
			u++;
		}
		return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : Long.toString(Math.round(v))) + " " +
			units[u];
	}
}
