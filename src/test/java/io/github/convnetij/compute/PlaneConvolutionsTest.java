package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

/**
 * The single-channel paths (direct, separable, FFT) against the plain reference (pad by
 * {@link Reference#pad}, then {@link Reference#correlate} in double), for every boundary mode and
 * pads giving "same", "valid" and "full" outputs and more, on random sizes including 1-pixel
 * images and kernels larger than the image; with both inner-loop implementations (the plain-Java
 * fallback is always run explicitly; the Vector API one when the JVM has the module, as under
 * surefire), which must agree bitwise; and bitwise independence of the thread count.
 */
class PlaneConvolutionsTest {

	/** The implementations to test: plain Java always, Vector API when present. */
	static List<RowOps> implementations() {
		final List<RowOps> l = new ArrayList<>();
		l.add(RowOps.java());
		if (RowOps.vectorOrNull() != null) l.add(RowOps.vectorOrNull());
		return l;
	}

	private static Tensor reference(final Tensor in, final Tensor w, final float bias,
		final int[] pb, final int[] pa, final Boundary b, final float value)
	{
		final int r = pb.length;
		final Tensor padded = Reference.pad(in, pb, pa, b, value);
		final int[] ones = new int[r], zeros = new int[r];
		Arrays.fill(ones, 1);
		final Tensor out = Reference.correlate(padded, w, new float[] { bias }, ones, ones, zeros,
			zeros);
		return out;
	}

	private static double sumAbs(final Tensor w) {
		double s = 0;
		for (final float v : w.data())
			s += Math.abs(v);
		return s;
	}

	/**
	 * Runs {@code method} with every implementation, checks each against the reference and that
	 * they agree bitwise; returns the result.
	 */
	private static float[] check(final Tensor in, final Tensor w, final float bias, final int[] pb,
		final int[] pa, final Boundary b, final float value, final ConvMethod method,
		final String what)
	{
		final Tensor expected = reference(in, w, bias, pb, pa, b, value);
		final double scale = sumAbs(w) * Math.max(TestData.maxAbs(in.data()), Math.abs(value)) + Math
			.abs(bias);
		final double tol = (method == ConvMethod.FFT ? 1e-4 : 1e-5) * scale + 1e-6;
		float[] first = null;
		for (final RowOps ops : implementations()) {
			final Tensor out = Tensor.zeros(PlaneConvolutions.outputShape(in, w, pb, pa));
			Arrays.fill(out.data(), Float.NaN); // every element must be overwritten
			PlaneConvolutions.correlate(in, w, bias, pb, pa, b, value, method, out, ops);
			final String label = what + " " + method + " " + b + " " + (ops.vectorized() ? "vector"
				: "java");
			TestData.assertClose(expected, out, tol, label);
			if (first == null) first = out.data();
			else assertArrayEquals(first, out.data(), label + ": differs from the plain-Java result");
		}
		return first;
	}

	private static int[] a(final int... v) {
		return v;
	}

	private static Tensor rank1(final Random rnd, final int... k) {
		// outer product of random factors with few bits, so the product is exact in float
		final float[][] f = new float[k.length][];
		for (int i = 0; i < k.length; i++) {
			f[i] = new float[k[i]];
			for (int j = 0; j < k[i]; j++)
				f[i][j] = (rnd.nextInt(15) - 7) / 4f;
			f[i][rnd.nextInt(k[i])] = 1.5f; // not all zero
		}
		int n = 1;
		for (final int e : k)
			n *= e;
		final float[] w = new float[n];
		for (int i = 0; i < n; i++) {
			int rest = i;
			float v = 1;
			for (int ax = k.length - 1; ax >= 0; ax--) {
				v *= f[ax][rest % k[ax]];
				rest /= k[ax];
			}
			w[i] = v;
		}
		final int[] shape = new int[k.length + 2];
		shape[0] = shape[1] = 1;
		System.arraycopy(k, 0, shape, 2, k.length);
		return Tensor.of(w, shape);
	}

