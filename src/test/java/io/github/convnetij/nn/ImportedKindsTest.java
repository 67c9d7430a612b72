package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

import org.junit.jupiter.api.Test;

/**
 * transpose, pad and logsoftmax (added for imported models): values against index loops and
 * formulas written here, gradients by finite differences.
 */
class ImportedKindsTest {

	private static Layer built(final String type, final Map<String, Object> attrs, final int... in) {
		final Layer l = Layers.create(type, attrs);
		l.bind(type, new int[][] { in });
		return l;
	}

	@Test
	void transposeMovesEachElementWhereThePermutationSays() {
		final Random rnd = new Random(1);
		final Tensor x = GradientCheck.random(rnd, 2, 3, 4, 5);
		final Layer l = built("transpose", Map.of("perm", new int[] { 2, 0, 1 }), 3, 4, 5);
		assertArrayEquals(new int[] { 5, 3, 4 }, l.outputShape());
		final Tensor y = l.forward(new Tensor[] { x }, false);
		assertArrayEquals(new int[] { 2, 5, 3, 4 }, y.shape());
		for (int n = 0; n < 2; n++)
			for (int a = 0; a < 3; a++)
				for (int b = 0; b < 4; b++)
					for (int c = 0; c < 5; c++)
						assertEquals(x.data()[((n * 3 + a) * 4 + b) * 5 + c], y.data()[((n * 5 + c) * 3 + a) * 4 +
							b]);
		LayerGradientTest.check("transpose", Layers.create("transpose", Map.of("perm", new int[] { 1, 2,
			0 })), x, 1, 1e-3f);
		assertThrows(IllegalArgumentException.class, () -> Layers.create("transpose", Map.of("perm",
			new int[] { 0, 0 })));
	}

	@Test
	void padPlacesTheInputInsideTheConstant() {
		final Random rnd = new Random(2);
		final Tensor x = GradientCheck.random(rnd, 2, 2, 3, 4);
		// before: c 1, h 0, w 2; after: c 0, h 2, w 1
		final Layer l = built("pad", Map.of("pads", new int[] { 1, 0, 2, 0, 2, 1 }, "value", 0.5f), 2, 3,
			4);
		assertArrayEquals(new int[] { 3, 5, 7 }, l.outputShape());
		final Tensor y = l.forward(new Tensor[] { x }, false);
		for (int n = 0; n < 2; n++)
			for (int c = 0; c < 3; c++)
				for (int h = 0; h < 5; h++)
					for (int w = 0; w < 7; w++) {
						final int ci = c - 1, hi = h, wi = w - 2;
						final boolean inside = ci >= 0 && ci < 2 && hi < 3 && wi >= 0 && wi < 4;
						final float e = inside ? x.data()[((n * 2 + ci) * 3 + hi) * 4 + wi] : 0.5f;
						assertEquals(e, y.data()[((n * 3 + c) * 5 + h) * 7 + w], "at " + n + "," + c + "," + h +
							"," + w);
					}
		LayerGradientTest.check("pad", Layers.create("pad", Map.of("pads", new int[] { 0, 1, 1, 1, 0,
			2 })), x, 2, 1e-3f);
	}

	/** ONNX reflect: walk back and forth over the axis without repeating the edge value. */
	private static int reflect(int i, final int n) {
		if (n == 1) return 0;
		while (i < 0 || i >= n)
			i = i < 0 ? -i : 2 * (n - 1) - i;
		return i;
	}

