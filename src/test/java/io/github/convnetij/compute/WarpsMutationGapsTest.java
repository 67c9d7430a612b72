package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link Warps} and {@link Interpolation} against hand-worked values: whole-pixel shifts (every
 * interpolation gives the shifted pixels exactly), half-pixel shifts (means of two integers), the
 * coordinate clamp at 1e15, copies and shifts over many row blocks with source indices, and the
 * one-line refusals.
 */
class WarpsMutationGapsTest {

	private static String refused(final Executable call) {
		return assertThrows(IllegalArgumentException.class, call).getMessage();
	}

	/** Integer values: pixel (n, c, y, x) = 1000 n + 100 c + 10 y + x. */
	private static Tensor ramp(final int n, final int c, final int h, final int w) {
		final Tensor t = Tensor.zeros(n, c, h, w);
		for (int s = 0; s < n; s++)
			for (int ch = 0; ch < c; ch++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						t.data()[((s * c + ch) * h + y) * w + x] = 1000 * s + 100 * ch + 10 * y + x;
		return t;
	}

	/** out(x, y) = in(x - dx, y - dy) with the boundary's value outside. */
	private static float shifted(final Tensor in, final int s, final int ch, final int x, final int y,
		final int dx, final int dy, final Boundary b, final float value)
	{
		final int h = in.size(2), w = in.size(3);
		final int ix = b.map(x - dx, w), iy = b.map(y - dy, h);
		if (ix < 0 || iy < 0) return b == Boundary.ZERO ? 0 : value;
		return in.data()[((s * in.size(1) + ch) * h + iy) * w + ix];
	}

	@Test
	void wholePixelShiftsGiveThePixelsExactly() {
		final Tensor in = ramp(2, 2, 5, 6);
		final int[][] shifts = { { 2, 1 }, { -1, -3 } };
		for (final Interpolation ip : Interpolation.values())
			for (final Boundary b : Boundary.values()) {
				final double[][] maps = new double[2][];
				for (int s = 0; s < 2; s++)
					maps[s] = new double[] { 1, 0, -shifts[s][0], 0, 1, -shifts[s][1] };
				final Tensor out = Warps.affine(in, maps, ip, b, 7f);
				for (int s = 0; s < 2; s++)
					for (int ch = 0; ch < 2; ch++)
						for (int y = 0; y < 5; y++)
							for (int x = 0; x < 6; x++)
								assertEquals(shifted(in, s, ch, x, y, shifts[s][0], shifts[s][1], b, 7f), out.data()[((s *
									2 + ch) * 5 + y) * 6 + x], ip + " " + b + " sample " + s + " (" + x + ", " + y + ")");
			}
	}

	@Test
	void halfPixelShiftsAverageTwoNeighbours() {
		final Tensor in = ramp(1, 1, 4, 5);
		// x_in = x + 0.5: the mean of columns x and x + 1; the last column has x + 1 = 5 outside
		final Tensor out = Warps.affine(in, new double[][] { { 1, 0, 0.5, 0, 1, 0 } },
			Interpolation.BILINEAR, Boundary.CONSTANT, 3f);
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 5; x++) {
				final float right = x + 1 < 5 ? 10 * y + x + 1 : 3f;
				assertEquals((10 * y + x + right) / 2, out.data()[y * 5 + x], "(" + x + ", " + y + ")");
			}
		// y_in = y + 0.5, x_in = x + 0.5: the mean of four pixels inside
		final Tensor out2 = Warps.affine(in, new double[][] { { 1, 0, 0.5, 0, 1, 0.5 } },
			Interpolation.BILINEAR, Boundary.NEAREST, 0f);
		assertEquals((0 + 1 + 10 + 11) / 4f, out2.data()[0]);
		assertEquals((23 + 24 + 33 + 34) / 4f, out2.data()[2 * 5 + 3]);
		// the last row and column repeat their edge (NEAREST): (34 + 34 + 34 + 34) / 4
		assertEquals(34f, out2.data()[3 * 5 + 4]);
		// bicubic at x + 0.5 on a linear ramp inside: Keys' kernel reproduces it, x + 0.5 + 10 y
		final Tensor out3 = Warps.affine(ramp(1, 1, 6, 8), new double[][] { { 1, 0, 0.5, 0, 1, 0 } },
			Interpolation.BICUBIC, Boundary.ZERO, 0f);
		for (int y = 0; y < 6; y++)
			for (int x = 1; x < 6; x++)
				assertEquals(10 * y + x + 0.5f, out3.data()[y * 8 + x], 1e-5, "bicubic (" + x + ", " + y +
					")");
		// nearest at +0.5 rounds up (ties go up), at +0.49 stays
		assertEquals(2f, Warps.affine(in, new double[][] { { 1, 0, 0.5, 0, 1, 0 } },
			Interpolation.NEAREST, Boundary.ZERO, 0f).data()[1]);
		assertEquals(1f, Warps.affine(in, new double[][] { { 1, 0, 0.49, 0, 1, 0 } },
			Interpolation.NEAREST, Boundary.ZERO, 0f).data()[1]);
	}

