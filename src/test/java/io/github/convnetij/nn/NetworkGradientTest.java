package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * The gradients {@link Network#computeGradients} sets for a whole small network (conv, batch norm,
 * ReLU, max pooling, a residual add, dense, softmax with the fused cross-entropy) against finite
 * differences of the mean cross-entropy.
 */
class NetworkGradientTest {

	@Test
	void wholeNetwork() {
		final Network net = Architectures.parse("conv(4,3,pad=same), batchnorm, relu, maxpool(2)," +
			" conv(4,3,pad=same), leakyrelu(0.1), b:conv(4,1), relu, conv(4,3,pad=same), add(b)," +
			" avgpool(2), flatten, dense(6), relu, dense(3), softmax", new int[] { 2, 8, 8 }, 3);
		net.initialize(11);
		final Random rnd = new Random(12);
		final Tensor x = GradientCheck.random(rnd, 4, 2, 8, 8);
		final int[] labels = { 0, 2, 1, 2 };
		final double loss = net.computeGradients(x, labels).loss();
		final java.util.function.ToDoubleFunction<Tensor> f = v -> {
			final Tensor probs = net.forward(x, true);
			double s = 0;
			for (int n = 0; n < labels.length; n++)
				s -= Math.log(probs.data()[n * 3 + labels[n]]);
			return s / labels.length;
		};
		assertEquals(loss, f.applyAsDouble(x), 1e-5);
		for (final Parameter p : net.parameters())
			GradientCheck.compare("network " + p.name(), p.value(), p.grad().copy(), f, 1e-3f, 2e-2, 25);
	}

	/**
	 * The network runs ReLU followed by max pooling (here also with overlapping, padded windows) as
	 * pooling then ReLU; outputs and gradients must be bitwise those of the layers run one after the
	 * other.
	 */
	@Test
	void activationBeforeMaxPoolingIsExact() {
		final String arch =
			"conv(4,3,pad=same), relu, maxpool(2), conv(4,3,pad=same), relu, maxpool(3,stride=1,pad=1), leakyrelu(0.1), maxpool(2), flatten, dense(3)";
		final int[] shape = { 2, 8, 8 };
		final Network fused = Architectures.parse(arch, shape, 3), plain = Architectures.parse(arch,
			shape, 3);
		final Tensor x = GradientCheck.random(new Random(3), 5, 2, 8, 8);
		final Tensor y = fused.forward(x, true);
		final Tensor dy = GradientCheck.random(new Random(4), y.shape());
		final Tensor dx = fused.backward(dy, true);
		// the same layers one by one
		Tensor cur = x;
		for (final Network.Node nd : plain.nodes())
			cur = nd.layer().forward(cur, true);
		assertArrayEquals(y.data(), cur.data(), "outputs");
		Tensor g = dy;
		for (int i = plain.nodes().size() - 1; i >= 0; i--)
			g = plain.nodes().get(i).layer().backward(g, true)[0];
		assertArrayEquals(g.data(), dx.data(), "input gradients");
		for (int i = 0; i < fused.parameters().size(); i++)
			assertArrayEquals(plain.parameters().get(i).grad().data(), fused.parameters().get(i).grad()
				.data(), fused.parameters().get(i).name());
	}
}
