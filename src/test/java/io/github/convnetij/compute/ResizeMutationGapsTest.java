package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Resize.Coordinates;
import io.github.convnetij.compute.Resize.Mode;
import io.github.convnetij.compute.Resize.Rounding;

/**
 * Resize's taps and passes against hand-worked values (mutation-testing gaps of the compute class;
 * the nn tests reach it through the layer). Keys' kernel at a = -0.75: k(0.25) = 225/256,
 * k(0.75) = 67/256, k(1.25) = -27/256, k(1.75) = -9/256, k(0.5) = 19/32, k(1.5) = -3/32.
 */
class ResizeMutationGapsTest {

	private static Resize.Taps taps(final int in, final int out, final double scale, final Mode m,
		final Coordinates c, final Rounding r, final boolean exclude)
	{
		return Resize.taps(in, out, out, scale, m, c, r, -0.75, exclude);
	}

	@Test
	void sourceCoordinatesOfEveryConvention() {
		assertEquals(0.25, Resize.sourceCoordinate(1, 4, 8, 2, Coordinates.HALF_PIXEL));
		assertEquals(-0.25, Resize.sourceCoordinate(0, 4, 8, 2, Coordinates.HALF_PIXEL));
		assertEquals(0.25, Resize.sourceCoordinate(1, 4, 8, 2, Coordinates.PYTORCH_HALF_PIXEL));
		assertEquals(-0.5, Resize.sourceCoordinate(0, 4, 1, 0.25, Coordinates.PYTORCH_HALF_PIXEL));
		assertEquals(1.5, Resize.sourceCoordinate(0, 4, 1, 0.25, Coordinates.HALF_PIXEL));
		assertEquals(0.5, Resize.sourceCoordinate(1, 4, 7, 7 / 4.0, Coordinates.ALIGN_CORNERS));
		assertEquals(3.0, Resize.sourceCoordinate(6, 4, 7, 7 / 4.0, Coordinates.ALIGN_CORNERS));
		assertEquals(0.0, Resize.sourceCoordinate(0, 4, 1, 0.25, Coordinates.ALIGN_CORNERS));
		assertEquals(1.5, Resize.sourceCoordinate(3, 4, 8, 2, Coordinates.ASYMMETRIC));
		assertEquals(0.75, Resize.sourceCoordinate(1, 4, 8, 2, Coordinates.TF_HALF_PIXEL_FOR_NN));
	}

	@Test
	void nearestRoundingModes() {
		// asymmetric, scale 2: x = 0, 0.5, 1, ..., 3.5 (halves and integers)
		final Coordinates as = Coordinates.ASYMMETRIC;
		assertArrayEquals(new int[] { 0, 0, 1, 1, 2, 2, 3, 3 }, taps(4, 8, 2, Mode.NEAREST, as,
			Rounding.ROUND_PREFER_FLOOR, false).index);
		assertArrayEquals(new int[] { 0, 1, 1, 2, 2, 3, 3, 3 }, taps(4, 8, 2, Mode.NEAREST, as,
			Rounding.ROUND_PREFER_CEIL, false).index);
		assertArrayEquals(new int[] { 0, 0, 1, 1, 2, 2, 3, 3 }, taps(4, 8, 2, Mode.NEAREST, as,
			Rounding.FLOOR, false).index);
		assertArrayEquals(new int[] { 0, 1, 1, 2, 2, 3, 3, 3 }, taps(4, 8, 2, Mode.NEAREST, as,
			Rounding.CEIL, false).index);
		// half pixel, scale 2: x = -0.25, 0.25, 0.75, ..., 3.25 (fractions 0.75 and 0.25)
		final Coordinates hp = Coordinates.HALF_PIXEL;
		assertArrayEquals(new int[] { 0, 0, 1, 1, 2, 2, 3, 3 }, taps(4, 8, 2, Mode.NEAREST, hp,
			Rounding.ROUND_PREFER_FLOOR, false).index);
		assertArrayEquals(new int[] { 0, 0, 1, 1, 2, 2, 3, 3 }, taps(4, 8, 2, Mode.NEAREST, hp,
			Rounding.ROUND_PREFER_CEIL, false).index);
		assertArrayEquals(new int[] { 0, 0, 0, 1, 1, 2, 2, 3 }, taps(4, 8, 2, Mode.NEAREST, hp,
			Rounding.FLOOR, false).index);
		assertArrayEquals(new int[] { 0, 1, 1, 2, 2, 3, 3, 3 }, taps(4, 8, 2, Mode.NEAREST, hp,
			Rounding.CEIL, false).index);
		final Resize.Taps t = taps(4, 8, 2, Mode.NEAREST, hp, Rounding.CEIL, false);
		assertEquals(1, t.width);
		for (final float w : t.weight)
			assertEquals(1f, w);
	}

