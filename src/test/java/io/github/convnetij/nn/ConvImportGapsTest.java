package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * ONNX Conv and ConvTranspose import rules worked by hand from the operator definitions (group
 * and weight shape checks; ConvTranspose's output_shape and SAME auto_pad turned into pads and
 * output padding: total padding = stride (in - 1) + output_padding + (k - 1) dilation + 1 -
 * output, the odd cell at the end except for SAME_LOWER), export attributes, the fused grouped
 * conv + ReLU, architecture arguments and the initialisation bounds.
 */
class ConvImportGapsTest {

	private static void refused(final String part, final Runnable r) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	/** A Conv/ConvTranspose node on input x of per-sample shape {@code shape}, weight dims {@code w}. */
	private static FakeOnnxImport node(final String op, final int[] w, final int... shape) {
		int n = 1;
		for (final int v : w)
			n *= Math.min(v, 4);
		return new FakeOnnxImport(op, 13, shape).input(1, new float[n], w);
	}

	private static Map<String, Object> conv(final FakeOnnxImport in) {
		ConvLayer.KIND.fromOnnx(in);
		return in.layer().attributes();
	}

	private static Map<String, Object> ct(final FakeOnnxImport in) {
		ConvTransposeLayer.KIND.fromOnnx(in);
		return in.layer().attributes();
	}

	@Test
	void convImport() {
		// 4 input channels, 2 groups: weight [6, 4 / 2, 3, 3]
		final FakeOnnxImport in = node("Conv", new int[] { 6, 2, 3, 3 }, 4, 7, 7).attr("group", 2L).attr(
			"strides", new int[] { 2, 1 }).attr("dilations", new int[] { 1, 2 }).attr("kernel_shape",
				new int[] { 3, 3 }).input(2, new float[6], 6);
		final Map<String, Object> a = conv(in);
		assertEquals(6, a.get("out_channels"));
		assertEquals(2, a.get("groups"));
		assertEquals(true, a.get("bias"));
		assertArrayEquals(new int[] { 3, 3 }, (int[]) a.get("kernel"));
		assertArrayEquals(new int[] { 2, 1 }, (int[]) a.get("stride"));
		assertArrayEquals(new int[] { 1, 2 }, (int[]) a.get("dilation"));
		assertArrayEquals(new int[] { 7, 7 }, in.padsArgs[0]);
		assertArrayEquals(new int[] { 1, 2 }, in.padsArgs[3]);
		assertEquals(2, in.weightInputs.size());
		assertArrayEquals(new Object[] { "added1", "weight", 1 }, in.weightInputs.get(0));
		assertArrayEquals(new Object[] { "added1", "bias", 2 }, in.weightInputs.get(1));
		// no bias input, default group 1
		final FakeOnnxImport nb = node("Conv", new int[] { 3, 4, 1, 1 }, 4, 7, 7);
		final Map<String, Object> b = conv(nb);
		assertEquals(false, b.get("bias"));
		assertFalse(b.containsKey("groups"));
		assertEquals(1, nb.weightInputs.size());

		refused("the weight (input 1) is missing", () -> ConvLayer.KIND.fromOnnx(new FakeOnnxImport(
			"Conv", 13, 4, 7, 7)));
		final String g = "does not fit 4 input channels";
		refused("group=0 " + g, () -> conv(node("Conv", new int[] { 6, 2, 3, 3 }, 4, 7, 7).attr("group",
			0L)));
		refused("group=3 " + g, () -> conv(node("Conv", new int[] { 6, 1, 3, 3 }, 4, 7, 7).attr("group",
			3L)));
		// Cout 5 not a multiple of 2 groups
		refused("group=2 " + g, () -> conv(node("Conv", new int[] { 5, 2, 3, 3 }, 4, 7, 7).attr("group",
			2L)));
		// weight [6, 1, ...] for 2 groups of 2 channels
		refused("group=2 " + g, () -> conv(node("Conv", new int[] { 6, 1, 3, 3 }, 4, 7, 7).attr("group",
			2L)));
		refused("expected 4 dimensions [out, in, kernel...] for 2 spatial axes", () -> conv(node("Conv",
			new int[] { 6, 4, 3 }, 4, 7, 7)));
		refused("kernel_shape [3, 2] does not match the weight shape [6, 4, 3, 3]", () -> conv(node(
			"Conv", new int[] { 6, 4, 3, 3 }, 4, 7, 7).attr("kernel_shape", new int[] { 3, 2 })));
	}

