package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import io.github.convnetij.compute.Boundary;
import net.imglib2.Cursor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.parallel.Parallelization;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/**
 * ConvolutionOps against a plain reference written for clarity: per output pixel, a sum over the
 * kernel reading the input through ImgLib2's own out-of-bounds views (an implementation
 * independent of ours), for every boundary x output size x dimensionality.
 */
class ConvolutionOpsTest {

	private static final float[] WORKED_IMAGE = {
		5, 8, 3, 4, 6, 2, 3, 7,
		3, 2, 1, 1, 9, 5, 1, 0,
		0, 9, 5, 3, 0, 4, 8, 3,
		4, 2, 7, 2, 1, 9, 0, 6,
		9, 7, 9, 8, 0, 4, 2, 4,
		5, 2, 1, 8, 4, 1, 0, 9,
		1, 8, 5, 4, 9, 2, 3, 8,
		3, 7, 1, 2, 3, 4, 4, 6 };

	@Test
	void workedExampleFromTheDesign() {
		final Img<FloatType> out = ConvolutionOps.convolve(ArrayImgs.floats(WORKED_IMAGE.clone(), 8,
			8), Kernel.of(new float[] { 2, 1, 0, 1, 1, -1, 0, -1, -2 }, 3, 3));
		final float[] o = data(out);
		assertArrayEquals(new float[] { 20, 10, 2, 26, 23, 6, 9, 4 }, Arrays.copyOfRange(o, 0, 8));
		assertArrayEquals(new float[] { 9, -5, -25, -10, -12, -15, -1, -12 }, Arrays.copyOfRange(o,
			56, 64));
	}

	@Test
	void convolutionAndCorrelationDifferOnAnAsymmetricKernel() {
		final Kernel k = Kernel.of(new float[] { 2, 1, 0, 1, 1, -1, 0, -1, -2 }, 3, 3);
		final float[] conv = data(ConvolutionOps.convolve(ArrayImgs.floats(WORKED_IMAGE.clone(), 8,
			8), k));
		final float[] corr = data(ConvolutionOps.correlate(ArrayImgs.floats(WORKED_IMAGE.clone(), 8,
			8), k));
		assertFalse(Arrays.equals(conv, corr));
		// the flipped kernel correlates to the convolution
		assertArrayEquals(conv, data(ConvolutionOps.correlate(ArrayImgs.floats(WORKED_IMAGE.clone(),
			8, 8), k.flipped())));
	}

	@Test
	void everyBoundaryOutputSizeAndDimensionalityMatchesTheReference() {
		final Random rnd = new Random(42);
		final int[][] imageDims = { { 9 }, { 1 }, { 7, 5 }, { 1, 1 }, { 6, 3, 4 }, { 5, 4, 3 } };
		final int[][] kernelDims = { { 3 }, { 4 }, { 11 }, { 3, 3 }, { 2, 5 }, { 9, 7 }, { 3, 3, 3 },
			{ 2, 3, 4 }, { 1, 5 } };
		int cases = 0;
		for (final int[] id : imageDims)
			for (final int[] kd : kernelDims) {
				if (kd.length > id.length) continue;
				for (final Boundary b : Boundary.values())
					for (final OutputSize s : OutputSize.values())
						for (final boolean flip : new boolean[] { false, true }) {
							if (s == OutputSize.VALID && !fits(kd, id)) continue;
							final ArrayImg<FloatType, FloatArray> img = randomImage(rnd, id);
							final Kernel k = randomKernel(rnd, kd);
							final double v = b == Boundary.CONSTANT ? 2.5 : 0;
							final Img<FloatType> ours = flip ? ConvolutionOps.convolve(img, k, b, v, s, false)
								: ConvolutionOps.correlate(img, k, b, v, s, false);
							final double[] ref = reference(img, k, b, v, s, flip);
							assertClose(ref, data(ours), k, (flip ? "convolve " : "correlate ") + b + " " + s +
								" image " + Arrays.toString(id) + " kernel " + Arrays.toString(kd));
							cases++;
						}
			}
		assertTrue(cases > 500, "ran " + cases + " cases");
	}

	@Test
	void kernelAppliesPlaneByPlaneOverFurtherAxes() {
		final Random rnd = new Random(3);
		final ArrayImg<FloatType, FloatArray> img = randomImage(rnd, new int[] { 7, 6, 3, 2 });
		final Kernel k = randomKernel(rnd, new int[] { 3, 2 });
		final Img<FloatType> out = ConvolutionOps.correlate(img, k, Boundary.MIRROR, 0,
			OutputSize.FULL, false);
		assertArrayEquals(new long[] { 9, 7, 3, 2 }, Intervals.dimensionsAsLongArray(out));
		for (int c = 0; c < 3; c++)
			for (int t = 0; t < 2; t++) {
				final RandomAccessibleInterval<FloatType> plane = Views.hyperSlice(Views.hyperSlice(img, 3,
					t), 2, c);
				final double[] ref = reference(copy(plane), k, Boundary.MIRROR, 0, OutputSize.FULL,
					false);
				final float[] got = data(copy(Views.hyperSlice(Views.hyperSlice(out, 3, t), 2, c)));
				assertClose(ref, got, k, "plane c=" + c + " t=" + t);
			}
	}

