package io.github.convnetij.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.compute.Tensor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The ops front of the core, at the edges the other ops tests leave: Kernel's checks and text
 * form, a plan's accessors and refusals (each naming its parameter), a float ImageJ-style stack
 * filtered plane by plane against values worked by hand, pooling's argument checks, and the
 * parsers of output sizes and pooling ops.
 */
class OpsMutationGapsTest {

	private static <E extends Exception> E thrown(final Class<E> type, final String part,
		final Runnable r)
	{
		final E e = assertThrows(type, r::run);
		assertTrue(e.getMessage().contains(part), e.getMessage());
		return e;
	}

	private static void refused(final String part, final Runnable r) {
		thrown(IllegalArgumentException.class, part, r);
	}

	@Test
	void kernelChecks() {
		refused("a kernel has 1, 2 or 3 dimensions, got 0", () -> Kernel.of(new float[1]));
		refused("a kernel has 1, 2 or 3 dimensions, got 4", () -> Kernel.of(new float[1], 1, 1, 1, 1));
		assertEquals(3, Kernel.of(new float[1], 1, 1, 1).numDimensions());
		refused("kernel dimensions must be >= 1, got [3, 0]", () -> Kernel.of(new float[0], 3, 0));
		refused("kernel of size 2x2 needs 4 weights, got 3", () -> Kernel.of(new float[3], 2, 2));
		refused("kernel weight 2 is NaN: weights must be finite numbers", () -> Kernel.of(new float[] { 1,
			2, Float.NaN }, 3));
		refused("kernel weight 0 is Infinity", () -> Kernel.of(new float[] { Float.POSITIVE_INFINITY },
			1));
		assertEquals("5x3", Kernel.of(new float[15], 5, 3).sizeString());
		assertEquals("7", Kernel.of(new float[7], 7).sizeString());
	}

	@Test
	void kernelTextAndEquality() {
		assertEquals("1 2\n3 4\n|\n5 6\n7 8\n", Kernel.of(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 2, 2)
			.toText());
		// whole numbers below 10^7 without a decimal point; others as Java writes floats
		assertEquals("0.5 -3 1.0E7 9999999 -1.0E7\n", Kernel.of(new float[] { 0.5f, -3, 1e7f, 9999999,
			-1e7f }, 5).toText());
		final Kernel a = Kernel.of(new float[] { 1, 2 }, 2);
		assertEquals(a, Kernel.of(new float[] { 1, 2 }, 2));
		assertNotEquals(a, Kernel.of(new float[] { 1, 2 }, 1, 2));
		assertNotEquals(a, Kernel.of(new float[] { 1, 3 }, 2));
		assertNotEquals(a, (Object) "1 2");
		refused("unknown kernel 'null'", () -> Kernels.named(null));
	}

	private static Kernel sum4() {
		return Kernel.of(new float[] { 1, 3 }, 2, 1);
	}

	@Test
	void planAccessors() {
		final ConvolutionPlan p = ConvolutionOps.plan(new long[] { 6, 5, 2 }, sum4(), Boundary.CONSTANT,
			2.5, OutputSize.FULL, true, ConvMethod.AUTO, true);
		assertArrayEquals(new long[] { 6, 5, 2 }, p.inputDims());
		assertArrayEquals(new long[] { 7, 5, 2 }, p.outputDims());
		// normalised by the sum 4, before the flip
		assertArrayEquals(new float[] { 0.25f, 0.75f }, p.kernel().weights());
		assertTrue(p.flipped());
		assertEquals(Boundary.CONSTANT, p.boundary());
		assertEquals(2.5, p.value());
		assertEquals(OutputSize.FULL, p.outputSize());
		assertEquals(ConvMethod.AUTO, p.requestedMethod());
		assertNotEquals(ConvMethod.AUTO, p.method());
		assertNotNull(p.corePlan());
		assertEquals(p.method(), p.corePlan().method());
		final ConvolutionPlan q = ConvolutionOps.plan(new long[] { 6, 5 }, sum4(), Boundary.ZERO, 0,
			OutputSize.SAME, false, ConvMethod.DIRECT, false);
		assertFalse(q.flipped());
		assertEquals(ConvMethod.DIRECT, q.requestedMethod());
		assertArrayEquals(new float[] { 1, 3 }, q.kernel().weights());
	}

