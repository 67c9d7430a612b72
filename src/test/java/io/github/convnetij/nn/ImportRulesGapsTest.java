package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * ONNX Flatten and Transpose read by hand from the operator definitions: Flatten's axis (negative
 * counts from the end of the full rank) must be 1; a Transpose perm must keep the batch axis
 * first, and the identity perm is no layer at all.
 */
class ImportRulesGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	@Test
	void flatten() {
		final FakeOnnxImport plain = new FakeOnnxImport("Flatten", 13, 3, 4);
		FlattenLayer.KIND.fromOnnx(plain);
		assertEquals("flatten", plain.layer().type());
		final FakeOnnxImport negative = new FakeOnnxImport("Flatten", 13, 3, 4).attr("axis", -2L);
		FlattenLayer.KIND.fromOnnx(negative); // -2 of rank 3 is 1
		assertEquals("flatten", negative.layer().type());
		refused("axis -1 is not supported", () -> FlattenLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Flatten", 13, 3, 4).attr("axis", -1L)));
		refused("axis 0 is not supported", () -> FlattenLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Flatten", 13, 3, 4).attr("axis", 0L)));
		refused("axis 2 is not supported", () -> FlattenLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Flatten", 13, 3, 4).attr("axis", 2L)));
	}

	@Test
	void transpose() {
		final FakeOnnxImport t = new FakeOnnxImport("Transpose", 13, 2, 3, 4).attr("perm", new int[] { 0,
			3, 1, 2 });
		TransposeLayer.KIND.fromOnnx(t);
		assertArrayEquals(new int[] { 2, 0, 1 }, (int[]) t.layer().attributes().get("perm"));
		final FakeOnnxImport id = new FakeOnnxImport("Transpose", 13, 2, 3).attr("perm", new int[] { 0, 1,
			2 });
		TransposeLayer.KIND.fromOnnx(id);
		assertEquals("x", id.aliased);
		assertTrue(id.added.isEmpty());
		final FakeOnnxImport swap = new FakeOnnxImport("Transpose", 13, 2, 3).attr("perm", new int[] { 0,
			2, 1 });
		TransposeLayer.KIND.fromOnnx(swap);
		assertNull(swap.aliased);
		assertArrayEquals(new int[] { 1, 0 }, (int[]) swap.layer().attributes().get("perm"));
		refused("without perm reverses the axes", () -> TransposeLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Transpose", 13, 2, 3)));
		refused("for 3 axes", () -> TransposeLayer.KIND.fromOnnx(new FakeOnnxImport("Transpose", 13, 2,
			3).attr("perm", new int[] { 0, 1 })));
		refused("moves the batch axis", () -> TransposeLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Transpose", 13, 2, 3).attr("perm", new int[] { 1, 0, 2 })));
	}

	private static FakeOnnxImport pad(final long opset, final int... shape) {
		return new FakeOnnxImport("Pad", opset, shape);
	}

	@Test
	void pad() {
		// opset 11+: pads input 1 as [x1_begin, x2_begin, ..., x1_end, x2_end, ...] over [N, C, W]
		FakeOnnxImport in = pad(13, 2, 5).input(1, new long[] { 0, 0, 1, 0, 0, 2 }).input(2,
			new float[] { 3 });
		PadLayer.KIND.fromOnnx(in);
		assertArrayEquals(new int[] { 0, 1, 0, 2 }, (int[]) in.layer().attributes().get("pads"));
		assertEquals(3f, in.layer().attributes().get("value"));
		// reflect: the constant is ignored
		in = pad(13, 2, 5).attr("mode", "reflect").input(1, new long[] { 0, 0, 1, 0, 0, 1 }).input(2,
			new float[] { 3 });
		PadLayer.KIND.fromOnnx(in);
		assertEquals(0f, in.layer().attributes().get("value"));
		// opset 2: pads and value attributes
		in = pad(2, 2, 5).attr("pads", new int[] { 0, 1, 0, 0, 0, 1 }).attr("value", 2f);
		PadLayer.KIND.fromOnnx(in);
		assertArrayEquals(new int[] { 1, 0, 0, 1 }, (int[]) in.layer().attributes().get("pads"));
		assertEquals(2f, in.layer().attributes().get("value"));
		// all zero: no layer; 2^20 is the largest accepted
		in = pad(13, 2, 5).input(1, new long[] { 0, 0, 0, 0, 0, 0 });
		PadLayer.KIND.fromOnnx(in);
		assertEquals("x", in.aliased);
		in = pad(13, 2).input(1, new long[] { 0, 0, 0, 1 << 20 });
		PadLayer.KIND.fromOnnx(in);
		assertArrayEquals(new int[] { 0, 1 << 20 }, (int[]) in.layer().attributes().get("pads"));
		refused("pads are missing", () -> PadLayer.KIND.fromOnnx(pad(2, 2, 5)));
		refused("the pads (input 1) are missing", () -> PadLayer.KIND.fromOnnx(pad(13, 2, 5)));
		refused("must be one number, got 2", () -> PadLayer.KIND.fromOnnx(pad(13, 2).input(1, new long[] {
			0, 0, 0, 1 }).input(2, new float[] { 1, 2 })));
		refused("axes (input 3) are not supported", () -> PadLayer.KIND.fromOnnx(pad(13, 2).input(1,
			new long[] { 0, 0, 0, 1 }).input(3, new long[] { 1 })));
		refused("need 4 values for 2 axes", () -> PadLayer.KIND.fromOnnx(pad(13, 2).input(1, new long[] {
			0, 1 })));
		refused("pad the batch axis", () -> PadLayer.KIND.fromOnnx(pad(13, 2).input(1, new long[] { 1, 0,
			0, 0 })));
		refused("pad the batch axis", () -> PadLayer.KIND.fromOnnx(pad(13, 2).input(1, new long[] { 0, 0,
			1, 0 })));
		refused("only values 0 to 2^20", () -> PadLayer.KIND.fromOnnx(pad(13, 2).input(1, new long[] { 0,
			-1, 0, 0 })));
		refused("only values 0 to 2^20", () -> PadLayer.KIND.fromOnnx(pad(13, 2).input(1, new long[] { 0,
			0, 0, (1 << 20) + 1 })));
		refused("mode 'wrap' is not supported", () -> PadLayer.KIND.fromOnnx(pad(13, 2).attr("mode",
			"wrap").input(1, new long[] { 0, 0, 0, 1 })));
	}
}