	@Test
	void normalizeDividesByTheKernelSumUnlessZero() {
		final Random rnd = new Random(5);
		final ArrayImg<FloatType, FloatArray> img = randomImage(rnd, new int[] { 8, 7 });
		final Kernel ones = Kernel.of(new float[] { 1, 2, 1, 2, 4, 2, 1, 2, 1 }, 3, 3);
		final float[] norm = data(ConvolutionOps.correlate(img, ones, Boundary.NEAREST, 0,
			OutputSize.SAME, true));
		final double[] ref = reference(img, ones, Boundary.NEAREST, 0, OutputSize.SAME, false);
		for (int i = 0; i < ref.length; i++)
			assertEquals(ref[i] / 16, norm[i], 1e-5);
		final Kernel zeroSum = Kernels.get("sobel-x");
		assertArrayEquals(data(ConvolutionOps.correlate(img, zeroSum, Boundary.NEAREST, 0,
			OutputSize.SAME, false)), data(ConvolutionOps.correlate(img, zeroSum, Boundary.NEAREST, 0,
				OutputSize.SAME, true)));
	}

	@Test
	void everyPixelTypeGivesTheResultOfItsFloatConversion() {
		final Random rnd = new Random(11);
		final int w = 13, h = 9;
		final Kernel k = randomKernel(rnd, new int[] { 3, 3 });
		final Img<UnsignedByteType> u8 = ArrayImgs.unsignedBytes(w, h);
		final Img<ByteType> s8 = ArrayImgs.bytes(w, h);
		final Img<UnsignedShortType> u16 = PlanarImgs.unsignedShorts(w, h);
		final Img<IntType> i32 = ArrayImgs.ints(w, h);
		final ArrayImg<DoubleType, DoubleArray> f64 = ArrayImgs.doubles(w, h);
		final Img<FloatType> f32planar = PlanarImgs.floats(w, h);
		for (final Img<? extends RealType<?>> img : Arrays.<Img<? extends RealType<?>>> asList(u8, s8,
			u16, i32, f64, f32planar))
		{
			for (final RealType<?> t : img)
				t.setReal(t.getMinValue() > -1e9 ? Math.max(t.getMinValue(), Math.min(t.getMaxValue(),
					rnd.nextInt(60000) - 100)) : rnd.nextInt(60000) - 100);
			final ArrayImg<FloatType, FloatArray> asFloat = ArrayImgs.floats(w, h);
			final Cursor<FloatType> c = asFloat.cursor();
			for (final RealType<?> t : img)
				c.next().setReal(t.getRealFloat());
			for (final Boundary b : Boundary.values()) {
				final float[] expected = data(ConvolutionOps.correlate(asFloat, k, b, 1, OutputSize.SAME,
					false));
				@SuppressWarnings({ "unchecked", "rawtypes" })
				final float[] got = data(ConvolutionOps.correlate((Img) img, k, b, 1, OutputSize.SAME,
					false));
				assertArrayEquals(expected, got, img.firstElement().getClass().getSimpleName() + " " + b);
			}
		}
	}

	@Test
	void multithreadedOutputEqualsSingleThreadedBitwise() {
		final Random rnd = new Random(8);
		final ArrayImg<FloatType, FloatArray> img = randomImage(rnd, new int[] { 301, 257, 3 });
		for (final int[] kd : new int[][] { { 3, 3 }, { 7, 5 }, { 3, 3, 3 }, { 11 } }) {
			final Kernel k = randomKernel(rnd, kd);
			for (final Boundary b : new Boundary[] { Boundary.ZERO, Boundary.REFLECT }) {
				final float[] one = data(Parallelization.runWithNumThreads(1, () -> ConvolutionOps
					.correlate(img, k, b, 0, OutputSize.SAME, false)));
				for (final int n : new int[] { 2, 3, 5 }) {
					final float[] many = data(Parallelization.runWithNumThreads(n, () -> ConvolutionOps
						.correlate(img, k, b, 0, OutputSize.SAME, false)));
					assertArrayEquals(one, many, n + " threads, kernel " + Arrays.toString(kd));
				}
			}
		}
	}

