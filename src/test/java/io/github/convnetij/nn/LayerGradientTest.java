package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Every layer's backward pass against finite differences of {@code sum(dy * forward(x))}, for the
 * input and for every parameter, in training mode.
 */
class LayerGradientTest {

	/**
	 * Builds {@code layer} alone for per-sample shape {@code x.shape()[1..]}, runs forward and
	 * backward, and checks dx and every parameter gradient.
	 */
	static void check(final String what, final Layer layer, final Tensor x, final long seed,
		final float h)
	{
		final int[] s = x.shape();
		final int[] sample = java.util.Arrays.copyOfRange(s, 1, s.length);
		final Network net = Network.builder(sample).add("layer", layer).build();
		net.initialize(seed);
		final Random rnd = new Random(seed + 1);
		// non-trivial parameters (batch-norm scales away from 1, biases away from 0)
		for (final Parameter p : net.parameters())
			for (int i = 0; i < p.value().numel(); i++)
				p.value().data()[i] += (rnd.nextFloat() - 0.5f) * 0.5f;
		final Tensor y = net.forward(x, true);
		final Tensor dy = GradientCheck.random(rnd, y.shape());
		final Tensor dx = net.backward(dy, true);
		final int checks = 60;
		GradientCheck.compare(what + " dx", x, dx, v -> GradientCheck.dot(dy, net.forward(v, true)), h,
			2e-3, checks);
		for (final Parameter p : net.parameters()) {
			final Tensor grad = p.grad().copy();
			GradientCheck.compare(what + " " + p.name(), p.value(), grad, v -> GradientCheck.dot(dy, net
				.forward(x, true)), h, 2e-3, checks);
		}
	}

	private static Layer conv(final int out, final int[] k, final int[] s, final Pads p,
		final int[] d, final boolean bias)
	{
		return Layers.conv(out, k, s, p, d, bias);
	}

	@Test
	void convPaddingStrideDilation() {
		final Random rnd = new Random(1);
		final Tensor x = GradientCheck.random(rnd, 2, 3, 7, 8);
		final int[] one = { 1 };
		check("conv same", conv(4, new int[] { 3 }, one, Pads.same(), one, true), x, 1, 1e-2f);
		check("conv valid", conv(4, new int[] { 3 }, one, Pads.valid(), one, true), x, 2, 1e-2f);
		check("conv even same", conv(2, new int[] { 2, 4 }, one, Pads.same(), one, false), x, 3, 1e-2f);
		check("conv stride 2 same", conv(3, new int[] { 3 }, new int[] { 2 }, Pads.same(), one, true),
			x, 4, 1e-2f);
		check("conv stride 2x3 explicit", conv(3, new int[] { 3, 2 }, new int[] { 2, 3 }, Pads.explicit(
			new int[] { 1, 0 }, new int[] { 2, 1 }), one, true), x, 5, 1e-2f);
		check("conv dilation 2", conv(3, new int[] { 3 }, one, Pads.of(2), new int[] { 2 }, true), x, 6,
			1e-2f);
		check("conv dilation+stride same", conv(2, new int[] { 3 }, new int[] { 2 }, Pads.same(),
			new int[] { 2, 1 }, true), x, 7, 1e-2f);
		check("conv 1x1", conv(5, new int[] { 1 }, one, Pads.valid(), one, true), x, 8, 1e-2f);
		check("conv 1 in 1 out", conv(1, new int[] { 3 }, one, Pads.same(), one, true), GradientCheck
			.random(rnd, 2, 1, 6, 5), 9, 1e-2f);
		check("conv 1d", conv(3, new int[] { 3 }, new int[] { 2 }, Pads.same(), one, true), GradientCheck
			.random(rnd, 2, 2, 11), 10, 1e-2f);
		check("conv 3d", conv(2, new int[] { 2, 3, 3 }, one, Pads.same(), one, true), GradientCheck
			.random(rnd, 2, 2, 3, 4, 5), 11, 1e-2f);
	}

