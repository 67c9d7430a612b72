package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * ONNX import and export rules of max/average pooling and Add read from the operator
 * definitions (GlobalMaxPool is one window over all positions; AveragePool's count_include_pad=1
 * only where no padded cell is ever averaged), the fused add + ReLU by hand, and the add layer's
 * backward contract.
 */
class PoolAddGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	private static FakeOnnxImport pool(final String op, final int... shape) {
		return new FakeOnnxImport(op, 13, shape);
	}

	private static Layer imported(final LayerKind<?> kind, final FakeOnnxImport in) {
		kind.fromOnnx(in);
		return in.layer();
	}

	@Test
	void globalMaxPoolIsOneWindow() {
		final Layer l = imported(PoolLayer.MAX, pool("GlobalMaxPool", 3, 4, 5));
		assertEquals("maxpool", l.type());
		assertArrayEquals(new int[] { 4, 5 }, (int[]) l.attributes().get("window"));
		assertArrayEquals(new int[] { 4, 5 }, (int[]) l.attributes().get("stride"));
		assertEquals("valid", l.attributes().get("padding"));
		// built on the same input: one value per channel
		final Layer b = Network.builder(3, 4, 5).add("p", imported(PoolLayer.MAX, pool("GlobalMaxPool",
			3, 4, 5))).build().node("p").layer();
		assertArrayEquals(new int[] { 3, 1, 1 }, b.outputShape());
	}

	@Test
	void maxPoolAttributes() {
		final FakeOnnxImport in = pool("MaxPool", 2, 6, 6).attr("kernel_shape", new int[] { 3, 2 }).attr(
			"strides", new int[] { 2, 1 }).attr("pads", new int[] { 1, 0, 0, 1 }).attr("ceil_mode", 1L);
		final Layer l = imported(PoolLayer.MAX, in);
		assertArrayEquals(new int[] { 3, 2 }, (int[]) l.attributes().get("window"));
		assertArrayEquals(new int[] { 2, 1 }, (int[]) l.attributes().get("stride"));
		assertArrayEquals(new int[] { 1, 0 }, (int[]) l.attributes().get("pads_before"));
		assertArrayEquals(new int[] { 0, 1 }, (int[]) l.attributes().get("pads_after"));
		assertEquals(true, l.attributes().get("ceil"));
		// the spatial extents, window, stride and dilation 1 went to the pads rule
		assertArrayEquals(new int[] { 6, 6 }, in.padsArgs[0]);
		assertArrayEquals(new int[] { 3, 2 }, in.padsArgs[1]);
		assertArrayEquals(new int[] { 2, 1 }, in.padsArgs[2]);
		assertArrayEquals(new int[] { 1, 1 }, in.padsArgs[3]);
		// defaults: stride 1, no ceil
		final Layer d = imported(PoolLayer.MAX, pool("MaxPool", 2, 6, 6).attr("kernel_shape", new int[] {
			2, 2 }));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) d.attributes().get("stride"));
		assertEquals(false, d.attributes().get("ceil"));
		// dilation 1 given explicitly is fine
		imported(PoolLayer.MAX, pool("MaxPool", 2, 6, 6).attr("kernel_shape", new int[] { 2, 2 }).attr(
			"dilations", new int[] { 1, 1 }));
		refused("kernel_shape is missing", () -> PoolLayer.MAX.fromOnnx(pool("MaxPool", 2, 6, 6)));
		refused("dilations [1, 2] are not supported", () -> PoolLayer.MAX.fromOnnx(pool("MaxPool", 2, 6,
			6).attr("kernel_shape", new int[] { 2, 2 }).attr("dilations", new int[] { 1, 2 })));
		refused("dilations [2, 1] are not supported", () -> PoolLayer.AVG.fromOnnx(pool("AveragePool", 2,
			6, 6).attr("kernel_shape", new int[] { 2, 2 }).attr("dilations", new int[] { 2, 1 })));
	}

	private static FakeOnnxImport avg(final long countIncludePad) {
		return pool("AveragePool", 1, 5, 5).attr("kernel_shape", new int[] { 2, 2 }).attr(
			"count_include_pad", countIncludePad);
	}

	@Test
	void countIncludePad() {
		// no padding and no ceil: no padded cell is ever averaged, so count_include_pad does not matter
		assertEquals("avgpool", imported(PoolLayer.AVG, avg(1)).type());
		assertEquals("avgpool", imported(PoolLayer.AVG, avg(1).attr("pads", new int[] { 0, 0, 0, 0 }))
			.type());
		assertEquals("avgpool", imported(PoolLayer.AVG, avg(1).attr("auto_pad", "VALID")).type());
		// padding before, after, SAME or ceil: refused
		final String msg = "count_include_pad=1 with padding is not supported";
		refused(msg, () -> PoolLayer.AVG.fromOnnx(avg(1).attr("pads", new int[] { 0, 1, 0, 0 })));
		refused(msg, () -> PoolLayer.AVG.fromOnnx(avg(1).attr("pads", new int[] { 0, 0, 1, 0 })));
		refused(msg, () -> PoolLayer.AVG.fromOnnx(avg(1).attr("pads", new int[] { 0, 0, 0, 1 })));
		refused(msg, () -> PoolLayer.AVG.fromOnnx(avg(1).attr("auto_pad", "SAME_UPPER")));
		refused(msg, () -> PoolLayer.AVG.fromOnnx(avg(1).attr("ceil_mode", 1L)));
		// count_include_pad=0 (ours) with padding, and max pooling (which has no such attribute)
		final Layer p = imported(PoolLayer.AVG, avg(0).attr("pads", new int[] { 1, 1, 1, 1 }).attr(
			"ceil_mode", 1L));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) p.attributes().get("pads_before"));
		assertEquals("maxpool", imported(PoolLayer.MAX, pool("MaxPool", 1, 5, 5).attr("kernel_shape",
			new int[] { 2, 2 }).attr("count_include_pad", 1L).attr("pads", new int[] { 1, 1, 1, 1 }))
				.type());
	}

	@Test
	void export() {
		final Layer a = Network.builder(1, 4, 4).add("p", Layers.avgPool(2)).build().node("p").layer();
		final FakeOnnxExport ea = FakeOnnxExport.of(a);
		assertEquals(0L, ea.attrs.get("count_include_pad"));
		assertEquals(0L, ea.attrs.get("ceil_mode"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) ea.attrs.get("kernel_shape"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) ea.attrs.get("strides"));
		assertArrayEquals(new int[] { 0, 0, 0, 0 }, (int[]) ea.attrs.get("pads"));
		final Layer m = Network.builder(1, 5, 5).add("p", Layers.maxPool(new int[] { 3 }, new int[] { 2 },
			Pads.of(1), true)).build().node("p").layer();
		final FakeOnnxExport em = FakeOnnxExport.of(m);
		assertFalse(em.attrs.containsKey("count_include_pad"));
		assertEquals(1L, em.attrs.get("ceil_mode"));
		assertArrayEquals(new int[] { 1, 1, 1, 1 }, (int[]) em.attrs.get("pads"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) em.attrs.get("strides"));
	}

	@Test
	void poolTakesAtMostTwoPositionalArguments() {
		for (final String s : new String[] { "maxpool(2, 2, 1)", "avgpool(2, 1, 1)" }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Architectures.parse(s, new int[] { 1, 6, 6 }, 0), s);
			assertTrue(e.getMessage().contains("at most 2 positional arguments"), e.getMessage());
		}
		Architectures.parse("maxpool(2, 1)", new int[] { 1, 6, 6 }, 0);
	}

	private static AddLayer boundAdd() {
		final AddLayer l = new AddLayer();
		l.bind("s", new int[][] { { 4 }, { 4 } });
		return l;
	}

	@Test
	void addFusedWithRelu() {
		final AddLayer l = boundAdd();
		final Tensor a = Tensor.of(new float[] { 1, -2, 0.5f, 3, -1, 0, 2, -4 }, 2, 4);
		final Tensor b = Tensor.of(new float[] { -3, 1, 0.25f, -3, 0.5f, 0, 2, 5 }, 2, 4);
		// max(a + b, 0) by hand
		assertArrayEquals(new float[] { 0, 0, 0.75f, 0, 0, 0, 4, 1 }, l.forwardRelu(new Tensor[] { a, b })
			.data());
		// the fused pass is an inference pass: no backward after it
		assertThrows(IllegalStateException.class, () -> l.backward(Tensor.zeros(2, 4), true));
	}

	@Test
	void addBackwardContract() {
		final AddLayer l = boundAdd();
		final Tensor a = Tensor.of(new float[] { 1, 2, 3, 4 }, 1, 4);
		final Tensor dy = Tensor.of(new float[] { 1, -1, 2, -2 }, 1, 4);
		final IllegalStateException never = assertThrows(IllegalStateException.class, () -> l.backward(dy,
			true));
		assertTrue(never.getMessage().contains("backward needs a forward pass in training mode"), never
			.getMessage());
		assertArrayEquals(new float[] { 2, 4, 6, 8 }, l.forward(new Tensor[] { a, a }, false).data());
		assertThrows(IllegalStateException.class, () -> l.backward(dy, true));
		l.forward(new Tensor[] { a, a }, true);
		final Tensor[] g = l.backward(dy, true);
		assertSame(dy, g[0]);
		assertSame(dy, g[1]);
		final Tensor[] none = l.backward(dy, false);
		assertEquals(2, none.length);
		assertNull(none[0]);
		assertNull(none[1]);
	}

	@Test
	void onnxAddNeedsTwoInputs() {
		final FakeOnnxImport two = new FakeOnnxImport("Add", 13, 4);
		two.inputs = 2;
		AddLayer.KIND.fromOnnx(two);
		assertEquals("add", two.layer().type());
		for (final int n : new int[] { 1, 3 }) {
			final FakeOnnxImport in = new FakeOnnxImport("Add", 13, 4);
			in.inputs = n;
			refused("Add needs 2 inputs, got " + n, () -> AddLayer.KIND.fromOnnx(in));
		}
		// one constant operand: a constant-op layer
		final FakeOnnxImport c = new FakeOnnxImport("Add", 13, 4).input(1, new float[] { 1, 2, 3, 4 },
			4);
		AddLayer.KIND.fromOnnx(c);
		assertEquals(ConstantOpLayer.KIND, c.layer().kind());
	}
}
