package io.github.convnetij.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;

/** Activations of any layer, filters and feature maps of a model, and their errors. */
class NetworkViewsTest {

	/** Every layer kind of the architecture strings, with a residual branch. */
	static final String ALL = "conv(4,3,pad=same), batchnorm, b0:relu, conv(4,3,pad=same), " +
		"leakyrelu(alpha=0.1), add(b0), maxpool(2), avgpool(2), dropout(0.5), conv(6,1), " +
		"globalavgpool, flatten, dense(5), softmax";

	private static Network net() {
		final Network net = Architectures.parse(ALL, new int[] { 2, 8, 8 }, 5);
		net.initialize(3);
		return net;
	}

	private static Tensor image() {
		final Tensor t = Tensor.zeros(2, 8, 8);
		final Random r = new Random(5);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = r.nextFloat();
		return t;
	}

	@Test
	void everyLayerKindGivesItsOutputShape() {
		final Network net = net();
		final Tensor img = image();
		for (final Network.Node n : net.nodes())
			assertArrayEquals(n.outputShape(), NetworkViews.activation(net, img, n.name()).shape(), n
				.name() + " " + n.layer().type());
		// the last layer's output is what the network itself predicts
		final Tensor mine = NetworkViews.activation(net, img, String.valueOf(net.nodes().size() - 1));
		final Tensor theirs = net.predict(Tensor.of(img.data().clone(), 1, 2, 8, 8));
		assertArrayEquals(theirs.data(), mine.data(), 1e-6f);
	}

