package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * ONNX Reshape/Squeeze/Unsqueeze shape rules worked by hand from the ONNX operator definitions
 * (0 copies the input extent unless allowzero, one -1 is inferred, negative axes count from the
 * end of the output rank), and the reshape layer's own checks at their edges.
 */
class ReshapeGapsTest {

	private static final int[] IN = { 2, 3, 4 }; // 24 values per sample

	private static int[] reshape(final long... t) {
		return ReshapeLayer.perSample(IN, t, false);
	}

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	@Test
	void reshapeTargets() {
		assertArrayEquals(new int[] { 6, 4 }, reshape(0, 6, 4));
		assertArrayEquals(new int[] { 24 }, reshape(5, -1)); // a fixed batch size of 5 is ignored
		assertArrayEquals(new int[] { 2, 12 }, reshape(1, 0, -1)); // 0 copies 2, -1 is 24 / 2
		assertArrayEquals(new int[] { 2, 3, 4 }, reshape(0, 0, 0, 0)); // the last 0 copies axis 3
		assertArrayEquals(new int[] { 24 }, reshape(-1, 24));
		assertArrayEquals(new int[] { 1, 24 }, reshape(0, 1, 24));
		assertArrayEquals(new int[] { 4, 1, 6 }, reshape(0, 4, -1, 6));
		assertArrayEquals(new int[] { 3, 8 }, ReshapeLayer.perSample(IN, new long[] { 2, 3, 8 }, true));
	}

	@Test
	void reshapeRefusals() {
		refused("is not supported: the batch axis must stay first", () -> reshape(24));
		refused("do not divide into 2147483647", () -> reshape(0, Integer.MAX_VALUE, -1));
		refused("-1 both at the batch axis and at axis 1", () -> reshape(-1, -1, 4));
		refused("copies no input axis", () -> reshape(0, 2, 3, 4, 0));
		refused("more than one -1", () -> reshape(0, -1, 2, -1));
		refused("value 0 at axis 1", () -> ReshapeLayer.perSample(IN, new long[] { 1, 0, 24 }, true));
		refused("value -2 at axis 1", () -> reshape(0, -2, -12));
		refused("value 2147483648", () -> reshape(0, 1L << 31));
		refused("-1 both at the batch axis and at axis 2", () -> reshape(-1, 4, -1));
		refused("(0, -1 or the batch size)", () -> reshape(-2, 24));
		refused("(0, -1 or the batch size)", () -> ReshapeLayer.perSample(IN, new long[] { 0, 24 }, true));
		refused("24 values per sample do not divide into 5", () -> reshape(0, 5, -1));
		refused("25 values per sample, the input has 24", () -> reshape(0, 5, 5));
		refused("12 values per sample, the input has 24", () -> reshape(0, 3, 4));
	}

	private static int[] squeeze(final FakeOnnxImport in) {
		return ReshapeLayer.squeezed(in, in.shape);
	}

	@Test
	void squeezeAndUnsqueeze() {
		assertArrayEquals(new int[] { 3, 4 }, squeeze(new FakeOnnxImport("Squeeze", 11, 3, 1, 4).attr(
			"axes", new int[] { 2 })));
		assertArrayEquals(new int[] { 3, 4 }, squeeze(new FakeOnnxImport("Squeeze", 13, 3, 1, 4).input(1,
			new long[] { -2 })));
		assertArrayEquals(new int[] { 3, 4 }, squeeze(new FakeOnnxImport("Squeeze", 13, 3, 4, 1).input(1,
			new long[] { 3 })));
		assertArrayEquals(new int[] { 4 }, squeeze(new FakeOnnxImport("Squeeze", 13, 1, 1, 4).input(1,
			new long[] { 1, -2 })));
		assertArrayEquals(new int[] { 3 }, squeeze(new FakeOnnxImport("Squeeze", 13, 1, 3, 1)));
		assertArrayEquals(new int[] { 3, 2 }, squeeze(new FakeOnnxImport("Squeeze", 13, 3, 2)));
		assertArrayEquals(new int[] { 1, 3, 4 }, squeeze(new FakeOnnxImport("Unsqueeze", 13, 3, 4).input(
			1, new long[] { 1 })));
		assertArrayEquals(new int[] { 3, 4, 1 }, squeeze(new FakeOnnxImport("Unsqueeze", 11, 3, 4).attr(
			"axes", new int[] { -1 })));
		assertArrayEquals(new int[] { 3, 1, 1, 4 }, squeeze(new FakeOnnxImport("Unsqueeze", 13, 3, 4)
			.input(1, new long[] { 3, 2 })));
		assertArrayEquals(new int[] { 1, 3, 4, 1 }, squeeze(new FakeOnnxImport("Unsqueeze", 13, 3, 4)
			.input(1, new long[] { -4, 4 })));
	}

