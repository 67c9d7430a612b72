package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Grouped and depthwise correlation against the definition written out here (plain loops over
 * groups, channels and taps), and its gradients: the weight gradient against the same loops, the
 * input gradient by the adjoint identity {@code <correlate(x), g> = <x, inputGradient(g)>}.
 */
class GroupedConvolutionsTest {

	private static Tensor random(final Random r, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = r.nextFloat() * 2 - 1;
		return t;
	}

	/** 2-d grouped correlation by the formula. */
	private static float[] reference(final Tensor x, final Tensor w, final float[] b, final int groups,
		final int s, final int d, final int pad, final int[] outShape)
	{
		final int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
		final int cout = w.size(0), cg = w.size(1), kh = w.size(2), kw = w.size(3);
		final int oh = outShape[2], ow = outShape[3];
		final int coutG = cout / groups;
		final float[] out = new float[n * cout * oh * ow];
		for (int i = 0; i < n; i++)
			for (int co = 0; co < cout; co++) {
				final int g = co / coutG;
				for (int y = 0; y < oh; y++)
					for (int xx = 0; xx < ow; xx++) {
						double sum = b == null ? 0 : b[co];
						for (int j = 0; j < cg; j++)
							for (int ky = 0; ky < kh; ky++)
								for (int kx = 0; kx < kw; kx++) {
									final int iy = y * s + ky * d - pad, ix = xx * s + kx * d - pad;
									if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
									sum += (double) w.data()[((co * cg + j) * kh + ky) * kw + kx] * x.data()[((i * cin + g *
										cg + j) * h + iy) * wd + ix];
								}
						out[((i * cout + co) * oh + y) * ow + xx] = (float) sum;
					}
			}
		return out;
	}

	private static void check(final int cin, final int cout, final int groups, final int s,
		final int d, final int pad, final long seed)
	{
		final Random r = new Random(seed);
		final Tensor x = random(r, 2, cin, 9, 8);
		final Tensor w = random(r, cout, cin / groups, 3, 3);
		final float[] b = random(r, cout).data();
		final ConvGeometry geo = ConvGeometry.of(2).stride(new int[] { s, s }).dilation(new int[] { d,
			d }).pad(new int[] { pad, pad }, new int[] { pad, pad });
		final Tensor y = GroupedConvolutions.correlate(x, w, b, geo, groups);
		final float[] e = reference(x, w, b, groups, s, d, pad, y.shape());
		assertEquals(e.length, y.numel());
		for (int i = 0; i < e.length; i++)
			assertEquals(e[i], y.data()[i], 1e-4f, "element " + i);

		// weight and bias gradients of L = <y, g>, by the formula
		final Tensor g = random(r, y.shape());
		final Tensor dw = Tensor.zeros(w.shape());
		final float[] db = new float[cout];
		GroupedConvolutions.weightGradient(x, g, geo, groups, dw, db);
		final int cg = cin / groups, coutG = cout / groups, oh = y.size(2), ow = y.size(3);
		for (int co = 0; co < cout; co++) {
			double bs = 0;
			for (int i = 0; i < 2; i++)
				for (int p = 0; p < oh * ow; p++)
					bs += g.data()[(i * cout + co) * oh * ow + p];
			assertEquals(bs, db[co], 1e-3, "bias gradient " + co);
			for (int j = 0; j < cg; j++)
				for (int ky = 0; ky < 3; ky++)
					for (int kx = 0; kx < 3; kx++) {
						double sum = 0;
						for (int i = 0; i < 2; i++)
							for (int oy = 0; oy < oh; oy++)
								for (int ox = 0; ox < ow; ox++) {
									final int iy = oy * s + ky * d - pad, ix = ox * s + kx * d - pad;
									if (iy < 0 || iy >= 9 || ix < 0 || ix >= 8) continue;
									sum += (double) g.data()[((i * cout + co) * oh + oy) * ow + ox] * x.data()[((i * cin +
										co / coutG * cg + j) * 9 + iy) * 8 + ix];
								}
						assertEquals(sum, dw.data()[((co * cg + j) * 3 + ky) * 3 + kx], 1e-3, "weight gradient");
					}
		}
		// input gradient: <correlate(x, w) without bias, g> = <x, dx>
		final Tensor y0 = GroupedConvolutions.correlate(x, w, null, geo, groups);
		final Tensor dx = Tensor.zeros(x.shape());
		GroupedConvolutions.inputGradient(g, w, geo, groups, dx);
		double left = 0, right = 0;
		for (int i = 0; i < y0.numel(); i++)
			left += (double) y0.data()[i] * g.data()[i];
		for (int i = 0; i < x.numel(); i++)
			right += (double) x.data()[i] * dx.data()[i];
		assertEquals(left, right, 1e-3 * (1 + Math.abs(left)));
		// and the input gradient of one group does not leak into another: per element, by the formula
		for (int i = 0; i < 2; i++)
			for (int c = 0; c < cin; c++) {
				final int grp = c / cg, j = c % cg;
				for (int iy = 0; iy < 9; iy++)
					for (int ix = 0; ix < 8; ix++) {
						double sum = 0;
						for (int co = grp * coutG; co < (grp + 1) * coutG; co++)
							for (int ky = 0; ky < 3; ky++)
								for (int kx = 0; kx < 3; kx++) {
									final int ny = iy + pad - ky * d, nx = ix + pad - kx * d;
									if (ny % s != 0 || nx % s != 0) continue;
									final int oy = ny / s, ox = nx / s;
									if (ny < 0 || nx < 0 || oy >= oh || ox >= ow) continue;
									sum += (double) g.data()[((i * cout + co) * oh + oy) * ow + ox] * w.data()[((co * cg +
										j) * 3 + ky) * 3 + kx];
								}
						assertEquals(sum, dx.data()[((i * cin + c) * 9 + iy) * 8 + ix], 1e-3, "input gradient");
					}
			}
	}

	@Test
	void groupedMatchesTheDefinition() {
		check(4, 6, 2, 1, 1, 1, 1);
		check(6, 6, 3, 2, 1, 1, 2);
	}

	@Test
	void depthwiseMatchesTheDefinition() {
		check(4, 4, 4, 1, 1, 1, 3);   // depthwise
		check(4, 8, 4, 2, 1, 1, 4);   // depthwise with multiplier 2, stride 2
		check(3, 3, 3, 1, 2, 2, 5);   // dilated
	}

	@Test
	void oneGroupIsPlainCorrelation() {
		check(3, 5, 1, 1, 1, 0, 6);
	}

	@Test
	void channelsThatDoNotDivideAreRefused() {
		final ConvGeometry geo = ConvGeometry.of(2);
		assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions.outputShape(new int[] { 1,
			6, 5, 5 }, new int[] { 4, 3, 3, 3 }, geo, 4));
		assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions.outputShape(new int[] { 1,
			6, 5, 5 }, new int[] { 4, 2, 3, 3 }, geo, 2));
		assertArrayEquals(new int[] { 1, 4, 3, 3 }, GroupedConvolutions.outputShape(new int[] { 1, 6, 5,
			5 }, new int[] { 4, 3, 3, 3 }, geo, 2));
	}
}
