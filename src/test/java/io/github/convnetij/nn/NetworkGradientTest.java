package io.github.convnetij.nn;

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
}
