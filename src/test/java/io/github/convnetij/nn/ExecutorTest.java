package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

import org.junit.jupiter.api.Test;

/** The executor: fused and unfused runs agree bitwise; any node's output comes back. */
class ExecutorTest {

	/** The reference CNN's pattern (ReLU then max pooling, fused), with a residual and batch norm. */
	private static final String NET = "conv(4,3,pad=1), relu, maxpool(2), conv(4,3,pad=same), " +
		"batchnorm, b0:relu, conv(4,3,pad=same), relu, add(b0), relu, maxpool(2), flatten, dense(8), " +
		"relu, dense(3), softmax";

	private static Network net() {
		final Network net = Architectures.parse(NET, new int[] { 2, 8, 8 }, 3);
		net.initialize(11);
		return net;
	}

	private static void assertBitwise(final Tensor a, final Tensor b, final String what) {
		assertArrayEquals(a.shape(), b.shape(), what);
		for (int i = 0; i < a.data().length; i++)
			assertEquals(Float.floatToIntBits(a.data()[i]), Float.floatToIntBits(b.data()[i]), what +
				" element " + i);
	}

	@Test
	void unfusedExecutionEqualsFusedExecution() {
		final Network net = net();
		final Tensor x = LayerKindsTest.random(new Random(3), 5, 2, 8, 8);
		final Executor fused = net.executor(), plain = Executor.unfused(net.graph());
		assertTrue(fused.isFused());
		assertFalse(plain.isFused());
		// inference (the fused executor's intermediate arrays come from its pool and are reused
		// from pass to pass, also across batch sizes)
		assertBitwise(fused.forward(x, false).copy(), plain.forward(x, false), "inference");
		final Tensor x2 = LayerKindsTest.random(new Random(7), 2, 2, 8, 8);
		assertBitwise(fused.forward(x2, false).copy(), plain.forward(x2, false), "inference, batch 2");
		assertBitwise(fused.forward(x, false).copy(), plain.forward(x, false), "inference again");
		final Map<String, Tensor> maps = fused.outputs(x, List.of("b0", "add1"));
		final Map<String, Tensor> plainMaps = plain.outputs(x, List.of("b0", "add1"));
		assertBitwise(maps.get("b0"), plainMaps.get("b0"), "b0");
		assertBitwise(maps.get("add1"), plainMaps.get("add1"), "add1");
		// training: outputs, input gradients and every parameter gradient
		final Tensor g = LayerKindsTest.random(new Random(4), 5, 3);
		final Tensor yf = fused.forward(x, true).copy();
		final Tensor dxf = fused.backward(g, true).copy();
		final List<Tensor> gradsF = new ArrayList<>();
		for (final Parameter p : net.parameters())
			gradsF.add(p.grad().copy());
		final Tensor yp = plain.forward(x, true).copy();
		final Tensor dxp = plain.backward(g, true);
		assertBitwise(yf, yp, "training output");
		assertBitwise(dxf, dxp, "input gradient");
		for (int i = 0; i < gradsF.size(); i++)
			assertBitwise(gradsF.get(i), net.parameters().get(i).grad(), net.parameters().get(i).name());
	}

	/**
	 * Inference uses the conv weights packed once (see {@link Parameter#changed}): after the values
	 * change, the next prediction uses the new ones — it equals a network built with them from
	 * scratch, bitwise — and so does it after a training pass.
	 */
	@Test
	void predictionsFollowChangedWeights() {
		final Network net = net();
		final Tensor x = LayerKindsTest.random(new Random(6), 3, 2, 8, 8);
		final Tensor before = net.predict(x).copy();
		final Parameter w = net.parameter("conv2.weight");
		for (int i = 0; i < w.value().numel(); i++)
			w.value().data()[i] *= -1.5f;
		w.changed();
		final Tensor after = net.predict(x).copy();
		final Network twin = net();
		for (final List<Parameter> ps : List.of(net.parameters(), net.buffers()))
			for (final Parameter p : ps)
				System.arraycopy(p.value().data(), 0, twin.parameter(p.name()).value().data(), 0, p.value()
					.numel());
		assertBitwise(twin.predict(x), after, "after the change");
		boolean differs = false;
		for (int i = 0; i < after.numel(); i++)
			differs |= after.data()[i] != before.data()[i];
		assertTrue(differs, "the changed weight changed nothing");
		// a training pass (which moves the batch-norm statistics) on both
		net.forward(x, true);
		twin.forward(x, true);
		assertBitwise(twin.predict(x), net.predict(x), "after a training pass");
	}

	@Test
	void reluOutputsBeforeMaxPoolingComeBack() {
		final Network net = net();
		final Tensor x = LayerKindsTest.random(new Random(5), 2, 2, 8, 8);
		final Map<String, Tensor> out = net.executor().outputs(x, List.of("relu1", "conv1",
			"maxpool1"));
		assertEquals(List.of("relu1", "conv1", "maxpool1"), new ArrayList<>(out.keySet()));
		final Tensor conv = out.get("conv1"), relu = out.get("relu1"), pool = out.get("maxpool1");
		assertArrayEquals(new int[] { 2, 4, 8, 8 }, relu.shape());
		// plain references: max(x, 0) element by element, then 2x2 windows
		for (int i = 0; i < conv.data().length; i++)
			assertEquals(Math.max(conv.data()[i], 0f), relu.data()[i]);
		assertTrue(relu.data().length > 0 && hasZeroAndPositive(relu.data()));
		assertArrayEquals(new int[] { 2, 4, 4, 4 }, pool.shape());
		for (int nc = 0; nc < 8; nc++)
			for (int y = 0; y < 4; y++)
				for (int xx = 0; xx < 4; xx++) {
					float m = Float.NEGATIVE_INFINITY;
					for (int dy = 0; dy < 2; dy++)
						for (int dx = 0; dx < 2; dx++)
							m = Math.max(m, relu.data()[nc * 64 + (2 * y + dy) * 8 + 2 * xx + dx]);
					assertEquals(m, pool.data()[nc * 16 + y * 4 + xx]);
				}
		// the copies do not change with the next pass, and the pooled values are the fused ones
		final Tensor keep = relu.copy();
		final Map<String, Tensor> again = net.executor().outputs(x, List.of("maxpool1"));
		assertBitwise(pool, again.get("maxpool1"), "fused pooling");
		assertBitwise(keep, relu, "kept copy");
		assertNotSame(again.get("maxpool1"), pool);
		// and the last node equals the network's output
		final Tensor y = net.forward(x, false);
		assertBitwise(y, net.executor().outputs(x, List.of("softmax1")).get("softmax1"), "output");
	}