	@Test
	void planRefusals() {
		final String req = "image, kernel, boundary, size and method are required";
		final long[] d = { 6, 5 };
		thrown(NullPointerException.class, req, () -> ConvolutionOps.plan(null, sum4(), Boundary.ZERO, 0,
			OutputSize.SAME, false, ConvMethod.AUTO, false));
		thrown(NullPointerException.class, req, () -> ConvolutionOps.plan(d, null, Boundary.ZERO, 0,
			OutputSize.SAME, false, ConvMethod.AUTO, false));
		thrown(NullPointerException.class, req, () -> ConvolutionOps.plan(d, sum4(), null, 0,
			OutputSize.SAME, false, ConvMethod.AUTO, false));
		thrown(NullPointerException.class, req, () -> ConvolutionOps.plan(d, sum4(), Boundary.ZERO, 0,
			null, false, ConvMethod.AUTO, false));
		thrown(NullPointerException.class, req, () -> ConvolutionOps.plan(d, sum4(), Boundary.ZERO, 0,
			OutputSize.SAME, false, null, false));
		thrown(NullPointerException.class, req, () -> ConvolutionOps.correlate(null, sum4()));
		assertEquals(ConvolutionPlan.Parameter.IMAGE, thrown(ConvolutionPlan.Invalid.class,
			"the image is empty", () -> ConvolutionOps.plan(new long[] { 6, 0 }, sum4(), Boundary.ZERO, 0,
				OutputSize.SAME, false, ConvMethod.AUTO, false)).parameter());
		// 2^31 - 8 pixels: over the limit of one image (the plan reads no pixel, so nothing is made)
		assertEquals(ConvolutionPlan.Parameter.IMAGE, thrown(ConvolutionPlan.Invalid.class,
			"image of 2147483640 pixels is larger than 2^31 pixels", () -> ConvolutionOps.plan(new long[] {
				2147483640L / 8, 8 }, sum4(), Boundary.ZERO, 0, OutputSize.SAME, false, ConvMethod.DIRECT,
				false)).parameter());
		// a 1-d kernel of 4097: no FFT size up to the 4096 limit holds it
		assertEquals(ConvolutionPlan.Parameter.METHOD, thrown(ConvolutionPlan.Invalid.class,
			"too large for the FFT path", () -> ConvolutionOps.plan(new long[] { 5000 }, Kernel.of(
				new float[4097], 4097), Boundary.ZERO, 0, OutputSize.SAME, false, ConvMethod.FFT, false))
					.parameter());
		// exactly 2^31 - 9 pixels is the largest image: planned (not filtered)
		assertArrayEquals(new long[] { 2147483639L }, ConvolutionOps.plan(new long[] { 2147483639L }, Kernel
			.of(new float[] { 1, 2, 1 }, 3), Boundary.ZERO, 0, OutputSize.SAME, false, ConvMethod.DIRECT,
			false).outputDims());
		// SEPARABLE with a kernel of rank 2
		assertEquals(ConvolutionPlan.Parameter.METHOD, thrown(ConvolutionPlan.Invalid.class, "3x3",
			() -> ConvolutionOps.plan(new long[] { 9, 9 }, Kernels.get("laplacian"), Boundary.ZERO, 0,
				OutputSize.SAME, false, ConvMethod.SEPARABLE, false)).parameter());
		final ConvolutionPlan p = ConvolutionOps.plan(new long[] { 9, 9 }, sum4(), Boundary.ZERO, 0,
			OutputSize.SAME, false, ConvMethod.AUTO, false);
		thrown(NullPointerException.class, "image is required", () -> p.execute(null));
		refused("the image is 9x8 but the plan is for 9x9", () -> p.execute(ArrayImgs.floats(9, 8)));
	}

	@Test
	void floatStackPlaneByPlane() {
		// 3 planes of one row (1 + 10p, 2 + 10p, 3 + 10p); correlation with [1 3] (2x1, zero
		// boundary, same size) reads one pixel before: out[x] = in[x - 1] + 3 in[x]
		final PlanarImg<FloatType, FloatArray> stack = PlanarImgs.floats(3, 1, 3);
		final Cursor<FloatType> c = stack.cursor();
		for (int i = 0; c.hasNext(); i++)
			c.next().set(1 + i % 3 + 10 * (i / 3));
		final float[] expected = new float[9];
		for (int p = 0; p < 3; p++)
			for (int x = 0; x < 3; x++)
				expected[3 * p + x] = (x == 0 ? 0 : x + 10 * p) + 3 * (x + 1 + 10 * p);
		for (final ConvMethod m : new ConvMethod[] { ConvMethod.DIRECT, ConvMethod.AUTO }) {
			final Img<FloatType> out = ConvolutionOps.correlate(stack, sum4(), Boundary.ZERO, 0,
				OutputSize.SAME, false, m);
			assertArrayEquals(new long[] { 3, 1, 3 }, new long[] { out.dimension(0), out.dimension(1), out
				.dimension(2) });
			assertArrayEquals(expected, FlatValues.of(out), 0f, m.toString());
		}
		// max pooling of the same stack, 2x1 windows with ceil (the last one partial)
		final Img<FloatType> pooled = PoolingOps.pool(stack, PoolOp.MAX, new int[] { 2, 1 }, null, true);
		assertArrayEquals(new float[] { 2, 3, 12, 13, 22, 23 }, FlatValues.of(pooled), 0f);
	}

