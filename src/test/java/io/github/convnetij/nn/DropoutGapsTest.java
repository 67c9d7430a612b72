package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Dropout's mixing function against SplitMix64's published finaliser (the reference sequence of
 * seed 0 starts 0xe220a8397b1dcdaf = mix(0x9E3779B97F4A7C15), then 0x6e789e6aa1b965f4 =
 * mix(2 x 0x9E3779B97F4A7C15)), ONNX Dropout's ratio and training_mode by opset, and no input
 * gradient when none is asked.
 */
class DropoutGapsTest {

	@Test
	void mixIsSplitMix64sFinaliser() {
		assertEquals(0xe220a8397b1dcdafL, DropoutLayer.mix(0x9E3779B97F4A7C15L));
		assertEquals(0x6e789e6aa1b965f4L, DropoutLayer.mix(2 * 0x9E3779B97F4A7C15L));
	}

	private static float rate(final FakeOnnxImport in) {
		DropoutLayer.KIND.fromOnnx(in);
		return (Float) in.layer().attributes().get("rate");
	}

	@Test
	void onnxRatio() {
		// before opset 12: the ratio attribute; from 12: input 1 (0.5 when absent)
		assertEquals(0.25f, rate(new FakeOnnxImport("Dropout", 11, 3).attr("ratio", 0.25f)));
		assertEquals(0.25f, rate(new FakeOnnxImport("Dropout", 12, 3).input(1, new float[] { 0.25f })));
		assertEquals(0.5f, rate(new FakeOnnxImport("Dropout", 13, 3)));
		assertEquals(0.5f, rate(new FakeOnnxImport("Dropout", 13, 3).input(2, new long[0])));
		assertEquals(0.5f, rate(new FakeOnnxImport("Dropout", 13, 3).input(2, new long[] { 0 })));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rate(
			new FakeOnnxImport("Dropout", 13, 3).input(2, new long[] { 1 })));
		assertTrue(e.getMessage().contains("training_mode=true is not supported"), e.getMessage());
	}

	@Test
	void noInputGradientAsked() {
		final Network net = Network.builder(4).add("d", Layers.dropout(0.5f)).build();
		final Layer d = net.node("d").layer();
		d.forward(new Tensor[] { Tensor.of(new float[] { 1, 2, 3, 4 }, 1, 4) }, true);
		final Tensor[] none = d.backward(Tensor.of(new float[] { 1, 1, 1, 1 }, 1, 4), false);
		assertEquals(1, none.length);
		assertNull(none[0]);
		assertArrayEquals(new int[] { 1, 4 }, d.backward(Tensor.of(new float[] { 1, 1, 1, 1 }, 1, 4), true)[0]
			.shape());
	}
}