	/**
	 * Residual sums run with the convolution before them (and the ReLU after them) in inference
	 * passes: bitwise the unfused values, for batches of 1 and 5 and again 1; the fused nodes take
	 * no time of their own; asked-for outputs
	 * of the convolution or the sum come back (those passes do not fuse them).
	 */
	@Test
	void residualSumsRunWithTheConvolutionBeforeThem() {
		// conv1 + add1 + relu2 fused; conv2 + add2 fused (a pooling follows)
		final Network net = Architectures.parse("b0:conv(4,3,pad=1), relu, conv(4,3,pad=same), add(b0), " +
			"relu, b1:conv(4,1), conv(4,3,pad=same), add(b1), maxpool(2), conv(4,1), relu, flatten, " +
			"dense(3)", new int[] { 4, 8, 8 }, 3);
		net.initialize(13);
		final Executor fused = net.executor(), plain = Executor.unfused(net.graph());
		for (final int batch : new int[] { 1, 5, 1 }) {
			final Tensor x = LayerKindsTest.random(new Random(batch), batch, 4, 8, 8);
			assertBitwise(plain.forward(x, false), fused.forward(x, false).copy(), "batch " + batch);
		}
		final Tensor x = LayerKindsTest.random(new Random(9), 2, 4, 8, 8);
		final List<String> names = new ArrayList<>();
		for (final Network.Node nd : net.graph().nodes())
			names.add(nd.name());
		final long[] t = new long[names.size()];
		fused.forwardTimed(x, t);
		assertEquals(List.of("b0", "relu1", "conv1", "add1", "relu2", "b1", "conv2", "add2", "maxpool1",
			"conv3", "relu3", "flatten1", "dense1"), names);
		for (final String fusedAway : List.of("conv1", "add1", "conv2"))
			assertEquals(0, t[names.indexOf(fusedAway)], fusedAway + " runs with the next node");
		assertTrue(t[names.indexOf("relu2")] > 0 && t[names.indexOf("add2")] > 0);
		final List<String> asked = List.of("conv1", "add1", "add2", "relu2");
		final Map<String, Tensor> got = fused.outputs(x, asked), want = plain.outputs(x, asked);
		for (final String name : asked)
			assertBitwise(want.get(name), got.get(name), name);
		final float[] sum = got.get("add1").data(), relu = got.get("relu2").data();
		assertTrue(hasZeroAndPositive(relu));
		for (int i = 0; i < sum.length; i++)
			assertEquals(Math.max(sum[i], 0f), relu[i]);
	}

	private static boolean hasZeroAndPositive(final float[] a) {
		boolean zero = false, positive = false;
		for (final float v : a) {
			zero |= v == 0f;
			positive |= v > 0f;
		}
		return zero && positive;
	}

	@Test
	void unknownNodeNamesAreRefused() {
		final Network net = net();
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net
			.executor().outputs(Tensor.zeros(1, 2, 8, 8), List.of("relu9")));
		assertTrue(e.getMessage().startsWith("no node named 'relu9'; known: conv1, relu1, maxpool1"), e
			.getMessage());
	}

	@Test
	void theLossStepIsWhatComputeGradientsDoes() {
		final Network a = net(), b = net();
		final Tensor x = LayerKindsTest.random(new Random(6), 4, 2, 8, 8);
		final int[] labels = { 0, 2, 1, 2 };
		final Network.BatchResult ra = a.computeGradients(x, labels);
		final Network.BatchResult rb = LossStep.softmaxCrossEntropy(b, x, labels);
		assertEquals(ra.loss(), rb.loss());
		assertEquals(ra.correct(), rb.correct());
		assertEquals(1, a.step());
		assertEquals(1, b.step());
		for (int i = 0; i < a.parameters().size(); i++)
			assertBitwise(a.parameters().get(i).grad(), b.parameters().get(i).grad(), "gradient " + i);
		assertEquals(a.graph().size() - 1, a.graph().logitsEnd());
	}

	@Test
	void capabilitiesDriveTheGraph() {
		final Graph g = net().graph();
		assertTrue(g.followedByReluLike(0)); // conv1 -> relu1
		assertTrue(g.followedByReluLike(3)); // conv2 -> batchnorm -> relu
		assertFalse(g.followedByReluLike(g.size() - 2)); // dense(3) -> softmax
		assertTrue(g.feedsOnlyNext(1));
		assertTrue(Layers.relu().has(LayerKind.Capability.COMMUTES_WITH_MAX));
		assertFalse(Layers.leakyRelu(0.1f).has(LayerKind.Capability.COMMUTES_WITH_MAX));
		assertTrue(Layers.maxPool(2).has(LayerKind.Capability.MAX_POOLING));
		assertFalse(Layers.avgPool(2).has(LayerKind.Capability.MAX_POOLING));
	}
}