	@Test
	void imageValuesWrapOrCopy() {
		final float[] data = { 1, 2, 3, 4, 5, 6 };
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(data, 3, 2);
		final Tensor t = ImageTensors.values(img);
		assertSame(data, t.data()); // a float array image is read in place
		assertArrayEquals(new int[] { 6 }, t.shape());
		final PlanarImg<FloatType, FloatArray> one = PlanarImgs.floats(3, 2);
		assertSame(one.getPlane(0).getCurrentStorageArray(), ImageTensors.values(one).data());
		// unsigned bytes: copied as 0..255
		final Img<UnsignedByteType> bytes = ArrayImgs.unsignedBytes(new byte[] { (byte) 200, 7 }, 2);
		assertArrayEquals(new float[] { 200, 7 }, ImageTensors.values(bytes).data(), 0f);
		final PlanarImg<UnsignedByteType, ?> planes = PlanarImgs.unsignedBytes(2, 1, 2);
		final Cursor<UnsignedByteType> bc = planes.cursor();
		for (int i = 0; bc.hasNext(); i++)
			bc.next().set(250 + i);
		assertArrayEquals(new float[] { 250, 251, 252, 253 }, ImageTensors.values(planes).data(), 0f);
	}

	@Test
	void poolingChecks() {
		final Img<FloatType> img = ArrayImgs.floats(new float[] { 1, 5, 2, 0, 3, 4, 8, 6, 7, 1, 0, 9, 2, 2,
			3, 1 }, 4, 4);
		thrown(NullPointerException.class, "image and op are required", () -> PoolingOps.pool(null,
			PoolOp.MAX, new int[] { 2 }, null, false));
		thrown(NullPointerException.class, "image and op are required", () -> PoolingOps.pool(img, null,
			new int[] { 2 }, null, false));
		refused("pool size is required", () -> PoolingOps.pool(img, PoolOp.MAX, null, null, false));
		refused("pool size is required", () -> PoolingOps.pool(img, PoolOp.MAX, new int[0], null, false));
		// an empty stride array is stride = window: 2x2 max of each quadrant
		assertArrayEquals(new float[] { 5, 8, 7, 9 }, FlatValues.of(PoolingOps.pool(img, PoolOp.MAX,
			new int[] { 2 }, new int[0], false)), 0f);
		refused("pool size must be >= 1, got 0 on axis X", () -> PoolingOps.pool(img, PoolOp.MAX,
			new int[] { 0, 2 }, null, false));
		refused("pool size must be >= 1, got 0 on axis Y", () -> PoolingOps.pool(img, PoolOp.MAX,
			new int[] { 2, 0 }, null, false));
		refused("stride must be >= 1, got 0 on axis Y", () -> PoolingOps.pool(img, PoolOp.MAX, new int[] {
			2 }, new int[] { 1, 0 }, false));
		refused("pool size 5 is larger than the image on axis Y (4 pixels)", () -> PoolingOps.pool(img,
			PoolOp.MAX, new int[] { 2, 5 }, null, false));
		// a window of the image's size is one output; with ceil a larger one is too
		assertArrayEquals(new float[] { 9 }, FlatValues.of(PoolingOps.pool(img, PoolOp.MAX, new int[] { 4 },
			null, false)), 0f);
		assertArrayEquals(new float[] { 9 }, FlatValues.of(PoolingOps.pool(img, PoolOp.MAX, new int[] { 5 },
			null, true)), 0f);
		refused("the image is empty", () -> PoolingOps.pool(net.imglib2.view.Views.interval(img, new long[] {
			0, 0 }, new long[] { 3, -1 }), PoolOp.MAX,
			new int[] { 1 }, null, true));
		final Img<FloatType> cube = ArrayImgs.floats(2, 2, 2);
		refused("stride [1, 1, 1] has 3 values but the pool size has 2", () -> PoolingOps.pool(cube,
			PoolOp.AVG, new int[] { 2, 2 }, new int[] { 1, 1, 1 }, false));
	}

	@Test
	void parsers() {
		assertEquals(OutputSize.SAME, OutputSize.parse("same"));
		assertEquals(OutputSize.VALID, OutputSize.parse(" VALID "));
		assertEquals(OutputSize.FULL, OutputSize.parse("Full"));
		assertEquals("valid", OutputSize.VALID.key());
		refused("unknown output size 'half': expected one of same, valid, full", () -> OutputSize.parse(
			"half"));
		refused("unknown output size 'null'", () -> OutputSize.parse(null));
		assertEquals(PoolOp.MAX, PoolOp.parse(" Max"));
		assertEquals(PoolOp.AVG, PoolOp.parse("avg"));
		assertEquals(PoolOp.AVG, PoolOp.parse("AVERAGE"));
		assertEquals(PoolOp.AVG, PoolOp.parse("mean"));
		assertEquals("avg", PoolOp.AVG.key());
		assertEquals("max", PoolOp.MAX.key());
		refused("unknown pooling op 'min': expected max or avg", () -> PoolOp.parse("min"));
		refused("unknown pooling op 'null'", () -> PoolOp.parse(null));
	}
}
