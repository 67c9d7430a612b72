package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link InputSpec} read from the {@code convnet.input} metadata JSON written here (defaults,
 * per-channel values given once or per channel) and {@link OnnxAttribute}'s typed accessors,
 * which refuse a value of another type.
 */
class InputSpecAttributeMutationGapsTest {

	static String refused(final String json) {
		return assertThrows(IllegalArgumentException.class, () -> InputSpec.fromJson(json))
			.getMessage();
	}

	@Test
	void fromJsonDefaultsAndGivenValues() {
		final InputSpec d = InputSpec.fromJson("{\"channels\":2,\"height\":3,\"width\":4}");
		assertEquals(2, d.channels());
		assertEquals(3, d.height());
		assertEquals(4, d.width());
		assertEquals(1 / 255.0, d.scale());
		assertArrayEquals(new double[] { 0, 0 }, d.mean());
		assertArrayEquals(new double[] { 1, 1 }, d.std());
		assertEquals("none", d.resize());
		final InputSpec g = InputSpec.fromJson("{\"channels\":3,\"height\":5,\"width\":6,\"scale\":0.5," +
			"\"mean\":0.25,\"std\":[1,2,4],\"resize\":\"bilinear\"}");
		assertEquals(0.5, g.scale());
		assertArrayEquals(new double[] { 0.25, 0.25, 0.25 }, g.mean());
		assertArrayEquals(new double[] { 1, 2, 4 }, g.std());
		assertEquals("bilinear", g.resize());
		assertEquals("convnet.input mean: 2 values for 3 channels", refused("{\"channels\":3," +
			"\"height\":5,\"width\":6,\"mean\":[1,2]}"));
		assertEquals(g, InputSpec.fromJson(g.toJson()));
		assertNotEquals(g, d);
		assertNotEquals(InputSpec.uint8(1, 2, 3), InputSpec.uint8(1, 2, 4));
	}

	@Test
	void uint8FromAShape() {
		assertEquals(InputSpec.uint8(1, 28, 28), InputSpec.uint8(new int[] { 1, 28, 28 }));
		final InputSpec s = InputSpec.uint8(new int[] { 3, 100 });
		assertEquals(3, s.channels());
		assertEquals(1, s.height());
		assertEquals(100, s.width());
		assertEquals("an image input needs the shape [C, H, W] or [C, W], not [5]", assertThrows(
			IllegalArgumentException.class, () -> InputSpec.uint8(new int[] { 5 })).getMessage());
	}

	@Test
	void attributeAccessorsCheckTheType() {
		final OnnxAttribute i = OnnxAttribute.of("k", 3L);
		assertEquals("attribute k is of type INT, expected STRING", assertThrows(
			IllegalArgumentException.class, i::s).getMessage());
		for (final Runnable r : List.<Runnable>of(i::f, i::t, i::g, i::floats, i::ints, i::strings,
			i::tensors, i::graphs))
			assertThrows(IllegalArgumentException.class, r::run);
		assertThrows(IllegalArgumentException.class, OnnxAttribute.of("f", 1.5f)::i);
		// the value of the right type
		final OnnxTensor t = OnnxTensor.ofFloats("c", new float[] { 2 });
		assertSame(t, OnnxAttribute.of("v", t).t());
		final OnnxGraph g = new OnnxGraph("b", List.of(), List.of(), List.of(), List.of(), List.of(), "");
		assertSame(g, OnnxAttribute.of("b", g).g());
		assertEquals(List.of(g), OnnxAttribute.ofGraphs("bs", List.of(g)).graphs());
		assertEquals(List.of(t), OnnxAttribute.ofTensors("ts", List.of(t)).tensors());
		assertEquals(List.of("x", "y"), OnnxAttribute.ofStrings("s", "x", "y").strings());
		assertArrayEquals(new float[] { 1, 2 }, OnnxAttribute.ofFloats("fs", 1, 2).floats());
		// the raw string of a non-string attribute is empty, not missing
		assertArrayEquals(new byte[0], i.rawS());
		assertEquals("attribute p value 4294967296 does not fit in an int", assertThrows(
			IllegalArgumentException.class, () -> OnnxAttribute.ofInts("p", 1, 1L << 32).intArray())
			.getMessage());
		assertArrayEquals(new int[] { 1, -2 }, OnnxAttribute.ofInts("p", 1, -2).intArray());
		assertEquals("an attribute needs a name", assertThrows(IllegalArgumentException.class,
			() -> OnnxAttribute.of(null, 1L)).getMessage());
		assertEquals("an attribute needs a name", assertThrows(IllegalArgumentException.class,
			() -> OnnxAttribute.of("", 1L)).getMessage());
		assertEquals(OnnxAttribute.Type.UNDEFINED, OnnxAttribute.Type.of(99));
		assertEquals(OnnxAttribute.Type.INTS, OnnxAttribute.Type.of(7));
	}

	@Test
	void attributeEquality() {
		assertEquals(OnnxAttribute.ofStrings("s", "a", "b"), OnnxAttribute.ofStrings("s", "a", "b"));
		assertNotEquals(OnnxAttribute.ofStrings("s", "a", "b"), OnnxAttribute.ofStrings("s", "a", "c"));
		assertNotEquals(OnnxAttribute.ofStrings("s", "a"), OnnxAttribute.ofStrings("s", "a", "b"));
		assertNotEquals(OnnxAttribute.of("s", 1L), OnnxAttribute.of("t", 1L));
		assertNotEquals(OnnxAttribute.of("s", 1L), OnnxAttribute.ofInts("s", 1L));
		assertNotEquals(OnnxAttribute.of("s", 1L), OnnxAttribute.of("s", 2L));
		assertNotEquals(OnnxAttribute.of("s", 1L), "s=1");
		// the same values, another type
		assertNotEquals(OnnxAttribute.read("s", OnnxAttribute.Type.INT, 0, 0, null, null, null, null,
			null, null, null, null), OnnxAttribute.read("s", OnnxAttribute.Type.UNDEFINED, 0, 0, null,
				null, null, null, null, null, null, null));
		assertTrue(OnnxAttribute.of("s", 1L).equals(OnnxAttribute.of("s", 1L)));
	}
}
