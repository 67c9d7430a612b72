package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.github.convnetij.nn.onnx.ConstantFolding.Val;

import org.junit.jupiter.api.Test;

/**
 * Each folded operator on its own, through {@link ConstantFolding#fold}, with values worked by hand
 * from the ONNX operator definitions (negative axes and indices, clamped Slice starts and ends,
 * negative steps, broadcasting, truncating integer division); refusals by their message.
 */
class ConstantFoldingMutationGapsTest {

	/** A node whose inputs are given values; attributes by name. */
	private static final class N implements ConstantFolding.Node {

		final String op;
		final long opset;
		final Val[] in;
		final Map<String, Object> attrs = new HashMap<>();

		N(final String op, final long opset, final Val... in) {
			this.op = op;
			this.opset = opset;
			this.in = in;
		}

		N a(final String name, final Object value) {
			attrs.put(name, value);
			return this;
		}

		@Override
		public String opType() {
			return op;
		}

		@Override
		public long opset() {
			return opset;
		}

		@Override
		public int numInputs() {
			return in.length;
		}

		@Override
		public Val input(final int k) {
			return in[k];
		}

		@Override
		public long intAttribute(final String name, final long def) {
			final Object o = attrs.get(name);
			return o == null ? def : (Long) o;
		}

		@Override
		public long[] intsAttribute(final String name) {
			return (long[]) attrs.get(name);
		}

		@Override
		public OnnxTensor tensorAttribute(final String name) {
			return (OnnxTensor) attrs.get(name);
		}
	}

	private static N op(final String op, final Val... in) {
		return new N(op, 13, in);
	}

	private static Val ints(final long[] v, final long... dims) {
		return Val.ints(v, dims);
	}

	/** 0, 1, ..., n-1 with dimensions dims. */
	private static Val iota(final long... dims) {
		long n = 1;
		for (final long d : dims)
			n *= d;
		final long[] v = new long[(int) n];
		for (int i = 0; i < v.length; i++)
			v[i] = i;
		return Val.ints(v, dims);
	}

	private static Val floats(final float[] v, final long... dims) {
		return new Val(null, v, dims);
	}

	private static Val vec(final long... v) {
		return Val.ints(v, v.length);
	}

	private static void is(final long[] values, final long[] dims, final Val v) {
		assertArrayEquals(values, v.ints(), () -> Arrays.toString(v.ints()));
		assertNull(v.floats());
		assertArrayEquals(dims, v.dims(), () -> Arrays.toString(v.dims()));
	}

	private static void is(final float[] values, final long[] dims, final Val v) {
		assertArrayEquals(values, v.floats(), () -> Arrays.toString(v.floats()));
		assertNull(v.ints());
		assertArrayEquals(dims, v.dims(), () -> Arrays.toString(v.dims()));
	}

	private static long[] l(final long... v) {
		return v;
	}