	/** Pads for an output "same" (scipy alignment), "valid", "full" and an asymmetric one. */
	private static int[][][] padSets(final int[] k, final int[] s, final Random rnd) {
		final int r = k.length;
		final List<int[][]> l = new ArrayList<>();
		final int[] sb = new int[r], sa = new int[r], fb = new int[r], va = new int[r], ab = new int[r],
			aa = new int[r];
		boolean validFits = true;
		for (int i = 0; i < r; i++) {
			sb[i] = k[i] / 2;
			sa[i] = k[i] - 1 - sb[i];
			fb[i] = k[i] - 1;
			if (k[i] > s[i]) validFits = false;
			ab[i] = rnd.nextInt(k[i] + 2);
			aa[i] = Math.max(0, k[i] - 1 - s[i] + 1 - ab[i]) + rnd.nextInt(3);
		}
		l.add(new int[][] { sb, sa });
		l.add(new int[][] { fb, fb });
		if (validFits) l.add(new int[][] { va.clone(), va });
		l.add(new int[][] { ab, aa });
		return l.toArray(new int[0][][]);
	}

	@Test
	void everyMethodBoundaryAndPadMatchesTheReference2d() {
		final Random rnd = new Random(1);
		final int[][] images = { { 1, 1 }, { 1, 7 }, { 6, 1 }, { 5, 9 }, { 12, 8 }, { 17, 40 }, { 3, 70 },
			{ 33, 37 } };
		final int[][] kernels = { { 1, 1 }, { 3, 3 }, { 2, 4 }, { 5, 5 }, { 1, 7 }, { 6, 1 }, { 9, 13 },
			{ 4, 19 } };
		int cases = 0, rotate = 0;
		final Boundary[] modes = Boundary.values();
		for (final int[] s : images)
			for (final int[] k : kernels) {
				final Tensor in = TestData.random(rnd, 1 + rnd.nextInt(2), 1, s[0], s[1]);
				final Tensor general = TestData.random(rnd, 1, 1, k[0], k[1]);
				final Tensor separable = rank1(rnd, k);
				rotate++; // shifts which modes meet which pads from one case to the next
				for (final int[][] pads : padSets(k, s, rnd))
					for (int bi = 0; bi < 3; bi++) { // 3 of the 6 modes in turn: each meets every size
						final Boundary b = modes[rotate++ % modes.length];
						final float value = b == Boundary.CONSTANT ? 0.75f : 0f;
						final float bias = rnd.nextBoolean() ? 0f : 0.5f;
						final String what = "image " + Arrays.toString(s) + " kernel " + Arrays.toString(k) +
							" pads " + Arrays.toString(pads[0]) + "/" + Arrays.toString(pads[1]);
						check(in, general, bias, pads[0], pads[1], b, value, ConvMethod.DIRECT, what);
						check(in, general, bias, pads[0], pads[1], b, value, ConvMethod.FFT, what);
						check(in, separable, bias, pads[0], pads[1], b, value, ConvMethod.SEPARABLE, what);
						check(in, separable, bias, pads[0], pads[1], b, value, ConvMethod.AUTO, what);
						cases += 4;
					}
			}
		assertTrue(cases > 500, "ran " + cases);
	}

