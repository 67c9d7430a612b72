package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.compute.Progress;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.util.Intervals;

/** A 2D kernel over a planar stack (one array per plane) gives what the batched path gives. */
class ConvolutionOpsPlanarTest {

	private static final long[] DIMS = { 37, 29, 3, 2 };

	private static PlanarImg<UnsignedShortType, ShortArray> stack(final long seed) {
		final Random rnd = new Random(seed);
		final List<ShortArray> planes = new ArrayList<>();
		for (int p = 0; p < 6; p++) {
			final short[] a = new short[37 * 29];
			for (int i = 0; i < a.length; i++)
				a[i] = (short) rnd.nextInt(65536);
			planes.add(new ShortArray(a));
		}
		final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, DIMS,
			new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}


	@Test
	void planarAndBatchedGiveTheSameBits() {
		final PlanarImg<UnsignedShortType, ShortArray> planar = stack(1);
		// the same pixels in one array: the batched path
		final Img<FloatType> flat = ArrayImgs.floats(FlatValues.of(planar), DIMS);
		final Kernel[] kernels = { Kernels.get("sobel-x"), Kernels.get("gaussian(1.5)"), Kernel.of(
			new float[] { 1, -2, 3, 0.5f, 2, -1 }, 3, 2) };
		for (final Kernel k : kernels)
			for (final OutputSize size : OutputSize.values())
				for (final ConvMethod m : new ConvMethod[] { ConvMethod.AUTO, ConvMethod.DIRECT,
					ConvMethod.FFT })
				{
					final String what = k.sizeString() + " " + size + " " + m;
					final Img<FloatType> a = ConvolutionOps.convolve(planar, k, Boundary.MIRROR, 0, size,
						false, m);
					final Img<FloatType> b = ConvolutionOps.convolve(flat, k, Boundary.MIRROR, 0, size, false,
						m);
					// FFT pairs tiles across planes, so it takes the batched path
					assertEquals(PlaneConvolutionsResolve.fft(planar, k, size, m), !(a instanceof PlanarImg),
						what);
					assertArrayEquals(Intervals.dimensionsAsLongArray(b), Intervals.dimensionsAsLongArray(a),
						what);
					assertArrayEquals(FlatValues.of(b), FlatValues.of(a), what);
				}
	}

	/** Whether the method resolves to FFT here. */
	private static final class PlaneConvolutionsResolve {

		static boolean fft(final RandomAccessibleInterval<?> img, final Kernel k, final OutputSize size,
			final ConvMethod m)
		{
			return ConvolutionOps.chosenMethod(Intervals.dimensionsAsLongArray(img), k.flipped(), size,
				m) == ConvMethod.FFT;
		}
	}

	@Test
	void progressRunsOnceFromZeroToOneOverThePlanes() {
		final PlanarImg<UnsignedShortType, ShortArray> planar = stack(2);
		final List<Double> seen = new ArrayList<>();
		final Progress.Listener l = new Progress.Listener() {

			@Override
			public synchronized void progress(final double done) {
				seen.add(done);
			}

			@Override
			public boolean cancelled() {
				return false;
			}
		};
		Progress.run(l, () -> ConvolutionOps.correlate(planar, Kernels.get("laplacian"),
			Boundary.ZERO, 0, OutputSize.SAME, false, ConvMethod.DIRECT));
		assertEquals(1.0, seen.get(seen.size() - 1));
		for (int i = 1; i < seen.size(); i++)
			assertTrue(seen.get(i) >= seen.get(i - 1), seen.toString());
		assertTrue(seen.contains(1.0 / 6) || seen.size() >= 6, seen.toString());
		// cancelled before the first plane: nothing is computed
		assertThrows(CancellationException.class, () -> Progress.run(new Progress.Listener() {

			@Override
			public void progress(final double done) {}

			@Override
			public boolean cancelled() {
				return true;
			}
		}, () -> ConvolutionOps.correlate(planar, Kernels.get("laplacian"))));
	}
}
