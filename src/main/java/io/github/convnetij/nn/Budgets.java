package io.github.convnetij.nn;

import java.util.Arrays;

import io.github.convnetij.compute.HeapBudget;

/**
 * Memory budgets of a network, checked before its arrays are allocated, in {@code long}
 * arithmetic: a shape typed by a user or read from a model file is a claim, and one that would
 * overflow an int or exhaust the heap is refused with a message naming the node, its shape, the
 * memory it needs and the heap there is.
 * <ul>
 * <li>{@link #node}: when a node is added, its input and output shapes must hold at most
 * 2^31 - 9 values per sample (no size is ever computed past the int range);</li>
 * <li>{@link #network}: when a network is built, its parameters and the outputs of its layers for
 * one sample must fit in the heap;</li>
 * <li>{@link #floats}: each array a layer allocates for a batch (outputs, gradients, kept state)
 * is checked against the int range and the free heap, naming the node and the batch;</li>
 * <li>{@link #batch}: before training or evaluation starts, a whole batch through the network
 * (the outputs of every layer, and their gradients when training) must fit in the heap, with a
 * message giving the need, the heap there is and the largest layer.</li>
 * </ul>
 */
public final class Budgets {

	/** Most values one array may hold. */
	static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

	private Budgets() {}

	/**
	 * Checks the per-sample shapes of a node just bound.
	 *
	 * @throws IllegalArgumentException when an input or the output holds more than 2^31 - 9 values
	 */
	static void node(final String name, final Layer layer, final int[][] inputShapes) {
		for (final int[] s : inputShapes)
			perSample(s, "input");
		perSample(layer.outputShape(), "output");
	}

	private static void perSample(final int[] shape, final String what) {
		long n = 1;
		for (final int s : shape) {
			if (s < 1) throw new IllegalArgumentException("the " + what + " shape " + Arrays.toString(
				shape) + " has an extent below 1");
			n = HeapBudget.times(n, s);
		}
		if (n > MAX_ARRAY) throw new IllegalArgumentException("the " + what + " " + describe(shape) +
			" holds " + (n == Long.MAX_VALUE ? "more than 2^63" : Long.toString(n)) +
			" values per sample, more than a Java array can (2^31 - 9)");
	}

	/**
	 * Checks that the network's parameters and the outputs of its layers for one sample fit in
	 * the heap (its parameters are already allocated when this is called, so only the outputs are
	 * checked against what is free).
	 */
	static void network(final Network net) {
		long outputs = 0, largest = -1;
		Network.Node big = null;
		for (final Network.Node nd : net.nodes()) {
			final long n = HeapBudget.elements(nd.outputShape());
			outputs = HeapBudget.plus(outputs, n);
			if (n > largest) {
				largest = n;
				big = nd;
			}
		}
		// forward output and backward gradient of every node, as floats
		final long bytes = HeapBudget.times(outputs, 8);
		if (big != null) HeapBudget.require(bytes, "one sample through this network (the outputs " +
			"and gradients of its layers; the largest is node '" + big.name() + "' (" + big.layer()
				.type() + ") " + describe(big.outputShape()) + ")");
	}

	/**
	 * Checks, before the first batch, that {@code batch} samples fit through {@code net}: the
	 * outputs of every node (and, when {@code training}, their gradients) and the input batch, as
	 * floats, against the free heap; and that no node's output for the batch exceeds a Java
	 * array. The message gives the need, the heap and the largest node; the caller's front end
	 * adds how to give Java more memory.
	 *
	 * @throws IllegalArgumentException {@code a batch of 64 images through this network (...)
	 *           needs 3.1 GB, but the Java heap has only ...: use a smaller batch size}
	 */
	public static void batch(final Network net, final int batch, final boolean training) {
		if (batch < 1) throw new IllegalArgumentException("a batch of " + batch +
			" images: expected at least 1");
		long values = HeapBudget.elements(net.inputShape()), largest = -1;
		Network.Node big = null;
		for (final Network.Node nd : net.nodes()) {
			final long n = HeapBudget.elements(nd.outputShape());
			values = HeapBudget.plus(values, training ? HeapBudget.times(n, 2) : n);
			if (n > largest) {
				largest = n;
				big = nd;
			}
		}
		if (big == null) return;
		final String layer = "node '" + big.name() + "' (" + big.layer().type() + ") " + describe(big
			.outputShape());
		final long inBatch = HeapBudget.times(largest, batch);
		if (inBatch > MAX_ARRAY) throw new IllegalArgumentException("a batch of " + batch +
			" images: the output of " + layer + " for the batch holds " + (inBatch == Long.MAX_VALUE
				? "more than 2^63" : Long.toString(inBatch)) + " values, more than a Java array can " +
			"(2^31 - 9): use a smaller batch size");
		final long perImage = HeapBudget.times(values, 4);
		try {
			HeapBudget.require(HeapBudget.times(perImage, batch), "a batch of " + batch + " images " +
				"through this network (" + HeapBudget.format(perImage) + " per image for the outputs " +
				(training ? "and gradients " : "") + "of its layers; the largest is " + layer + ")");
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage() + ": use a smaller batch size", e);
		}
	}

	/**
	 * A new float array of the product of {@code shape} (a batch), or a clear error naming the node
	 * when it cannot be an array or does not fit in the heap.
	 *
	 * @param what what the array is for, e.g. "output"
	 */
	static float[] floats(final Layer layer, final String what, final int[] shape) {
		final long n = HeapBudget.elements(shape);
		final String which = what + " of node '" + layer.name() + "' (" + layer.type() + ") " +
			describe(shape) + (shape.length > 0 ? " for a batch of " + shape[0] : "");
		if (n > MAX_ARRAY) throw new IllegalArgumentException("the " + which + " holds " + n +
			" values, more than a Java array can (2^31 - 9): use a smaller batch");
		return HeapBudget.floats(n, "the " + which);
	}

	/** {@code [100000, 28, 28]}. */
	private static String describe(final int[] shape) {
		return Arrays.toString(shape);
	}
}