	@Test
	void oneAndThreeDimensional() {
		final Random rnd = new Random(2);
		final int[][] images1 = { { 1 }, { 2 }, { 13 }, { 100 } };
		final int[][] kernels1 = { { 1 }, { 3 }, { 4 }, { 21 } };
		for (final int[] s : images1)
			for (final int[] k : kernels1) {
				final Tensor in = TestData.random(rnd, 3, 1, s[0]);
				final Tensor w = TestData.random(rnd, 1, 1, k[0]);
				for (final int[][] pads : padSets(k, s, rnd))
					for (final Boundary b : Boundary.values())
						for (final ConvMethod m : ConvMethod.values())
							check(in, w, 0.25f, pads[0], pads[1], b, 1.5f, m, "1d " + s[0] + " * " + k[0]);
			}
		final int[][] images3 = { { 1, 1, 1 }, { 4, 5, 6 }, { 7, 3, 19 }, { 9, 11, 2 } };
		final int[][] kernels3 = { { 1, 1, 1 }, { 3, 3, 3 }, { 2, 3, 4 }, { 5, 1, 2 }, { 1, 4, 4 } };
		for (final int[] s : images3)
			for (final int[] k : kernels3) {
				final Tensor in = TestData.random(rnd, 2, 1, s[0], s[1], s[2]);
				final Tensor w = TestData.random(rnd, 1, 1, k[0], k[1], k[2]);
				final Tensor sep = rank1(rnd, k);
				for (final int[][] pads : padSets(k, s, rnd))
					for (final Boundary b : new Boundary[] { Boundary.ZERO, Boundary.CONSTANT, Boundary.REFLECT,
						Boundary.WRAP })
					{
						final String what = "3d " + Arrays.toString(s) + " * " + Arrays.toString(k) + " pads " +
							Arrays.toString(pads[0]) + "/" + Arrays.toString(pads[1]);
						check(in, w, 0f, pads[0], pads[1], b, -1f, ConvMethod.DIRECT, what);
						check(in, w, 0f, pads[0], pads[1], b, -1f, ConvMethod.FFT, what);
						check(in, sep, 0f, pads[0], pads[1], b, -1f, ConvMethod.SEPARABLE, what);
					}
			}
	}

	@Test
	void wideRowsExerciseTheVectorLoopsAndColumnBlocks() {
		final Random rnd = new Random(3);
		// widths around the vector block sizes and above one column block; kernels on either side of
		// the wide-kernel and staged-row thresholds
		final int[][] shapes = { { 5, 67 }, { 9, 129 }, { 6, 300 }, { 3, 4500 } };
		final int[][] kernels = { { 3, 3 }, { 5, 5 }, { 7, 9 }, { 9, 3 }, { 11, 11 }, { 2, 17 } };
		for (final int[] s : shapes)
			for (final int[] k : kernels) {
				final Tensor in = TestData.random(rnd, 1, 1, s[0], s[1]);
				final Tensor w = TestData.random(rnd, 1, 1, k[0], k[1]);
				final int[] pb = { k[0] / 2, k[1] / 2 }, pa = { k[0] - 1 - k[0] / 2, k[1] - 1 - k[1] / 2 };
				check(in, w, 0.125f, pb, pa, Boundary.MIRROR, 0f, ConvMethod.DIRECT, Arrays.toString(s) +
					" * " + Arrays.toString(k));
				check(in, rank1(rnd, k), 0f, pb, pa, Boundary.NEAREST, 0f, ConvMethod.SEPARABLE, Arrays
					.toString(s) + " * " + Arrays.toString(k));
			}
		// FFT with several tiles per axis (the tile of a 64 x 64 FFT is 64 - 17 + 1 = 48 wide)
		final Tensor in = TestData.random(rnd, 1, 1, 150, 210);
		final Tensor w = TestData.random(rnd, 1, 1, 17, 17);
		check(in, w, 0f, a(8, 8), a(8, 8), Boundary.REFLECT, 0f, ConvMethod.FFT, "tiled fft");
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		final Random rnd = new Random(4);
		final Tensor in2 = TestData.random(rnd, 2, 1, 301, 257);
		final Tensor in3 = TestData.random(rnd, 1, 1, 23, 41, 37);
		final Object[][] cases = { { in2, TestData.random(rnd, 1, 1, 3, 3), ConvMethod.DIRECT }, { in2,
			TestData.random(rnd, 1, 1, 13, 9), ConvMethod.DIRECT }, { in2, rank1(rnd, 7, 5),
				ConvMethod.SEPARABLE }, { in2, TestData.random(rnd, 1, 1, 25, 25), ConvMethod.FFT }, { in3,
					TestData.random(rnd, 1, 1, 3, 3, 3), ConvMethod.DIRECT }, { in3, rank1(rnd, 5, 3, 7),
						ConvMethod.SEPARABLE }, { in3, TestData.random(rnd, 1, 1, 9, 9, 9), ConvMethod.FFT } };
		for (final Object[] c : cases) {
			final Tensor in = (Tensor) c[0], w = (Tensor) c[1];
			final ConvMethod m = (ConvMethod) c[2];
			final int r = in.rank() - 2;
			final int[] pb = new int[r], pa = new int[r];
			for (int i = 0; i < r; i++) {
				pb[i] = w.size(2 + i) / 2;
				pa[i] = w.size(2 + i) - 1 - pb[i];
			}
			for (final RowOps ops : implementations()) {
				final float[] one = Parallelization.runWithNumThreads(1, () -> run(in, w, pb, pa, m, ops));
				for (final int threads : a(2, 3, 5)) {
					final float[] many = Parallelization.runWithNumThreads(threads, () -> run(in, w, pb, pa, m,
						ops));
					assertArrayEquals(one, many, m + " " + Arrays.toString(w.shape()) + ", " + threads +
						" threads");
				}
			}
		}
	}

