package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

/**
 * Convolution forward and gradients (single-channel strided kernel, im2col + GEMM, implicit GEMM)
 * on the shapes the other tests leave out: 3-d with stride and dilation in depth, batches of
 * single-channel planes, output blocks that do not start on a row, pads larger than the kernel,
 * outputs given pre-filled with garbage, an empty batch; compared with a plain loop in double
 * written here, one element at a time.
 */
class ConvMutationGapsTest {

	/** out, dx, dw and db of one problem, by the definition, in double. */
	private static double[][] reference(final Tensor x, final Tensor w, final float[] bias,
		final Tensor dy, final int[] stride, final int[] dil, final int[] pb)
	{
		final int r = stride.length;
		final int[] xs = grow(x.shape(), r), ws = grow(w.shape(), r), ys = grow(dy.shape(), r);
		final int[] st = pad3(stride, 1), dl = pad3(dil, 1), p = pad3(pb, 0);
		final double[] out = new double[dy.numel()], dx = new double[x.numel()], dw = new double[w
			.numel()], db = new double[ws[0]];
		for (int n = 0; n < ys[0]; n++)
			for (int co = 0; co < ys[1]; co++)
				for (int oz = 0; oz < ys[2]; oz++)
					for (int oy = 0; oy < ys[3]; oy++)
						for (int ox = 0; ox < ys[4]; ox++) {
							final int o = (((n * ys[1] + co) * ys[2] + oz) * ys[3] + oy) * ys[4] + ox;
							final double g = dy.data()[o];
							double sum = bias == null ? 0 : bias[co];
							db[co] += g;
							for (int ci = 0; ci < ws[1]; ci++)
								for (int kz = 0; kz < ws[2]; kz++)
									for (int ky = 0; ky < ws[3]; ky++)
										for (int kx = 0; kx < ws[4]; kx++) {
											final int iz = oz * st[0] + kz * dl[0] - p[0];
											final int iy = oy * st[1] + ky * dl[1] - p[1];
											final int ix = ox * st[2] + kx * dl[2] - p[2];
											if (iz < 0 || iy < 0 || ix < 0 || iz >= xs[2] || iy >= xs[3] || ix >= xs[4])
												continue;
											final int xi = (((n * xs[1] + ci) * xs[2] + iz) * xs[3] + iy) * xs[4] + ix;
											final int wi = (((co * ws[1] + ci) * ws[2] + kz) * ws[3] + ky) * ws[4] + kx;
											sum += (double) w.data()[wi] * x.data()[xi];
											dx[xi] += (double) w.data()[wi] * g;
											dw[wi] += (double) x.data()[xi] * g;
										}
							out[o] = sum;
						}
		return new double[][] { out, dx, dw, db };
	}

	/** [A, B, S...] with r spatial axes as [A, B, D, H, W]. */
	private static int[] grow(final int[] s, final int r) {
		final int[] g = { s[0], s[1], 1, 1, 1 };
		System.arraycopy(s, 2, g, 5 - r, r);
		return g;
	}

	private static int[] pad3(final int[] v, final int fill) {
		final int[] g = { fill, fill, fill };
		System.arraycopy(v, 0, g, 3 - v.length, v.length);
		return g;
	}

