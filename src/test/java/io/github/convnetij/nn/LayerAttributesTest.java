package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Conv and pooling layers: their settings as given and as resolved for the input (the attributes a
 * model file stores), worked by hand, and settings refused before anything is built.
 */
class LayerAttributesTest {

	private static final int[] ONE = { 1 };

	@Test
	void poolSettingsGivenAndResolved() {
		final Layer p = Layers.maxPool(new int[] { 3 }, ONE, Pads.same(), false);
		Map<String, Object> a = p.attributes();
		assertArrayEquals(new int[] { 3 }, (int[]) a.get("window"));
		assertArrayEquals(ONE, (int[]) a.get("stride"));
		assertEquals("same", a.get("padding"));
		assertFalse(a.containsKey("pads_before"));
		assertEquals(false, a.get("ceil"));
		// built on 2 x 5 x 5: window 3 x 3, stride 1, SAME pads 1 on each side keep 5 x 5
		Network.builder(2, 5, 5).add("p", p).add(Layers.flatten()).add(Layers.dense(2)).build();
		assertArrayEquals(new int[] { 2, 5, 5 }, p.outputShape());
		a = p.attributes();
		assertArrayEquals(new int[] { 3, 3 }, (int[]) a.get("window"));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("stride"));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("pads_before"));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("pads_after"));
		// explicit pads are kept before the layer is built
		final Map<String, Object> e = Layers.avgPool(new int[] { 2 }, new int[] { 2 }, Pads.explicit(
			new int[] { 1 }, new int[] { 0 }), true).attributes();
		assertArrayEquals(new int[] { 1 }, (int[]) e.get("pads_before"));
		assertArrayEquals(new int[] { 0 }, (int[]) e.get("pads_after"));
		assertEquals(true, e.get("ceil"));
		// refused: no padding, a flat input
		assertThrows(IllegalArgumentException.class, () -> Layers.maxPool(new int[] { 2 },
			new int[] { 2 }, null, false));
		assertThrows(IllegalArgumentException.class, () -> Network.builder(6).add(Layers.maxPool(2))
			.add(Layers.dense(2)).build());
	}

	@Test
	void convSettingsGivenAndResolved() {
		final Layer c = Layers.conv(4, new int[] { 3 }, new int[] { 2 }, Pads.same(), new int[] { 2 },
			false);
		Map<String, Object> a = c.attributes();
		assertEquals(4, a.get("out_channels"));
		assertArrayEquals(new int[] { 3 }, (int[]) a.get("kernel"));
		assertArrayEquals(new int[] { 2 }, (int[]) a.get("stride"));
		assertArrayEquals(new int[] { 2 }, (int[]) a.get("dilation"));
		assertEquals("same", a.get("padding"));
		assertEquals(false, a.get("bias"));
		assertFalse(a.containsKey("groups"));
		assertFalse(a.containsKey("pads_before"));
		// on 3 x 7 x 6: dilated kernel 5, stride 2, SAME: outputs ceil(7 / 2) = 4, ceil(6 / 2) = 3;
		// total pads (4 - 1) * 2 + 5 - 7 = 4 -> 2/2 and (3 - 1) * 2 + 5 - 6 = 3 -> 1/2 (the odd one
		// after, as ONNX's SAME_UPPER)
		Network.builder(3, 7, 6).add("c", c).add(Layers.flatten()).add(Layers.dense(2)).build();
		assertArrayEquals(new int[] { 4, 4, 3 }, c.outputShape());
		a = c.attributes();
		assertArrayEquals(new int[] { 3, 3 }, (int[]) a.get("kernel"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) a.get("stride"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) a.get("dilation"));
		assertArrayEquals(new int[] { 2, 1 }, (int[]) a.get("pads_before"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) a.get("pads_after"));
		final Map<String, Object> e = Layers.conv(2, new int[] { 3 }, ONE, Pads.of(1), ONE, true)
			.attributes();
		assertArrayEquals(new int[] { 1 }, (int[]) e.get("pads_before"));
		assertArrayEquals(new int[] { 1 }, (int[]) e.get("pads_after"));
		// groups: only stored when not 1
		final Network g = Architectures.parse("conv(4,3,groups=2), flatten, dense(2)", new int[] { 2, 5,
			5 }, 2);
		assertEquals(2, g.nodes().get(0).layer().attributes().get("groups"));
		// refused
		assertThrows(IllegalArgumentException.class, () -> Layers.conv(0, 3));
		assertThrows(IllegalArgumentException.class, () -> Layers.conv(4, ONE, ONE, null, ONE, true));
		for (final String bad : new String[] { "conv(4,3,groups=0)", "conv(4,3,groups=3)",
			"conv(4,3,groups=-1)", "conv(4,3,groups=x)" })
			assertThrows(IllegalArgumentException.class, () -> Architectures.parse(bad +
				", flatten, dense(2)", new int[] { 6, 5, 5 }, 2), bad);
		// input channels must divide into the groups too
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse(
			"conv(4,3,groups=2), flatten, dense(2)", new int[] { 3, 5, 5 }, 2));
		assertThrows(IllegalArgumentException.class, () -> Network.builder(6).add(Layers.conv(2, 3))
			.add(Layers.dense(2)).build());
	}
}
