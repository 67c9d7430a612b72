package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

class ArchitecturesTest {

	static final String REFERENCE =
		"conv(32,3,pad=1), relu, maxpool(2), conv(64,3,pad=1), relu, maxpool(2), flatten, dense(128), relu, dense(10), softmax";

	@Test
	void referenceNetwork() {
		final Network net = Architectures.parse(REFERENCE, new int[] { 1, 28, 28 }, 10);
		assertEquals(11, net.nodes().size());
		assertArrayEquals(new int[] { 10 }, net.outputShape());
		assertEquals(320 + 18496 + 401536 + 1290, net.numParameters());
		assertEquals(REFERENCE, net.architecture());
		final Random rnd = new Random(1);
		final Tensor x = Tensor.zeros(4, 1, 28, 28);
		for (int i = 0; i < x.numel(); i++)
			x.data()[i] = rnd.nextFloat();
		final Network.BatchResult r = net.computeGradients(x, new int[] { 1, 2, 3, 4 });
		assertTrue(Double.isFinite(r.loss()) && r.loss() > 0, "loss " + r.loss());
		final Tensor p = net.forward(x, false);
		assertArrayEquals(new int[] { 4, 10 }, p.shape());
	}

	@Test
	void defaultForFashionMnistIsTheReference() {
		final String d = Architectures.defaultFor(new int[] { 1, 28, 28 }, 10);
		assertEquals(REFERENCE.replace("pad=1", "pad=same"), d);
		assertEquals(d, Architectures.parse(d, new int[] { 1, 28, 28 }, 10).architecture());
	}

	@Test
	void residualRoundTrip() {
		final String s =
			"conv(8,3,pad=same), b0:relu, conv(8,3,pad=same), relu, conv(8,3,pad=same), add(b0), relu, globalavgpool, flatten, dense(classes), softmax";
		final Network net = Architectures.parse(s, new int[] { 3, 9, 9 }, 5);
		assertEquals(s.replace("classes", "5"), net.architecture());
	}

	@Test
	void errorsNameTheLayer() {
		final int[] in = { 1, 28, 28 };
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures
			.parse("conv(8,3), relu, convv(3), flatten, dense(10)", in, 10));
		assertTrue(e.getMessage().contains("layer 3 'convv(3)'") && e.getMessage().contains(
			"unknown layer"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Architectures.parse(
			"conv(8,3), relu, dense(10)", in, 10));
		assertTrue(e.getMessage().contains("layer 3 'dense(10)'") && e.getMessage().contains(
			"[8, 26, 26]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Architectures.parse(
			"conv(8,x), flatten, dense(10)", in, 10));
		assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("'x'"), e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Architectures.parse(
			"conv(8,3,foo=2), flatten, dense(10)", in, 10));
		assertTrue(e.getMessage().contains("foo"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Architectures.parse(
			"conv(8,3), flatten, dense(12)", in, 10));
		assertTrue(e.getMessage().contains("[12]") && e.getMessage().contains("10 classes"), e
			.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Architectures.parse(
			"conv(8,30), flatten, dense(10)", in, 10));
		assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("28"), e.getMessage());
	}

	@Test
	void defaultsBuildForOtherShapes() {
		for (final int[] shape : new int[][] { { 3, 32, 32 }, { 1, 5, 7 }, { 2, 1, 1 }, { 1, 100 }, {
			1, 8, 9, 10 }, { 20 } })
		{
			final Network net = Architectures.parse(Architectures.defaultFor(shape, 3), shape, 3);
			assertArrayEquals(new int[] { 3 }, net.outputShape(), java.util.Arrays.toString(shape));
		}
	}

	@Test
	void explicitPadsStrideDilationAndInputReferencesRoundTrip() {
		final String s =
			"a:conv(4,3x2,stride=2x1,pads=0x1x1x0,dilation=2x1,bias=false), maxpool(3,stride=2,pad=1,ceil=true)," +
				" conv(4,1,in=a), avgpool(2), leakyrelu(alpha=0.2), dropout(0.25), batchnorm(eps=0.001), flatten," +
				" dense(3,bias=false), softmax";
		final Network net = Architectures.parse(s, new int[] { 2, 12, 11 }, 3);
		assertEquals(s, net.architecture());
		final Network again = Architectures.parse(net.architecture(), new int[] { 2, 12, 11 }, 3);
		assertEquals(net.nodes().size(), again.nodes().size());
		assertEquals(net.numParameters(), again.numParameters());
	}

	@Test
	void moreBadStrings() {
		final int[] in = { 1, 8, 8 };
		for (final String[] c : new String[][] { { "maxpool(0), flatten, dense(2)", "window size must be >= 1, got 0" }, {
			"dropout(1.5), flatten, dense(2)", "dropout rate" }, { "add(x), flatten, dense(2)",
				"no layer labelled 'x'" }, { "conv(4,3,in=nope), flatten, dense(2)", "'nope'" }, {
					"conv(4,3),, flatten, dense(2)", "empty layer" }, { "conv(4,3, flatten, dense(2)",
						"unbalanced" }, { "", "empty" }, { "conv(4,3,pad=same,pads=1x1x1x1), flatten, dense(2)",
							"not both" }, { "relu(3), flatten, dense(2)", "at most 0" } })
		{
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Architectures.parse(c[0], in, 2), c[0]);
			assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
		}
	}

	@Test
	void namesThatAreNotLabelsAreReplaced() {
		// node names as a model file may have them
		final Network net = Network.builder(2, 6, 6).add("/stem/Conv", Layers.conv(2, 3)).add("r 1", Layers
			.relu()).add("conv 2", Layers.conv(2, new int[] { 1 }, new int[] { 1 }, Pads.valid(), new int[] {
				1 }, true)).add("sum", Layers.add(), "conv 2", "/stem/Conv").add(Layers.flatten()).add(Layers
					.dense(3)).build();
		final String s = net.architecture();
		assertEquals("_0:conv(2,3), relu, conv(2,1), add(_0), flatten, dense(3)", s);
		assertEquals(net.numParameters(), Architectures.parse(s, new int[] { 2, 6, 6 }, 3)
			.numParameters());
	}
}
