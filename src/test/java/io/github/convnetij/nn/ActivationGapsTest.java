package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Activation gradients at their kinks, as PyTorch 1.13 gives them (checked with
 * {@code torch.autograd} on x = -1, 0, 1, -3, 3, -0.0): relu 0 at +-0, leaky relu alpha at +-0,
 * hardtanh (our clip) 0 at both bounds, hardsigmoid 0 at -3 and 3; and the settings refused.
 */
class ActivationGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	private static final float[] X = { -1, 0, 1, -3, 3, -0.0f };

	private static float[] grad(final Layer unbuilt) {
		final Network net = Network.builder(X.length).add("a", unbuilt).build();
		net.forward(Tensor.of(X.clone(), 1, X.length), true);
		final float[] ones = new float[X.length];
		java.util.Arrays.fill(ones, 1f);
		return net.backward(Tensor.of(ones, 1, X.length), true).data();
	}

	@Test
	void gradientsAtKinksAsPyTorch() {
		assertArrayEquals(new float[] { 0, 0, 1, 0, 1, 0 }, grad(Layers.relu()));
		assertArrayEquals(new float[] { 0.1f, 0.1f, 1, 0.1f, 1, 0.1f }, grad(Layers.leakyRelu(0.1f)));
		// F.hardtanh(x, -1, 1)
		assertArrayEquals(new float[] { 0, 1, 0, 0, 0, 1 }, grad(new ClipLayer(-1, 1)));
		// F.hardsigmoid = clip(x / 6 + 1/2, 0, 1)
		final float s = 1 / 6f;
		assertArrayEquals(new float[] { s, s, s, 0, 0, s }, grad(new HardSigmoidLayer(1 / 6f, 0.5f)),
			1e-7f);
	}

	@Test
	void settingsRefused() {
		refused("alpha must be a finite number, got NaN", () -> Layers.leakyRelu(Float.NaN));
		refused("alpha must be a finite number, got Infinity", () -> Layers.leakyRelu(
			Float.POSITIVE_INFINITY));
		refused("clip needs min <= max, got 2.0 and 1.0", () -> new ClipLayer(2, 1));
		refused("clip needs min <= max", () -> new ClipLayer(Float.NaN, 1));
		refused("clip needs min <= max", () -> new ClipLayer(0, Float.NaN));
		// min == max is a constant
		final Network c = Network.builder(3).add("c", new ClipLayer(2, 2)).build();
		assertArrayEquals(new float[] { 2, 2, 2 }, c.forward(Tensor.of(new float[] { -5, 2, 9 }, 1, 3),
			false).data());
		refused("alpha and beta must be finite numbers", () -> new HardSigmoidLayer(Float.NaN, 0.5f));
		refused("alpha and beta must be finite numbers", () -> new HardSigmoidLayer(0.2f,
			Float.NEGATIVE_INFINITY));
		refused("add needs two inputs of the same shape, got [2] and [3]", () -> new AddLayer().build(
			new int[][] { { 2 }, { 3 } }));
		refused("concat needs >= 2 inputs, got 1", () -> new ConcatLayer(1, 0));
		refused("concat axis must be >= 0", () -> new ConcatLayer(2, -1));
		assertTrue(new ConcatLayer(2, 0).attributes().size() > 0);
	}
}