	@Test
	void badInputGivesClearErrors() {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(4, 3);
		final Kernel big = Kernel.of(new float[25], 5, 5);
		final IllegalArgumentException valid = assertThrows(IllegalArgumentException.class,
			() -> ConvolutionOps.correlate(img, big, Boundary.ZERO, 0, OutputSize.VALID, false));
		assertTrue(valid.getMessage().contains("5x5") && valid.getMessage().contains("4x3"), valid
			.getMessage());
		final IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
			() -> ConvolutionOps.correlate(ArrayImgs.floats(5), Kernel.of(new float[9], 3, 3)));
		assertTrue(dims.getMessage().contains("2D"), dims.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ConvolutionOps.correlate(img, big,
			Boundary.CONSTANT, Double.NaN, OutputSize.SAME, false));
	}

	// ---- reference ----

	/** Plain per-pixel sum over the kernel, reading through ImgLib2's out-of-bounds views. */
	static double[] reference(final RandomAccessibleInterval<FloatType> img, final Kernel kernel,
		final Boundary b, final double value, final OutputSize size, final boolean convolve)
	{
		final int n = img.numDimensions(), kn = kernel.numDimensions();
		final RandomAccessible<FloatType> ext = extend(img, b, value);
		final long[] dims = Intervals.dimensionsAsLongArray(img);
		final long[] outDims = dims.clone();
		for (int d = 0; d < kn; d++) {
			if (size == OutputSize.FULL) outDims[d] = dims[d] + kernel.dimension(d) - 1;
			if (size == OutputSize.VALID) outDims[d] = dims[d] - kernel.dimension(d) + 1;
		}
		final float[] w = kernel.weights();
		final long total = Intervals.numElements(outDims);
		final double[] out = new double[(int) total];
		final long[] pos = new long[n], src = new long[n];
		final RandomAccess<FloatType> ra = ext.randomAccess();
		for (int i = 0; i < total; i++) {
			long rest = i;
			for (int d = 0; d < n; d++) {
				pos[d] = rest % outDims[d];
				rest /= outDims[d];
			}
			double sum = 0;
			final int kx = kernel.dimension(0), ky = kernel.dimension(1), kz = kernel.dimension(2);
			for (int z = 0; z < kz; z++)
				for (int y = 0; y < ky; y++)
					for (int x = 0; x < kx; x++) {
						final int[] j = { x, y, z };
						for (int d = 0; d < n; d++) {
							if (d >= kn) {
								src[d] = pos[d];
								continue;
							}
							final int k = kernel.dimension(d);
							if (!convolve) {
								// correlation: out[i] = sum_j w[j] in[i + j - origin]
								final long origin = size == OutputSize.SAME ? k / 2 : size == OutputSize.FULL ? k - 1
									: 0;
								src[d] = pos[d] + j[d] - origin;
							}
							else {
								// convolution: out[i] = sum_j w[j] in[i - j + shift]
								final long shift = size == OutputSize.SAME ? k / 2 : size == OutputSize.FULL ? 0
									: k - 1;
								src[d] = pos[d] - j[d] + shift;
							}
						}
						ra.setPosition(src);
						sum += w[(z * ky + y) * kx + x] * (double) ra.get().getRealDouble();
					}
			out[i] = sum;
		}
		return out;
	}

	static RandomAccessible<FloatType> extend(final RandomAccessibleInterval<FloatType> img,
		final Boundary b, final double value)
	{
		switch (b) {
			case ZERO:
				return Views.extendZero(img);
			case CONSTANT:
				return Views.extendValue(img, new FloatType((float) value));
			case NEAREST:
				return Views.extendBorder(img);
			case REFLECT:
				return Views.extendMirrorDouble(img);
			case MIRROR:
				return Views.extendMirrorSingle(img);
			case WRAP:
				return Views.extendPeriodic(img);
			default:
				throw new AssertionError(b);
		}
	}

	static void assertClose(final double[] ref, final float[] got, final Kernel k,
		final String what)
	{
		assertEquals(ref.length, got.length, what + ": length");
		double scale = 0, maxIn = 0;
		for (final float w : k.weights())
			scale += Math.abs(w);
		for (final double r : ref)
			maxIn = Math.max(maxIn, Math.abs(r));
		final double tol = 1e-5 * (1 + scale * 10 + maxIn);
		for (int i = 0; i < ref.length; i++)
			if (Math.abs(ref[i] - got[i]) > tol) throw new AssertionError(what + ": element " + i +
				" expected " + ref[i] + " got " + got[i]);
	}

	static boolean fits(final int[] kd, final int[] id) {
		for (int d = 0; d < kd.length; d++)
			if (kd[d] > id[d]) return false;
		return true;
	}

	static ArrayImg<FloatType, FloatArray> randomImage(final Random rnd, final int[] dims) {
		final long[] ld = Arrays.stream(dims).asLongStream().toArray();
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(ld);
		for (final FloatType t : img)
			t.set(rnd.nextInt(201) / 10f - 10);
		return img;
	}

	static Kernel randomKernel(final Random rnd, final int[] dims) {
		int n = 1;
		for (final int d : dims)
			n *= d;
		final float[] w = new float[n];
		for (int i = 0; i < n; i++)
			w[i] = rnd.nextInt(11) - 5 + rnd.nextInt(4) * 0.25f;
		return Kernel.of(w, dims);
	}

	static ArrayImg<FloatType, FloatArray> copy(final RandomAccessibleInterval<FloatType> src) {
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(Intervals.dimensionsAsLongArray(
			src));
		final Cursor<FloatType> c = Views.flatIterable(src).cursor();
		for (final FloatType t : img)
			t.set(c.next());
		return img;
	}

	static float[] data(final RandomAccessibleInterval<FloatType> img) {
		final float[] out = new float[(int) Intervals.numElements(img)];
		final Cursor<FloatType> c = Views.flatIterable(img).cursor();
		for (int i = 0; c.hasNext(); i++)
			out[i] = c.next().get();
		return out;
	}
}