	@Test
	void convGroupsArgument() {
		assertEquals(1, Architectures.parse("conv(2, 3, groups=1)", new int[] { 2, 5, 5 }, 0).node("conv1")
			.layer().attributes().getOrDefault("groups", 1));
		assertEquals(2, Architectures.parse("conv(2, 3, groups=2)", new int[] { 2, 5, 5 }, 0).node("conv1")
			.layer().attributes().get("groups"));
		for (final String bad : new String[] { "0", "-1", "x", "1234567890" })
			refused("conv groups must be a positive integer, got '" + bad + "'", () -> Architectures.parse(
				"conv(2, 3, groups=" + bad + ")", new int[] { 2, 5, 5 }, 0));
	}

	@Test
	void convTransposeGroupsArgument() {
		assertEquals(1, Architectures.parse("convtranspose(2, 3, groups=1)", new int[] { 2, 5, 5 }, 0)
			.node("convtranspose1").layer().attributes().getOrDefault("groups", 1));
		for (final String bad : new String[] { "0", "-2", "y" })
			refused("groups must be an integer >= 1, got '" + bad + "'", () -> Architectures.parse(
				"convtranspose(2, 3, groups=" + bad + ")", new int[] { 2, 5, 5 }, 0));
		refused("at most 3 positional arguments", () -> Architectures.parse("convtranspose(2, 3, 1, 1)",
			new int[] { 2, 5, 5 }, 0));
	}