	@Test
	void linearTapsAndValues() {
		final Resize.Taps t = taps(4, 8, 2, Mode.LINEAR, Coordinates.HALF_PIXEL, null, false);
		assertEquals(2, t.width);
		assertArrayEquals(new int[] { 0, 0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 3 }, t.index);
		assertArrayEquals(new float[] { 0.25f, 0.75f, 0.75f, 0.25f, 0.25f, 0.75f, 0.75f, 0.25f, 0.25f,
			0.75f, 0.75f, 0.25f, 0.25f, 0.75f, 0.75f, 0.25f }, t.weight);
		// torch: F.interpolate([1, 2, 3, 4], 8, mode='linear', align_corners=False)
		final Tensor y = Resize.apply(Tensor.of(new float[] { 1, 2, 3, 4 }, 1, 1, 4), new Resize.Taps[] {
			t });
		assertArrayEquals(new int[] { 1, 1, 8 }, y.shape());
		assertArrayEquals(new float[] { 1, 1.25f, 1.75f, 2.25f, 2.75f, 3.25f, 3.75f, 4 }, y.data());
	}

	@Test
	void cubicKeysWeights() {
		assertEquals(1.0, Resize.keys(0, -0.75));
		assertEquals(0.0, Resize.keys(1, -0.75));
		assertEquals(19 / 32.0, Resize.keys(0.5, -0.75));
		assertEquals(-3 / 32.0, Resize.keys(1.5, -0.75));
		assertEquals(0.0, Resize.keys(2, -0.75));
		assertEquals(0.0, Resize.keys(2.5, -0.75));
		// a = -0.5 (Catmull-Rom): k(0.5) = 0.5625, k(1.5) = -0.0625
		assertEquals(0.5625, Resize.keys(0.5, -0.5));
		assertEquals(-0.0625, Resize.keys(1.5, -0.5));
		final Resize.Taps t = taps(4, 8, 2, Mode.CUBIC, Coordinates.HALF_PIXEL, null, false);
		assertEquals(4, t.width);
		// j = 1: x = 0.25, points -1, 0, 1, 2
		assertArrayEquals(new int[] { 0, 0, 1, 2 }, slice(t.index, 4, 8));
		assertArrayEquals(new float[] { -27 / 256f, 225 / 256f, 67 / 256f, -9 / 256f }, slice(t.weight,
			4, 8));
		// j = 0: x = -0.25, points -2, -1, 0, 1 (clamped), distances 1.75, 0.75, 0.25, 1.25
		assertArrayEquals(new int[] { 0, 0, 0, 1 }, slice(t.index, 0, 4));
		assertArrayEquals(new float[] { -9 / 256f, 67 / 256f, 225 / 256f, -27 / 256f }, slice(t.weight,
			0, 4));
		// asymmetric j = 1: x = 0.5
		final Resize.Taps h = taps(4, 8, 2, Mode.CUBIC, Coordinates.ASYMMETRIC, null, false);
		assertArrayEquals(new float[] { -3 / 32f, 19 / 32f, 19 / 32f, -3 / 32f }, slice(h.weight, 4, 8));
	}

	@Test
	void cubicExcludeOutsideRenormalises() {
		final Resize.Taps t = taps(4, 8, 2, Mode.CUBIC, Coordinates.HALF_PIXEL, null, true);
		// j = 0: points -2 and -1 outside; 225 and -27 renormalised by their sum 198
		assertArrayEquals(new float[] { 0, 0, (float) (225 / 198.0), (float) (-27 / 198.0) }, slice(
			t.weight, 0, 4));
		// j = 7: x = 3.25, points 2, 3, 4, 5: 4 and 5 outside
		assertArrayEquals(new float[] { (float) (-27 / 198.0), (float) (225 / 198.0), 0, 0 }, slice(
			t.weight, 28, 32));
		assertArrayEquals(new int[] { 2, 3, 3, 3 }, slice(t.index, 28, 32));
		// j = 3: x = 1.25, all points inside: the weights are unchanged
		assertArrayEquals(new float[] { -27 / 256f, 225 / 256f, 67 / 256f, -9 / 256f }, slice(t.weight,
			12, 16));
	}

	private static int[] slice(final int[] a, final int from, final int to) {
		return java.util.Arrays.copyOfRange(a, from, to);
	}

	private static float[] slice(final float[] a, final int from, final int to) {
		return java.util.Arrays.copyOfRange(a, from, to);
	}

