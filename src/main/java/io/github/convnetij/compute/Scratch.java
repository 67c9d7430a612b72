package io.github.convnetij.compute;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Scratch arrays kept per thread and reused from call to call, so that the compute kernels do
 * not allocate (and the JVM zero) large temporary arrays for every call: a network's inference
 * would otherwise allocate megabytes per layer, which with G1 are humongous objects that start a
 * garbage-collection cycle again and again. An array is held softly (the collector may take it
 * when memory is short) and only up to {@value #MAX_FLOATS} floats; larger ones are allocated
 * for the call, and {@link #clear} drops them all when the heap is needed. The contents are stale:
 * the caller overwrites or zeroes what it uses.
 * <p>
 * A slot is used by one piece of code at a time on a thread: the caller of a multithreaded run
 * takes {@link #GRIDS}, each worker {@link #BUFFER}, {@link #GRID} and {@link #TAIL} (a thread works for one
 * run at a time, and tasks do not start nested runs of the same kernel).
 */
final class Scratch {

	/**
	 * The slots: a worker's output block, a worker's padded input, a caller's padded inputs, a
	 * worker's copy of the last columns of its input planes (these four for {@link ImplicitConv}),
	 * and a worker's packed panels of A and of B ({@link Gemm}).
	 */
	static final int BUFFER = 0, GRID = 1, GRIDS = 2, TAIL = 3, PACKED_A = 4, PACKED_B = 5;
	private static final int SLOTS = 6;
	/** Largest array kept (64 MB). */
	static final int MAX_FLOATS = 1 << 24;

	/** One thread's arrays, by slot. */
	private static final class Holder {

		@SuppressWarnings("unchecked")
		final SoftReference<float[]>[] refs = new SoftReference[SLOTS];
	}

	/** Every live thread's holder (weakly: a thread that ends takes its holder along). */
	private static final Set<Holder> ALL = Collections.synchronizedSet(Collections.newSetFromMap(
		new WeakHashMap<>()));

	private static final ThreadLocal<Holder> CACHE = ThreadLocal.withInitial(() -> {
		final Holder h = new Holder();
		ALL.add(h);
		return h;
	});

	private Scratch() {}

	/** An array of at least {@code n} floats for {@code slot} on this thread, contents stale. */
	static float[] floats(final int slot, final int n) {
		if (n > MAX_FLOATS) return new float[n];
		final SoftReference<float[]>[] refs = CACHE.get().refs;
		float[] a = refs[slot] == null ? null : refs[slot].get();
		if (a == null || a.length < n) {
			a = new float[n];
			refs[slot] = new SoftReference<>(a);
		}
		return a;
	}

	/**
	 * Drops every thread's arrays (an array in use stays with its user until the call ends):
	 * {@link HeapBudget} does this before it asks the collector to make room, so that arrays kept
	 * for speed never make a request look too large for the heap.
	 */
	static void clear() {
		synchronized (ALL) {
			for (final Holder h : ALL)
				Arrays.fill(h.refs, null);
		}
	}
}
