package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;

import org.junit.jupiter.api.Test;

/**
 * Conv + BatchNormalization folded at load: a network of ours with batch norm after convolutions
 * (run unfused, as a reference) is exported to ONNX and imported; the imported network has no
 * batchnorm layer where a batch norm follows a Conv read only by it, and gives the same
 * predictions within float rounding.
 */
class ConvBatchNormFusionTest {

	private static Network randomized(final String arch) {
		final Network net = Architectures.parse(arch, new int[] { 3, 9, 9 }, 0);
		net.initialize(5);
		final Random r = new Random(17);
		for (final Parameter p : net.buffers()) {
			final float[] d = p.value().data();
			for (int i = 0; i < d.length; i++)
				d[i] = p.role().equals("running_var") ? 0.5f + r.nextFloat() : r.nextFloat() - 0.5f;
		}
		for (final Parameter p : net.parameters())
			if (p.name().contains("bn")) {
				final float[] d = p.value().data();
				for (int i = 0; i < d.length; i++)
					d[i] = 0.5f + r.nextFloat();
			}
		return net;
	}

	private static List<String> types(final Network net) {
		final List<String> t = new ArrayList<>();
		for (final Network.Node n : net.nodes())
			t.add(n.layer().type());
		return t;
	}

	private static void assertClose(final Tensor expected, final Tensor actual) {
		assertArrayEquals(expected.shape(), actual.shape());
		for (int i = 0; i < expected.data().length; i++)
			assertEquals(expected.data()[i], actual.data()[i], 1e-4f * (1 + Math.abs(expected.data()[i])),
				"element " + i);
	}

	private static Tensor input() {
		final Random r = new Random(3);
		final float[] x = new float[2 * 3 * 9 * 9];
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextFloat() * 2 - 1;
		return Tensor.of(x, 2, 3, 9, 9);
	}

	@Test
	void batchNormAfterConvIsFoldedIntoIt() {
		final Network net = randomized("conv(4,3,pad=1,bias=false), bn1:batchnorm(eps=0.01), relu, " +
			"conv(5,3,stride=2), bn2:batchnorm, relu, flatten, dense(3)");
		final Network back = OnnxNetworks.toNetwork(OnnxNetworks.toOnnx(net, Map.of(), List.of()), null, true);
		assertEquals(List.of("conv", "relu", "conv", "relu", "flatten", "dense"), types(back));
		final Tensor x = input();
		assertClose(net.predict(x), back.predict(x));
		// our own files keep their batch norms by default (they may be trained further)
		final Network kept = OnnxNetworks.toNetwork(OnnxNetworks.toOnnx(net, Map.of(), List.of()), null);
		assertEquals(2, types(kept).stream().filter("batchnorm"::equals).count());
	}

	@Test
	void batchNormAfterAConvReadTwiceStays() {
		// c1's output is read by the batch norm and by the residual add: no fusion there
		final Network net = randomized("c1:conv(4,3,pad=1), bn1:batchnorm, relu, conv(4,3,pad=1), " +
			"add(c1), bn2:batchnorm, flatten, dense(2)");
		final Network back = OnnxNetworks.toNetwork(OnnxNetworks.toOnnx(net, Map.of(), List.of()), null, true);
		final List<String> t = types(back);
		assertEquals(2, t.stream().filter("batchnorm"::equals).count(), t.toString());
		final Tensor x = input();
		assertClose(net.predict(x), back.predict(x));
		assertTrue(t.contains("add"));
	}
}
