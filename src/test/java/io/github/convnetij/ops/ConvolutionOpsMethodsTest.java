package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.parallel.Parallelization;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

/**
 * {@link ConvolutionOps} with an explicit {@link ConvMethod}: every method x boundary x output
 * size x correlate/convolve against the per-pixel reference of {@link ConvolutionOpsTest} (which
 * reads through ImgLib2's own out-of-bounds views), the existing signatures defaulting to AUTO,
 * and {@link ConvolutionOps#chosenMethod}.
 */
class ConvolutionOpsMethodsTest {

	/** A rank-1 kernel with small integer factors (exact in float). */
	private static Kernel separable(final Random rnd, final int... dims) {
		int n = 1;
		for (final int d : dims)
			n *= d;
		final float[][] f = new float[dims.length][];
		for (int a = 0; a < dims.length; a++) {
			f[a] = new float[dims[a]];
			for (int i = 0; i < dims[a]; i++)
				f[a][i] = rnd.nextInt(7) - 3;
			f[a][0] = 2;
		}
		final float[] w = new float[n];
		for (int i = 0; i < n; i++) {
			int rest = i;
			float v = 1;
			for (int a = 0; a < dims.length; a++) {
				v *= f[a][rest % dims[a]];
				rest /= dims[a];
			}
			w[i] = v;
		}
		return Kernel.of(w, dims);
	}

	@Test
	void everyMethodBoundaryAndOutputSizeMatchesTheReference() {
		final Random rnd = new Random(21);
		final int[][] imageDims = { { 11 }, { 1, 1 }, { 9, 6 }, { 23, 4 }, { 5, 4, 6 } };
		final int[][] kernelDims = { { 3 }, { 6 }, { 3, 3 }, { 2, 5 }, { 12, 3 }, { 3, 2, 3 } };
		int cases = 0;
		for (final int[] id : imageDims)
			for (final int[] kd : kernelDims) {
				if (kd.length > id.length) continue;
				final ArrayImg<FloatType, FloatArray> img = ConvolutionOpsTest.randomImage(rnd, id);
				final Kernel general = ConvolutionOpsTest.randomKernel(rnd, kd);
				final Kernel sep = separable(rnd, kd);
				for (final Boundary b : Boundary.values())
					for (final OutputSize s : OutputSize.values()) {
						if (s == OutputSize.VALID && !ConvolutionOpsTest.fits(kd, id)) continue;
						final boolean flip = rnd.nextBoolean();
						final double v = b == Boundary.CONSTANT ? -1.5 : 0;
						for (final ConvMethod m : ConvMethod.values()) {
							final Kernel k = m == ConvMethod.SEPARABLE ? sep : general;
							final Img<FloatType> ours = flip ? ConvolutionOps.convolve(img, k, b, v, s, false, m)
								: ConvolutionOps.correlate(img, k, b, v, s, false, m);
							final double[] ref = ConvolutionOpsTest.reference(img, k, b, v, s, flip);
							ConvolutionOpsTest.assertClose(ref, ConvolutionOpsTest.data(ours), k, m + " " +
								(flip ? "convolve " : "correlate ") + b + " " + s + " image " + Arrays.toString(id) +
								" kernel " + Arrays.toString(kd));
							cases++;
						}
					}
			}
		assertTrue(cases > 400, "ran " + cases);
	}

	@Test
	void theOldSignaturesMeanAuto() {
		final Random rnd = new Random(22);
		final ArrayImg<FloatType, FloatArray> img = ConvolutionOpsTest.randomImage(rnd, new int[] { 40,
			30 });
		final Kernel k = ConvolutionOpsTest.randomKernel(rnd, new int[] { 5, 5 });
		for (final Boundary b : Boundary.values()) {
			assertArrayEquals(ConvolutionOpsTest.data(ConvolutionOps.correlate(img, k, b, 1, OutputSize.SAME,
				true, ConvMethod.AUTO)), ConvolutionOpsTest.data(ConvolutionOps.correlate(img, k, b, 1,
					OutputSize.SAME, true)));
			assertArrayEquals(ConvolutionOpsTest.data(ConvolutionOps.convolve(img, k, b, 1, OutputSize.FULL,
				false, ConvMethod.AUTO)), ConvolutionOpsTest.data(ConvolutionOps.convolve(img, k, b, 1,
					OutputSize.FULL, false)));
		}
	}

	@Test
	void everyMethodIsThreadCountIndependent() {
		final Random rnd = new Random(23);
		final ArrayImg<FloatType, FloatArray> img = ConvolutionOpsTest.randomImage(rnd, new int[] { 181,
			97, 2 });
		final Kernel general = ConvolutionOpsTest.randomKernel(rnd, new int[] { 9, 7 });
		final Kernel sep = separable(rnd, 9, 7);
		for (final ConvMethod m : ConvMethod.values()) {
			final Kernel k = m == ConvMethod.SEPARABLE ? sep : general;
			final float[] one = ConvolutionOpsTest.data(Parallelization.runWithNumThreads(1,
				() -> ConvolutionOps.convolve(img, k, Boundary.WRAP, 0, OutputSize.SAME, false, m)));
			for (final int t : new int[] { 2, 4 }) {
				final float[] many = ConvolutionOpsTest.data(Parallelization.runWithNumThreads(t,
					() -> ConvolutionOps.convolve(img, k, Boundary.WRAP, 0, OutputSize.SAME, false, m)));
				assertArrayEquals(one, many, m + ", " + t + " threads");
			}
		}
	}

	@Test
	void chosenMethodFollowsSizesAndRank() {
		final Random rnd = new Random(24);
		final long[] big = { 4096, 4096 };
		assertEquals(ConvMethod.DIRECT, ConvolutionOps.chosenMethod(big, ConvolutionOpsTest.randomKernel(
			rnd, new int[] { 3, 3 }), OutputSize.SAME, ConvMethod.AUTO));
		assertEquals(ConvMethod.SEPARABLE, ConvolutionOps.chosenMethod(big, Kernels.get("gaussian(3)"),
			OutputSize.SAME, ConvMethod.AUTO));
		assertEquals(ConvMethod.FFT, ConvolutionOps.chosenMethod(big, ConvolutionOpsTest.randomKernel(rnd,
			new int[] { 63, 63 }), OutputSize.SAME, ConvMethod.AUTO));
		assertEquals(ConvMethod.DIRECT, ConvolutionOps.chosenMethod(big, Kernels.get("gaussian(3)"),
			OutputSize.SAME, ConvMethod.DIRECT));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ConvolutionOps.correlate(ConvolutionOpsTest.randomImage(rnd, new int[] { 8, 8 }), Kernels
				.get("laplacian"), Boundary.ZERO, 0, OutputSize.SAME, false, ConvMethod.SEPARABLE));
		assertTrue(e.getMessage().contains("not separable"), e.getMessage());
	}
}