	@Test
	void coordinatesAreClampedTo1e15() {
		final Tensor row = ramp(1, 1, 1, 7); // 0 .. 6
		for (final Interpolation ip : Interpolation.values()) {
			// x_in = x + 1e300 is clamped to 1e15, and 1e15 mod 7 = 6 (unclamped, Long.MAX_VALUE mod 7 = 0)
			final float[] far = Warps.affine(row, new double[][] { { 1, 0, 1e300, 0, 1, 0 } }, ip,
				Boundary.WRAP, 0f).data();
			final float[] six = new float[7];
			Arrays.fill(six, 6f);
			assertArrayEquals(six, far, ip + " at +1e300");
			// -1e300 to -1e15, and -1e15 mod 7 = 1 (Long.MIN_VALUE mod 7 = 6)
			final float[] near = Warps.affine(row, new double[][] { { 1, 0, -1e300, 0, 1, 0 } }, ip,
				Boundary.WRAP, 0f).data();
			final float[] one = new float[7];
			Arrays.fill(one, 1f);
			assertArrayEquals(one, near, ip + " at -1e300");
			// and in y: y_in = 1e300 -> 1e15, on a column of 7 rows (1e15 mod 7 = 6: value 60)
			final float[] down = Warps.affine(ramp(1, 1, 7, 1), new double[][] { { 1, 0, 0, 0, 1, 1e300 } },
				ip, Boundary.WRAP, 0f).data();
			for (final float v : down)
				assertEquals(60f, v, ip + " at y +1e300");
		}
	}

	/** Copies (no map) and shifts over many blocks of rows, output samples read from sources. */
	@Test
	void manyRowBlocksWithSourceIndices() {
		final Tensor in = ramp(2, 2, 300, 50);
		final int[] sources = { 1, 0, 1 };
		final double[][] maps = { null, { 1, 0, -3, 0, 1, 2 }, { 1, 0, 0, 0, 1, -1 } };
		for (final Interpolation ip : Interpolation.values()) {
			final Tensor out = Tensor.zeros(3, 2, 300, 50);
			Arrays.fill(out.data(), Float.NaN);
			Warps.affine(in, sources, maps, ip, Boundary.REFLECT, 0f, out);
			final int[][] shift = { { 0, 0 }, { 3, -2 }, { 0, 1 } };
			for (int m = 0; m < 3; m++)
				for (int ch = 0; ch < 2; ch++)
					for (int y = 0; y < 300; y++)
						for (int x = 0; x < 50; x++)
							assertEquals(shifted(in, sources[m], ch, x, y, shift[m][0], shift[m][1], Boundary.REFLECT,
								0f), out.data()[((m * 2 + ch) * 300 + y) * 50 + x], ip + " output " + m + " (" + x +
									", " + y + ")");
		}
		// a copy into another sample count, without maps, needs the same H, W
		final Tensor small = Tensor.zeros(1, 2, 300, 49);
		assertTrue(refused(() -> Warps.affine(in, new int[] { 0 }, new double[][] { null },
			Interpolation.NEAREST, Boundary.ZERO, 0f, small)).contains(
				"output sample 0 has no map (copy), but the output's H, W 300, 49 differ from the input's 300, 50"));
		final Tensor shorter = Tensor.zeros(1, 2, 299, 50);
		assertTrue(refused(() -> Warps.affine(in, new int[] { 0 }, new double[][] { null },
			Interpolation.NEAREST, Boundary.ZERO, 0f, shorter)).contains("H, W 299, 50"));
		// a map into a smaller output is fine: the top-left 2 x 3 of sample 1, shifted by (1, 1)
		final Tensor part = Tensor.zeros(1, 1, 2, 3);
		Warps.affine(Tensor.of(Arrays.copyOf(in.data(), 300 * 50), 1, 1, 300, 50), new int[] { 0 },
			new double[][] { { 1, 0, 1, 0, 1, 1 } }, Interpolation.NEAREST, Boundary.ZERO, 0f, part);
		assertArrayEquals(new float[] { 11, 12, 13, 21, 22, 23 }, part.data());
	}