	@Test
	void firstConvolutionEqualsAPlainCorrelation() {
		final Network net = net();
		final Tensor img = image();
		final Network.Node conv = net.nodes().get(0);
		final float[] w = conv.layer().parameter("weight").value().data();
		final float[] b = conv.layer().parameter("bias").value().data();
		final Tensor act = NetworkViews.activation(net, img, conv.name());
		for (int o = 0; o < 4; o++)
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 8; x++) {
					double s = b[o];
					for (int c = 0; c < 2; c++)
						for (int dy = -1; dy <= 1; dy++)
							for (int dx = -1; dx <= 1; dx++) {
								final int yy = y + dy, xx = x + dx;
								if (yy < 0 || yy >= 8 || xx < 0 || xx >= 8) continue;
								s += w[((o * 2 + c) * 3 + dy + 1) * 3 + dx + 1] * img.data()[(c * 8 + yy) * 8 + xx];
							}
					assertEquals(s, act.data()[(o * 8 + y) * 8 + x], 1e-5, o + "," + y + "," + x);
				}
	}

	/**
	 * A ReLU that the executor fuses with the max pooling after it (training order: pool, then
	 * ReLU) is exact when asked for: max(conv, 0) pixel by pixel, and the pooling the plain 2x2
	 * maxima of it; conv computed here by a plain loop.
	 */
	@Test
	void reluBeforeMaxPoolingIsExact() {
		final Network net = Architectures.parse("conv(3,3,pad=1), relu, maxpool(2), flatten, dense(2), " +
			"softmax", new int[] { 1, 6, 6 }, 2);
		net.initialize(11);
		final Tensor img = Tensor.zeros(1, 6, 6);
		final Random r = new Random(2);
		for (int i = 0; i < 36; i++)
			img.data()[i] = r.nextFloat() - 0.5f;
		final float[] w = net.nodes().get(0).layer().parameter("weight").value().data();
		final float[] b = net.nodes().get(0).layer().parameter("bias").value().data();
		final float[] conv = new float[3 * 36];
		for (int o = 0; o < 3; o++)
			for (int y = 0; y < 6; y++)
				for (int x = 0; x < 6; x++) {
					double s = b[o];
					for (int dy = -1; dy <= 1; dy++)
						for (int dx = -1; dx <= 1; dx++)
							if (y + dy >= 0 && y + dy < 6 && x + dx >= 0 && x + dx < 6) s += w[o * 9 + (dy + 1) * 3 +
								dx + 1] * img.data()[(y + dy) * 6 + x + dx];
					conv[o * 36 + y * 6 + x] = (float) s;
				}
		final Tensor relu = NetworkViews.activation(net, img, net.nodes().get(1).name());
		assertArrayEquals(new int[] { 3, 6, 6 }, relu.shape());
		boolean someNegative = false;
		for (int i = 0; i < conv.length; i++) {
			someNegative |= conv[i] < 0;
			assertEquals(Math.max(conv[i], 0), relu.data()[i], 1e-5f, "relu " + i);
		}
		assertTrue(someNegative, "the test needs negative conv outputs");
		final Tensor pool = NetworkViews.activation(net, img, net.nodes().get(2).name());
		for (int o = 0; o < 3; o++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 3; x++) {
					float m = 0;
					for (int dy = 0; dy < 2; dy++)
						for (int dx = 0; dx < 2; dx++)
							m = Math.max(m, conv[o * 36 + (2 * y + dy) * 6 + 2 * x + dx]);
					assertEquals(m, pool.data()[o * 9 + y * 3 + x], 1e-5f, "maxpool " + o + "," + y + "," + x);
				}
		// the network still predicts as before (the views do not disturb its buffers)
		assertArrayEquals(net.predict(Tensor.of(img.data().clone(), 1, 1, 6, 6)).data(), NetworkViews
			.activation(net, img, "5").data(), 1e-6f);
	}

	@Test
	void picturesOfAnyLayer() throws IOException {
		final Network net = net();
		final Tensor img = image();
		for (final Network.Node n : net.nodes()) {
			final Figure f = NetworkViews.featureMaps(net, img, 0, 1, n.name(), 8);
			assertTrue(f.text().get(Figure.TITLE).contains(n.name()), n.name());
		}
		VizLook.save(NetworkViews.featureMaps(net, img, 0, 1, "dense1".equals(net.nodes().get(12)
			.name()) ? "dense1" : net.nodes().get(12).name(), 8), "feature-maps-dense.png");
		final FilterMontage.Result r = NetworkViews.filters(net, net.nodes().get(3).name(),
			FilterMontage.Mode.ROWS, FilterMontage.Scale.PER_TILE);
		assertEquals(4, r.columns());
		assertTrue(NetworkViews.architecture(net, "all kinds").text().get(ArchitecturePicture.TABLE_KEY)
			.contains("global avg pool"));
	}

	@Test
	void badChoicesNameWhatThereIs() {
		final Network net = net();
		final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
			() -> NetworkViews.activation(net, image(), "conv9"));
		assertTrue(unknown.getMessage().contains("no layer 'conv9'") && unknown.getMessage().contains(
			net.nodes().get(0).name() + ", "), unknown.getMessage());
		final IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
			() -> NetworkViews.activation(net, Tensor.zeros(3, 8, 8), net.nodes().get(0).name()));
		assertEquals("the image is 3x8x8 (C x H x W) but the model takes 2x8x8", shape.getMessage());
		final String relu = net.nodes().get(2).name();
		final IllegalArgumentException notConv = assertThrows(IllegalArgumentException.class,
			() -> NetworkViews.filters(net, relu, FilterMontage.Mode.AUTO, FilterMontage.Scale.SHARED));
		assertTrue(notConv.getMessage().contains("is relu, not a convolution") && notConv.getMessage()
			.contains(net.nodes().get(0).name()), notConv.getMessage());
	}

	@Test
	void longLayerListsAreCompact() {
		final StringBuilder arch = new StringBuilder();
		for (int i = 0; i < 12; i++)
			arch.append(i == 0 ? "" : ", ").append("conv(2,3,pad=1), relu");
		final Network net = Architectures.parse(arch + ", maxpool(2), flatten, dense(3)", new int[] {
			1, 8, 8 }, 3);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> NetworkViews.node(net, "relu13"));
		assertEquals("the model has no layer 'relu13'; its layers are conv1..conv12, relu1..relu12, " +
			"maxpool1, flatten1, dense1 (27 in all, or a position 0..26; Show Architecture, or " +
			"architecture on the command line, lists them with their shapes)", e.getMessage());
		// by position still
		assertEquals("relu12", NetworkViews.node(net, "23").name());
	}
}