	/** ONNX reflect (mode=mirror) and edge (mode=nearest), pads larger than the axis included. */
	@Test
	void padReflectAndEdgeReadTheInputAsOnnxSays() {
		final Random rnd = new Random(12);
		final Tensor x = GradientCheck.random(rnd, 2, 2, 3, 4);
		for (final String mode : new String[] { "mirror", "nearest" }) {
			// before: c 1, h 0, w 5 (more than the width); after: c 0, h 3, w 1
			final Layer l = built("pad", Map.of("pads", new int[] { 1, 0, 5, 0, 3, 1 }, "mode", mode), 2,
				3, 4);
			assertArrayEquals(new int[] { 3, 6, 10 }, l.outputShape());
			final Tensor y = l.forward(new Tensor[] { x }, false);
			for (int n = 0; n < 2; n++)
				for (int c = 0; c < 3; c++)
					for (int h = 0; h < 6; h++)
						for (int w = 0; w < 10; w++) {
							final int ci, hi, wi;
							if (mode.equals("mirror")) {
								ci = reflect(c - 1, 2);
								hi = reflect(h, 3);
								wi = reflect(w - 5, 4);
							}
							else {
								ci = Math.max(0, Math.min(1, c - 1));
								hi = Math.min(2, h);
								wi = Math.max(0, Math.min(3, w - 5));
							}
							assertEquals(x.data()[((n * 2 + ci) * 3 + hi) * 4 + wi], y.data()[((n * 3 + c) * 6 + h) *
								10 + w], mode + " at " + n + "," + c + "," + h + "," + w);
						}
			LayerGradientTest.check("pad " + mode, Layers.create("pad", Map.of("pads", new int[] { 0, 2, 1,
				1, 0, 3 }, "mode", mode)), x, 3, 1e-3f);
		}
		for (final String bad : new String[] { "wrap", "reflect", "zero", "sideways" })
			assertThrows(IllegalArgumentException.class, () -> Layers.create("pad", Map.of("pads",
				new int[] { 0, 1 }, "mode", bad)), bad);
		assertThrows(IllegalArgumentException.class, () -> Layers.create("pad", Map.of("pads",
			new int[] { 0, 1 }, "mode", "mirror", "value", 1f)));
	}

