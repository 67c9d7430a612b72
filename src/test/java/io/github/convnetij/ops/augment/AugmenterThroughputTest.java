package io.github.convnetij.ops.augment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Interpolation;
import io.github.convnetij.compute.Tensor;
import net.imglib2.parallel.Parallelization;

/**
 * Throughput of the on-the-fly augmenter on a Fashion-MNIST batch {@code [64, 1, 28, 28]}: it must
 * cost well under 10% of a training step, i.e. a few milliseconds. The bound asserted here is loose
 * (shared CI machines); the measured minimum is printed.
 */
class AugmenterThroughputTest {

	@Test
	void fashionMnistBatchTakesAFewMilliseconds() {
		final Tensor batch = Tensor.of(AugmentationTest.randomData(64 * 28 * 28, 1), 64, 1, 28, 28);
		final Tensor out = Tensor.zeros(64, 1, 28, 28);
		final Augmentation geometric = Augmentation.none().rotationRange(15).widthShiftRange(0.1)
			.heightShiftRange(0.1).shearRange(5).zoomRange(0.1).horizontalFlip(true).fillMode(
				Boundary.CONSTANT);
		final Object[][] cases = { { "geometric, bilinear", geometric }, { "geometric, nearest",
			geometric.interpolation(Interpolation.NEAREST) }, { "geometric, bicubic", geometric
				.interpolation(Interpolation.BICUBIC) }, { "geometric + brightness + noise, bilinear",
					geometric.brightnessRange(0.8, 1.2).noise(0.05) } };
		for (final Object[] c : cases) {
			final Augmenter a = Augmenter.of((Augmentation) c[1]);
			final double ms = Parallelization.runWithNumThreads(1, () -> minMillis(a, batch, out));
			System.out.println(String.format(Locale.ROOT,
				"augment [64, 1, 28, 28], %s, 1 thread: min %.3f ms", c[0], ms));
			assertTrue(ms < 25, c[0] + ": " + ms + " ms");
		}
	}

	private static double minMillis(final Augmenter a, final Tensor batch, final Tensor out) {
		for (int i = 0; i < 300; i++)
			a.augmentBatch(batch, 1, i, out);
		double min = Double.POSITIVE_INFINITY;
		for (int i = 0; i < 60; i++) {
			final long t0 = System.nanoTime();
			a.augmentBatch(batch, 1, i, out);
			min = Math.min(min, (System.nanoTime() - t0) / 1e6);
		}
		return min;
	}
}