	@Test
	void pooling() {
		final Random rnd = new Random(2);
		final Tensor x = GradientCheck.distinct(rnd, 0.01f, 2, 3, 7, 6);
		check("maxpool 2", Layers.maxPool(2), x, 1, 1e-3f);
		check("maxpool 3/2 same", Layers.maxPool(new int[] { 3 }, new int[] { 2 }, Pads.same(), false), x,
			2, 1e-3f);
		check("maxpool 2 ceil", Layers.maxPool(new int[] { 2 }, new int[] { 2 }, Pads.valid(), true), x,
			3, 1e-3f);
		check("avgpool 2", Layers.avgPool(2), x, 4, 1e-2f);
		check("avgpool 3/2 pad 1 ceil", Layers.avgPool(new int[] { 3 }, new int[] { 2 }, Pads.of(1),
			true), x, 5, 1e-2f);
		check("globalavgpool", Layers.globalAvgPool(), x, 6, 1e-2f);
	}

	@Test
	void activations() {
		final Random rnd = new Random(3);
		final Tensor x = GradientCheck.distinct(rnd, 0.01f, 3, 2, 5, 5);
		check("relu", Layers.relu(), x, 1, 1e-3f);
		check("leakyrelu", Layers.leakyRelu(0.1f), x, 2, 1e-3f);
		check("softmax", Layers.softmax(), GradientCheck.random(rnd, 4, 7), 3, 1e-2f);
		check("flatten", Layers.flatten(), x, 4, 1e-2f);
		check("dropout", Layers.dropout(0.3f), x, 5, 1e-2f);
	}

	@Test
	void batchNormAndDense() {
		final Random rnd = new Random(4);
		check("batchnorm conv", Layers.batchNorm(), GradientCheck.random(rnd, 3, 4, 3, 5), 1, 1e-2f);
		check("batchnorm flat", Layers.batchNorm(1e-3f, 0.2f), GradientCheck.random(rnd, 5, 6), 2,
			1e-2f);
		check("dense", Layers.dense(7), GradientCheck.random(rnd, 3, 11), 3, 1e-2f);
		check("dense no bias", Layers.dense(4, false), GradientCheck.random(rnd, 2, 5), 4, 1e-2f);
	}

	@Test
	void addInAGraph() {
		final Random rnd = new Random(5);
		// y = conv(x) + x: the input gradient sums both paths
		final Network net = Network.builder(2, 5, 5).add("c", Layers.conv(2, new int[] { 3 }, new int[] {
			1 }, Pads.same(), new int[] { 1 }, true)).add("sum", Layers.add(), "c", Network.INPUT).add(
				"r", Layers.relu()).add("sum2", Layers.add(), "r", "c").build();
		final Tensor x = GradientCheck.random(rnd, 2, 2, 5, 5);
		final Tensor y = net.forward(x, true);
		final Tensor dy = GradientCheck.random(rnd, y.shape());
		final Tensor dx = net.backward(dy, true);
		GradientCheck.compare("add dx", x, dx, v -> GradientCheck.dot(dy, net.forward(v, true)), 1e-3f,
			3e-3, 50);
		final Parameter w = net.parameter("c.weight");
		GradientCheck.compare("add conv weight", w.value(), w.grad().copy(), v -> GradientCheck.dot(dy,
			net.forward(x, true)), 1e-3f, 3e-3, 50);
	}

	@Test
	void firstLayerSkipsTheInputGradient() {
		final Network net = Network.builder(1, 4, 4).add(Layers.conv(2, 3)).build();
		final Tensor x = GradientCheck.random(new Random(6), 2, 1, 4, 4);
		final Tensor y = net.forward(x, true);
		assertNull(net.backward(y, false));
		assertEquals(2 * 1 * 9, net.parameter("conv1.weight").grad().numel());
	}
}