	@Test
	void squeezeRefusals() {
		refused("Unsqueeze needs axes", () -> squeeze(new FakeOnnxImport("Unsqueeze", 13, 3)));
		refused("leaves no per-sample axis", () -> squeeze(new FakeOnnxImport("Squeeze", 13, 1, 1)));
		refused("leaves no per-sample axis", () -> squeeze(new FakeOnnxImport("Squeeze", 13, 1).input(1,
			new long[] { 1 })));
		refused("axis 4 is out of range for rank 4", () -> squeeze(new FakeOnnxImport("Squeeze", 13, 3,
			1, 4).input(1, new long[] { 4 })));
		refused("axis -5 is out of range for rank 4", () -> squeeze(new FakeOnnxImport("Squeeze", 13, 3,
			1, 4).input(1, new long[] { -5 })));
		refused("axis -4 is the batch axis", () -> squeeze(new FakeOnnxImport("Squeeze", 13, 3, 1, 4)
			.input(1, new long[] { -4 })));
		refused("axis 0 is the batch axis", () -> squeeze(new FakeOnnxImport("Unsqueeze", 13, 3).input(1,
			new long[] { 0 })));
		refused("axis -2 is given twice", () -> squeeze(new FakeOnnxImport("Squeeze", 13, 3, 1, 4).input(
			1, new long[] { 2, -2 })));
		refused("axis 3 has length 4, not 1", () -> squeeze(new FakeOnnxImport("Squeeze", 13, 3, 1, 4)
			.input(1, new long[] { 3 })));
	}

	@Test
	void importedNodes() {
		final FakeOnnxImport same = new FakeOnnxImport("Squeeze", 13, 3, 4);
		ReshapeLayer.KIND.fromOnnx(same);
		assertEquals("x", same.aliased);
		assertTrue(same.added.isEmpty());
		final FakeOnnxImport flat = new FakeOnnxImport("Squeeze", 13, 1, 4);
		ReshapeLayer.KIND.fromOnnx(flat);
		assertEquals("flatten", flat.layer().type());
		assertNull(flat.aliased);
		final FakeOnnxImport un = new FakeOnnxImport("Unsqueeze", 13, 4).input(1, new long[] { 1 });
		ReshapeLayer.KIND.fromOnnx(un);
		assertArrayEquals(new int[] { 1, 4 }, (int[]) un.layer().attributes().get("shape"));
		final FakeOnnxImport r = new FakeOnnxImport("Reshape", 13, 2, 3, 4).input(1, new long[] { 0, 6,
			-1 });
		ReshapeLayer.KIND.fromOnnx(r);
		assertArrayEquals(new int[] { 6, 4 }, (int[]) r.layer().attributes().get("shape"));
		final FakeOnnxImport f = new FakeOnnxImport("Reshape", 13, 2, 3, 4).input(1, new long[] { 0,
			-1 });
		ReshapeLayer.KIND.fromOnnx(f);
		assertEquals("flatten", f.layer().type());
		refused("the shape (input 1) is missing", () -> ReshapeLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Reshape", 13, 2, 3)));
		refused("value 0 at axis 1", () -> ReshapeLayer.KIND.fromOnnx(new FakeOnnxImport("Reshape", 14,
			2, 3).attr("allowzero", 1L).input(1, new long[] { 1, 0, 6 })));
		final FakeOnnxImport z = new FakeOnnxImport("Reshape", 14, 2, 3).attr("allowzero", 0L).input(1,
			new long[] { 1, 0, 3 });
		ReshapeLayer.KIND.fromOnnx(z);
		assertArrayEquals(new int[] { 2, 3 }, (int[]) z.layer().attributes().get("shape"));
	}

	@Test
	void architectureForm() {
		final Network net = Architectures.parse("reshape(4 x 3), reshape(2x6)", new int[] { 3, 4 }, 0);
		assertArrayEquals(new int[] { 2, 6 }, net.outputShape());
		assertArrayEquals(new int[] { 4, 3 }, (int[]) net.nodes().get(0).layer().attributes().get("shape"));
		refused("reshape(4x3)", () -> Architectures.parse("reshape(4x3, 2)", new int[] { 3, 4 }, 0));
		refused("needs the per-sample shape", () -> Architectures.parse("reshape()", new int[] { 3, 4 },
			0));
		refused("must be positive integers joined by x", () -> Architectures.parse("reshape(4*3)",
			new int[] { 3, 4 }, 0));
		refused("must be positive integers joined by x", () -> Architectures.parse("reshape(-12)",
			new int[] { 3, 4 }, 0));
		refused("has a value out of range", () -> Architectures.parse("reshape(99999999999)",
			new int[] { 3, 4 }, 0));
	}

	@Test
	void layerChecks() {
		refused("needs a per-sample shape", () -> new ReshapeLayer(null));
		refused("needs a per-sample shape", () -> new ReshapeLayer(new int[0]));
		refused("extents must be >= 1", () -> new ReshapeLayer(new int[] { 3, 0 }));
		assertArrayEquals(new int[] { 1, 6 }, new ReshapeLayer(new int[] { 1, 6 }).attributes().values()
			.stream().map(v -> (int[]) v).findFirst().get());
		refused("needs 5 values per sample", () -> Network.builder(2, 3).add("r", new ReshapeLayer(
			new int[] { 5 })).build());
		final Network net = Network.builder(2, 3).add("r", new ReshapeLayer(new int[] { 3, 1, 2 }))
			.build();
		final Layer l = net.node("r").layer();
		final float[] v = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
		final Tensor y = l.forward(Tensor.of(v.clone(), 2, 2, 3), true);
		assertArrayEquals(new int[] { 2, 3, 1, 2 }, y.shape());
		assertArrayEquals(v, y.data());
		final Tensor dx = l.backward(Tensor.of(v.clone(), 2, 3, 1, 2), true)[0];
		assertArrayEquals(new int[] { 2, 2, 3 }, dx.shape());
		assertArrayEquals(v, dx.data());
		assertNull(l.backward(Tensor.of(v.clone(), 2, 3, 1, 2), false)[0]);
		l.forward(Tensor.of(v.clone(), 2, 2, 3), false);
		assertThrows(IllegalStateException.class, () -> l.backward(Tensor.of(v.clone(), 2, 3, 1, 2),
			true));
	}
}