	@Test
	void badArgumentsAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> taps(0, 4, 1, Mode.LINEAR,
			Coordinates.HALF_PIXEL, null, false));
		assertThrows(IllegalArgumentException.class, () -> taps(4, 0, 1, Mode.LINEAR,
			Coordinates.HALF_PIXEL, null, false));
		taps(1, 1, 1, Mode.LINEAR, Coordinates.HALF_PIXEL, null, false); // 1 is accepted
		for (final double s : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY })
			assertThrows(IllegalArgumentException.class, () -> taps(4, 4, s, Mode.LINEAR,
				Coordinates.HALF_PIXEL, null, false), "scale " + s);
		assertThrows(IllegalArgumentException.class, () -> taps(4, Integer.MAX_VALUE / 2, 1, Mode.CUBIC,
			Coordinates.HALF_PIXEL, null, false));
		final Resize.Taps t = taps(4, 8, 2, Mode.LINEAR, Coordinates.HALF_PIXEL, null, false);
		assertThrows(IllegalArgumentException.class, () -> Resize.outputShape(new int[] { 4 },
			new Resize.Taps[] { t, t }));
		assertThrows(IllegalArgumentException.class, () -> Resize.outputShape(new int[] { 1, 5 },
			new Resize.Taps[] { t }));
		final Resize.Taps big = new Resize.Taps(4, 256, 0);
		assertThrows(IllegalArgumentException.class, () -> Resize.outputShape(new int[] { 1 << 16, 4,
			4 }, new Resize.Taps[] { big, big }));
		assertArrayEquals(new int[] { 3, 8 }, Resize.outputShape(new int[] { 3, 4 }, new Resize.Taps[] {
			t }));
		assertEquals(Mode.CUBIC, Mode.parse("cubic"));
		assertEquals(Coordinates.TF_HALF_PIXEL_FOR_NN, Coordinates.parse("tf_half_pixel_for_nn"));
		assertEquals(Rounding.CEIL, Rounding.parse("ceil"));
		assertThrows(IllegalArgumentException.class, () -> Mode.parse("area"));
		assertThrows(IllegalArgumentException.class, () -> Coordinates.parse("x"));
		assertThrows(IllegalArgumentException.class, () -> Rounding.parse("x"));
	}

	/** Dense matrix of one axis' taps, out x in, built by a plain loop. */
	private static double[][] matrix(final Resize.Taps t) {
		final double[][] m = new double[t.out][t.in];
		for (int j = 0; j < t.out; j++)
			for (int k = 0; k < t.width; k++)
				m[j][t.index[j * t.width + k]] += t.weight[j * t.width + k];
		return m;
	}

	/** Reference: x [lead, h, w] resized on its last two axes by dense matrices. */
	private static double[] reference(final float[] x, final int lead, final Resize.Taps th,
		final Resize.Taps tw)
	{
		final double[][] mh = matrix(th), mw = matrix(tw);
		final double[] y = new double[lead * th.out * tw.out];
		for (int n = 0; n < lead; n++)
			for (int i = 0; i < th.out; i++)
				for (int j = 0; j < tw.out; j++) {
					double s = 0;
					for (int a = 0; a < th.in; a++)
						for (int b = 0; b < tw.in; b++)
							s += mh[i][a] * mw[j][b] * x[(n * th.in + a) * tw.in + b];
					y[(n * th.out + i) * tw.out + j] = s;
				}
		return y;
	}

	@Test
	void twoAxesForwardAndBackwardMatchDenseMatrices() {
		final Random rnd = new Random(5);
		final Resize.Taps[][] cases = {
			{ taps(3, 7, 7 / 3.0, Mode.CUBIC, Coordinates.HALF_PIXEL, null, false), taps(5, 2, 0.4,
				Mode.LINEAR, Coordinates.ALIGN_CORNERS, null, false) },
			{ taps(4, 4, 2, Mode.NEAREST, Coordinates.ASYMMETRIC, Rounding.FLOOR, false), taps(3, 3, 1,
				Mode.LINEAR, Coordinates.HALF_PIXEL, null, false) },
			{ taps(2, 5, 2.5, Mode.LINEAR, Coordinates.PYTORCH_HALF_PIXEL, null, false), taps(4, 4, 2,
				Mode.CUBIC, Coordinates.ASYMMETRIC, null, true) } };
		for (final Resize.Taps[] axes : cases) {
			final int lead = 3;
			final float[] x = new float[lead * axes[0].in * axes[1].in];
			for (int i = 0; i < x.length; i++)
				x[i] = rnd.nextFloat() * 2 - 1;
			final Tensor y = Resize.apply(Tensor.of(x, lead, axes[0].in, axes[1].in), axes);
			assertArrayEquals(new int[] { lead, axes[0].out, axes[1].out }, y.shape());
			final double[] ref = reference(x, lead, axes[0], axes[1]);
			for (int i = 0; i < ref.length; i++)
				assertEquals(ref[i], y.data()[i], 1e-5, "forward " + i);
			// backward = transpose: <apply(x), g> = <x, backward(g)> for every x, so column by column
			final float[] g = new float[y.data().length];
			for (int i = 0; i < g.length; i++)
				g[i] = rnd.nextFloat() * 2 - 1;
			final float[] dx = Resize.backward(g, new int[] { lead, axes[0].in, axes[1].in }, axes);
			assertEquals(x.length, dx.length);
			for (int e = 0; e < x.length; e++) {
				final float[] unit = new float[x.length];
				unit[e] = 1;
				final double[] col = reference(unit, lead, axes[0], axes[1]);
				double s = 0;
				for (int i = 0; i < col.length; i++)
					s += col[i] * g[i];
				assertEquals(s, dx[e], 1e-5, "backward " + e);
			}
		}
	}

	@Test
	void identityAxesAreCopiedAndOthersAreNot() {
		final float[] x = { 1, 2, 3, 4, 5, 6 };
		// in == out but not the identity: a swap
		final Resize.Taps swap = new Resize.Taps(3, 3, 1);
		swap.index[0] = 2;
		swap.index[1] = 1;
		swap.index[2] = 0;
		java.util.Arrays.fill(swap.weight, 1f);
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, Resize.apply(Tensor.of(x, 2, 3),
			new Resize.Taps[] { swap }).data());
		// a weight of 2 at the right index is not the identity either
		final Resize.Taps twice = new Resize.Taps(3, 3, 1);
		for (int j = 0; j < 3; j++) {
			twice.index[j] = j;
			twice.weight[j] = 2;
		}
		assertArrayEquals(new float[] { 2, 4, 6, 8, 10, 12 }, Resize.apply(Tensor.of(x, 2, 3),
			new Resize.Taps[] { twice }).data());
		// the identity (linear, scale 1: weights 1 and 0) on the leading axis, swap on the last
		final Resize.Taps id = taps(2, 2, 1, Mode.LINEAR, Coordinates.HALF_PIXEL, null, false);
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, Resize.apply(Tensor.of(x, 2, 3),
			new Resize.Taps[] { id, swap }).data());
		assertArrayEquals(new float[] { 6, 5, 4, 3, 2, 1 }, Resize.apply(Tensor.of(x, 2, 3),
			new Resize.Taps[] { reverse2(), swap }).data());
		// no axes: a copy
		final float[] dst = new float[6];
		Resize.apply(x, new int[] { 2, 3 }, new Resize.Taps[0], dst);
		assertArrayEquals(x, dst);
		final float[] back = Resize.backward(x, new int[] { 2, 3 }, new Resize.Taps[0]);
		assertArrayEquals(x, back);
		back[0] = 9;
		assertEquals(1f, x[0]);
		// backward of the swap
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, Resize.backward(x, new int[] { 2, 3 },
			new Resize.Taps[] { swap }));
	}

	private static Resize.Taps reverse2() {
		final Resize.Taps t = new Resize.Taps(2, 2, 1);
		t.index[0] = 1;
		t.index[1] = 0;
		t.weight[0] = t.weight[1] = 1;
		return t;
	}
	@Test
	void backwardOverManyTasksAddsEachRowOnce() {
		// 4096 rows of 16 -> 64 (linear): many row blocks, each must start at its own row
		final int rows = 4096;
		final Resize.Taps t = taps(16, 64, 4, Mode.LINEAR, Coordinates.HALF_PIXEL, null, false);
		final double[][] m = matrix(t);
		final Random rnd = new Random(11);
		final float[] g = new float[rows * 64];
		for (int i = 0; i < g.length; i++)
			g[i] = rnd.nextInt(9) - 4;
		final float[] dx = Resize.backward(g, new int[] { rows, 16 }, new Resize.Taps[] { t });
		for (int o = 0; o < rows; o++)
			for (int a = 0; a < 16; a++) {
				double s = 0;
				for (int j = 0; j < 64; j++)
					s += m[j][a] * g[o * 64 + j];
				assertEquals(s, dx[o * 16 + a], 1e-4, "row " + o + " column " + a);
			}
	}

	@Test
	void theDestinationIsOverwritten() {
		// resize of the leading axis (inner > 1) into an array that holds other values
		final Resize.Taps t = taps(2, 4, 2, Mode.NEAREST, Coordinates.ASYMMETRIC, Rounding.FLOOR, false);
		final float[] dst = new float[12];
		java.util.Arrays.fill(dst, 7f);
		Resize.apply(new float[] { 1, 2, 3, 4, 5, 6 }, new int[] { 2, 3 }, new Resize.Taps[] { t, taps(3, 3, 1,
			Mode.NEAREST, Coordinates.ASYMMETRIC, Rounding.FLOOR, false) }, dst);
		assertArrayEquals(new float[] { 1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6 }, dst);
	}
}
