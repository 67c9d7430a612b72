package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A plan is the one-shot call's answer: run on any batch size and plane by plane it gives bitwise
 * the one-shot result, with the method the one-shot call would resolve.
 */
class PlaneConvolutionsPlanTest {

	@Test
	void planRunsPlaneByPlaneAsTheOneShotCall() {
		final Random rnd = new Random(11);
		final int n = 3, h = 37, w = 29;
		final Tensor in = TestData.random(rnd, n, 1, h, w);
		final float[] row = new float[5];
		for (int i = 0; i < 5; i++)
			row[i] = rnd.nextFloat() - 0.5f;
		final float[] r1 = new float[25];
		for (int i = 0; i < 25; i++)
			r1[i] = row[i % 5] * row[i / 5];
		final int[] pb = { 2, 1 }, pa = { 2, 3 };
		for (final Tensor weight : new Tensor[] { TestData.random(rnd, 1, 1, 5, 5), Tensor.of(r1, 1, 1,
			5, 5) })
			for (final ConvMethod m : ConvMethod.values())
				for (final Boundary b : Boundary.values()) {
					if (m == ConvMethod.SEPARABLE && !PlaneConvolutions.isSeparable(weight)) {
						assertThrows(IllegalArgumentException.class, () -> PlaneConvolutions.plan(in.shape(),
							weight, 0f, pb, pa, b, 0.5f, m));
						continue;
					}
					final Tensor once = PlaneConvolutions.correlate(in, weight, 0.25f, pb, pa, b, 0.5f, m);
					final PlaneConvolutions.Plan p = PlaneConvolutions.plan(in.shape(), weight, 0.25f, pb, pa,
						b, 0.5f, m);
					assertEquals(PlaneConvolutions.resolve(in.shape(), weight, pb, pa, m), p.method());
					final Tensor all = Tensor.zeros(p.outputShape(n));
					PlaneConvolutions.correlate(p, in, all);
					assertArrayEquals(once.data(), all.data(), m + " " + b);
					if (p.method() == ConvMethod.FFT) continue; // FFT pairs tiles across planes
					final int plane = h * w, oplane = all.numel() / n;
					for (int i = 0; i < n; i++) {
						final Tensor one = Tensor.of(Arrays.copyOfRange(in.data(), i * plane, (i + 1) * plane), 1,
							1, h, w);
						final Tensor out = Tensor.zeros(p.outputShape(1));
						PlaneConvolutions.correlate(p, one, out);
						assertArrayEquals(Arrays.copyOfRange(once.data(), i * oplane, (i + 1) * oplane), out
							.data(), m + " " + b + " plane " + i);
					}
				}
	}

	@Test
	void planRefusesOtherShapes() {
		final Tensor w = TestData.random(new Random(1), 1, 1, 3, 3);
		final PlaneConvolutions.Plan p = PlaneConvolutions.plan(new int[] { 2, 1, 8, 9 }, w, 0f,
			new int[] { 1, 1 }, new int[] { 1, 1 }, Boundary.ZERO, 0f, ConvMethod.AUTO);
		assertThrows(IllegalArgumentException.class, () -> PlaneConvolutions.correlate(p, Tensor.zeros(
			1, 1, 9, 8), Tensor.zeros(1, 1, 9, 8)));
		assertThrows(IllegalArgumentException.class, () -> PlaneConvolutions.correlate(p, Tensor.zeros(
			1, 1, 8, 9), Tensor.zeros(2, 1, 8, 9)));
		final Tensor x = Tensor.zeros(1, 1, 8, 9);
		assertThrows(IllegalArgumentException.class, () -> PlaneConvolutions.correlate(p, x, x));
	}
}