	private static void close(final double[] expected, final float[] actual, final String what) {
		assertEquals(expected.length, actual.length, what + ": length");
		double max = 0;
		for (final double e : expected)
			max = Math.max(max, Math.abs(e));
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 2e-5 * (max + 1), what + ": element " + i);
	}

	private static Tensor filled(final int[] shape, final float v) {
		final Tensor t = Tensor.zeros(shape);
		Arrays.fill(t.data(), v);
		return t;
	}

	/**
	 * Forward through {@link Convolutions#correlate} (and, for several channels, through
	 * {@link ConvGemm} on every GEMM kernel), input and weight gradients through
	 * {@link ConvolutionGradients}, all on one thread (so scratch buffers are reused from task to
	 * task) into outputs pre-filled with 42, against {@link #reference}.
	 */
	private static void check(final long seed, final int[] in, final int[] wShape, final int[] stride,
		final int[] dil, final int[] pb, final int[] pa)
	{
		final Random rnd = new Random(seed);
		final Tensor x = TestData.random(rnd, in);
		final Tensor w = TestData.random(rnd, wShape);
		final float[] bias = TestData.random(rnd, wShape[0]).data();
		final ConvGeometry g = ConvGeometry.of(stride.length).stride(stride).dilation(dil).pad(pb, pa);
		final int[] outShape = Convolutions.outputShape(in, wShape, g);
		final Tensor dy = TestData.random(rnd, outShape);
		final double[][] ref = reference(x, w, bias, dy, stride, dil, pb);
		final String what = Arrays.toString(in) + " w " + Arrays.toString(wShape) + " stride " + Arrays
			.toString(stride) + " dil " + Arrays.toString(dil) + " pads " + Arrays.toString(pb) + "/" +
			Arrays.toString(pa);
		Parallelization.runWithNumThreads(1, () -> {
			final Tensor y = filled(outShape, 42f);
			Convolutions.correlate(x, w, bias, g, y);
			close(ref[0], y.data(), what + ": forward");
			final Tensor y0 = filled(outShape, 42f);
			Convolutions.correlate(x, w, null, g, y0);
			final double[] noBias = ref[0].clone();
			for (int i = 0; i < noBias.length; i++)
				noBias[i] -= bias[i / (noBias.length / outShape[0] / wShape[0]) % wShape[0]];
			close(noBias, y0.data(), what + ": forward without bias");
			final Tensor dx = filled(in, 42f);
			ConvolutionGradients.input(dy, w, g, dx);
			close(ref[1], dx.data(), what + ": input gradient");
			final Tensor dw = filled(wShape, 42f);
			final float[] db = new float[wShape[0]];
			Arrays.fill(db, 42f);
			ConvolutionGradients.weight(x, dy, g, dw, db);
			close(ref[2], dw.data(), what + ": weight gradient");
			close(ref[3], db, what + ": bias gradient");
			for (final GemmKernel k : GemmTest.kernels()) {
				final Tensor yk = filled(outShape, 42f);
				ConvGemm.of(k, in, wShape, g).forward(x.data(), w.data(), bias, yk.data());
				close(ref[0], yk.data(), what + ": forward, " + k.name());
				close(ref[1], ConvolutionGradients.input(k, dy, w, in, g).data(), what + ": dx, " + k
					.name());
				final Tensor dwk = filled(wShape, -7f);
				final float[] dbk = new float[wShape[0]];
				ConvolutionGradients.weight(k, x, dy, g, dwk, dbk);
				close(ref[2], dwk.data(), what + ": dw, " + k.name());
				close(ref[3], dbk, what + ": db, " + k.name());
			}
			return null;
		});
	}

	private static int[] a(final int... v) {
		return v;
	}

	@Test
	void oneChannelStridedPlanesIn3dBatchesAndSeveralRowBlocks() {
		// one input and one output channel with a stride: the row kernel of ConvKernel
		check(1, a(2, 1, 9, 10, 21), a(1, 1, 3, 2, 3), a(2, 1, 1), a(2, 1, 2), a(1, 0, 2), a(2, 1, 1));
		check(2, a(3, 1, 7, 9, 8), a(1, 1, 2, 3, 2), a(1, 2, 3), a(2, 2, 1), a(0, 1, 0), a(1, 0, 1));
		check(3, a(2, 1, 50), a(1, 1, 4), a(3), a(2), a(2), a(1));
		// 196 output rows of 150 x 25 taps: several row blocks per plane
		check(4, a(1, 1, 200, 300), a(1, 1, 5, 5), a(1, 2), a(1, 1), a(0, 1), a(0, 0));
		// stride only in H, over 20 columns: copied input spans
		check(5, a(2, 1, 11, 40), a(1, 1, 3, 4), a(2, 1), a(1, 3), a(1, 2), a(0, 3));
	}

	@Test
	void im2colIn3dWithBlocksThatDoNotStartOnARow() {
		// K = 16 * 27 = 432 rows: blocks of 128 positions (scalar kernel) over 5 x 12 x 8 outputs
		check(11, a(2, 16, 9, 12, 15), a(6, 16, 3, 3, 3), a(2, 1, 2), a(1, 2, 1), a(1, 2, 1), a(1, 2,
			1));
		// batch 1 and 20 output channels: channels split over tasks, columns packed per channel range
		check(12, a(1, 5, 7, 9, 11), a(20, 5, 2, 3, 3), a(2, 2, 2), a(1, 1, 1), a(1, 1, 1), a(0, 1, 1));
		check(13, a(3, 3, 6, 7, 8), a(4, 3, 2, 2, 3), a(3, 2, 1), a(2, 1, 2), a(2, 0, 1), a(0, 2, 2));
		check(14, a(2, 4, 30), a(3, 4, 5), a(2), a(3), a(4), a(2));
		// batch 2 in 2 or 3 blocks each, 20 output channels split: shared column blocks of two samples
		check(15, a(2, 16, 8, 16, 18), a(20, 16, 3, 3, 3), a(2, 2, 2), a(1, 1, 1), a(1, 1, 1), a(1, 1,
			1));
		// 6 samples of 2 or 3 blocks: more (sample, block) items than weight-gradient groups, and a
		// weight gradient of 40 x 432 values (several chunks when the groups are added)
		check(16, a(6, 16, 8, 16, 18), a(40, 16, 3, 3, 3), a(2, 2, 2), a(1, 1, 1), a(1, 1, 1), a(1, 1,
			1));
		// 70 output channels over 4 positions: weight panels in the outer loop
		check(17, a(8, 3, 5, 5), a(70, 3, 3, 3), a(2, 2), a(1, 1), a(0, 0), a(0, 0));
		// several input channels, one output channel: still the matrix-product path
		check(19, a(2, 3, 6, 7), a(1, 3, 3, 3), a(1, 1), a(1, 1), a(1, 1), a(1, 1));
		check(20, a(2, 3, 9, 8), a(1, 3, 3, 2), a(2, 1), a(1, 2), a(0, 1), a(1, 0));
		// 100 output channels over 72 positions (more than one B panel): weight panels outside
		check(18, a(8, 3, 17, 19), a(100, 3, 3, 3), a(2, 2), a(1, 1), a(0, 0), a(0, 0));
	}

	@Test
	void implicitGemmIn3dAndPadsBeyondTheKernel() {
		check(21, a(2, 3, 6, 7, 9), a(4, 3, 3, 2, 3), a(1, 1, 1), a(2, 1, 2), a(2, 0, 1), a(1, 1, 3));
		// batch 1 over 7040 grid positions: several blocks, grids made first, channels split
		check(22, a(1, 2, 10, 20, 30), a(9, 2, 3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1), a(1, 1,
			1));
		// pads larger than the kernel: the input gradient crops the output gradient
		check(23, a(2, 2, 5, 6), a(3, 2, 2, 2), a(1, 1), a(1, 1), a(3, 2), a(1, 3));
		check(24, a(3, 2, 17), a(5, 2, 3), a(1), a(2), a(0), a(4));
		// pads after larger than the kernel on every axis (the gradient's grid is cropped in z and y)
		check(25, a(2, 2, 4, 5, 6), a(3, 2, 2, 2, 2), a(1, 1, 1), a(1, 1, 1), a(0, 1, 0), a(3, 3, 3));
		// 70 output channels (more than a B panel) over 81 taps, 8 samples of one position
		check(26, a(8, 3, 3, 3, 3), a(70, 3, 3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(0, 0, 0), a(0, 0, 0));
		// 150 output channels over 120 positions: weight panels outside, several B panels
		check(30, a(8, 3, 4, 5, 6), a(150, 3, 1, 1, 1), a(1, 1, 1), a(1, 1, 1), a(0, 0, 0), a(0, 0, 0));
		check(27, a(2, 3, 4, 4, 4), a(70, 3, 3, 3, 3), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1), a(1, 1, 1));
		// 3 samples, 20 channels split: all grids made first
		check(28, a(3, 3, 5, 6), a(20, 3, 3, 3), a(1, 1), a(1, 1), a(1, 1), a(1, 1));
		// grid rows 41 wide, blocks of 2048 positions: the second block starts in a row's padding
		check(29, a(1, 2, 60, 37), a(9, 2, 5, 5), a(1, 1), a(1, 1), a(2, 2), a(2, 2));
	}

	@Test
	void anEmptyBatchHasZeroGradients() {
		final ConvGeometry g1 = ConvGeometry.of(2);
		final Tensor dx0 = ConvolutionGradients.input(Tensor.zeros(0, 2, 3, 3), Tensor.zeros(2, 3, 3,
			3), a(0, 3, 5, 5), g1);
		assertArrayEquals(a(0, 3, 5, 5), dx0.shape());
		// grouped, empty batch: empty results, no division by the empty batch
		final Tensor y0 = GroupedConvolutions.correlate(Tensor.zeros(0, 4, 5, 5), Tensor.zeros(2, 2, 3,
			3), null, g1, 2);
		assertArrayEquals(a(0, 2, 3, 3), y0.shape());
		final Tensor gx0 = Tensor.zeros(0, 4, 5, 5);
		GroupedConvolutions.inputGradient(Tensor.zeros(0, 2, 3, 3), Tensor.zeros(2, 2, 3, 3), g1, 2,
			gx0);
		final Tensor gw0 = filled(a(2, 2, 3, 3), 42f);
		GroupedConvolutions.weightGradient(Tensor.zeros(0, 4, 5, 5), Tensor.zeros(0, 2, 3, 3), g1, 2,
			gw0, null);
		assertArrayEquals(new float[36], gw0.data());
		for (final int s : a(1, 2)) {
			final ConvGeometry g = ConvGeometry.of(2).stride(s, s).pad(a(1, 1), a(1, 1));
			final Tensor x = Tensor.zeros(0, 3, 6, 6);
			final Tensor dy = Tensor.zeros(Convolutions.outputShape(x.shape(), a(2, 3, 3, 3), g));
			final Tensor dw = filled(a(2, 3, 3, 3), 42f);
			final float[] db = { 42f, 42f };
			ConvolutionGradients.weight(x, dy, g, dw, db);
			assertArrayEquals(new float[54], dw.data(), "stride " + s);
			assertArrayEquals(new float[2], db, "stride " + s);
		}
	}

	/** Grouped correlation against the loop of each group written out, 1-d and 3-d. */
	@Test
	void groupedIn1dAnd3dWithGradients() {
		final Random rnd = new Random(31);
		final int[][] ins = { a(2, 6, 13), a(1, 6, 5, 6, 7) };
		final int[][] ws = { a(9, 2, 3), a(3, 2, 2, 3, 2) };
		for (int c = 0; c < 2; c++) {
			final int r = ins[c].length - 2;
			final int[] st = new int[r], dl = new int[r], pb = new int[r];
			Arrays.fill(st, 2);
			Arrays.fill(dl, 1);
			Arrays.fill(pb, 1);
			final ConvGeometry g = ConvGeometry.of(r).stride(st).pad(pb, pb);
			final Tensor x = TestData.random(rnd, ins[c]);
			final Tensor w = TestData.random(rnd, ws[c]);
			final float[] b = TestData.random(rnd, ws[c][0]).data();
			final int[] outShape = GroupedConvolutions.outputShape(ins[c], ws[c], g, 3);
			final Tensor dy = TestData.random(rnd, outShape);
			final Tensor y = filled(outShape, 42f);
			GroupedConvolutions.correlate(x, w, b, g, 3, y);
			final Tensor dx = filled(ins[c], 42f);
			GroupedConvolutions.inputGradient(dy, w, g, 3, dx);
			final Tensor dw = filled(ws[c], 42f);
			final float[] db = new float[ws[c][0]];
			GroupedConvolutions.weightGradient(x, dy, g, 3, dw, db);
			final Tensor dwNoBias = filled(ws[c], 42f);
			GroupedConvolutions.weightGradient(x, dy, g, 3, dwNoBias, null);
			assertArrayEquals(dw.data(), dwNoBias.data());
			final int cinG = ins[c][1] / 3, coutG = ws[c][0] / 3;
			for (int gr = 0; gr < 3; gr++) {
				final Tensor xg = GroupedConvolutions.channels(x, gr * cinG, cinG);
				final Tensor dyg = GroupedConvolutions.channels(dy, gr * coutG, coutG);
				final int wPer = w.numel() / ws[c][0];
				final int[] wgs = ws[c].clone();
				wgs[0] = coutG;
				final Tensor wg = Tensor.of(Arrays.copyOfRange(w.data(), gr * coutG * wPer, (gr + 1) *
					coutG * wPer), wgs);
				final double[][] ref = reference(xg, wg, Arrays.copyOfRange(b, gr * coutG, (gr + 1) * coutG),
					dyg, st, dl, pb);
				final String what = "groups of " + Arrays.toString(ins[c]) + ", group " + gr;
				close(ref[0], GroupedConvolutions.channels(y, gr * coutG, coutG).data(), what + " forward");
				close(ref[1], GroupedConvolutions.channels(dx, gr * cinG, cinG).data(), what + " dx");
				close(ref[2], Arrays.copyOfRange(dw.data(), gr * coutG * wPer, (gr + 1) * coutG * wPer),
					what + " dw");
				close(ref[3], Arrays.copyOfRange(db, gr * coutG, (gr + 1) * coutG), what + " db");
			}
		}
	}

	/** Channels that do not divide into the groups are refused by every entry point. */
	@Test
	void groupsThatDoNotDivideAreRefused() {
		final ConvGeometry g = ConvGeometry.of(2);
		// 5 input channels in 2 groups of 2 would pass the weight's channel check
		final String m1 = assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions
			.outputShape(a(1, 5, 4, 4), a(4, 2, 3, 3), g, 2)).getMessage();
		assertTrue(m1.contains("5") && m1.contains("2 groups"), m1);
		final String m2 = assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions
			.outputShape(a(1, 4, 4, 4), a(3, 2, 3, 3), g, 2)).getMessage();
		assertTrue(m2.contains("3") && m2.contains("2 groups"), m2);
		final String m3 = assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions
			.outputShape(a(1, 4, 4, 4), a(4, 2, 3, 3), g, 0)).getMessage();
		assertTrue(m3.contains("groups must be >= 1, got 0"), m3);
		assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions.outputShape(a(1, 4),
			a(4, 2), g, 2));
		assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions.inputGradient(Tensor
			.zeros(1, 4, 2, 2), Tensor.zeros(4, 2, 3, 3), g, 2, Tensor.zeros(1, 5, 4, 4)));
		assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions.weightGradient(Tensor
			.zeros(1, 5, 4, 4), Tensor.zeros(1, 4, 2, 2), g, 2, Tensor.zeros(4, 2, 3, 3), null));
		assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions.correlate(Tensor.zeros(
			1, 4, 4, 4), Tensor.zeros(4, 2, 3, 3), new float[3], g, 2, Tensor.zeros(1, 4, 2, 2)));
		assertThrows(IllegalArgumentException.class, () -> GroupedConvolutions.correlate(Tensor.zeros(
			1, 4, 4, 4), Tensor.zeros(4, 2, 3, 3), null, g, 2, Tensor.zeros(1, 4, 2, 3)));
		// a 1-d input has rank 3 and is accepted
		assertArrayEquals(a(1, 4, 2), GroupedConvolutions.outputShape(a(1, 4, 4), a(4, 2, 3),
			ConvGeometry.of(1), 2));
	}

	private static String refused(final org.junit.jupiter.api.function.Executable call) {
		return assertThrows(IllegalArgumentException.class, call).getMessage();
	}

	@Test
	void geometryRefusesBadValuesWithOneLine() {
		final ConvGeometry g = ConvGeometry.of(2);
		assertTrue(refused(() -> g.dilation(1)).contains("must have 2 entries each"));
		assertTrue(refused(() -> g.pad(a(0, 0), a(0))).contains("must have 2 entries each"));
		assertTrue(refused(() -> g.pad(a(0), a(0, 0))).contains("must have 2 entries each"));
		assertTrue(refused(() -> g.stride(1, 0)).contains("stride must be >= 1, got 0"));
		assertTrue(refused(() -> g.dilation(0, 1)).contains("dilation must be >= 1, got 0"));
		assertTrue(refused(() -> g.pad(a(0, -1), a(0, 0))).contains("padding must be >= 0, got -1"));
		assertTrue(refused(() -> g.pad(a(0, 0), a(-2, 0))).contains("padding must be >= 0, got 0 and -2"));
		assertTrue(refused(() -> ConvGeometry.of(0)).contains("spatial rank must be 1, 2 or 3, got 0"));
		assertTrue(refused(() -> ConvGeometry.of(4)).contains("got 4"));
		assertEquals(3, ConvGeometry.of(3).rank());
		assertEquals(1, ConvGeometry.of(1).rank());
		assertTrue(refused(() -> g.outputShape(a(5), a(3, 3))).contains("expected 2 spatial extents"));
		assertTrue(refused(() -> g.outputShape(a(5, 5), a(3))).contains("expected 2 spatial extents"));
		// the largest extent an array axis can hold passes, one more is refused
		assertEquals(Integer.MAX_VALUE - 8, ConvGeometry.checkedExtent(Integer.MAX_VALUE - 8, 1));
		assertTrue(refused(() -> ConvGeometry.checkedExtent(Integer.MAX_VALUE - 7, 1)).contains(
			"output extent 2147483640 on spatial axis 1"));
		assertArrayEquals(a(2147483640 - 2147483640 + 7), ConvGeometry.of(1).pad(a(3), a(2))
			.outputShape(a(4), a(3)));
	}

	@Test
	void convolutionsRefuseBadOperandsWithOneLine() {
		final ConvGeometry g2 = ConvGeometry.of(2);
		final Tensor x = Tensor.zeros(1, 2, 5, 5), w = Tensor.zeros(3, 2, 3, 3);
		assertTrue(refused(() -> Convolutions.outputShape(a(1, 2, 5, 5), a(3, 2, 3, 3), null)).contains(
			"geometry is null"));
		assertTrue(refused(() -> Convolutions.outputShape(null, a(3, 2, 3, 3), g2)).contains(
			"shapes are required"));
		assertTrue(refused(() -> Convolutions.outputShape(a(1, 2, 5, 5), null, g2)).contains(
			"shapes are required"));
		final String m1 = refused(() -> Convolutions.outputShape(a(1, 2, 5), a(3, 2, 3, 3), g2));
		assertTrue(m1.contains("a 2-d convolution needs an input of rank 4 [N, Cin, H, W]"), m1);
		final String m2 = refused(() -> Convolutions.outputShape(a(1, 2, 5, 5, 5), a(3, 2, 3, 3),
			ConvGeometry.of(3)));
		assertTrue(m2.contains("a 3-d convolution needs a weight of rank 5 [Cout, Cin, D, H, W]"), m2);
		final String m3 = refused(() -> Convolutions.outputShape(a(1, 2, 5), a(3, 2), ConvGeometry.of(
			1)));
		assertTrue(m3.contains("needs a weight of rank 3 [Cout, Cin, W]"), m3);
		assertTrue(refused(() -> Convolutions.outputShape(a(1, 2, 5), a(3, 4, 3), ConvGeometry.of(1)))
			.contains("the weight has 4 input channels but the input has 2"));
		assertTrue(refused(() -> Convolutions.correlate(null, w, null, g2)).contains(
			"input tensor is null"));
		assertTrue(refused(() -> Convolutions.correlate(x, null, null, g2)).contains(
			"weight tensor is null"));
		assertTrue(refused(() -> Convolutions.correlate(x, w, null, g2, null)).contains(
			"output tensor is null"));
		assertTrue(refused(() -> Convolutions.correlate(x, w, new float[2], g2)).contains(
			"bias has 2 values"));
		// output sharing storage with the input or the weight (shapes made to match)
		final Tensor x1 = Tensor.zeros(1, 1, 3, 3), w1 = Tensor.zeros(1, 1, 1, 1);
		assertTrue(refused(() -> Convolutions.correlate(x1, w1, null, g2, x1)).contains(
			"must not share storage"));
		final Tensor wSelf = Tensor.zeros(1, 1, 1, 1), xSelf = Tensor.zeros(1, 1, 1, 1);
		assertTrue(refused(() -> Convolutions.correlate(xSelf, wSelf, null, g2, wSelf)).contains(
			"must not share storage"));
		// several channels: the output may not be the input either
		final Tensor x2 = Tensor.zeros(1, 2, 3, 3);
		assertTrue(refused(() -> Convolutions.correlate(x2, Tensor.zeros(2, 2, 1, 1), null, g2, x2))
			.contains("must not share storage"));
		// ... nor the weight: [2, 2, 3, 3] correlated over [2, 2, 5, 5] has the weight's shape
		final Tensor w2 = Tensor.zeros(2, 2, 3, 3);
		assertTrue(refused(() -> Convolutions.correlate(Tensor.zeros(2, 2, 5, 5), w2, null, g2, w2))
			.contains("must not share storage"));
		assertTrue(Convolutions.pack(w).weight() == w);
		assertTrue(refused(() -> Convolutions.correlate(x, w, Convolutions.pack(w.copy()), null, g2,
			false, Tensor.zeros(1, 3, 3, 3))).contains("another tensor"));
		// packing: rank 3 (1-d) is a weight, rank 2 is not
		assertTrue(refused(() -> Convolutions.pack(Tensor.zeros(3, 2))).contains(
			"must be [Cout, Cin, K...]"));
		final Tensor w1d = Tensor.of(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 1, 3);
		final Tensor y1d = Tensor.zeros(1, 2, 2);
		Convolutions.correlate(Tensor.of(new float[] { 1, 0, 2, 0 }, 1, 1, 4), w1d, Convolutions.pack(
			w1d), null, ConvGeometry.of(1), false, y1d);
		// by hand: [1, 0, 2] . [1, 2, 3] = 7, [0, 2, 0] . [1, 2, 3] = 4; [4, 5, 6]: 16, 10
		assertArrayEquals(new float[] { 7, 4, 16, 10 }, y1d.data());
		// flip: rank 3 to 5 only
		assertTrue(refused(() -> Convolutions.flip(Tensor.zeros(2, 2))).contains(
			"with 1, 2 or 3 spatial axes"));
		assertTrue(refused(() -> Convolutions.flip(Tensor.zeros(1, 1, 1, 1, 1, 2))).contains(
			"with 1, 2 or 3 spatial axes"));
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, Convolutions.flip(w1d).data());
		assertArrayEquals(new float[] { 8, 7, 6, 5, 4, 3, 2, 1 }, Convolutions.flip(Tensor.of(
			new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 1, 2, 2, 2)).data());
	}

	@Test
	void gradientsRefuseBadOperandsWithOneLine() {
		final ConvGeometry g = ConvGeometry.of(2);
		final Tensor w = Tensor.zeros(3, 2, 3, 3), x = Tensor.zeros(1, 2, 5, 5);
		final Tensor dyBad = Tensor.zeros(1, 3, 2, 3);
		final String m1 = refused(() -> ConvolutionGradients.input(dyBad, w, g, Tensor.zeros(1, 2, 5,
			5)));
		assertTrue(m1.contains("output gradient [1, 3, 2, 3] does not have the output shape [1, 3, 3, 3]"),
			m1);
		assertTrue(refused(() -> ConvolutionGradients.input(dyBad, w, a(1, 2, 5, 5), g)).contains(
			"[1, 3, 2, 3]"));
		assertTrue(refused(() -> ConvolutionGradients.input(null, w, a(1, 2, 5, 5), g)).contains(
			"output gradient null"));
		assertTrue(refused(() -> ConvolutionGradients.weight(x, dyBad, g, Tensor.zeros(3, 2, 3, 3),
			null)).contains("[1, 3, 2, 3]"));
		assertTrue(refused(() -> ConvolutionGradients.weight(x, Tensor.zeros(1, 3, 3, 3), g, Tensor
			.zeros(3, 2, 3, 3), new float[2])).contains("bias gradient has 2 values"));
		// the shape-only entry point, by hand: 1x1 input, 1x1 weight 3, dy 2 -> dx 6
		final Tensor dx = ConvolutionGradients.input(Tensor.of(new float[] { 2 }, 1, 1, 1, 1), Tensor.of(
			new float[] { 3 }, 1, 1, 1, 1), a(1, 1, 1, 1), g);
		assertArrayEquals(new float[] { 6 }, dx.data());
		// and the weight gradient without a bias gradient: x 5, dy 2 -> dw 10
		final Tensor dw = Tensor.of(new float[] { 42 }, 1, 1, 1, 1);
		ConvolutionGradients.weight(Tensor.of(new float[] { 5 }, 1, 1, 1, 1), Tensor.of(new float[] {
			2 }, 1, 1, 1, 1), g, dw, null);
		assertArrayEquals(new float[] { 10 }, dw.data());
	}
}
