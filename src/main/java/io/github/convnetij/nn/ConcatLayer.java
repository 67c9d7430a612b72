package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import io.github.convnetij.compute.Tensor;

/**
 * Joins two or more inputs along a per-sample axis (0, the channels, by default; the others must
 * agree): {@code concat(a)} joins the previous layer's output and the one labelled {@code a},
 * {@code concat(a, b, c, axis=0)} those labelled outputs, in order; ONNX Concat (axis 1 = our 0;
 * never the batch axis).
 */
final class ConcatLayer extends Layer {

	static final LayerKind<ConcatLayer> KIND = new LayerKind<>("concat", ConcatLayer.class, 0,
		EnumSet.of(LayerKind.Capability.INPUTS_AS_ARGUMENTS), "Concat")
	{

		@Override
		protected ConcatLayer create(final Attributes a) {
			return new ConcatLayer(a.requireInt("inputs"), a.ints("axis", new int[] { 0 })[0]);
		}

		@Override
		ConcatLayer parse(final Architectures.Args args) {
			final String v = args.raw(-1, "axis");
			int axis = 0;
			if (v != null) try {
				axis = Integer.parseInt(v.trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("axis must be an integer, got '" + v + "'", e);
			}
			return new ConcatLayer(args.inputCount, axis);
		}

		@Override
		void format(final ConcatLayer l, final List<String> args) {
			if (l.axis != 0) args.add("axis=" + l.axis);
		}

		@Override
		protected void toOnnx(final ConcatLayer l, final OnnxExport out) {
			out.attribute("axis", (long) l.axis + 1);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final int n = in.numInputs();
			final String[] inputs = new String[n];
			for (int k = 0; k < n; k++)
				inputs[k] = in.data(k);
			final int rank = in.shape(inputs[0]).length + 1;
			final long given = in.intAttribute("axis", Long.MIN_VALUE);
			if (given == Long.MIN_VALUE) throw new IllegalArgumentException("the axis is missing");
			final long axis = given < 0 ? given + rank : given;
			if (axis < 1 || axis >= rank) throw new IllegalArgumentException("axis " + given +
				" is not supported: only an axis after the batch axis of the rank-" + rank + " inputs");
			if (n == 1) in.alias(inputs[0]);
			else in.add(new ConcatLayer(n, (int) axis - 1), inputs);
		}
	};

	private final int count, axis;
	/** Per input: values per sample along and after the axis; values before the axis per sample. */
	private int[] blocks;
	private int outer, total;
	private int[][] lastShapes;

	ConcatLayer(final int count, final int axis) {
		if (count < 2) throw new IllegalArgumentException("concat needs >= 2 inputs, got " + count);
		if (axis < 0) throw new IllegalArgumentException("concat axis must be >= 0 (0 = channels), got " +
			axis);
		this.count = count;
		this.axis = axis;
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public int numInputs() {
		return count;
	}

	@Override
	public java.util.Map<String, Object> attributes() {
		final java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
		a.put("inputs", count);
		a.put("axis", axis);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] first = inputShapes[0];
		if (axis >= first.length) throw new IllegalArgumentException("concat axis " + axis +
			" is not an axis of the per-sample shape " + Arrays.toString(first));
		final int[] out = first.clone();
		out[axis] = 0;
		blocks = new int[inputShapes.length];
		outer = 1;
		for (int d = 0; d < axis; d++)
			outer *= first[d];
		long inner = 1;
		for (int d = axis + 1; d < first.length; d++)
			inner *= first[d];
		long sum = 0;
		for (int i = 0; i < inputShapes.length; i++) {
			final int[] s = inputShapes[i];
			boolean ok = s.length == first.length;
			for (int d = 0; ok && d < s.length; d++)
				ok = d == axis || s[d] == first[d];
			if (!ok) throw new IllegalArgumentException("concat along axis " + axis +
				" needs inputs that agree on the other axes, got " + Arrays.toString(first) + " and " + Arrays
					.toString(s));
			out[axis] += s[axis];
			blocks[i] = Math.toIntExact(s[axis] * inner);
			sum += blocks[i];
		}
		total = Math.toIntExact(sum);
		return out;
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final int[][] shapes = new int[count][];
		for (int i = 0; i < count; i++)
			shapes[i] = checkInput(inputs, i).shape();
		final int n = inputs[0].size(0);
		final int[] outShape = new int[shapes[0].length];
		outShape[0] = n;
		final int[] o = outputShape();
		System.arraycopy(o, 0, outShape, 1, o.length);
		final Tensor y = output(outShape);
		final float[] yd = y.data();
		final int rows = n * outer;
		int offset = 0;
		for (int i = 0; i < count; i++) {
			final float[] xd = inputs[i].data();
			final int b = blocks[i];
			for (int r = 0; r < rows; r++)
				System.arraycopy(xd, r * b, yd, r * total + offset, b);
			offset += b;
		}
		lastShapes = training ? shapes : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final int[][] shapes = requireForward(lastShapes);
		final Tensor[] dx = new Tensor[count];
		if (!inputGradients) return dx;
		final float[] g = gradOutput.data();
		final int rows = shapes[0][0] * outer;
		int offset = 0;
		for (int i = 0; i < count; i++) {
			dx[i] = Tensor.zeros(shapes[i]);
			final float[] d = dx[i].data();
			final int b = blocks[i];
			for (int r = 0; r < rows; r++)
				System.arraycopy(g, r * total + offset, d, r * b, b);
			offset += b;
		}
		return dx;
	}
}
