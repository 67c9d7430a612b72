package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Batch norm, softmax, log-softmax and global average pooling: their checks at the edges, values
 * worked by hand, and which ONNX softmax axes are the last one (ONNX Softmax: opset 13 axis
 * default -1; before, the input is coerced to 2-d at axis, default 1).
 */
class NormalizeGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	@Test
	void batchNormSettings() {
		refused("epsilon must be > 0, got 0.0", () -> new BatchNormLayer(0f, 0.1f));
		refused("epsilon must be > 0, got NaN", () -> new BatchNormLayer(Float.NaN, 0.1f));
		refused("epsilon must be > 0, got Infinity", () -> new BatchNormLayer(Float.POSITIVE_INFINITY,
			0.1f));
		assertEquals(Float.MIN_VALUE, new BatchNormLayer(Float.MIN_VALUE, 0.1f).attributes().get(
			"epsilon"));
		refused("momentum must be in [0, 1], got -0.01", () -> new BatchNormLayer(1e-5f, -0.01f));
		refused("momentum must be in [0, 1], got 1.01", () -> new BatchNormLayer(1e-5f, 1.01f));
		refused("momentum must be in [0, 1], got NaN", () -> new BatchNormLayer(1e-5f, Float.NaN));
		assertEquals(0f, new BatchNormLayer(1e-5f, 0f).attributes().get("momentum"));
		assertEquals(1f, new BatchNormLayer(1e-5f, 1f).attributes().get("momentum"));
		// ONNX momentum is the weight of the old running value: ours is 1 - it, to 6 digits
		assertEquals(0.1f, BatchNormLayer.ourMomentum(0.9f));
		assertEquals(0.00999999f, BatchNormLayer.ourMomentum(0.99f)); // 0.99f is 0.99000001
		assertEquals(0f, BatchNormLayer.ourMomentum(1f));
		assertEquals(1f, BatchNormLayer.ourMomentum(0f));
		// outside [0, 1] returned unrounded, for the constructor to refuse with the value
		assertEquals((float) (1 - (double) 1.1f), BatchNormLayer.ourMomentum(1.1f));
		assertEquals((float) (1 - (double) -0.1f), BatchNormLayer.ourMomentum(-0.1f));
	}

	@Test
	void batchNormTrainingNeedsTwoValuesAndReinitializes() {
		final Network net = Network.builder(1).add("bn", new BatchNormLayer(1e-5f, 0.1f)).build();
		// two values per channel: mean 2, biased variance 1 -> -1, 1 (epsilon aside)
		final float[] y = net.forward(Tensor.of(new float[] { 1, 3 }, 2, 1), true).data();
		assertEquals(-1, y[0], 1e-4);
		assertEquals(1, y[1], 1e-4);
		refused("needs more than one value per channel in training mode", () -> net.forward(Tensor.of(
			new float[] { 1 }, 1, 1), true));
		final Layer bn = net.node("bn").layer();
		for (final String role : new String[] { "weight", "bias", "running_mean", "running_var" }) {
			final Parameter p = bn.parameter(role);
			assertTrue(p != null, role);
			p.value().data()[0] = 7;
		}
		net.initialize(4);
		assertEquals(1f, bn.parameter("weight").value().data()[0]);
		assertEquals(0f, bn.parameter("bias").value().data()[0]);
		assertEquals(0f, bn.parameter("running_mean").value().data()[0]);
		assertEquals(1f, bn.parameter("running_var").value().data()[0]);
	}

	private static boolean last(final long opset, final Long axis, final int... s) {
		final FakeOnnxImport in = new FakeOnnxImport("Softmax", opset, s);
		if (axis != null) in.attr("axis", axis);
		return SoftmaxLayer.lastAxis(in, s);
	}

	@Test
	void softmaxAxes() {
		assertTrue(last(13, null, 3, 4)); // -1 of rank 3
		assertTrue(last(13, 2L, 3, 4));
		assertFalse(last(13, 1L, 3, 4));
		assertFalse(last(13, -3L, 3, 4)); // the batch axis
		assertFalse(last(13, 0L, 3, 4));
		assertTrue(last(11, null, 5)); // 1 of rank 2
		assertFalse(last(11, null, 3, 4)); // coerced to [N, 12]: not the last axis alone
		assertTrue(last(11, -1L, 3, 4));
		assertFalse(last(13, -2L, 4)); // the batch axis of rank 2
		assertTrue(last(13, -1L, 4));
	}

	@Test
	void softmaxBuildAndValues() {
		refused("softmax needs an input [F] or [..., F], got []", () -> new SoftmaxLayer().build(
			new int[][] { {} }));
		refused("logsoftmax needs an input [F] or [..., F], got []", () -> new LogSoftmaxLayer().build(
			new int[][] { {} }));
		final Network net = Network.builder(2).add("l", new LogSoftmaxLayer()).build();
		// rows shifted by their own max: 1000 would overflow exp with another row's max;
		// log softmax of (0, 1) = (-log(1 + e), 1 - log(1 + e)) = (-1.3132617, -0.3132617)
		final float[] y = net.forward(Tensor.of(new float[] { 0, 1, 1000, 1001, -1000, -999 }, 3, 2),
			false).data();
		assertArrayEquals(new float[] { -1.3132617f, -0.3132617f, -1.3132617f, -0.3132617f, -1.3132617f,
			-0.3132617f }, y, 1e-5f);
		final Network sm = Network.builder(2, 2).add("s", new SoftmaxLayer()).build();
		// softmax over the last axis of [2, 2] per sample: e / (1 + e) = 0.7310586
		assertArrayEquals(new float[] { 0.2689414f, 0.7310586f, 0.7310586f, 0.2689414f, 0.5f, 0.5f,
			0.2689414f, 0.7310586f }, sm.forward(Tensor.of(new float[] { 0, 1, 1, 0, 5, 5, 1000, 1001 }, 2,
				2, 2), false).data(), 1e-6f);
	}

	@Test
	void globalAvgPool() {
		refused("globalavgpool needs an input [C, H, W]", () -> Network.builder(3).add("g",
			new GlobalAvgPoolLayer()).build());
		final Network one = Network.builder(2, 3).add("g", new GlobalAvgPoolLayer()).build();
		assertArrayEquals(new int[] { 2, 1 }, one.outputShape());
		final Tensor y1 = one.forward(Tensor.of(new float[] { 1, 2, 6, -3, 0, 6 }, 1, 2, 3), false);
		assertArrayEquals(new int[] { 1, 2, 1 }, y1.shape());
		assertArrayEquals(new float[] { 3, 1 }, y1.data());
		final Network two = Network.builder(1, 2, 2).add("g", new GlobalAvgPoolLayer()).build();
		final Tensor y2 = two.forward(Tensor.of(new float[] { 1, 2, 3, 6, 0, 0, 0, 4 }, 2, 1, 2, 2),
			false);
		assertArrayEquals(new int[] { 2, 1, 1, 1 }, y2.shape());
		assertArrayEquals(new float[] { 3, 1 }, y2.data());
	}
}
