package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * {@link Layer#backward} without input gradients returns nulls (the first layer of a network
 * needs none) and still sets the parameter gradients, the same as with them; with them, a
 * gradient of the input's shape.
 */
class NoInputGradientTest {

	private static final String[] FIRST = { "relu", "leakyrelu(alpha=0.2)", "sigmoid", "tanh",
		"hardsigmoid", "hardswish", "clip(min=0.0,max=0.5)", "dropout(0.3)", "maxpool(2)",
		"avgpool(2)", "globalavgpool", "batchnorm", "conv(3,3,pad=1)", "convtranspose(2,3,stride=2)",
		"pad(0x1x2x0x3x1)", "upsample(2)", "resize(2,mode=linear)", "transpose(1x0x2)",
		"reshape(2x16)", "flatten", "const(mul,2x1x1)" };

	@Test
	void firstLayersReturnNullsAndStillSetParameterGradients() {
		final Random rnd = new Random(4);
		final int[] in = { 2, 4, 4 };
		for (final String first : FIRST) {
			final Network net = Architectures.parse(first + ", flatten, dense(3)", in, 3);
			net.initialize(1);
			final Layer layer = net.nodes().get(0).layer();
			final Tensor x = GradientCheck.random(rnd, 2, 2, 4, 4);
			final Tensor y = layer.forward(new Tensor[] { x }, true);
			final Tensor dy = GradientCheck.random(rnd, y.shape());
			final Tensor[] with = layer.backward(dy, true);
			assertNotNull(with[0], first);
			assertArrayEquals(x.shape(), with[0].shape(), first);
			final float[][] grads = new float[layer.parameters().size()][];
			for (int i = 0; i < grads.length; i++)
				grads[i] = layer.parameters().get(i).grad().data().clone();
			final Tensor[] without = layer.backward(dy, false);
			assertEquals(1, without.length, first);
			assertNull(without[0], first);
			for (int i = 0; i < grads.length; i++)
				assertArrayEquals(grads[i], layer.parameters().get(i).grad().data(), first);
		}
	}
}
