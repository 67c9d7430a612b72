package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Resize;
import io.github.convnetij.compute.Tensor;

/**
 * The resize layer's checks at their edges and its ONNX Resize/Upsample import decided by hand
 * from the ONNX operator definitions: which nodes are plain integer nearest upsampling (and
 * become {@code upsample}) and which keep their coordinate rules (and become {@code resize}).
 */
class ResizeGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	private static ResizeLayer scales(final float... s) {
		return new ResizeLayer(s, null, Resize.Mode.NEAREST, Resize.Coordinates.HALF_PIXEL,
			Resize.Rounding.ROUND_PREFER_FLOOR, -0.75f, false);
	}

	private static ResizeLayer sizes(final int... s) {
		return new ResizeLayer(null, s, Resize.Mode.NEAREST, Resize.Coordinates.HALF_PIXEL,
			Resize.Rounding.ROUND_PREFER_FLOOR, -0.75f, false);
	}

	private static int[] built(final ResizeLayer l, final int... in) {
		return Network.builder(in).add("r", l).build().node("r").layer().outputShape();
	}

	@Test
	void constructorEdges() {
		refused("either scales or sizes", () -> new ResizeLayer(null, null, Resize.Mode.NEAREST,
			Resize.Coordinates.HALF_PIXEL, Resize.Rounding.FLOOR, -0.75f, false));
		refused("either scales or sizes", () -> new ResizeLayer(new float[] { 2 }, new int[] { 4 },
			Resize.Mode.NEAREST, Resize.Coordinates.HALF_PIXEL, Resize.Rounding.FLOOR, -0.75f, false));
		refused("1 to 3 scales", () -> scales());
		refused("1 to 3 scales", () -> scales(1, 1, 1, 1));
		refused("above 0 and at most 65536", () -> scales(0));
		refused("above 0 and at most 65536", () -> scales(2, -1));
		refused("above 0 and at most 65536", () -> scales(Float.NaN));
		refused("above 0 and at most 65536", () -> scales(65537));
		assertArrayEquals(new float[] { 65536, 1, 2 }, (float[]) scales(65536, 1, 2).attributes().get(
			"scales"));
		refused("1 to 3 sizes", () -> sizes());
		refused("1 to 3 sizes", () -> sizes(1, 1, 1, 1));
		refused("sizes must be >= 1", () -> sizes(2, 0));
		assertArrayEquals(new int[] { 1, 2, 3 }, (int[]) sizes(1, 2, 3).attributes().get("sizes"));
		refused("cubic coefficient must be a number", () -> new ResizeLayer(new float[] { 2 }, null,
			Resize.Mode.CUBIC, Resize.Coordinates.HALF_PIXEL, Resize.Rounding.FLOOR, Float.NaN, false));
	}

	@Test
	void buildEdges() {
		refused("1 to 3 spatial axes", () -> built(scales(2), 3));
		refused("1 to 3 spatial axes", () -> scales(2).build(new int[][] { { 1, 2, 2, 2, 2 } }));
		assertArrayEquals(new int[] { 1, 4, 4, 4 }, built(scales(2), 1, 2, 2, 2));
		assertArrayEquals(new int[] { 2, 6, 3 }, built(scales(2, 1), 2, 3, 3));
		refused("need 1 or 2 values", () -> built(scales(2, 2, 2), 1, 3, 3));
		refused("need 1 or 3 values", () -> built(sizes(2, 2), 1, 3, 3, 3));
		assertArrayEquals(new int[] { 1, 5, 5 }, built(sizes(5), 1, 3, 3));
		refused("leaves no sample on axis 2", () -> built(scales(1, 0.1f), 1, 5, 5));
		assertArrayEquals(new int[] { 1, 5, 1 }, built(scales(1, 0.2f), 1, 5, 5)); // floor(0.2 * 5) = 1
		// 46341^2 = 2147488281 > 2^31 - 9 while each axis alone fits
		refused("more values than an array holds", () -> built(sizes(46341, 46341), 1, 1, 1));
		refused("more values than an array holds", () -> built(sizes(2147483647), 1, 1));
	}

	@Test
	void noInputGradientWhenNotAsked() {
		final Layer l = Network.builder(1, 2).add("r", scales(2)).build().node("r").layer();
		final Tensor y = l.forward(Tensor.of(new float[] { 1, 3 }, 1, 1, 2), true);
		assertArrayEquals(new float[] { 1, 1, 3, 3 }, y.data());
		assertNull(l.backward(Tensor.of(new float[] { 1, 1, 1, 1 }, 1, 1, 4), false)[0]);
		assertArrayEquals(new float[] { 2, 2 }, l.backward(Tensor.of(new float[] { 1, 1, 1, 1 }, 1, 1,
			4), true)[0].data());
	}

	@Test
	void scaleTexts() {
		assertArrayEquals(new float[] { 1, 2, 3 }, ResizeLayer.positives("1x2x3"));
		assertArrayEquals(new float[] { 1.5f, 2 }, ResizeLayer.positives("1.5 x 2"));
		assertArrayEquals(new float[] { 1e-3f }, ResizeLayer.positives("1e-3"));
		refused("more than 3 values", () -> ResizeLayer.positives("1x2x3x4"));
		refused("must be positive numbers", () -> ResizeLayer.positives("0"));
		refused("must be positive numbers", () -> ResizeLayer.positives("2x-1"));
		refused("must be positive numbers", () -> ResizeLayer.positives("Infinity"));
		refused("must be positive numbers", () -> ResizeLayer.positives("NaN"));
		refused("must be positive numbers", () -> ResizeLayer.positives("2x"));
		assertEquals("2", ResizeLayer.joined(new float[] { 2, 2 }));
		assertEquals("1.5x2", ResizeLayer.joined(new float[] { 1.5f, 2 }));
		assertEquals("2x1.5", ResizeLayer.joined(new float[] { 2, 1.5f }));
		assertEquals("16777215", ResizeLayer.joined(new float[] { 16777215 }));
		assertEquals("1.6777216E7", ResizeLayer.joined(new float[] { 16777216 }));
	}

	@Test
	void attributeAndArchitectureForms() {
		final Layer bySize = Layers.create("resize", Map.of("sizes", new int[] { 4 }));
		assertArrayEquals(new int[] { 4 }, (int[]) bySize.attributes().get("sizes"));
		assertNull(bySize.attributes().get("scales"));
		final Layer byScale = Layers.create("resize", Map.of("scales", new float[] { 2 }));
		assertArrayEquals(new float[] { 2 }, (float[]) byScale.attributes().get("scales"));
		assertEquals("nearest", byScale.attributes().get("mode"));
		final Network net = Architectures.parse("resize(size=5), resize(2, mode=linear)", new int[] { 1,
			3 }, 0);
		assertArrayEquals(new int[] { 1, 10 }, net.outputShape());
		refused("resize(2, mode=linear)", () -> Architectures.parse("resize(2, 3)", new int[] { 1, 3 },
			0));
		refused("not both", () -> Architectures.parse("resize()", new int[] { 1, 3 }, 0));
		refused("not both", () -> Architectures.parse("resize(2, size=4)", new int[] { 1, 3 }, 0));
	}

	// ---- ONNX import

	private static FakeOnnxImport resize(final long opset, final int... shape) {
		return new FakeOnnxImport("Resize", opset, shape);
	}

	private static Layer imported(final FakeOnnxImport in) {
		ResizeLayer.KIND.fromOnnx(in);
		return in.layer();
	}

	private static void upsample(final int[] factors, final FakeOnnxImport in) {
		final Layer l = imported(in);
		assertEquals("upsample", l.type());
		assertArrayEquals(factors, (int[]) l.attributes().get("scale"));
	}

	private static Map<String, Object> resized(final FakeOnnxImport in) {
		final Layer l = imported(in);
		assertEquals("resize", l.type());
		return l.attributes();
	}

	@Test
	void importedNearestIntegerBecomesUpsample() {
		// opset 10: scales are input 1, coordinates asymmetric with floor
		upsample(new int[] { 2, 3 }, resize(10, 1, 2, 2).input(1, new float[] { 1, 1, 2, 3 }));
		// opset 11+: scales are input 2; half_pixel / round_prefer_floor by default
		upsample(new int[] { 2, 2 }, resize(13, 1, 2, 2).input(2, new float[] { 1, 1, 2, 2 }));
		upsample(new int[] { 3 }, resize(11, 1, 2).input(2, new float[] { 1, 1, 3 }));
		upsample(new int[] { 1, 2, 3 }, resize(13, 1, 2, 2, 2).input(2, new float[] { 1, 1, 1, 2, 3 }));
		upsample(new int[] { 2 }, resize(13, 1, 2).attr("nearest_mode", "round_prefer_ceil").input(2,
			new float[] { 1, 1, 2 }));
		upsample(new int[] { 2 }, resize(13, 1, 2).attr("coordinate_transformation_mode",
			"pytorch_half_pixel").input(2, new float[] { 1, 1, 2 }));
		upsample(new int[] { 2 }, resize(13, 1, 2).attr("coordinate_transformation_mode", "asymmetric")
			.attr("nearest_mode", "floor").input(2, new float[] { 1, 1, 2 }));
		// sizes (input 3; empty scales): 4 / 2 and 6 / 3; the batch entry is ignored
		upsample(new int[] { 2, 2 }, resize(13, 3, 2, 3).input(2, new float[0]).input(3, new long[] { -1,
			3, 4, 6 }));
		upsample(new int[] { 2147483639 }, resize(13, 3, 1).input(3, new long[] { 1, 3, 2147483639 }));
		upsample(new int[] { 65536 }, resize(13, 1, 1).input(2, new float[] { 1, 1, 65536 }));
		// Upsample: opset 7-8 scales attribute, opset 9 input 1
		upsample(new int[] { 3, 2 }, new FakeOnnxImport("Upsample", 7, 1, 2, 2).attr("scales",
			new float[] { 1, 1, 3, 2 }));
		upsample(new int[] { 2, 2 }, new FakeOnnxImport("Upsample", 9, 1, 2, 2).input(1, new float[] { 1,
			1, 2, 2 }));
	}

	@Test
	void importedOthersStayResize() {
		Map<String, Object> a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 1.5f }));
		assertArrayEquals(new float[] { 1.5f }, (float[]) a.get("scales"));
		assertEquals("half_pixel", a.get("coordinates"));
		assertEquals("round_prefer_floor", a.get("nearest_mode"));
		a = resized(resize(13, 1, 4, 4).input(2, new float[] { 1, 1, 2, 0.5f }));
		assertArrayEquals(new float[] { 2, 0.5f }, (float[]) a.get("scales"));
		a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 2 }).attr("mode", "linear"));
		assertEquals("linear", a.get("mode"));
		a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 2 }).attr(
			"coordinate_transformation_mode", "asymmetric"));
		assertEquals("asymmetric", a.get("coordinates"));
		a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 2 }).attr("nearest_mode", "floor"));
		assertEquals("floor", a.get("nearest_mode"));
		a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 2 }).attr(
			"coordinate_transformation_mode", "align_corners"));
		assertEquals("align_corners", a.get("coordinates"));
		a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 2 }).attr(
			"coordinate_transformation_mode", "pytorch_half_pixel").attr("nearest_mode", "ceil"));
		assertEquals("ceil", a.get("nearest_mode"));
		a = resized(resize(13, 2, 3, 3).input(3, new long[] { 1, 2, 6, 5 }));
		assertArrayEquals(new int[] { 6, 5 }, (int[]) a.get("sizes"));
		a = resized(resize(13, 1, 3).input(3, new long[] { 1, 1, 1 }));
		assertArrayEquals(new int[] { 1 }, (int[]) a.get("sizes"));
		a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 2 }).attr("mode", "cubic").attr(
			"cubic_coeff_a", -0.5f).attr("exclude_outside", 1L));
		assertEquals(-0.5f, a.get("cubic_a"));
		assertEquals(true, a.get("exclude_outside"));
		a = resized(resize(13, 1, 4).input(2, new float[] { 1, 1, 2 }).attr("mode", "cubic"));
		assertEquals(-0.75f, a.get("cubic_a"));
		assertEquals(false, a.get("exclude_outside"));
		// opset 10 ignores the opset-11 attributes
		a = resized(resize(10, 1, 4).input(1, new float[] { 1, 1, 2 }).attr("mode", "cubic").attr(
			"cubic_coeff_a", -0.5f).attr("exclude_outside", 1L).attr("coordinate_transformation_mode",
				"align_corners"));
		assertEquals(-0.75f, a.get("cubic_a"));
		assertEquals(false, a.get("exclude_outside"));
		assertEquals("asymmetric", a.get("coordinates"));
		assertEquals("floor", a.get("nearest_mode"));
		a = resized(new FakeOnnxImport("Upsample", 9, 1, 4).attr("mode", "linear").input(1, new float[] {
			1, 1, 2 }));
		assertEquals("asymmetric", a.get("coordinates"));
	}

	@Test
	void importRefusals() {
		refused("1 to 3 spatial axes", () -> imported(resize(13, 3).input(2, new float[] { 1, 1 })));
		refused("1 to 3 spatial axes", () -> imported(resize(13, 1, 2, 2, 2, 2).input(2, new float[] {
			1, 1, 2, 2, 2, 2 })));
		refused("'tf_crop_and_resize' is not supported", () -> imported(resize(13, 1, 2).attr(
			"coordinate_transformation_mode", "tf_crop_and_resize").input(2, new float[] { 1, 1, 2 })));
		refused("Upsample mode 'cubic'", () -> imported(new FakeOnnxImport("Upsample", 9, 1, 2).attr(
			"mode", "cubic").input(1, new float[] { 1, 1, 2 })));
		refused("the scales attribute is missing", () -> imported(new FakeOnnxImport("Upsample", 8, 1,
			2)));
		refused("gives both scales and sizes", () -> imported(resize(13, 1, 2).input(2, new float[] { 1,
			1, 2 }).input(3, new long[] { 1, 1, 4 })));
		refused("needs constant scales (or sizes)", () -> imported(resize(13, 1, 2)));
		refused("needs constant scales (or sizes)", () -> imported(resize(13, 1, 2).input(2,
			new float[0])));
		// opset 10 reads scales from input 1 only: sizes (input 3) do not exist there
		refused("needs constant scales (or sizes)", () -> imported(resize(10, 1, 2).input(3, new long[] {
			1, 1, 4 })));
		refused("need 4 values", () -> imported(resize(13, 1, 2, 2).input(2, new float[] { 1, 1, 2 })));
		refused("need 4 values", () -> imported(resize(13, 1, 2, 2).input(2, new float[] { 1, 1, 2, 2,
			2 })));
		refused("sizes [1, 1, 4] need 4 values", () -> imported(resize(13, 1, 2, 2).input(3,
			new long[] { 1, 1, 4 })));
		refused("change the batch or channel axis", () -> imported(resize(13, 1, 2).input(2,
			new float[] { 2, 1, 2 })));
		refused("change the batch or channel axis", () -> imported(resize(13, 1, 2).input(2,
			new float[] { 1, 2, 2 })));
		refused("change the batch or channel axis", () -> imported(resize(13, 1, 2).input(3, new long[] {
			1, 2, 4 })));
		refused("must be above 0 and at most 65536", () -> imported(resize(13, 1, 2).input(2,
			new float[] { 1, 1, 0 })));
		refused("must be above 0 and at most 65536", () -> imported(resize(13, 1, 2).input(2,
			new float[] { 1, 1, 65537 })));
		refused("must be between 1 and 2^31 - 9", () -> imported(resize(13, 1, 2).input(3, new long[] {
			1, 1, 0 })));
		refused("must be between 1 and 2^31 - 9", () -> imported(resize(13, 1, 2).input(3, new long[] {
			1, 1, 2147483640L })));
	}
}