	private static void refused(final String part, final N n) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConstantFolding
			.fold(n));
		assertTrue(e.getMessage().contains(part), e.getMessage());
	}

	private static Val slice(final Val data, final long[] starts, final long[] ends, final long[] axes,
		final long[] steps)
	{
		return ConstantFolding.fold(op("Slice", data, vec(starts), vec(ends), axes == null ? null : vec(axes),
			steps == null ? null : vec(steps)));
	}

	@Test
	void sliceOfOneAxisClampsStartsAndEnds() {
		final Val x = iota(10);
		is(l(7, 8, 9), l(3), slice(x, l(-3), l(100), null, null));
		is(l(0, 1, 2, 3, 4), l(5), slice(x, l(-100), l(5), null, null));
		is(l(2, 3, 4, 5, 6, 7, 8), l(7), slice(x, l(2), l(-1), null, null));
		is(l(), l(0), slice(x, l(5), l(2), null, null));
		is(l(), l(0), slice(x, l(10), l(12), null, null));
		is(l(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), l(10), slice(x, l(0), l(10), null, null));
		// step 3: ceil((end - start) / 3) elements
		is(l(1, 4, 7), l(3), slice(x, l(1), l(10), l(0), l(3)));
		is(l(1, 4, 7), l(3), slice(x, l(1), l(8), l(0), l(3)));
		is(l(1, 4), l(2), slice(x, l(1), l(7), l(0), l(3)));
		is(l(1), l(1), slice(x, l(1), l(2), l(0), l(3)));
		// negative steps: start clamped to length-1, end to -1 (all the way back)
		is(l(8, 6, 4), l(3), slice(x, l(8), l(2), l(0), l(-2)));
		is(l(8, 6, 4, 2), l(4), slice(x, l(8), l(1), l(0), l(-2)));
		is(l(9, 6, 3), l(3), slice(x, l(9), l(0), l(0), l(-3)));
		is(l(9, 6), l(2), slice(x, l(9), l(3), l(0), l(-3)));
		is(l(9, 8, 7, 6, 5, 4, 3, 2, 1, 0), l(10), slice(x, l(100), l(-100), l(0), l(-1)));
		is(l(9, 8, 7, 6, 5, 4, 3, 2, 1, 0), l(10), slice(x, l(-1), l(Long.MIN_VALUE), l(0), l(-1)));
		is(l(3, 2, 1), l(3), slice(x, l(3), l(0), l(0), l(-1)));
		is(l(), l(0), slice(x, l(2), l(5), l(0), l(-1)));
		is(l(0), l(1), slice(x, l(0), l(-100), l(0), l(-1)));
		// steps longer than the axis: one element
		is(l(9), l(1), slice(x, l(-1), l(Long.MIN_VALUE), l(0), l(Long.MIN_VALUE + 1)));
		is(l(4), l(1), slice(x, l(4), l(Long.MAX_VALUE), l(0), l(Long.MAX_VALUE)));
		is(l(4), l(1), slice(x, l(4), l(10), l(0), l(11)));
		is(l(4), l(1), slice(x, l(4), l(-100), l(0), l(-11)));
	}

	@Test
	void sliceOfTwoAxes() {
		final Val x = iota(3, 4); // rows [0..3], [4..7], [8..11]
		is(l(1, 2, 5, 6, 9, 10), l(3, 2), slice(x, l(1), l(3), l(-1), null));
		is(l(4, 5, 6, 7), l(1, 4), slice(x, l(-2), l(-1), l(0), null));
		// rows 0 and 2, columns 3, 2, 1
		is(l(3, 2, 1, 11, 10, 9), l(2, 3), slice(x, l(0, 3), l(3, 0), l(0, 1), l(2, -1)));
		// axes in the other order, without axes: the first k axes
		// columns 2, 1 (axis 1 first) and rows 2, 0 (step -2, end clamped to -1)
		is(l(10, 9, 2, 1), l(2, 2), slice(x, l(2, 2), l(-4, -5), l(1, 0), l(-1, -2)));
		is(l(10, 9), l(1, 2), slice(x, l(2, 2), l(-4, 0), l(1, 0), l(-1, -2)));
		is(l(5, 6, 9, 10), l(2, 2), slice(x, l(1, 1), l(3, 3), null, null));
		// floats are sliced as well
		is(new float[] { 2.5f, 0.5f }, l(2), ConstantFolding.fold(op("Slice", floats(new float[] { 0.5f,
			1.5f, 2.5f }, 3), vec(2), vec(-4), vec(0), vec(-2))));
	}

	@Test
	void sliceBeforeOpset10ReadsAttributes() {
		final N n = new N("Slice", 9, iota(3, 4)).a("starts", l(1, -3)).a("ends", l(100, 3)).a("axes", l(0,
			1));
		is(l(5, 6, 9, 10), l(2, 2), ConstantFolding.fold(n));
		is(l(1, 2), l(1, 2), ConstantFolding.fold(new N("Slice", 9, iota(3, 4)).a("starts", l(0, 1)).a(
			"ends", l(1, 3))));
		refused("Slice needs starts and ends", new N("Slice", 9, iota(3)).a("starts", l(0)));
		refused("Slice needs starts and ends", new N("Slice", 9, iota(3)).a("ends", l(0)));
	}

	@Test
	void sliceRefusals() {
		final Val x = iota(3, 4);
		refused("step 0", op("Slice", x, vec(0), vec(2), vec(0), vec(0)));
		refused("same length", op("Slice", x, vec(0), vec(2, 2)));
		refused("same length", op("Slice", x, vec(0), vec(2), vec(0, 1)));
		refused("same length", op("Slice", x, vec(0), vec(2), vec(0), vec(1, 1)));
		refused("axis 2 is out of range for rank 2", op("Slice", x, vec(0), vec(2), vec(2)));
		refused("axis -3 is out of range", op("Slice", x, vec(0), vec(2), vec(-3)));
		refused("starts (input 1) is missing", op("Slice", x, null, vec(2)));
		refused("ends (input 2) is missing", op("Slice", x, vec(0), null));
		refused("starts must hold integers", op("Slice", x, floats(new float[] { 0 }, 1), vec(2)));
	}

	@Test
	void gatherTakesAlongAnAxisWithNegativeIndices() {
		final Val x = iota(2, 3); // [[0,1,2],[3,4,5]]
		is(l(2, 0, 5, 3), l(2, 2), ConstantFolding.fold(op("Gather", x, vec(-1, 0)).a("axis", 1L)));
		is(l(2, 0, 5, 3), l(2, 2), ConstantFolding.fold(op("Gather", x, vec(-1, 0)).a("axis", -1L)));
		is(l(3, 4, 5), l(3), ConstantFolding.fold(op("Gather", x, ints(l(1)))));
		is(l(3, 4, 5), l(3), ConstantFolding.fold(op("Gather", x, ints(l(-1)))));
		is(l(1, 4), l(2), ConstantFolding.fold(op("Gather", x, ints(l(-2))).a("axis", 1L)));
		// indices of rank 2 at axis 0 of a [3, 2]: rows 2 and 0 as a [2, 1, 2]
		is(l(4, 5, 0, 1), l(2, 1, 2), ConstantFolding.fold(op("Gather", iota(3, 2), ints(l(2, 0), 2, 1))));
		// a middle axis of [2, 3, 2]: outer 2, inner 2
		is(l(2, 3, 0, 1, 8, 9, 6, 7), l(2, 2, 2), ConstantFolding.fold(op("Gather", iota(2, 3, 2), vec(1,
			0)).a("axis", 1L)));
		is(new float[] { 3f, 1f }, l(2), ConstantFolding.fold(op("Gather", floats(new float[] { 1, 2, 3 },
			3), vec(-1, 0))));
		refused("index 3 is out of range for length 3", op("Gather", iota(3), vec(3)));
		refused("index -4 is out of range for length 3", op("Gather", iota(3), vec(-4)));
		is(l(0), l(1), ConstantFolding.fold(op("Gather", iota(3), vec(-3))));
		refused("Gather of a scalar", op("Gather", ints(l(4)), ints(l(0))));
		refused("axis 2 is out of range for rank 2", op("Gather", x, vec(0)).a("axis", 2L));
		refused("axis -3 is out of range for rank 2", op("Gather", x, vec(0)).a("axis", -3L));
		refused("the indices (input 1) is missing", op("Gather", x, (Val) null));
	}

	@Test
	void shapeStartEndAndTheBatchSize() {
		final long[] dims = { 5, 2, 3, 4 };
		final Val all = ConstantFolding.shape(dims, true, op("Shape"));
		is(l(5, 2, 3, 4), l(4), all);
		assertTrue(all.isBatch(0));
		assertFalse(all.isBatch(1));
		assertEquals("[N, 2, 3, 4]", all.toString());
		final Val mid = ConstantFolding.shape(dims, true, new N("Shape", 15).a("start", -3L).a("end", -1L));
		is(l(2, 3), l(2), mid);
		assertFalse(mid.hasBatch());
		is(l(5, 2), l(2), ConstantFolding.shape(dims, false, new N("Shape", 15).a("end", 2L)));
		is(l(3, 4), l(2), ConstantFolding.shape(dims, false, new N("Shape", 15).a("start", 2L)));
		is(l(5, 2, 3, 4), l(4), ConstantFolding.shape(dims, false, new N("Shape", 15).a("start", -10L).a(
			"end", 10L)));
		is(l(), l(0), ConstantFolding.shape(dims, false, new N("Shape", 15).a("start", 3L).a("end", 1L)));
		is(l(), l(0), ConstantFolding.shape(dims, false, new N("Shape", 15).a("start", 6L)));
		is(l(), l(0), ConstantFolding.shape(dims, false, new N("Shape", 15).a("end", -6L)));
		is(l(4), l(1), ConstantFolding.shape(dims, false, new N("Shape", 15).a("start", -1L)));
		assertFalse(ConstantFolding.shape(dims, false, op("Shape")).hasBatch());
		// the batch flag follows the value through Gather, Concat and Unsqueeze; arithmetic refuses it
		final Val n = ConstantFolding.fold(op("Gather", all, ints(l(0))));
		assertTrue(n.isBatch(0));
		final Val c = ConstantFolding.fold(op("Concat", vec(7), ConstantFolding.fold(op("Unsqueeze", n,
			vec(0)))));
		assertEquals("[7, N]", c.toString());
		assertFalse(c.isBatch(0));
		assertTrue(c.isBatch(1));
		assertTrue(c.hasBatch());
		refused("depends on the batch size N", op("Mul", n, ints(l(2))));
		refused("depends on the batch size N", op("Add", ints(l(2)), n));
		refused("depends on the batch size N", op("Cast", n).a("to", (long) OnnxTensor.FLOAT));
		refused("depends on the batch size N", op("Cast", n).a("to", (long) OnnxTensor.BOOL));
		refused("depends on the batch size N", op("Reshape", iota(5, 2), c));
		// but an integer cast keeps it, and Size counts it
		assertTrue(ConstantFolding.fold(op("Cast", n).a("to", (long) OnnxTensor.INT32)).isBatch(0));
		is(l(4), l(), ConstantFolding.fold(op("Size", all)));
	}

	@Test
	void unsqueezeAndSqueezeWithNegativeAxes() {
		final Val x = iota(2, 3);
		is(l(0, 1, 2, 3, 4, 5), l(2, 3, 1), ConstantFolding.fold(op("Unsqueeze", x, vec(-1))));
		is(l(0, 1, 2, 3, 4, 5), l(1, 2, 3, 1), ConstantFolding.fold(op("Unsqueeze", x, vec(0, 3))));
		is(l(0, 1, 2, 3, 4, 5), l(1, 2, 3, 1), ConstantFolding.fold(op("Unsqueeze", x, vec(-1, -4))));
		is(l(0, 1, 2, 3, 4, 5), l(2, 1, 3), ConstantFolding.fold(op("Unsqueeze", x, vec(1))));
		is(l(0, 1, 2, 3, 4, 5), l(2, 1, 1, 3), ConstantFolding.fold(new N("Unsqueeze", 11, x).a("axes", l(1,
			2))));
		is(l(7), l(1), ConstantFolding.fold(op("Unsqueeze", ints(l(7)), vec(0))));
		refused("axis 1 given twice", op("Unsqueeze", x, vec(1, 1)));
		refused("axis -2 given twice", op("Unsqueeze", x, vec(2, -2)));
		refused("axis 3 is out of range for rank 3", op("Unsqueeze", x, vec(3)));
		refused("axis -4 is out of range for rank 3", op("Unsqueeze", x, vec(-4)));
		refused("Unsqueeze needs axes", op("Unsqueeze", x));
		refused("Unsqueeze needs axes", op("Unsqueeze", x, (Val) null));

		final Val y = iota(1, 3, 1);
		is(l(0, 1, 2), l(3), ConstantFolding.fold(op("Squeeze", y)));
		is(l(0, 1, 2), l(3), ConstantFolding.fold(op("Squeeze", y, (Val) null)));
		is(l(0, 1, 2), l(1, 3), ConstantFolding.fold(op("Squeeze", y, vec(-1))));
		is(l(0, 1, 2), l(3, 1), ConstantFolding.fold(op("Squeeze", y, vec(0))));
		is(l(0, 1, 2), l(3, 1), ConstantFolding.fold(new N("Squeeze", 11, y).a("axes", l(-3))));
		is(l(0, 1, 2), l(3), ConstantFolding.fold(op("Squeeze", y, vec(0, 2))));
		is(l(0, 1, 2, 3, 4, 5), l(2, 3), ConstantFolding.fold(op("Squeeze", x)));
		refused("axis 1 has length 3, not 1", op("Squeeze", y, vec(1)));
		refused("axis 3 is out of range for rank 3", op("Squeeze", y, vec(3)));
	}

	@Test
	void castTruncatesTowardZeroAndBoolsAreZeroOrOne() {
		final Val f = floats(new float[] { -2.7f, 2.7f, 0f, 0.5f }, 2, 2);
		is(l(-2, 2, 0, 0), l(2, 2), ConstantFolding.fold(op("Cast", f).a("to", (long) OnnxTensor.INT64)));
		is(l(-2, 2, 0, 0), l(2, 2), ConstantFolding.fold(op("Cast", f).a("to", (long) OnnxTensor.INT32)));
		is(l(1, 1, 0, 1), l(2, 2), ConstantFolding.fold(op("Cast", f).a("to", (long) OnnxTensor.BOOL)));
		is(new float[] { -2.7f, 2.7f, 0f, 0.5f }, l(2, 2), ConstantFolding.fold(op("Cast", f).a("to",
			(long) OnnxTensor.DOUBLE)));
		final Val i = ints(l(0, 5, -1), 3);
		is(l(0, 1, 1), l(3), ConstantFolding.fold(op("Cast", i).a("to", (long) OnnxTensor.BOOL)));
		is(l(0, 5, -1), l(3), ConstantFolding.fold(op("Cast", i).a("to", (long) OnnxTensor.INT32)));
		is(new float[] { 0f, 5f, -1f }, l(3), ConstantFolding.fold(op("Cast", i).a("to",
			(long) OnnxTensor.FLOAT16)));
		refused("Cast to STRING (8) is not supported", op("Cast", i).a("to", (long) OnnxTensor.STRING));
		refused("is not supported", op("Cast", i));
	}

	@Test
	void constantOfShapeFillsWithItsValue() {
		is(new float[6], l(2, 3), ConstantFolding.fold(op("ConstantOfShape", vec(2, 3))));
		is(l(7, 7, 7), l(3), ConstantFolding.fold(op("ConstantOfShape", vec(3)).a("value", OnnxTensor
			.ofLongs("v", l(7), 1))));
		is(new float[] { 1.5f, 1.5f }, l(1, 2), ConstantFolding.fold(op("ConstantOfShape", vec(1, 2)).a(
			"value", OnnxTensor.ofFloats("v", new float[] { 1.5f }, 1))));
		is(l(), l(2, 0), ConstantFolding.fold(op("ConstantOfShape", vec(2, 0)).a("value", OnnxTensor
			.ofLongs("v", l(7), 1))));
		refused("value must hold one element", op("ConstantOfShape", vec(3)).a("value", OnnxTensor.ofLongs(
			"v", l(7, 8), 2)));
		refused("dimension -1 is negative", op("ConstantOfShape", vec(2, -1)));
	}

	@Test
	void concatAlongAnyAxis() {
		final Val a = iota(2, 1), b = ints(l(10, 11, 12, 13), 2, 2);
		is(l(0, 10, 11, 1, 12, 13), l(2, 3), ConstantFolding.fold(op("Concat", a, b).a("axis", 1L)));
		is(l(0, 10, 11, 1, 12, 13), l(2, 3), ConstantFolding.fold(op("Concat", a, null, b).a("axis", -1L)));
		is(l(10, 11, 12, 13, 0, 1, 2, 3), l(4, 2), ConstantFolding.fold(op("Concat", b, iota(2, 2))));
		is(new float[] { 1, 2, 3 }, l(3), ConstantFolding.fold(op("Concat", floats(new float[] { 1 }, 1),
			floats(new float[] { 2, 3 }, 2))));
		refused("different ranks or types", op("Concat", a, vec(1)).a("axis", 0L));
		refused("different ranks or types", op("Concat", vec(1), floats(new float[] { 2 }, 1)));
		refused("differ off the axis", op("Concat", a, iota(3, 2)).a("axis", 1L));
		refused("Concat without inputs", op("Concat", (Val) null));
		refused("axis 2 is out of range for rank 2", op("Concat", a, b).a("axis", 2L));
	}

	@Test
	void reshapeCopiesZerosAndInfersMinusOne() {
		final Val x = iota(2, 6);
		is(x.ints(), l(2, 6), ConstantFolding.fold(op("Reshape", x, vec(0, -1))));
		is(x.ints(), l(3, 4), ConstantFolding.fold(op("Reshape", x, vec(-1, 4))));
		is(x.ints(), l(2, 2, 3), ConstantFolding.fold(op("Reshape", x, vec(0, 2, -1))));
		is(x.ints(), l(12), ConstantFolding.fold(op("Reshape", x, vec(12))));
		is(l(), l(0, 3), ConstantFolding.fold(op("Reshape", iota(0), vec(0, 3)).a("allowzero", 1L)));
		is(l(), l(3, 0), ConstantFolding.fold(op("Reshape", iota(0, 2), vec(3, 0)).a("allowzero", 1L)));
		refused("more than one -1 in [-1, -1]", op("Reshape", x, vec(-1, -1)));
		refused("cannot reshape 12 values to [5, -1]", op("Reshape", x, vec(5, -1)));
		refused("cannot reshape 12 values to [0, -1]", op("Reshape", x, vec(0, -1)).a("allowzero", 1L));
		refused("cannot reshape 12 values to [3, 5]", op("Reshape", x, vec(3, 5)));
		refused("0 at axis 2 copies no input axis", op("Reshape", x, vec(2, 3, 0)));
		refused("value -2 in [-2, 6]", op("Reshape", x, vec(-2, 6)));
	}

	@Test
	void transposeMovesValues() {
		// default: the axes reversed
		is(l(0, 3, 1, 4, 2, 5), l(3, 2), ConstantFolding.fold(op("Transpose", iota(2, 3))));
		// [2, 1, 3] with perm (1, 2, 0): out[0][j][i] = in[i][0][j]
		is(l(0, 3, 1, 4, 2, 5), l(1, 3, 2), ConstantFolding.fold(op("Transpose", iota(2, 1, 3)).a("perm", l(
			1, 2, 0))));
		// [2, 3, 2] with perm (2, 0, 1): out[k][i][j] = in[i][j][k]
		is(l(0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11), l(2, 2, 3), ConstantFolding.fold(op("Transpose", iota(2,
			3, 2)).a("perm", l(2, 0, 1))));
		// [2, 3, 2] with perm (1, 0, 2): out[j][i][k] = in[i][j][k]
		is(l(0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11), l(3, 2, 2), ConstantFolding.fold(op("Transpose", iota(2,
			3, 2)).a("perm", l(1, 0, 2))));
		refused("repeats an axis", op("Transpose", iota(2, 3)).a("perm", l(1, 1)));
		refused("perm [0] for rank 2", op("Transpose", iota(2, 3)).a("perm", l(0)));
		refused("perm value 2 is out of range", op("Transpose", iota(2, 3)).a("perm", l(0, 2)));
	}

	@Test
	void arithmeticBroadcastsAndDividesLikeOnnx() {
		final Val col = ints(l(10, 20), 2, 1), row = ints(l(1, 2, 3), 3);
		is(l(11, 12, 13, 21, 22, 23), l(2, 3), ConstantFolding.fold(op("Add", col, row)));
		is(l(9, 8, 7, 19, 18, 17), l(2, 3), ConstantFolding.fold(op("Sub", col, row)));
		is(l(-9, -8, -7, -19, -18, -17), l(2, 3), ConstantFolding.fold(op("Sub", row, col)));
		is(l(10, 20, 30, 20, 40, 60), l(2, 3), ConstantFolding.fold(op("Mul", row, col)));
		is(l(10, 5, 3, 20, 10, 6), l(2, 3), ConstantFolding.fold(op("Div", col, row)));
		// truncation toward zero
		is(l(-3, 3, -3, 2), l(4), ConstantFolding.fold(op("Div", vec(-7, 7, 7, 5), vec(2, 2, -2, 2))));
		// a scalar against a matrix, both ways
		is(l(5, 4, 3, 2), l(2, 2), ConstantFolding.fold(op("Sub", ints(l(5)), iota(2, 2))));
		is(l(-5, -4, -3, -2), l(2, 2), ConstantFolding.fold(op("Sub", iota(2, 2), ints(l(5)))));
		// floats with an integer: computed in floats
		is(new float[] { 0.5f, 1.5f, 1f, 3f }, l(2, 2), ConstantFolding.fold(op("Div", floats(new float[] {
			1, 3 }, 1, 2), ints(l(2, 1), 2, 1))));
		is(new float[] { -1.5f }, l(1), ConstantFolding.fold(op("Mul", floats(new float[] { 0.5f }, 1), vec(
			-3))));
		is(new float[] { 3.5f }, l(1), ConstantFolding.fold(op("Add", floats(new float[] { 0.5f }, 1), vec(
			3))));
		is(new float[] { -2.5f }, l(1), ConstantFolding.fold(op("Sub", floats(new float[] { 0.5f }, 1), vec(
			3))));
		refused("integer division by 0", op("Div", vec(1), vec(0)));
		refused("Add of 9223372036854775807 and 1 overflows", op("Add", vec(Long.MAX_VALUE), vec(1)));
		refused("Sub of -9223372036854775808 and 1 overflows", op("Sub", vec(Long.MIN_VALUE), vec(1)));
		refused("shapes [2] and [3] do not broadcast", op("Add", vec(1, 2), vec(1, 2, 3)));
		refused("B (input 1) is missing", op("Add", vec(1), null));
	}

	@Test
	void secondRunGaps() {
		// Concat along axis 1 with two outer rows: floats, and the batch flags at their places
		is(new float[] { 1, 5, 6, 2, 7, 8 }, l(2, 3), ConstantFolding.fold(op("Concat", floats(new float[] { 1,
			2 }, 2, 1), floats(new float[] { 5, 6, 7, 8 }, 2, 2)).a("axis", 1L)));
		final Val flagged = new Val(l(1, 2, 3, 4), null, l(2, 2), new boolean[] { false, false, false, true });
		final Val c = ConstantFolding.fold(op("Concat", flagged, ints(l(10, 11), 2, 1)).a("axis", 1L));
		assertEquals("[1, 2, 10, 3, N, 11]", c.toString());
		// Shape with end 0 is empty (0 is not counted from the end)
		is(l(), l(0), ConstantFolding.shape(l(5, 2, 3), false, new N("Shape", 15).a("end", 0L)));
		// opset 10 reads starts and ends from the inputs
		is(l(1, 2), l(2), ConstantFolding.fold(new N("Slice", 10, iota(4), vec(1), vec(3)).a("starts", l(0))
			.a("ends", l(4))));
		// a step longer than the axis over the whole axis: one element, both ways
		is(l(0), l(1), slice(iota(10), l(0), l(10), l(0), l(11)));
		is(l(0), l(1), slice(iota(10), l(0), l(10), l(0), l(Long.MAX_VALUE)));
		is(l(9), l(1), slice(iota(10), l(9), l(-11), l(0), l(-11)));
		// values of double, float16 and bfloat16 tensors are floats: 2.5, 1.5, 1.5
		final byte[] d = new byte[8];
		java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(2.5);
		is(new float[] { 2.5f }, l(1), Val.of(new OnnxTensor("t", OnnxTensor.DOUBLE, l(1), d)));
		is(new float[] { 1.5f }, l(1), Val.of(new OnnxTensor("t", OnnxTensor.FLOAT16, l(1), new byte[] { 0,
			0x3E })));
		is(new float[] { 1.5f }, l(1), Val.of(new OnnxTensor("t", OnnxTensor.BFLOAT16, l(1), new byte[] {
			(byte) 0xC0, 0x3F })));
		is(l(3), l(1), Val.of(new OnnxTensor("t", OnnxTensor.INT32, l(1), new byte[] { 3, 0, 0, 0 })));
	}

	@Test
	void identitySizeAndLimits() {
		final Val x = iota(2, 3);
		assertEquals(x, ConstantFolding.fold(op("Identity", x)));
		is(l(6), l(), ConstantFolding.fold(op("Size", x)));
		is(l(0), l(), ConstantFolding.fold(op("Size", iota(2, 0))));
		refused("Shape is not folded", op("Shape", x));
		assertEquals(1L << 24, ConstantFolding.count(l(4096, 4096)));
		assertEquals(0L, ConstantFolding.count(l(0, 5)));
		assertEquals(1L, ConstantFolding.count(l()));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ConstantFolding.count(l(4097, 4096)));
		assertTrue(e.getMessage().contains("more than 16777216 elements"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ConstantFolding.count(l(1L << 24, 2, 0)));
		assertThrows(IllegalArgumentException.class, () -> ConstantFolding.count(l(3, -1)));
		// values of tensors: floats for the float types, integers otherwise
		is(l(1, 2), l(2), Val.of(OnnxTensor.ofLongs("t", l(1, 2), 2)));
		is(new float[] { 1.5f }, l(1), Val.of(OnnxTensor.ofFloats("t", new float[] { 1.5f }, 1)));
		assertEquals("[1.5]", Val.of(OnnxTensor.ofFloats("t", new float[] { 1.5f }, 1)).toString());
		assertEquals("[1, 2]", vec(1, 2).toString());
		final OnnxTensor t = vec(3, 4).tensor("t");
		assertEquals(OnnxTensor.INT64, t.dataType());
		assertArrayEquals(l(3, 4), t.toLongs());
		final OnnxTensor tf = floats(new float[] { 2f }, 1).tensor("u");
		assertEquals(OnnxTensor.FLOAT, tf.dataType());
		assertArrayEquals(new float[] { 2f }, tf.toFloats());
		assertEquals(2.0, floats(new float[] { 2f }, 1).at(0));
		assertEquals(2, vec(3, 4).size());
		assertEquals(1, floats(new float[] { 2f }, 1).size());
	}
}
