package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.compute.PlaneConvolutions;
import io.github.convnetij.compute.Tensor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The plan of a filtering, read by the commands and the benchmark: its output size and shift agree
 * with what the op computes (a VALID or FULL result is the SAME result moved by the shift), its
 * method is the core's choice, and executing it is the op.
 */
class ConvolutionPlanTest {

	private static float[] random(final Random rnd, final int n) {
		final float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = rnd.nextInt(9) - 4;
		return a;
	}

	/**
	 * With a ZERO boundary, the FULL result is the correlation of the zero-padded image; SAME and
	 * VALID are windows of it. So for every output size, out[o] == full[o + shift - fullShift]:
	 * checks the shifts (and output sizes) against results the op computes, for odd and even
	 * kernels, convolution and correlation.
	 */
	@Test
	void shiftPlacesTheOutputOnTheInput() {
		final Random rnd = new Random(3);
		final int w = 11, h = 8;
		final float[] px = random(rnd, w * h);
		for (final int[] ks : new int[][] { { 3, 3 }, { 4, 2 }, { 1, 5 }, { 2, 2 } })
			for (final boolean flip : new boolean[] { false, true }) {
				final Kernel k = Kernel.of(random(rnd, ks[0] * ks[1]), ks[0], ks[1]);
				final long[] dims = { w, h };
				final ConvolutionPlan full = ConvolutionOps.plan(dims, k, Boundary.ZERO, 0,
					OutputSize.FULL, false, ConvMethod.DIRECT, flip);
				final float[] f = FlatValues.of(full.execute(ArrayImgs.floats(px.clone(), w, h)));
				final long fw = full.outputDims()[0];
				assertArrayEquals(new long[] { w + ks[0] - 1, h + ks[1] - 1 }, full.outputDims());
				for (final OutputSize size : OutputSize.values()) {
					final ConvolutionPlan p = ConvolutionOps.plan(dims, k, Boundary.ZERO, 0, size, false,
						ConvMethod.DIRECT, flip);
					final Img<FloatType> out = p.execute(ArrayImgs.floats(px.clone(), w, h));
					final float[] o = FlatValues.of(out);
					final long ow = p.outputDims()[0], oh = p.outputDims()[1];
					assertEquals(ow * oh, o.length);
					for (int y = 0; y < oh; y++)
						for (int x = 0; x < ow; x++) {
							final long fx = x + (long) (p.shift()[0] - full.shift()[0]);
							final long fy = y + (long) (p.shift()[1] - full.shift()[1]);
							assertEquals(f[(int) (fy * fw + fx)], o[(int) (y * ow + x)], 0f, size + " flip=" +
								flip + " kernel " + k.sizeString() + " at " + x + "," + y);
						}
					if (size == OutputSize.SAME) assertArrayEquals(new double[] { 0, 0 }, p.shift());
				}
			}
	}

	@Test
	void methodIsTheCoresChoiceAndExecutingIsTheOp() {
		final Random rnd = new Random(5);
		final int w = 40, h = 30;
		final float[] px = random(rnd, w * h);
		final float[] row = random(rnd, 7);
		final float[] rank1 = new float[49];
		for (int i = 0; i < 49; i++)
			rank1[i] = row[i % 7] * row[i / 7];
		for (final float[] weights : new float[][] { rank1, random(rnd, 49) })
			for (final ConvMethod m : ConvMethod.values()) {
				final Kernel k = Kernel.of(weights, 7, 7);
				if (m == ConvMethod.SEPARABLE && weights != rank1) {
					final ConvolutionPlan.Invalid e = assertThrows(ConvolutionPlan.Invalid.class,
						() -> ConvolutionOps.plan(new long[] { w, h }, k, Boundary.REFLECT, 0, OutputSize.SAME,
							false, m, true));
					assertEquals(ConvolutionPlan.Parameter.METHOD, e.parameter());
					continue;
				}
				final ConvolutionPlan p = ConvolutionOps.plan(new long[] { w, h }, k, Boundary.REFLECT, 0,
					OutputSize.SAME, true, m, true);
				// the core's own answer for the flipped, normalised kernel and scipy's pads
				final Kernel applied = k.scaled(k.sum()).flipped();
				final ConvMethod core = PlaneConvolutions.resolve(new int[] { 1, 1, h, w }, Tensor.of(
					applied.weights(), 1, 1, 7, 7), new int[] { 3, 3 }, new int[] { 3, 3 }, m);
				assertEquals(core, p.method(), m.toString());
				assertArrayEquals(FlatValues.of(ConvolutionOps.convolve(ArrayImgs.floats(px.clone(), w, h),
					k, Boundary.REFLECT, 0, OutputSize.SAME, true, m)), FlatValues.of(p.execute(ArrayImgs
						.floats(px.clone(), w, h))), 0f);
			}
	}

	@Test
	void refusalsNameTheParameter() {
		final Kernel k = Kernel.of(new float[25], 5, 5);
		assertEquals(ConvolutionPlan.Parameter.OUTPUT_SIZE, assertThrows(ConvolutionPlan.Invalid.class,
			() -> ConvolutionOps.plan(new long[] { 4, 3 }, k, Boundary.ZERO, 0, OutputSize.VALID, false,
				ConvMethod.AUTO, false)).parameter());
		assertEquals(ConvolutionPlan.Parameter.VALUE, assertThrows(ConvolutionPlan.Invalid.class,
			() -> ConvolutionOps.plan(new long[] { 9, 9 }, k, Boundary.CONSTANT, Double.NaN,
				OutputSize.SAME, false, ConvMethod.AUTO, false)).parameter());
		assertEquals(ConvolutionPlan.Parameter.KERNEL, assertThrows(ConvolutionPlan.Invalid.class,
			() -> ConvolutionOps.plan(new long[] { 9 }, k, Boundary.ZERO, 0, OutputSize.SAME, false,
				ConvMethod.AUTO, false)).parameter());
		final ConvolutionPlan p = ConvolutionOps.plan(new long[] { 9, 9 }, k, Boundary.ZERO, 0,
			OutputSize.SAME, false, ConvMethod.AUTO, false);
		assertThrows(IllegalArgumentException.class, () -> p.execute(ArrayImgs.floats(9, 8)));
	}
}