	@Test
	void export() {
		final Layer c = Network.builder(2, 6, 6).add("c", new ConvLayer(4, new int[] { 3, 1 }, new int[] {
			2 }, Pads.of(1), new int[] { 1 }, true, 2)).build().node("c").layer();
		final FakeOnnxExport e = FakeOnnxExport.of(c);
		assertArrayEquals(new int[] { 3, 1 }, (int[]) e.attrs.get("kernel_shape"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) e.attrs.get("strides"));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) e.attrs.get("dilations"));
		assertArrayEquals(new int[] { 1, 1, 1, 1 }, (int[]) e.attrs.get("pads"));
		assertEquals(2L, e.attrs.get("group"));
		assertEquals(3, e.inputs.size()); // x, weight, bias
		final Layer t = Network.builder(2, 3, 3).add("t", new ConvTransposeLayer(4, new int[] { 3, 2 },
			new int[] { 2 }, new int[] { 1, 0, 0, 1 }, new int[] { 1 }, new int[] { 1 }, false)).build().node(
				"t").layer();
		final FakeOnnxExport et = FakeOnnxExport.of(t);
		assertArrayEquals(new int[] { 3, 2 }, (int[]) et.attrs.get("kernel_shape"));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) et.attrs.get("output_padding"));
		assertArrayEquals(new int[] { 1, 0, 0, 1 }, (int[]) et.attrs.get("pads"));
		assertEquals(2, et.inputs.size()); // x, weight (no bias)
	}

	@Test
	void convTransposeAttributesOfBuiltLayer() {
		final ConvTransposeLayer l = new ConvTransposeLayer(2, new int[] { 3 }, new int[] { 2 }, null,
			new int[] { 1 }, new int[] { 1 }, true);
		assertArrayEquals(new int[] { 3 }, (int[]) l.attributes().get("kernel"));
		assertFalse(l.attributes().containsKey("pads"));
		final Map<String, Object> a = Network.builder(1, 3, 3).add("t", l).build().node("t").layer()
			.attributes();
		assertArrayEquals(new int[] { 3, 3 }, (int[]) a.get("kernel"));
		assertArrayEquals(new int[] { 2, 2 }, (int[]) a.get("stride"));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("dilation"));
		assertArrayEquals(new int[] { 0, 0, 0, 0 }, (int[]) a.get("pads"));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("output_padding"));
		// pads of a 1-d length (2 values) on a 2-d input: 4 needed
		refused("convtranspose pads [1, 1] need 4 values", () -> Network.builder(1, 3, 3).add("t",
			new ConvTransposeLayer(2, new int[] { 3 }, new int[] { 1 }, new int[] { 1, 1 }, null, new int[] {
				1 }, true)).build());
	}

	@Test
	void convTransposeImportChecks() {
		final FakeOnnxImport in = node("ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr("group",
			2L).input(2, new float[6], 6);
		final Map<String, Object> a = ct(in);
		assertEquals(6, a.get("out_channels")); // 3 per group x 2 groups
		assertEquals(2, a.get("groups"));
		assertArrayEquals(new int[] { 3, 2 }, (int[]) a.get("kernel"));
		assertEquals(2, in.weightInputs.size());
		assertArrayEquals(new Object[] { "added1", "bias", 2 }, in.weightInputs.get(1));
		assertEquals(false, ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5)).get("bias"));

		refused("the weight (input 1) is missing", () -> ConvTransposeLayer.KIND.fromOnnx(
			new FakeOnnxImport("ConvTranspose", 13, 4, 5, 5)));
		for (final long g : new long[] { 0, 3, 8 })
			refused("group=" + g + " does not divide the 4 input channels", () -> ct(node("ConvTranspose",
				new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr("group", g)));
		refused("expected [in, out, kernel...] for 2 spatial axes", () -> ct(node("ConvTranspose",
			new int[] { 4, 3, 3 }, 4, 5, 5)));
		refused("has shape [2, 3, 3, 3] for 4 input channels", () -> ct(node("ConvTranspose", new int[] {
			2, 3, 3, 3 }, 4, 5, 5)));
		refused("kernel_shape [3, 3] does not match the weight shape [4, 3, 3, 2]", () -> ct(node(
			"ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr("kernel_shape", new int[] { 3, 3 })));
		ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr("kernel_shape", new int[] { 3,
			2 }));
		refused("auto_pad SAME is not supported", () -> ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 },
			4, 5, 5).attr("auto_pad", "SAME")));
		refused("need 2 values", () -> ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr(
			"strides", new int[] { 2 })));
		refused("need 2 values", () -> ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr(
			"dilations", new int[] { 1, 1, 1 })));
		refused("output_padding [1] needs 2 values", () -> ct(node("ConvTranspose", new int[] { 4, 3, 3,
			2 }, 4, 5, 5).attr("output_padding", new int[] { 1 })));
		refused("output_shape [9] needs 2 values", () -> ct(node("ConvTranspose", new int[] { 4, 3, 3,
			2 }, 4, 5, 5).attr("output_shape", new int[] { 9 })));
		refused("pads [1, 1, 1] need 4 values", () -> ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 },
			4, 5, 5).attr("pads", new int[] { 1, 1, 1 })));
		// explicit pads and output padding are taken as they are (NOTSET)
		final Map<String, Object> p = ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr(
			"strides", new int[] { 2, 2 }).attr("pads", new int[] { 1, 0, 1, 0 }).attr("output_padding",
				new int[] { 1, 0 }));
		assertArrayEquals(new int[] { 1, 0, 1, 0 }, (int[]) p.get("pads"));
		assertArrayEquals(new int[] { 1, 0 }, (int[]) p.get("output_padding"));
		// VALID: the pads attribute is not read
		assertFalse(ct(node("ConvTranspose", new int[] { 4, 3, 3, 2 }, 4, 5, 5).attr("auto_pad", "VALID")
			.attr("pads", new int[] { 1, 1, 1, 1 })).containsKey("pads"));
	}

	/** 1-d ConvTranspose over 3 cells, kernel 3 (weight [1, 1, 3]). */
	private static FakeOnnxImport ct1(final int stride) {
		return node("ConvTranspose", new int[] { 1, 1, 3 }, 1, 3).attr("strides", new int[] { stride });
	}

	@Test
	void convTransposeOutputShape() {
		// stride 2, in 3, k 3: full output (3 - 1) 2 + 3 = 7
		Map<String, Object> a = ct(ct1(2).attr("output_shape", new int[] { 7 }));
		assertArrayEquals(new int[] { 0, 0 }, (int[]) a.get("pads"));
		assertArrayEquals(new int[] { 0 }, (int[]) a.get("output_padding"));
		// 5: total 2, one each side
		a = ct(ct1(2).attr("output_shape", new int[] { 5 }));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("pads"));
		// 6: total 1, at the end; SAME_LOWER: at the start
		assertArrayEquals(new int[] { 0, 1 }, (int[]) ct(ct1(2).attr("output_shape", new int[] { 6 })).get(
			"pads"));
		assertArrayEquals(new int[] { 1, 0 }, (int[]) ct(ct1(2).attr("output_shape", new int[] { 6 }).attr(
			"auto_pad", "SAME_LOWER")).get("pads"));
		// 4: total 3 -> 1 before, 2 after (SAME_LOWER: 2 before, 1 after)
		assertArrayEquals(new int[] { 1, 2 }, (int[]) ct(ct1(2).attr("output_shape", new int[] { 4 })).get(
			"pads"));
		assertArrayEquals(new int[] { 2, 1 }, (int[]) ct(ct1(2).attr("output_shape", new int[] { 4 }).attr(
			"auto_pad", "SAME_LOWER")).get("pads"));
		// 9: total -2 -> 2 more cells at the end, added to output_padding 1 given
		a = ct(ct1(3).attr("output_shape", new int[] { 11 }).attr("output_padding", new int[] { 1 }));
		// stride 3: (3 - 1) 3 + 1 + 2 + 1 = 10, so 11 is 1 more: output padding 1 + 1
		assertArrayEquals(new int[] { 0, 0 }, (int[]) a.get("pads"));
		assertArrayEquals(new int[] { 2 }, (int[]) a.get("output_padding"));
		a = ct(ct1(2).attr("output_shape", new int[] { 9 }));
		assertArrayEquals(new int[] { 2 }, (int[]) a.get("output_padding"));
		// output_shape with the batch and channel axes: the last r values
		a = ct(ct1(2).attr("output_shape", new int[] { 1, 1, 5 }));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("pads"));
		// dilation 2: (3 - 1) 2 + (3 - 1) 2 + 1 = 9; 8 -> total 1
		assertArrayEquals(new int[] { 0, 1 }, (int[]) ct(ct1(2).attr("dilations", new int[] { 2 }).attr(
			"output_shape", new int[] { 8 })).get("pads"));
		// at most 2^16 cells more than the full output: in 1, k 1, stride 1 gives 1
		final FakeOnnxImport one = node("ConvTranspose", new int[] { 1, 1, 1 }, 1, 1);
		assertArrayEquals(new int[] { 65536 }, (int[]) ct(one.attr("output_shape", new int[] { 65537 }))
			.get("output_padding"));
		refused("output_shape [65538] is too large", () -> ct(node("ConvTranspose", new int[] { 1, 1, 1 },
			1, 1).attr("output_shape", new int[] { 65538 })));
		// a total padding of exactly 2^31 - 1: in 2, stride 2^31 - 1, k 1, output 1
		final int max = Integer.MAX_VALUE;
		a = ct(node("ConvTranspose", new int[] { 1, 1, 1 }, 1, 2).attr("strides", new int[] { max }).attr(
			"output_shape", new int[] { 1 }));
		assertArrayEquals(new int[] { max / 2, max - max / 2 }, (int[]) a.get("pads"));
		// one more (in 3, stride 2^30, output 0 + ...): total 2^31 - 1 + 1
		refused("output_shape [1] is too small", () -> ct(node("ConvTranspose", new int[] { 1, 1, 2 }, 1,
			2).attr("strides", new int[] { max }).attr("output_shape", new int[] { 1 })));
	}

	@Test
	void convTransposeOutputShape2d() {
		// in [3, 2], kernel 3x3, strides (2, 1): full output (5 + 2, 1 + 2 + 1) = (7, 4); output
		// (4, 3): totals 3 and 1 -> before (1, 0), after (2, 1); SAME_LOWER the other way round
		final FakeOnnxImport in = node("ConvTranspose", new int[] { 1, 1, 3, 3 }, 1, 3, 2).attr("strides",
			new int[] { 2, 1 }).attr("output_shape", new int[] { 4, 3 });
		assertArrayEquals(new int[] { 1, 0, 2, 1 }, (int[]) ct(in).get("pads"));
		final FakeOnnxImport lower = node("ConvTranspose", new int[] { 1, 1, 3, 3 }, 1, 3, 2).attr(
			"strides", new int[] { 2, 1 }).attr("output_shape", new int[] { 4, 3 }).attr("auto_pad",
				"SAME_LOWER");
		final Map<String, Object> a = ct(lower);
		assertArrayEquals(new int[] { 2, 1, 1, 0 }, (int[]) a.get("pads"));
		assertArrayEquals(new int[] { 0, 0 }, (int[]) a.get("output_padding"));
	}

	@Test
	void convTransposeSameAutoPad() {
		// SAME: output = in * stride = 6; full output 7 -> total 1 (end for SAME_UPPER)
		Map<String, Object> a = ct(ct1(2).attr("auto_pad", "SAME_UPPER"));
		assertArrayEquals(new int[] { 0, 1 }, (int[]) a.get("pads"));
		a = ct(ct1(2).attr("auto_pad", "SAME_LOWER"));
		assertArrayEquals(new int[] { 1, 0 }, (int[]) a.get("pads"));
		// stride 3: output 9, full (3 - 1) 3 + 3 = 9 -> no padding; a given output_shape wins
		a = ct(ct1(3).attr("auto_pad", "SAME_UPPER"));
		assertArrayEquals(new int[] { 0, 0 }, (int[]) a.get("pads"));
		a = ct(ct1(2).attr("auto_pad", "SAME_UPPER").attr("output_shape", new int[] { 5 }));
		assertArrayEquals(new int[] { 1, 1 }, (int[]) a.get("pads"));
		// 2 cells x stride 2^30 = 2^31: too large for an int
		refused("auto_pad SAME_UPPER gives an output extent 2147483648", () -> ct(node("ConvTranspose",
			new int[] { 1, 1, 1 }, 1, 2).attr("strides", new int[] { 1 << 30 }).attr("auto_pad",
				"SAME_UPPER")));
		// 1 cell x stride 2^31 - 1 fits (and is then too many cells more than the full output 1)
		refused("is too large for this input", () -> ct(node("ConvTranspose", new int[] { 1, 1, 1 }, 1, 1)
			.attr("strides", new int[] { Integer.MAX_VALUE }).attr("auto_pad", "SAME_UPPER")));
	}

	@Test
	void convTransposeOutputChannelLimit() {
		// weight [1, 2^31 - 1, 1] (dims only): 2^31 - 1 output channels fit an int
		final int max = Integer.MAX_VALUE;
		final FakeOnnxImport ok = new FakeOnnxImport("ConvTranspose", 13, 1, 3).input(1, new float[1], 1,
			max, 1);
		assertEquals(max, ct(ok).get("out_channels"));
		final FakeOnnxImport many = new FakeOnnxImport("ConvTranspose", 13, 2, 3).input(1, new float[1], 2,
			1 << 30, 1).attr("group", 2L);
		refused("1073741824 x group 2 output channels are too many", () -> ct(many));
	}

	@Test
	void groupedConvFusedRelu() {
		final Layer c = Network.builder(2, 5).add("c", new ConvLayer(4, new int[] { 3 }, new int[] { 1 },
			Pads.same(), new int[] { 1 }, true, 2)).build().node("c").layer();
		c.initialize(new Random(3), false);
		final Tensor x = GradientCheck.random(new Random(4), 2, 2, 5);
		final float[] plain = c.forward(new Tensor[] { x }, false).data().clone();
		int negatives = 0;
		for (int i = 0; i < plain.length; i++)
			if (plain[i] < 0) {
				plain[i] = 0;
				negatives++;
			}
		assertTrue(negatives > 0 && negatives < plain.length);
		assertArrayEquals(plain, ((ConvLayer) c).forwardRelu(new Tensor[] { x }).data());
	}

	/** Uniform in [-b, b] drawn in order: (2u - 1) b for u from {@code new Random(seed)}. */
	private static float[] uniform(final long seed, final int n, final double b) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) ((2 * r.nextDouble() - 1) * b);
		return v;
	}

	@Test
	void convTransposeInitialisation() {
		// weight [Cin 2, Cout 3, 2, 2]: each output of a stride-1 transposed conv sums Cin x 4 = 8
		// products (fan in), each input reaches Cout x 4 = 12 outputs (fan out)
		final Layer l = Network.builder(2, 3, 3).add("t", new ConvTransposeLayer(3, new int[] { 2 },
			new int[] { 1 }, null, null, new int[] { 1 }, true)).build().node("t").layer();
		l.parameters().get(1).value().data()[1] = 5; // the bias is reset to 0
		l.initialize(new Random(11), true);
		assertArrayEquals(uniform(11, 24, Math.sqrt(6.0 / 8)), l.parameters().get(0).value().data());
		assertArrayEquals(new float[3], l.parameters().get(1).value().data());
		l.initialize(new Random(12), false);
		assertArrayEquals(uniform(12, 24, Math.sqrt(6.0 / (8 + 12))), l.parameters().get(0).value()
			.data());
		// 1-d kernel 3, 2 groups: weight [2, 1, 3]: fan in 2 x 3 = 6, fan out 1 x 3 = 3
		final Layer g = Network.builder(2, 4).add("t", new ConvTransposeLayer(2, new int[] { 3 },
			new int[] { 1 }, null, null, new int[] { 1 }, 2, false)).build().node("t").layer();
		g.initialize(new Random(13), false);
		assertArrayEquals(uniform(13, 6, Math.sqrt(6.0 / 9)), g.parameters().get(0).value().data());
	}
}
