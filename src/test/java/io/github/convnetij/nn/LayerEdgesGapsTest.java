package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Edges of the layers' own checks (constructor and build refusals next to the smallest accepted
 * value, output extents worked by hand) and the backward contract inside a network, where the
 * layer's arrays are reused: two backward passes give the same input and parameter gradients
 * (they overwrite, not accumulate), no input gradient when not asked, and backward after an
 * inference-only forward is refused.
 */
class LayerEdgesGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	private static int[] built(final Layer l, final int... in) {
		return Network.builder(in).add("l", l).build().node("l").layer().outputShape();
	}

	/** The layer as the second node (after a ReLU), so that its gradient arrays are reused. */
	private static void contract(final String what, final Layer unbuilt, final boolean needsForward,
		final int... sample)
	{
		final Network net = Network.builder(sample).add("pre", Layers.relu()).add("l", unbuilt).build();
		net.initialize(3);
		final Layer l = net.node("l").layer();
		final Random rnd = new Random(5);
		final int[] xs = new int[sample.length + 1];
		xs[0] = 2;
		System.arraycopy(sample, 0, xs, 1, sample.length);
		final Tensor x = GradientCheck.random(rnd, xs);
		for (final Parameter p : l.parameters())
			for (int i = 0; i < p.value().numel(); i++)
				p.value().data()[i] += rnd.nextFloat() - 0.5f;
		final Tensor y = l.forward(new Tensor[] { x }, true);
		final Tensor dy = GradientCheck.random(rnd, y.shape());
		final float[] dx1 = l.backward(dy, true)[0].data().clone();
		final List<float[]> g1 = new ArrayList<>();
		for (final Parameter p : l.parameters())
			g1.add(p.grad().data().clone());
		assertTrue(GradientCheck.dot(Tensor.of(dx1, dx1.length), Tensor.of(dx1, dx1.length)) > 0, what +
			": some input gradient");
		final float[] dx2 = l.backward(dy, true)[0].data().clone();
		assertArrayEquals(dx1, dx2, what + ": second backward, input gradient");
		assertNull(l.backward(dy, false)[0], what + ": no input gradient asked");
		for (int i = 0; i < g1.size(); i++)
			assertArrayEquals(g1.get(i), l.parameters().get(i).grad().data(), what + ": " + l.parameters()
				.get(i).name() + " after the third backward");
		l.forward(new Tensor[] { x }, false);
		if (needsForward) assertThrows(IllegalStateException.class, () -> l.backward(dy, true), what);
	}

	@Test
	void backwardContract() {
		contract("dense", Layers.dense(3), true, 4);
		contract("dense no bias", Layers.dense(3, false), true, 4);
		contract("conv", new ConvLayer(2, new int[] { 3 }, new int[] { 1 }, Pads.same(), new int[] { 1 },
			true), true, 2, 4, 4);
		contract("convtranspose", new ConvTransposeLayer(2, new int[] { 3 }, new int[] { 2 }, null, null,
			new int[] { 1 }, 1, true), true, 2, 3, 3);
		contract("maxpool", Layers.maxPool(2), true, 2, 4, 4);
		contract("avgpool", Layers.avgPool(2), true, 2, 4, 4);
		contract("upsample 3d", new UpsampleLayer(new int[] { 2, 1, 3 }), false, 1, 2, 2, 2);
		contract("reshape", new ReshapeLayer(new int[] { 4, 2 }), true, 2, 4);
		contract("batchnorm", new BatchNormLayer(1e-5f, 0.1f), true, 2, 3, 3);
		contract("softmax", new SoftmaxLayer(), true, 2, 4);
		contract("logsoftmax", new LogSoftmaxLayer(), true, 2, 4);
		contract("globalavgpool", new GlobalAvgPoolLayer(), false, 2, 3, 3);
		contract("pad mirror", new PadLayer(new int[] { 0, 1, 0, 0, 2, 1 }, 0f,
			io.github.convnetij.compute.Boundary.MIRROR), false, 2, 3, 3);
		contract("pad constant", new PadLayer(new int[] { 0, 1, 0, 0, 2, 1 }, 1f), false, 2, 3, 3);
		contract("transpose", new TransposeLayer(new int[] { 2, 0, 1 }), false, 2, 3, 4);
	}

	@Test
	void denseEdges() {
		refused("dense needs >= 1 unit, got 0", () -> Layers.dense(0));
		assertArrayEquals(new int[] { 1 }, built(Layers.dense(1), 3));
		refused("dense needs a flat input [F], got [2, 3]", () -> built(Layers.dense(2), 2, 3));
	}

	@Test
	void convEdges() {
		final int[] one = { 1 };
		refused("conv groups must be >= 1, got 0", () -> new ConvLayer(2, one, one, Pads.valid(), one,
			true, 0));
		refused("3 output channels do not divide into 2 groups", () -> new ConvLayer(3, one, one, Pads
			.valid(), one, true, 2));
		refused("conv needs >= 1 output channel, got 0", () -> new ConvLayer(0, one, one, Pads.valid(),
			one, true, 1));
		refused("conv padding is null", () -> new ConvLayer(1, one, one, null, one, true, 1));
		assertArrayEquals(new int[] { 1, 5 }, built(new ConvLayer(1, one, one, Pads.valid(), one, true,
			1), 1, 5));
		assertArrayEquals(new int[] { 4, 3 }, built(new ConvLayer(4, new int[] { 3 }, one, Pads.valid(),
			one, true, 2), 2, 5));
		refused("conv needs an input [C, H, W]", () -> built(new ConvLayer(1, one, one, Pads.valid(), one,
			true, 1), 3));
		refused("3 input channels do not divide into 2 groups", () -> built(new ConvLayer(2, one, one,
			Pads.valid(), one, true, 2), 3, 4));
	}

	@Test
	void groupedConvFollowedByRelu() {
		// conv with 2 groups then relu (which the network may fuse into the conv) equals the conv
		// alone with negatives set to 0
		final int[] one = { 1 };
		final Network both = Network.builder(2, 5).add("c", new ConvLayer(4, new int[] { 3 }, one, Pads
			.same(), one, true, 2)).add("r", Layers.relu()).build();
		final Network alone = Network.builder(2, 5).add("c", new ConvLayer(4, new int[] { 3 }, one, Pads
			.same(), one, true, 2)).build();
		both.initialize(7); // He initialisation before a ReLU: copy the weights over
		final List<Parameter> pb = both.node("c").layer().parameters(), pa = alone.node("c").layer()
			.parameters();
		for (int i = 0; i < pb.size(); i++)
			System.arraycopy(pb.get(i).value().data(), 0, pa.get(i).value().data(), 0, pb.get(i).value()
				.numel());
		final Tensor x = GradientCheck.random(new Random(9), 3, 2, 5);
		final float[] a = alone.forward(x, false).data().clone();
		int negatives = 0;
		for (int i = 0; i < a.length; i++)
			if (a[i] < 0) {
				a[i] = 0;
				negatives++;
			}
		assertTrue(negatives > 0);
		assertArrayEquals(a, both.forward(x, false).data());
		assertArrayEquals(a, both.forward(x, true).data());
	}

	private static ConvTransposeLayer ct(final int out, final int k, final int s, final int[] pads,
		final int[] outPad, final int d, final int groups)
	{
		return new ConvTransposeLayer(out, new int[] { k }, new int[] { s }, pads, outPad, new int[] {
			d }, groups, true);
	}

	@Test
	void convTransposeEdges() {
		refused("groups must be >= 1, got 0", () -> ct(2, 3, 1, null, null, 1, 0));
		refused("3 output channels cannot be split into 2 groups", () -> ct(3, 3, 1, null, null, 1, 2));
		refused("needs >= 1 output channel, got 0", () -> ct(0, 3, 1, null, null, 1, 1));
		refused("pads must be >= 0", () -> ct(1, 3, 1, new int[] { 0, -1 }, null, 1, 1));
		refused("outpad must be >= 0", () -> ct(1, 3, 2, null, new int[] { -1 }, 1, 1));
		// (in - 1) * s - pads + d * (k - 1) + 1 + outpad
		assertArrayEquals(new int[] { 1, 7 }, built(ct(1, 3, 2, null, null, 1, 1), 1, 3));
		assertArrayEquals(new int[] { 1, 4 }, built(ct(1, 3, 2, new int[] { 1, 2 }, null, 1, 1), 1, 3));
		assertArrayEquals(new int[] { 1, 8 }, built(ct(1, 3, 2, null, new int[] { 1 }, 1, 1), 1, 3));
		assertArrayEquals(new int[] { 1, 8 }, built(ct(1, 3, 1, null, new int[] { 1 }, 2, 1), 1, 3));
		assertArrayEquals(new int[] { 2, 5 }, built(ct(2, 3, 1, null, null, 1, 2), 2, 3));
		assertArrayEquals(new int[] { 1, 1 }, built(ct(1, 1, 1, null, null, 1, 1), 1, 1));
		assertArrayEquals(new int[] { 1, 4, 4, 4 }, built(ct(1, 2, 2, null, null, 1, 1), 1, 2, 2, 2));
		refused("outpad [2] must be below the stride or the dilation", () -> built(ct(1, 3, 2, null,
			new int[] { 2 }, 1, 1), 1, 3));
		refused("outpad [1] must be below", () -> built(ct(1, 3, 1, null, new int[] { 1 }, 1, 1), 1, 3));
		refused("needs an input [C, S...] with 1 to 3 spatial axes", () -> built(ct(1, 3, 1, null, null,
			1, 1), 3));
		refused("needs an input [C, S...] with 1 to 3 spatial axes", () -> ct(1, 3, 1, null, null, 1, 1)
			.build(new int[][] { { 1, 2, 2, 2, 2 } }));
		refused("3 input channels cannot be split into 2 groups", () -> built(ct(2, 3, 1, null, null, 1,
			2), 3, 4));
		refused("pads [1] need 2 values", () -> built(ct(1, 3, 1, new int[] { 1 }, null, 1, 1), 1, 4));
		refused("gives an output extent -1 on axis 0", () -> built(ct(1, 1, 1, new int[] { 1, 1 }, null,
			1, 1), 1, 1));
		refused("gives an output extent 0 on axis 0", () -> built(ct(1, 1, 1, new int[] { 1, 0 }, null,
			1, 1), 1, 1));
		// each axis fits, the whole does not: 2 * 65536 * 65536 values
		refused("gives an output extent", () -> new ConvTransposeLayer(2, new int[] { 1 }, new int[] {
			1 }, null, null, new int[] { 1 }, 1, true).build(new int[][] { { 1, 65536, 65536 } }));
		// exactly 2^31 - 1 values is still an array: (2 - 1) * 2147483646 + 1
		assertArrayEquals(new int[] { 1, Integer.MAX_VALUE }, ct(1, 1, 2147483646, null, null, 1, 1)
			.build(new int[][] { { 1, 2 } }));
		refused("gives an output extent 2147483648", () -> ct(1, 2, 2147483646, null, null, 1, 1).build(
			new int[][] { { 1, 2 } }));
	}

	@Test
	void upsampleEdgesAndValues() {
		refused("upsample needs an input [C, S...]", () -> built(new UpsampleLayer(new int[] { 2 }), 3));
		refused("upsample needs an input [C, S...]", () -> new UpsampleLayer(new int[] { 2 }).build(
			new int[][] { { 1, 2, 2, 2, 2 } }));
		assertArrayEquals(new int[] { 1, 4, 4, 4 }, built(new UpsampleLayer(new int[] { 2 }), 1, 2, 2,
			2));
		refused("gives more values than an array holds", () -> new UpsampleLayer(new int[] { 1 }).build(
			new int[][] { { 2, 1 << 30 } }));
		refused("gives more values than an array holds", () -> new UpsampleLayer(new int[] { 2 }).build(
			new int[][] { { 1, 1 << 30 } }));
		assertArrayEquals(new int[] { 1, Integer.MAX_VALUE }, new UpsampleLayer(new int[] { 1 }).build(
			new int[][] { { 1, Integer.MAX_VALUE } }));
		// [1, 2, 2, 2] by (2, 1, 3): y[z][y][x] = x[z / 2][y][x / 3]
		final Layer l = Network.builder(1, 2, 2, 2).add("u", new UpsampleLayer(new int[] { 2, 1, 3 }))
			.build().node("u").layer();
		final float[] v = { 1, 2, 3, 4, 5, 6, 7, 8 };
		final Tensor y = l.forward(Tensor.of(v, 1, 1, 2, 2, 2), false);
		assertArrayEquals(new int[] { 1, 1, 4, 2, 6 }, y.shape());
		assertArrayEquals(new float[] { //
			1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, //
			1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, //
			5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, //
			5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8 }, y.data());
		final float[] g = new float[48];
		for (int i = 0; i < g.length; i++)
			g[i] = i;
		// dx[z][y][x] = sum over its 2 x 1 x 3 block: rows z, z + 1 of 12; columns 3x..3x+2
		// dx[0][0][0] = (0+1+2) + (12+13+14) = 42, dx[0][0][1] = (3+4+5) + (15+16+17) = 60,
		// dx[0][1][0] = (6+7+8) + (18+19+20) = 78, dx[0][1][1] = 96, then +144 for z = 1
		assertArrayEquals(new float[] { 42, 60, 78, 96, 186, 204, 222, 240 }, l.backward(Tensor.of(g, 1,
			1, 4, 2, 6), true)[0].data());
		assertNull(l.backward(Tensor.of(g, 1, 1, 4, 2, 6), false)[0]);
		// [1, 3] by 2 and [1, 2, 2] by (1, 2)
		assertArrayEquals(new float[] { 1, 1, 2, 2, 3, 3 }, Network.builder(1, 3).add("u",
			new UpsampleLayer(new int[] { 2 })).build().forward(Tensor.of(new float[] { 1, 2, 3 }, 1, 1, 3),
				false).data());
		assertArrayEquals(new float[] { 1, 1, 2, 2, 3, 3, 4, 4 }, Network.builder(1, 2, 2).add("u",
			new UpsampleLayer(new int[] { 1, 2 })).build().forward(Tensor.of(new float[] { 1, 2, 3, 4 }, 1,
				1, 2, 2), false).data());
	}

	@Test
	void poolEdges() {
		refused("pool padding is null", () -> new PoolLayer(true, new int[] { 2 }, new int[] { 2 }, null,
			false));
		refused("maxpool needs an input [C, H, W]", () -> built(Layers.maxPool(2), 3));
		assertArrayEquals(new int[] { 1, 2 }, built(Layers.maxPool(2), 1, 4));
		// same padding of a 3-window at stride 1 pads 1 on each side (dilation 1): 5 -> 5
		final Layer same = Network.builder(1, 5).add("p", Layers.maxPool(new int[] { 3 }, new int[] { 1 },
			Pads.same(), false)).build().node("p").layer();
		assertArrayEquals(new int[] { 1, 5 }, same.outputShape());
		assertArrayEquals(new float[] { 5, 5, 5, 4, 4 }, same.forward(Tensor.of(new float[] { 1, 5, 2, 4,
			3 }, 1, 1, 5), false).data());
		assertArrayEquals(new int[] { 1, 3 }, built(Layers.avgPool(new int[] { 3 }, new int[] { 2 }, Pads
			.same(), false), 1, 5));
	}
}