	@Test
	void groupedConvGradients() {
		final Tensor x = GradientCheck.random(new Random(4), 2, 4, 5, 5);
		LayerGradientTest.check("conv groups", Layers.create("conv", Map.of("out_channels", 6, "kernel",
			3, "padding", "same", "groups", 2)), x, 4, 1e-3f);
		LayerGradientTest.check("conv depthwise", Layers.create("conv", Map.of("out_channels", 4,
			"kernel", 3, "stride", 2, "groups", 4)), x, 5, 1e-3f);
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse("conv(6,3,groups=4)",
			new int[] { 4, 5, 5 }, 0));
		assertThrows(IllegalArgumentException.class, () -> Architectures.parse("conv(4,3,groups=1.5)",
			new int[] { 4, 5, 5 }, 0));
	}

	/** out[n, co, i * s + k * d - pb] += in[n, ci, i] * w[ci, co, k], written out for 2-d. */
	@Test
	void convTransposeSpreadsEachInputOverItsKernel() {
		final Random rnd = new Random(8);
		final int s = 2, d = 2, pb = 1, pa = 2, op = 1, kh = 3, kw = 2, cin = 3, cout = 2, h = 4, w = 5;
		final Layer l = built("convtranspose", Map.of("out_channels", cout, "kernel", new int[] { kh, kw },
			"stride", s, "dilation", d, "pads", new int[] { pb, pb, pa, pa }, "output_padding", op, "bias",
			true), cin, h, w);
		final int oh = (h - 1) * s - 2 * 0 - pb - pa + d * (kh - 1) + 1 + op;
		final int ow = (w - 1) * s - pb - pa + d * (kw - 1) + 1 + op;
		assertArrayEquals(new int[] { cout, oh, ow }, l.outputShape());
		for (final Parameter p : l.parameters())
			for (int i = 0; i < p.value().data().length; i++)
				p.value().data()[i] = rnd.nextFloat() * 2 - 1;
		final Tensor x = GradientCheck.random(rnd, 2, cin, h, w);
		final Tensor y = l.forward(new Tensor[] { x }, false);
		final float[] wt = l.parameter("weight").value().data(), b = l.parameter("bias").value().data();
		final double[] e = new double[2 * cout * oh * ow];
		for (int n = 0; n < 2; n++)
			for (int co = 0; co < cout; co++)
				for (int i = 0; i < oh * ow; i++)
					e[(n * cout + co) * oh * ow + i] = b[co];
		for (int n = 0; n < 2; n++)
			for (int ci = 0; ci < cin; ci++)
				for (int iy = 0; iy < h; iy++)
					for (int ix = 0; ix < w; ix++)
						for (int co = 0; co < cout; co++)
							for (int ky = 0; ky < kh; ky++)
								for (int kx = 0; kx < kw; kx++) {
									final int oy = iy * s + ky * d - pb, ox = ix * s + kx * d - pb;
									if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
									e[((n * cout + co) * oh + oy) * ow + ox] += (double) x.data()[((n * cin + ci) * h + iy) *
										w + ix] * wt[((ci * cout + co) * kh + ky) * kw + kx];
								}
		for (int i = 0; i < e.length; i++)
			assertEquals(e[i], y.data()[i], 1e-4, "element " + i);
		LayerGradientTest.check("convtranspose", Layers.create("convtranspose", Map.of("out_channels", 2,
			"kernel", 3, "stride", 2, "pads", new int[] { 1, 0, 1, 1 }, "output_padding", 1)), x, 9,
			1e-3f);
	}

	/** Groups: input channel group g spreads only over output channel group g. */
	@Test
	void groupedConvTransposeKeepsItsGroupsApart() {
		final Random rnd = new Random(13);
		final int s = 2, d = 1, pb = 1, op = 1, k = 3, cin = 6, cout = 4, g = 2, h = 3, w = 4;
		final Layer l = built("convtranspose", Map.of("out_channels", cout, "kernel", k, "stride", s,
			"pads", new int[] { pb, pb, pb, pb }, "output_padding", op, "groups", g), cin, h, w);
		final int oh = (h - 1) * s - 2 * pb + d * (k - 1) + 1 + op, ow = (w - 1) * s - 2 * pb + d * (k -
			1) + 1 + op;
		assertArrayEquals(new int[] { cout, oh, ow }, l.outputShape());
		assertArrayEquals(new int[] { cin, cout / g, k, k }, l.parameter("weight").value().shape());
		for (final Parameter p : l.parameters())
			for (int i = 0; i < p.value().data().length; i++)
				p.value().data()[i] = rnd.nextFloat() * 2 - 1;
		final Tensor x = GradientCheck.random(rnd, 2, cin, h, w);
		final Tensor y = l.forward(new Tensor[] { x }, false);
		final float[] wt = l.parameter("weight").value().data(), b = l.parameter("bias").value().data();
		final int cinG = cin / g, coutG = cout / g;
		final double[] e = new double[2 * cout * oh * ow];
		for (int n = 0; n < 2; n++)
			for (int co = 0; co < cout; co++)
				for (int i = 0; i < oh * ow; i++)
					e[(n * cout + co) * oh * ow + i] = b[co];
		for (int n = 0; n < 2; n++)
			for (int ci = 0; ci < cin; ci++)
				for (int iy = 0; iy < h; iy++)
					for (int ix = 0; ix < w; ix++)
						for (int j = 0; j < coutG; j++) {
							final int co = ci / cinG * coutG + j;
							for (int ky = 0; ky < k; ky++)
								for (int kx = 0; kx < k; kx++) {
									final int oy = iy * s + ky * d - pb, ox = ix * s + kx * d - pb;
									if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
									e[((n * cout + co) * oh + oy) * ow + ox] += (double) x.data()[((n * cin + ci) * h + iy) *
										w + ix] * wt[((ci * coutG + j) * k + ky) * k + kx];
								}
						}
		for (int i = 0; i < e.length; i++)
			assertEquals(e[i], y.data()[i], 1e-4, "element " + i);
		LayerGradientTest.check("convtranspose groups", Layers.create("convtranspose", Map.of(
			"out_channels", 4, "kernel", 3, "stride", 2, "pads", new int[] { 1, 0, 1, 1 }, "output_padding",
			1, "groups", 2, "dilation", 2)), x, 14, 1e-3f);
		LayerGradientTest.check("convtranspose depthwise", Layers.create("convtranspose", Map.of(
			"out_channels", 6, "kernel", 2, "stride", 2, "groups", 6)), x, 15, 1e-3f);
		assertThrows(IllegalArgumentException.class, () -> Layers.create("convtranspose", Map.of(
			"out_channels", 3, "kernel", 2, "groups", 2)));
		assertThrows(IllegalArgumentException.class, () -> built("convtranspose", Map.of("out_channels",
			4, "kernel", 2, "groups", 4), 6, 3, 3));
	}

	@Test
	void upsampleRepeatsEachValue() {
		final Random rnd = new Random(10);
		final Tensor x = GradientCheck.random(rnd, 2, 3, 4, 5);
		final Layer l = built("upsample", Map.of("scale", new int[] { 2, 3 }), 3, 4, 5);
		assertArrayEquals(new int[] { 3, 8, 15 }, l.outputShape());
		final Tensor y = l.forward(new Tensor[] { x }, false);
		for (int n = 0; n < 2; n++)
			for (int c = 0; c < 3; c++)
				for (int h = 0; h < 8; h++)
					for (int w = 0; w < 15; w++)
						assertEquals(x.data()[((n * 3 + c) * 4 + h / 2) * 5 + w / 3], y.data()[((n * 3 + c) * 8 + h) *
							15 + w]);
		LayerGradientTest.check("upsample", Layers.create("upsample", Map.of("scale", 2)), x, 10, 1e-3f);
		LayerGradientTest.check("upsample 1-d", Layers.create("upsample", Map.of("scale", 3)),
			GradientCheck.random(rnd, 2, 2, 5), 11, 1e-3f);
	}

	@Test
	void logSoftmaxIsTheLogOfTheSoftmax() {
		final Random rnd = new Random(3);
		final Tensor x = GradientCheck.random(rnd, 3, 7);
		for (int i = 0; i < x.data().length; i++)
			x.data()[i] *= 30; // large values: the stable form
		final Layer l = built("logsoftmax", null, 7);
		final Tensor y = l.forward(new Tensor[] { x }, false);
		for (int n = 0; n < 3; n++) {
			double max = Double.NEGATIVE_INFINITY;
			for (int j = 0; j < 7; j++)
				max = Math.max(max, x.data()[n * 7 + j]);
			double sum = 0;
			for (int j = 0; j < 7; j++)
				sum += Math.exp(x.data()[n * 7 + j] - max);
			for (int j = 0; j < 7; j++) {
				final double e = x.data()[n * 7 + j] - max - Math.log(sum);
				assertEquals(e, y.data()[n * 7 + j], 1e-4 * (1 + Math.abs(e)));
				assertTrue(y.data()[n * 7 + j] <= 0);
			}
		}
		LayerGradientTest.check("logsoftmax", Layers.create("logsoftmax", null), GradientCheck.random(
			rnd, 2, 6), 3, 1e-3f);
	}

	/** On [A, F] samples both act on each row of F values. */
	@Test
	void softmaxAndLogSoftmaxActOnTheLastAxis() {
		final Random rnd = new Random(5);
		final Tensor x = GradientCheck.random(rnd, 2, 3, 4);
		final Tensor p = built("softmax", null, 3, 4).forward(new Tensor[] { x }, false);
		final Tensor lp = built("logsoftmax", null, 3, 4).forward(new Tensor[] { x }, false);
		assertArrayEquals(x.shape(), p.shape());
		for (int row = 0; row < 6; row++) {
			double sum = 0;
			for (int j = 0; j < 4; j++)
				sum += Math.exp(x.data()[row * 4 + j]);
			for (int j = 0; j < 4; j++) {
				final double e = Math.exp(x.data()[row * 4 + j]) / sum;
				assertEquals(e, p.data()[row * 4 + j], 1e-6);
				assertEquals(Math.log(e), lp.data()[row * 4 + j], 1e-5);
			}
		}
		LayerGradientTest.check("softmax rows", Layers.create("softmax", null), x, 6, 1e-3f);
		LayerGradientTest.check("logsoftmax rows", Layers.create("logsoftmax", null), x, 7, 1e-3f);
		// a softmax over rows is no classifier output: the loss does not read its input
		final Layer s = built("softmax", null, 3, 4);
		assertTrue(!s.has(LayerKind.Capability.NORMALISES_LOGITS));
		assertTrue(built("softmax", null, 4).has(LayerKind.Capability.NORMALISES_LOGITS));
	}
}
