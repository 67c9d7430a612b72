package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * ONNX Gemm/MatMul import into a dense layer by hand from the operator definition
 * (Y = alpha A B' + beta C, B' = B or its transpose; our weight is [units, in]), and the
 * BatchNormalization, LogSoftmax and Clip import rules and settings at their edges.
 */
class DenseImportGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	/** Gemm on a flat input of 3 features, B = [[1, 2], [3, 4], [5, 6]] (3 x 2: no transB). */
	private static FakeOnnxImport gemm() {
		return new FakeOnnxImport("Gemm", 13, 3).input(1, new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
	}

	private static FakeOnnxImport imported(final FakeOnnxImport in) {
		DenseLayer.KIND.fromOnnx(in);
		return in;
	}

	private static float[] weight(final FakeOnnxImport in, final int i, final String role,
		final int... shape)
	{
		final Object[] w = in.weights.get(i);
		assertEquals(role, w[1]);
		assertArrayEquals(shape, (int[]) w[3]);
		return (float[]) w[2];
	}

	@Test
	void gemmWeights() {
		// no transB: B is [in 3, units 2]; ours is its transpose [[1, 3, 5], [2, 4, 6]]
		FakeOnnxImport in = imported(gemm());
		assertEquals(2, in.layer().attributes().get("units"));
		assertEquals(false, in.layer().attributes().get("bias"));
		assertEquals(1, in.weights.size());
		assertArrayEquals(new float[] { 1, 3, 5, 2, 4, 6 }, weight(in, 0, "weight", 2, 3));
		// transB=1: B is [units 3, in 2], on an input of 2 features
		in = imported(new FakeOnnxImport("Gemm", 13, 2).input(1, new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2)
			.attr("transB", 1L));
		assertEquals(3, in.layer().attributes().get("units"));
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, weight(in, 0, "weight", 3, 2));
		// alpha scales the weight
		in = imported(gemm().attr("alpha", 0.5f));
		assertArrayEquals(new float[] { 0.5f, 1.5f, 2.5f, 1, 2, 3 }, weight(in, 0, "weight", 2, 3));
		// MatMul: the same rule without attributes
		in = imported(new FakeOnnxImport("MatMul", 13, 3).input(1, new float[] { 1, 2, 3, 4, 5, 6 }, 3,
			2));
		assertArrayEquals(new float[] { 1, 3, 5, 2, 4, 6 }, weight(in, 0, "weight", 2, 3));
	}

	@Test
	void gemmBias() {
		FakeOnnxImport in = imported(gemm().input(2, new float[] { 7, 8 }, 2));
		assertEquals(true, in.layer().attributes().get("bias"));
		assertArrayEquals(new float[] { 7, 8 }, weight(in, 1, "bias", 2));
		in = imported(gemm().input(2, new float[] { 7, 8 }, 1, 2));
		assertArrayEquals(new float[] { 7, 8 }, weight(in, 1, "bias", 2));
		// a scalar C is broadcast; beta scales C
		in = imported(gemm().input(2, new float[] { 7 }, 1).attr("beta", 2f));
		assertArrayEquals(new float[] { 14, 14 }, weight(in, 1, "bias", 2));
		in = imported(gemm().input(2, new float[] { 7, 8 }, 2).attr("beta", 0.5f));
		assertArrayEquals(new float[] { 3.5f, 4 }, weight(in, 1, "bias", 2));
		// beta 0: no bias at all
		in = imported(gemm().input(2, new float[] { 7, 8 }, 2).attr("beta", 0f));
		assertEquals(false, in.layer().attributes().get("bias"));
		assertEquals(1, in.weights.size());
		refused("C (the bias) of shape [2, 1] is not supported: expected [2], [1, 2] or a scalar",
			() -> imported(gemm().input(2, new float[] { 7, 8 }, 2, 1)));
		refused("C (the bias) of shape [3] is not supported", () -> imported(gemm().input(2, new float[] {
			7, 8, 9 }, 3)));
		// one unit: C [1, 1] is [1, units]
		in = imported(new FakeOnnxImport("Gemm", 13, 2).input(1, new float[] { 1, 2 }, 2, 1).input(2,
			new float[] { 5 }, 1, 1));
		assertArrayEquals(new float[] { 5 }, weight(in, 1, "bias", 1));
	}

	@Test
	void gemmRefusals() {
		refused("needs a flat input [N, F], got per-sample shape [3, 1]", () -> imported(new FakeOnnxImport(
			"Gemm", 13, 3, 1).input(1, new float[] { 1, 2, 3 }, 3, 1)));
		refused("transA=1 is not supported", () -> imported(gemm().attr("transA", 1L)));
		refused("B (the weight) must be a constant matrix", () -> imported(new FakeOnnxImport("Gemm", 13,
			3).input(1, new float[] { 1, 2, 3 }, 3)));
		refused("B (the weight) must be a constant matrix", () -> imported(new FakeOnnxImport("Gemm", 13,
			3).input(1, new float[] { 1, 2, 3 }, 1, 1, 3)));
		refused("dense takes at most 1 positional argument", () -> Architectures.parse("dense(2, 3)",
			new int[] { 4 }, 0));
	}

	@Test
	void batchNormImport() {
		final FakeOnnxImport in = new FakeOnnxImport("BatchNormalization", 13, 2, 3);
		for (int k = 1; k <= 4; k++)
			in.input(k, new float[] { 1, 1 }, 2);
		BatchNormLayer.KIND.fromOnnx(in);
		assertEquals(4, in.weightInputs.size());
		refused("training_mode=1 is not supported", () -> {
			final FakeOnnxImport t = new FakeOnnxImport("BatchNormalization", 15, 2, 3).attr(
				"training_mode", 1L);
			for (int k = 1; k <= 4; k++)
				t.input(k, new float[] { 1, 1 }, 2);
			BatchNormLayer.KIND.fromOnnx(t);
		});
		for (int missing = 1; missing <= 4; missing++) {
			final FakeOnnxImport m = new FakeOnnxImport("BatchNormalization", 13, 2, 3);
			for (int k = 1; k <= 4; k++)
				if (k != missing) m.input(k, new float[] { 1, 1 }, 2);
			refused("needs scale, bias, mean and variance inputs", () -> BatchNormLayer.KIND.fromOnnx(m));
		}
	}

	@Test
	void batchNormSettings() {
		final int[] shape = { 2, 3 };
		refused("eps must be > 0, got 0.0", () -> Architectures.parse("batchnorm(eps=0)", shape, 0));
		refused("eps must be > 0, got -1.0", () -> Architectures.parse("batchnorm(eps=-1)", shape, 0));
		refused("momentum must be in [0, 1], got 1.5", () -> Architectures.parse("batchnorm(momentum=1.5)",
			shape, 0));
		refused("momentum must be in [0, 1], got -0.25", () -> Architectures.parse(
			"batchnorm(momentum=-0.25)", shape, 0));
		final Map<String, Object> a = Architectures.parse("batchnorm(eps=0.001, momentum=1)", shape, 0)
			.node("batchnorm1").layer().attributes();
		assertEquals(0.001f, a.get("epsilon"));
		assertEquals(1f, a.get("momentum"));
		assertEquals(0f, Architectures.parse("batchnorm(momentum=0)", shape, 0).node("batchnorm1").layer()
			.attributes().get("momentum"));
	}

	@Test
	void logSoftmaxImportExport() {
		final FakeOnnxImport ok = new FakeOnnxImport("LogSoftmax", 13, 2, 3);
		LogSoftmaxLayer.KIND.fromOnnx(ok);
		assertEquals("logsoftmax", ok.layer().type());
		refused("only a log-softmax over the last axis is supported, not over axis 1 of per-sample " +
			"shape [2, 3]", () -> LogSoftmaxLayer.KIND.fromOnnx(new FakeOnnxImport("LogSoftmax", 13, 2, 3)
				.attr("axis", 1L)));
		refused("not over axis 1 of per-sample shape [2, 3]", () -> LogSoftmaxLayer.KIND.fromOnnx(
			new FakeOnnxImport("LogSoftmax", 11, 2, 3)));
		final Layer l = Architectures.parse("logsoftmax", new int[] { 3 }, 0).node("logsoftmax1").layer();
		assertEquals(1L, FakeOnnxExport.of(l).attrs.get("axis"));
	}

	@Test
	void clipImport() {
		// opset 11 on: min and max are inputs 1 and 2 (optional); before: attributes
		FakeOnnxImport in = new FakeOnnxImport("Clip", 11, 3).input(1, new float[] { 0 }).input(2,
			new float[] { 6 });
		ClipLayer.KIND.fromOnnx(in);
		assertEquals(0f, in.layer().attributes().get("min"));
		assertEquals(6f, in.layer().attributes().get("max"));
		in = new FakeOnnxImport("Clip", 11, 3).input(2, new float[] { 6 });
		ClipLayer.KIND.fromOnnx(in);
		assertFalse(in.layer().attributes().containsKey("min"));
		assertEquals(6f, in.layer().attributes().get("max"));
		in = new FakeOnnxImport("Clip", 10, 3).attr("min", -1f).attr("max", 1f);
		ClipLayer.KIND.fromOnnx(in);
		assertEquals(-1f, in.layer().attributes().get("min"));
		assertEquals(1f, in.layer().attributes().get("max"));
		refused("min must be a scalar, got 2 values", () -> ClipLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Clip", 13, 3).input(1, new float[] { 0, 1 })));
		refused("max must be a scalar, got 0 values", () -> ClipLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Clip", 13, 3).input(2, new float[0])));
	}
}
