package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Resize;

/**
 * Upsample's ONNX export (a nearest Resize with scales [1, 1, s...], asymmetric coordinates, floor)
 * and import through the ONNX Upsample node, its attributes once built, and the architecture forms
 * of const, pad and transpose refused at their edges; ONNX Pad of opset 11 reads its pads from
 * input 1.
 */
class KindFormsGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	@Test
	void upsampleExportAndImport() {
		final Layer u = Architectures.parse("upsample(2)", new int[] { 1, 3, 3 }, 0).node("upsample1")
			.layer();
		assertArrayEquals(new int[] { 2, 2 }, (int[]) u.attributes().get("scale"));
		final FakeOnnxExport e = FakeOnnxExport.of(u);
		assertEquals("Resize", e.opType);
		assertEquals(List.of("x", "", "n.scales"), e.inputs);
		assertArrayEquals(new float[] { 1, 1, 2, 2 }, (float[]) e.attrs.get("constant n.scales"));
		assertEquals("asymmetric", e.attrs.get("coordinate_transformation_mode"));
		assertEquals("nearest", e.attrs.get("mode"));
		assertEquals("floor", e.attrs.get("nearest_mode"));
		// ONNX Upsample (opset 9: scales in input 1) read through the upsample kind
		final FakeOnnxImport in = new FakeOnnxImport("Upsample", 9, 1, 2, 2).input(1, new float[] { 1, 1,
			3, 2 });
		UpsampleLayer.KIND.fromOnnx(in);
		assertEquals("upsample", in.layer().type());
		assertArrayEquals(new int[] { 3, 2 }, (int[]) in.layer().attributes().get("scale"));
	}

	@Test
	void constForms() {
		final int[] shape = { 3, 2, 2 };
		refused("const needs an operation and a shape", () -> Architectures.parse("const()", shape, 0));
		refused("const needs the constant's shape as positive integers joined by x, e.g. const(mul, " +
			"3x1x1), got null", () -> Architectures.parse("const(mul)", shape, 0));
		refused("as positive integers joined by x, e.g. const(mul, 3x1x1), got 3xa", () -> Architectures
			.parse("const(mul, 3xa)", shape, 0));
		refused("at most 2 positional arguments", () -> Architectures.parse("const(mul, 3x1x1, 1)", shape,
			0));
		assertEquals("const", Architectures.parse("const(mul, 3x1x1)", shape, 0).node("const1").layer()
			.type());
		// an attribute map without the operation: refused as an unknown (empty) operation
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layers
			.create("const", Map.of("shape", new int[] { 3, 1, 1 })));
		assertTrue(e.getMessage().contains("''"), e.getMessage());
	}

	@Test
	void padAndTransposeForms() {
		final int[] shape = { 1, 3, 3 };
		refused("at most 1 positional argument", () -> Architectures.parse("pad(0x1x1x0x1x1, 2)", shape,
			0));
		refused("pad needs the pads before each per-sample axis, then after", () -> Architectures.parse(
			"pad()", shape, 0));
		refused("at most 1 positional argument", () -> Architectures.parse("transpose(0x2x1, 1)", shape,
			0));
		refused("transpose needs the permutation of the per-sample axes", () -> Architectures.parse(
			"transpose()", shape, 0));
	}

	@Test
	void onnxPadOpset11ReadsInputs() {
		// opset 11 is the first with pads as input 1 (and the constant as input 2)
		final FakeOnnxImport in = new FakeOnnxImport("Pad", 11, 2, 5).input(1, new long[] { 0, 0, 1, 0, 0,
			2 }).input(2, new float[] { 3 });
		PadLayer.KIND.fromOnnx(in);
		assertArrayEquals(new int[] { 0, 1, 0, 2 }, (int[]) in.layer().attributes().get("pads"));
		assertEquals(3f, in.layer().attributes().get("value"));
	}

	private static ResizeLayer resize(final float[] scales, final int[] sizes) {
		return new ResizeLayer(scales, sizes, Resize.Mode.NEAREST, Resize.Coordinates.HALF_PIXEL,
			Resize.Rounding.ROUND_PREFER_FLOOR, -0.75f, false);
	}

	@Test
	void resizeExportScales() {
		// one scale for both axes: written for each
		Layer l = Network.builder(1, 3, 4).add("r", resize(new float[] { 1.5f }, null)).build().node("r")
			.layer();
		assertArrayEquals(new float[] { 1, 1, 1.5f, 1.5f }, (float[]) FakeOnnxExport.of(l).attrs.get(
			"constant n.scales"));
		l = Network.builder(1, 3, 4).add("r", resize(new float[] { 2, 0.5f }, null)).build().node("r")
			.layer();
		assertArrayEquals(new float[] { 1, 1, 2, 0.5f }, (float[]) FakeOnnxExport.of(l).attrs.get(
			"constant n.scales"));
		// sizes: the smallest float scale f with floor(f * in) = out; 3 -> 7: 7 / 3 in float times 3
		// is just below 7, so the next float up
		l = Network.builder(1, 3).add("r", resize(null, new int[] { 7 })).build().node("r").layer();
		final float f = ((float[]) FakeOnnxExport.of(l).attrs.get("constant n.scales"))[2];
		assertTrue(Math.floor((double) f * 3) == 7, "scale " + f);
		assertTrue(Math.floor((double) Math.nextDown(f) * 3) < 7, "scale " + f);
		refused("resize scales [2.0, 2.0] need 1 or", () -> Network.builder(1, 3).add("r",
			resize(new float[] { 2, 2 }, null)).build());
	}

	@Test
	void resizeImportMessagesNameTheValues() {
		refused("scales [1.0, 1.0, 2.0] need 4 values", () -> ResizeLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Resize", 13, 1, 2, 2).input(2, new float[] { 1, 1, 2 })));
		refused("scales [2.0, 1.0, 2.0] change the batch or channel axis", () -> ResizeLayer.KIND.fromOnnx(
			new FakeOnnxImport("Resize", 13, 1, 2).input(2, new float[] { 2, 1, 2 })));
	}
}
