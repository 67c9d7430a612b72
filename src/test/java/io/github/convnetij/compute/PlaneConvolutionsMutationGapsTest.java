package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link PlaneConvolutions}' one-line refusals and shapes, by hand. */
class PlaneConvolutionsMutationGapsTest {

	private static String refused(final Executable call) {
		return assertThrows(IllegalArgumentException.class, call).getMessage();
	}

	private static int[] a(final int... v) {
		return v;
	}

	@Test
	void unitStrideMeansStrideAndDilationOne() {
		assertTrue(PlaneConvolutions.unitStride(ConvGeometry.of(2)));
		assertFalse(PlaneConvolutions.unitStride(ConvGeometry.of(2).stride(1, 2)));
		assertFalse(PlaneConvolutions.unitStride(ConvGeometry.of(2).dilation(2, 1)));
		assertFalse(PlaneConvolutions.unitStride(ConvGeometry.of(1).dilation(3)));
	}

	@Test
	void shapesAndRefusals() {
		final Tensor w = Tensor.zeros(1, 1, 3, 3), x = Tensor.zeros(2, 1, 5, 6);
		final int[] p1 = a(1, 1), p0 = a(0, 0);
		final Boundary z = Boundary.ZERO;
		final ConvMethod d = ConvMethod.DIRECT;
		assertArrayEquals(a(2, 1, 5, 6), PlaneConvolutions.outputShape(x, w, p1, p1));
		// (5 + 0 + 2 - 3) + 1 = 5, (6 + 1 + 0 - 3) + 1 = 5
		assertArrayEquals(a(2, 1, 5, 5), PlaneConvolutions.outputShape(x, w, a(0, 1), a(2, 0)));
		assertEquals("input and weight are required", refused(() -> PlaneConvolutions.outputShape(null,
			w, p1, p1)));
		assertEquals("input and weight are required", refused(() -> PlaneConvolutions.outputShape(x,
			null, p1, p1)));
		final String which = "input shape [2, 1, 5, 6], weight shape ";
		assertEquals(which + "[1, 1]: the weight must be [1, 1, K...] with 1-3 spatial axes", refused(
			() -> PlaneConvolutions.outputShape(x, Tensor.zeros(1, 1), p1, p1)));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, Tensor.zeros(1, 1, 1, 1, 1, 1), p1,
			p1)).contains("the weight must be [1, 1, K...]"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, Tensor.zeros(2, 1, 3, 3), p1, p1))
			.contains("the weight must be [1, 1, K...]"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, Tensor.zeros(1, 2, 3, 3), p1, p1))
			.contains("the weight must be [1, 1, K...]"));
		assertEquals(which + "[1, 1, 3]: the input must be [N, 1, S...] with 1 spatial axes", refused(
			() -> PlaneConvolutions.outputShape(x, Tensor.zeros(1, 1, 3), a(1), a(1))));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(Tensor.zeros(2, 2, 5, 6), w, p1, p1))
			.contains("the input must be [N, 1, S...] with 2 spatial axes"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, w, null, p1)).contains(
			"pads must have 2 entries each, got null and [1, 1]"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, w, p1, null)).contains(
			"pads must have 2 entries each"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, w, a(1), p1)).contains(
			"pads must have 2 entries each"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, w, p1, a(1, 1, 1))).contains(
			"pads must have 2 entries each"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, w, a(0, -1), p1)).contains(
			"pads must be >= 0, got [0, -1] and [1, 1]"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, w, p1, a(-1, 0))).contains(
			"pads must be >= 0"));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, Tensor.zeros(1, 1, 0, 3), p1, p1))
			.contains(": empty kernel"));
		// a 3 x 3 kernel on 1 x 6 rows without padding: (1 + 0 + 0 - 3) + 1 = -1
		assertTrue(refused(() -> PlaneConvolutions.outputShape(Tensor.zeros(1, 1, 1, 6), w, p0, p0))
			.contains("give output extent -1 on spatial axis 0"));
		// exactly one output row is fine
		assertArrayEquals(a(1, 1, 1, 4), PlaneConvolutions.outputShape(Tensor.zeros(1, 1, 3, 6), w, p0,
			p0));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(Tensor.zeros(1, 1, 3, 6), w, a(0,
			Integer.MAX_VALUE), a(0, 5))).contains("on spatial axis 1"));

		final Tensor y = Tensor.zeros(2, 1, 5, 6);
		assertEquals("boundary mode is null", refused(() -> PlaneConvolutions.correlate(x, w, 0f, p1, p1,
			null, 0f, d, y, RowOps.java())));
		assertEquals("output tensor is null", refused(() -> PlaneConvolutions.correlate(x, w, 0f, p1, p1,
			z, 0f, d, null, RowOps.java())));
		assertTrue(refused(() -> PlaneConvolutions.correlate(x, w, 0f, p1, p1, z, 0f, d, Tensor.zeros(2,
			1, 5, 5), RowOps.java())).contains("output shape [2, 1, 5, 5] does not match [2, 1, 5, 6]"));
		assertTrue(refused(() -> PlaneConvolutions.correlate(x, w, 0f, p1, p1, z, 0f, d, x, RowOps
			.java())).contains("must not share storage"));
		final Tensor w1 = Tensor.zeros(1, 1, 1, 1);
		assertTrue(refused(() -> PlaneConvolutions.correlate(w1, w1, 0f, p0, p0, z, 0f, d, w1, RowOps
			.java())).contains("must not share storage"));
		final Tensor x1 = Tensor.zeros(1, 1, 1, 1), y1 = Tensor.zeros(1, 1, 1, 1);
		// x1 and y1 are distinct: with w1 as the output it is refused, as the input it is not
		assertTrue(refused(() -> PlaneConvolutions.correlate(x1, y1, 0f, p0, p0, z, 0f, d, y1, RowOps
			.java())).contains("must not share storage"));
		// an empty input is refused by the modes that read it, accepted by ZERO and CONSTANT
		final Tensor empty = Tensor.zeros(1, 1, 0, 4);
		assertTrue(refused(() -> PlaneConvolutions.correlate(empty, w, 0f, a(2, 1), a(1, 1),
			Boundary.REFLECT, 0f, d, Tensor.zeros(1, 1, 1, 4), RowOps.java())).contains(
				"boundary mode reflect needs a non-empty input, got shape [1, 1, 0, 4]"));
		final Tensor filled = Tensor.zeros(1, 1, 1, 4);
		PlaneConvolutions.correlate(empty, Tensor.of(new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 1, 1, 3,
			3), 0.5f, a(2, 1), a(1, 1), Boundary.CONSTANT, 2f, d, filled, RowOps.java());
		// every tap reads the constant 2: 9 * 2 + 0.5
		assertArrayEquals(new float[] { 18.5f, 18.5f, 18.5f, 18.5f }, filled.data());
		assertTrue(refused(() -> PlaneConvolutions.plan(a(1, 1, 0, 4), w, 0f, a(2, 1), a(1, 1),
			Boundary.WRAP, 0f, d)).contains("boundary mode wrap needs a non-empty input"));
		assertEquals("boundary mode is null", refused(() -> PlaneConvolutions.plan(a(1, 1, 5, 6), w, 0f,
			p1, p1, null, 0f, d)));
		assertEquals("input and weight are required", refused(() -> PlaneConvolutions.plan(null, w, 0f,
			p1, p1, z, 0f, d)));
		assertEquals("convolution method is null", refused(() -> PlaneConvolutions.resolve(a(1, 1, 5,
			6), w, p1, p1, null)));
		// sizes are written width first, as ImageJ does: H 3, W 2 is "2x3"
		assertEquals("the 2x3 kernel is not separable (not rank 1): use method direct, fft or auto",
			refused(() -> PlaneConvolutions.resolve(a(1, 1, 5, 6), Tensor.of(new float[] { 1, 0, 0, 1, 0,
				0 }, 1, 1, 3, 2), p1, p1, ConvMethod.SEPARABLE)));
		assertEquals("the 2x2x2 kernel is not separable (not rank 1): use method direct, fft or auto",
			refused(() -> PlaneConvolutions.resolve(a(1, 1, 5, 6, 7), Tensor.of(new float[] { 1, 0, 0, 0,
				0, 0, 0, 1 }, 1, 1, 2, 2, 2), a(1, 1, 1), a(1, 1, 1), ConvMethod.SEPARABLE)));
		assertEquals(ConvMethod.DIRECT, PlaneConvolutions.resolve(a(1, 1, 5, 6), w, p1, p1, d));
		assertEquals(ConvMethod.SEPARABLE, PlaneConvolutions.resolve(a(1, 1, 5, 6), w, p1, p1,
			ConvMethod.SEPARABLE));

		final PlaneConvolutions.Plan plan = PlaneConvolutions.plan(a(1, 1, 5, 6), w, 0f, p1, p1, z, 0f,
			d);
		assertEquals("plan, input and output are required", refused(() -> PlaneConvolutions.correlate(
			null, x, y)));
		assertEquals("plan, input and output are required", refused(() -> PlaneConvolutions.correlate(
			plan, null, y)));
		assertEquals("plan, input and output are required", refused(() -> PlaneConvolutions.correlate(
			plan, x, null)));
		assertTrue(refused(() -> PlaneConvolutions.correlate(plan, Tensor.zeros(2, 1, 5, 7), y))
			.contains("input shape [2, 1, 5, 7] does not match the plan's [1, 1, 5, 6] (any N)"));
		assertTrue(refused(() -> PlaneConvolutions.correlate(plan, Tensor.zeros(2, 1, 4, 6), y))
			.contains("does not match the plan's"));
		assertTrue(refused(() -> PlaneConvolutions.correlate(plan, Tensor.zeros(2, 2, 5, 6), Tensor
			.zeros(2, 2, 5, 6))).contains("does not match the plan's"));
		assertTrue(refused(() -> PlaneConvolutions.correlate(plan, Tensor.zeros(2, 1, 5, 6, 1), y))
			.contains("does not match the plan's"));
		assertTrue(refused(() -> PlaneConvolutions.correlate(plan, x, Tensor.zeros(1, 1, 5, 6)))
			.contains("output shape [1, 1, 5, 6] does not match [2, 1, 5, 6]"));
		assertTrue(refused(() -> PlaneConvolutions.correlate(plan, x, x)).contains(
			"must not share storage"));
		final PlaneConvolutions.Plan plan1 = PlaneConvolutions.plan(a(1, 1, 1, 1), w1, 0f, p0, p0, z, 0f,
			d);
		assertTrue(refused(() -> PlaneConvolutions.correlate(plan1, Tensor.zeros(1, 1, 1, 1), w1))
			.contains("must not share storage"));
		// an empty batch through a plan: nothing to write
		PlaneConvolutions.correlate(plan, Tensor.zeros(0, 1, 5, 6), Tensor.zeros(0, 1, 5, 6));
	}

	@Test
	void moreRefusalsAndKernelWidthsWithTwoTapsLeft() {
		final Tensor w = Tensor.zeros(1, 1, 3, 3), x = Tensor.zeros(2, 1, 5, 6);
		final int[] p1 = a(1, 1);
		assertEquals("convolution method is null", refused(() -> PlaneConvolutions.correlate(x, w, 0f,
			p1, p1, Boundary.ZERO, 0f, null, Tensor.zeros(2, 1, 5, 6), RowOps.java())));
		assertEquals("weight is required", refused(() -> PlaneConvolutions.plan(a(1, 1, 5, 6), null, 0f,
			p1, p1, Boundary.ZERO, 0f, ConvMethod.DIRECT)));
		assertTrue(refused(() -> PlaneConvolutions.outputShape(x, Tensor.zeros(1, 1, 3, 0), p1, p1))
			.contains(": empty kernel"));
		// one row, reflected: a plan for an input of extent 1 is fine
		assertArrayEquals(a(1, 1, 1, 4), PlaneConvolutions.plan(a(1, 1, 1, 4), Tensor.zeros(1, 1, 1, 3),
			0f, a(0, 1), a(0, 1), Boundary.REFLECT, 0f, ConvMethod.DIRECT).outputShape(1));
		// widths 2 and 5 through the plain-Java row ops, by hand
		final Tensor row = Tensor.of(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 1, 1, 6);
		final Tensor y2 = Tensor.zeros(1, 1, 1, 5);
		PlaneConvolutions.correlate(row, Tensor.of(new float[] { 1, 10 }, 1, 1, 1, 2), 0f, a(0, 0), a(0,
			0), Boundary.ZERO, 0f, ConvMethod.DIRECT, y2, RowOps.java());
		assertArrayEquals(new float[] { 21, 32, 43, 54, 65 }, y2.data());
		final Tensor y5 = Tensor.zeros(1, 1, 1, 2);
		PlaneConvolutions.correlate(row, Tensor.of(new float[] { 1, 1, 1, 1, 10 }, 1, 1, 1, 5), 0f, a(0,
			0), a(0, 0), Boundary.ZERO, 0f, ConvMethod.DIRECT, y5, RowOps.java());
		// 1 + 2 + 3 + 4 + 50, 2 + 3 + 4 + 5 + 60
		assertArrayEquals(new float[] { 60, 74 }, y5.data());
		// width 6: four taps, then two
		final Tensor row8 = Tensor.of(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 1, 1, 8);
		final Tensor y6 = Tensor.zeros(1, 1, 1, 3);
		PlaneConvolutions.correlate(row8, Tensor.of(new float[] { 1, 1, 1, 1, 1, 10 }, 1, 1, 1, 6), 0f,
			a(0, 0), a(0, 0), Boundary.ZERO, 0f, ConvMethod.DIRECT, y6, RowOps.java());
		// 1 + 2 + 3 + 4 + 5 + 60, 2 + ... + 6 + 70, 3 + ... + 7 + 80
		assertArrayEquals(new float[] { 75, 90, 105 }, y6.data());
	}
}
