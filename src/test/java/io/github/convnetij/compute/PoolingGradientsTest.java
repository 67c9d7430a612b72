package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

/** Pooling gradients against finite differences (inputs without ties), any thread count. */
class PoolingGradientsTest {

	/** Finite-difference check of sum(dy * pool(x)) with respect to x, in double. */
	private static void check(final boolean max, final int[] shape, final PoolGeometry g,
		final long seed)
	{
		final Random rnd = new Random(seed);
		final Tensor x = TestData.random(rnd, shape);
		// distinct values at least 0.01 apart, so that a step of h never changes a winner
		final float[] xd = x.data();
		for (int i = 0; i < xd.length; i++)
			xd[i] = i * 0.01f;
		for (int i = xd.length - 1; i > 0; i--) {
			final int j = rnd.nextInt(i + 1);
			final float t = xd[i];
			xd[i] = xd[j];
			xd[j] = t;
		}
		final int[] outShape = Pooling.outputShape(shape, g);
		final Tensor dy = TestData.random(rnd, outShape);
		final int[] argmax = new int[dy.numel()];
		final Tensor dx;
		if (max) {
			Pooling.max(x, g, argmax);
			dx = Parallelization.runWithNumThreads(3, () -> PoolingGradients.max(dy, argmax, shape));
			assertArrayEquals(dx.data(), PoolingGradients.max(dy, argmax, shape).data());
		}
		else dx = PoolingGradients.avg(dy, shape, g);
		final float h = 1e-3f;
		for (int i = 0; i < x.numel(); i++) {
			final float v = x.data()[i];
			x.data()[i] = v + h;
			final double up = dot(dy, max ? Pooling.max(x, g, null) : Pooling.avg(x, g));
			x.data()[i] = v - h;
			final double down = dot(dy, max ? Pooling.max(x, g, null) : Pooling.avg(x, g));
			x.data()[i] = v;
			assertEquals((up - down) / (2 * h), dx.data()[i], 2e-3, (max ? "max" : "avg") + " element " +
				i);
		}
	}

	private static double dot(final Tensor a, final Tensor b) {
		double s = 0;
		for (int i = 0; i < a.numel(); i++)
			s += (double) a.data()[i] * b.data()[i];
		return s;
	}

	@Test
	void maxAndAvg() {
		for (final boolean max : new boolean[] { true, false }) {
			check(max, new int[] { 2, 3, 6, 6 }, PoolGeometry.of(2, 2), 1);
			check(max, new int[] { 1, 2, 7, 5 }, PoolGeometry.of(3, 2).stride(2, 1).pad(new int[] { 1, 0 },
				new int[] { 1, 1 }), 2);
			check(max, new int[] { 2, 2, 5, 5 }, PoolGeometry.of(2, 2).ceil(true), 3);
			check(max, new int[] { 1, 2, 9 }, PoolGeometry.of(3).stride(2), 4);
			check(max, new int[] { 1, 1, 4, 3, 5 }, PoolGeometry.of(2, 2, 2).stride(1, 1, 2), 5);
		}
	}
}