	@Test
	void badArgumentsAreRefusedWithOneLine() {
		final Tensor in = Tensor.zeros(2, 3, 4, 5);
		final double[] id = { 1, 0, 0, 0, 1, 0 };
		final double[][] two = { id, id };
		final Interpolation n = Interpolation.NEAREST;
		final Boundary z = Boundary.ZERO;
		assertEquals("input tensor is null", refused(() -> Warps.affine(null, two, n, z, 0f)));
		assertEquals("input and output tensors are required", refused(() -> Warps.affine(in, null, two,
			n, z, 0f, null)));
		assertEquals("input and output tensors are required", refused(() -> Warps.affine(null, null,
			two, n, z, 0f, in)));
		assertEquals("interpolation and boundary are required", refused(() -> Warps.affine(in, two,
			null, z, 0f)));
		assertEquals("interpolation and boundary are required", refused(() -> Warps.affine(in, two, n,
			null, 0f)));
		assertTrue(refused(() -> Warps.affine(Tensor.zeros(2, 3, 4), two, n, z, 0f)).contains(
			"affine warp needs [N, C, H, W] tensors, got input [2, 3, 4]"));
		assertTrue(refused(() -> Warps.affine(in, null, two, n, z, 0f, Tensor.zeros(2, 3, 4, 5, 1)))
			.contains("and output [2, 3, 4, 5, 1]"));
		assertTrue(refused(() -> Warps.affine(in, null, two, n, z, 0f, Tensor.zeros(2, 2, 4, 5)))
			.contains("differ in their channel count"));
		assertTrue(refused(() -> Warps.affine(Tensor.zeros(2, 3, 0, 5), two, n, z, 0f)).contains(
			"has an empty spatial axis"));
		assertTrue(refused(() -> Warps.affine(Tensor.zeros(2, 3, 4, 0), two, n, z, 0f)).contains(
			"has an empty spatial axis"));
		assertEquals("expected 2 maps (one per output sample), got none", refused(() -> Warps.affine(
			in, null, n, z, 0f)));
		assertEquals("expected 2 maps (one per output sample), got 1", refused(() -> Warps.affine(in,
			new double[][] { id }, n, z, 0f)));
		assertEquals("expected 2 source indices (one per output sample), got 3", refused(() -> Warps
			.affine(in, new int[3], two, n, z, 0f, Tensor.zeros(2, 3, 4, 5))));
		assertTrue(refused(() -> Warps.affine(in, null, new double[][] { id }, n, z, 0f, Tensor.zeros(1,
			3, 4, 5))).contains("differ in their sample count and no source indices are given"));
		assertEquals("source index 2 of output sample 1 is outside the input's 2 samples", refused(
			() -> Warps.affine(in, new int[] { 0, 2 }, two, n, z, 0f, Tensor.zeros(2, 3, 4, 5))));
		assertEquals("source index -1 of output sample 0 is outside the input's 2 samples", refused(
			() -> Warps.affine(in, new int[] { -1, 0 }, two, n, z, 0f, Tensor.zeros(2, 3, 4, 5))));
		assertEquals("map 1 has 5 numbers, expected 6 {a, b, c, d, e, f}", refused(() -> Warps.affine(
			in, new double[][] { id, new double[5] }, n, z, 0f)));
		for (final double bad : new double[] { Double.NaN, Double.POSITIVE_INFINITY,
			Double.NEGATIVE_INFINITY })
			assertTrue(refused(() -> Warps.affine(in, new double[][] { id, { 1, 0, 0, 0, 1, bad } }, n, z,
				0f)).startsWith("map 1 [1.0, 0.0, 0.0, 0.0, 1.0, "));
		// the last source index that exists is accepted
		Warps.affine(in, new int[] { 1, 1 }, two, n, z, 0f, Tensor.zeros(2, 3, 4, 5));
	}

	@Test
	void interpolationNames() {
		assertEquals("bicubic", Interpolation.BICUBIC.key());
		assertEquals(Interpolation.BILINEAR, Interpolation.parse(" BiLinear "));
		assertEquals(Interpolation.NEAREST, Interpolation.parse("nearest"));
		assertEquals("unknown interpolation 'cubic': expected one of nearest, bilinear, bicubic",
			refused(() -> Interpolation.parse("cubic")));
		assertEquals("unknown interpolation 'null': expected one of nearest, bilinear, bicubic",
			refused(() -> Interpolation.parse(null)));
	}
}