	private static float[] run(final Tensor in, final Tensor w, final int[] pb, final int[] pa,
		final ConvMethod m, final RowOps ops)
	{
		final Tensor out = Tensor.zeros(PlaneConvolutions.outputShape(in, w, pb, pa));
		PlaneConvolutions.correlate(in, w, 0.5f, pb, pa, Boundary.REFLECT, 0f, m, out, ops);
		return out.data();
	}

	@Test
	void separableKernelsAreDetected() {
		final float[] box = new float[25];
		Arrays.fill(box, 1f / 25);
		assertNotNull(SeparablePlane.factors(box, 1, 5, 5));
		final float[] g5 = new float[25];
		final float[] b = { 1, 4, 6, 4, 1 };
		for (int y = 0; y < 5; y++)
			for (int x = 0; x < 5; x++)
				g5[y * 5 + x] = b[y] * b[x] / 256f;
		assertNotNull(SeparablePlane.factors(g5, 1, 5, 5));
		// a Gaussian sampled in 2-d and normalized: rank 1 up to float rounding
		final float[] g = new float[81];
		double s = 0;
		for (int y = 0; y < 9; y++)
			for (int x = 0; x < 9; x++)
				s += g[y * 9 + x] = (float) Math.exp(-((x - 4) * (x - 4) + (y - 4) * (y - 4)) / 4.5);
		for (int i = 0; i < g.length; i++)
			g[i] /= s;
		assertNotNull(SeparablePlane.factors(g, 1, 9, 9));
		final float[] sobel = { -1, 0, 1, -2, 0, 2, -1, 0, 1 };
		final float[][] f = SeparablePlane.factors(sobel, 1, 3, 3);
		assertNotNull(f);
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 3; x++)
				assertEquals(sobel[y * 3 + x], f[1][y] * f[2][x], 0f);
		assertNull(SeparablePlane.factors(new float[] { 0, -1, 0, -1, 4, -1, 0, -1, 0 }, 1, 3, 3),
			"laplacian");
		assertNull(SeparablePlane.factors(new float[] { 2, 1, 0, 1, 1, -1, 0, -1, -2 }, 1, 3, 3));
		assertNotNull(SeparablePlane.factors(new float[9], 1, 3, 3), "zero kernel");
		assertNotNull(SeparablePlane.factors(rank1(new Random(5), 3, 4, 5).data(), 3, 4, 5));
		final float[] almost = rank1(new Random(6), 4, 4).data();
		almost[5] += 1e-3f;
		assertNull(SeparablePlane.factors(almost, 1, 4, 4));
		assertTrue(PlaneConvolutions.isSeparable(Tensor.of(box, 1, 1, 5, 5)));
	}

	@Test
	void autoChoosesFromSizesAlone() {
		final Random rnd = new Random(7);
		final int[] big = { 1, 1, 4096, 4096 };
		final int[] same3 = { 1, 1 }, same15 = { 7, 7 }, same31 = { 15, 15 };
		final Tensor k3 = TestData.random(rnd, 1, 1, 3, 3);
		assertEquals(ConvMethod.DIRECT, PlaneConvolutions.resolve(big, k3, same3, same3,
			ConvMethod.AUTO));
		final int[] same63 = { 31, 31 };
		assertEquals(ConvMethod.FFT, PlaneConvolutions.resolve(big, TestData.random(rnd, 1, 1, 63, 63),
			same63, same63, ConvMethod.AUTO));
		assertEquals(ConvMethod.DIRECT, PlaneConvolutions.resolve(big, TestData.random(rnd, 1, 1, 15,
			15), same15, same15, ConvMethod.AUTO));
		// 3-d: direct for small kernels, FFT for large ones
		final int[] stack = { 1, 1, 64, 256, 256 };
		assertEquals(ConvMethod.DIRECT, PlaneConvolutions.resolve(stack, TestData.random(rnd, 1, 1, 5, 5,
			5), a(2, 2, 2), a(2, 2, 2), ConvMethod.AUTO));
		assertEquals(ConvMethod.FFT, PlaneConvolutions.resolve(stack, TestData.random(rnd, 1, 1, 21, 21,
			21), a(10, 10, 10), a(10, 10, 10), ConvMethod.AUTO));
		assertEquals(ConvMethod.SEPARABLE, PlaneConvolutions.resolve(big, rank1(rnd, 15, 15), same15,
			same15, ConvMethod.AUTO));
		// a tiny image never goes through the FFT
		assertEquals(ConvMethod.DIRECT, PlaneConvolutions.resolve(new int[] { 1, 1, 5, 5 }, TestData
			.random(rnd, 1, 1, 31, 31), same31, same31, ConvMethod.AUTO));
		// explicit methods are kept; separable needs a rank-1 kernel
		assertEquals(ConvMethod.FFT, PlaneConvolutions.resolve(big, k3, same3, same3, ConvMethod.FFT));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> PlaneConvolutions.resolve(big, k3, same3, same3, ConvMethod.SEPARABLE));
		assertTrue(e.getMessage().contains("not separable"), e.getMessage());
	}

	@Test
	void methodNamesParse() {
		for (final ConvMethod m : ConvMethod.values())
			assertEquals(m, ConvMethod.parse(" " + m.key().toUpperCase() + " "));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ConvMethod.parse("winograd"));
		assertTrue(e.getMessage().contains("winograd") && e.getMessage().contains("separable"), e
			.getMessage());
	}

	@Test
	void badShapesAreReported() {
		final Tensor in = Tensor.zeros(1, 1, 4, 4);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> PlaneConvolutions.correlate(in, Tensor.zeros(2, 1, 3, 3), 0f, a(1, 1), a(1, 1),
				Boundary.ZERO, 0f, ConvMethod.AUTO));
		assertTrue(e.getMessage().contains("[2, 1, 3, 3]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PlaneConvolutions.correlate(in, Tensor
			.zeros(1, 1, 7, 3), 0f, a(0, 0), a(0, 0), Boundary.ZERO, 0f, ConvMethod.AUTO));
		assertTrue(e.getMessage().contains("output extent"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PlaneConvolutions.correlate(in, Tensor
			.zeros(1, 1, 3, 3), 0f, a(1), a(1), Boundary.ZERO, 0f, ConvMethod.AUTO));
		assertTrue(e.getMessage().contains("pads"), e.getMessage());
		final Tensor out = Tensor.zeros(1, 1, 4, 4);
		e = assertThrows(IllegalArgumentException.class, () -> PlaneConvolutions.correlate(out, Tensor
			.zeros(1, 1, 3, 3), 0f, a(1, 1), a(1, 1), Boundary.ZERO, 0f, ConvMethod.AUTO, out));
		assertTrue(e.getMessage().contains("storage"), e.getMessage());
	}

	@Test
	void theVectorApiIsUsedWhenThePropertyAllowsIt() {
		// surefire starts the JVM with --add-modules jdk.incubator.vector
		final boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
		final boolean forcedOff = "false".equalsIgnoreCase(System.getProperty(RowOps.PROPERTY, "")
			.trim());
		assertEquals(module && !forcedOff, VectorModule.available(), VectorModule.status());
		assertEquals(VectorModule.available(), RowOps.vectorOrNull() != null);
		assertEquals(VectorModule.available(), PlaneConvolutions.vectorized());
		assertFalse(RowOps.java().vectorized());
		if (RowOps.vectorOrNull() != null) assertTrue(RowOps.agrees(RowOps.vectorOrNull()));
	}
}
