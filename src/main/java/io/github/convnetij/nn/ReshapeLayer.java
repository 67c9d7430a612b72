package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import io.github.convnetij.compute.Tensor;

/**
 * {@code [S...]} to another per-sample shape with as many values, sharing the data (the batch axis
 * stays): {@code reshape(4x3)}; ONNX Reshape. On import, a Reshape whose target (after ONNX's 0 =
 * copy and -1 = infer) keeps the batch axis and is flat becomes {@code flatten}; its first target
 * value must be 0, -1 or a number taken as the batch size.
 */
final class ReshapeLayer extends Layer {

	static final LayerKind<ReshapeLayer> KIND = new LayerKind<>("reshape", ReshapeLayer.class, 1,
		EnumSet.of(LayerKind.Capability.KEEPS_UNITS, LayerKind.Capability.ALIASES_INPUT), "Reshape",
		"Squeeze", "Unsqueeze")
	{

		@Override
		protected ReshapeLayer create(final Attributes a) {
			return new ReshapeLayer(a.ints("shape", null));
		}

		@Override
		ReshapeLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "reshape(4x3)");
			final String v = args.raw(0, "shape");
			if (v == null) throw new IllegalArgumentException(
				"reshape needs the per-sample shape, e.g. reshape(4x3)");
			if (!v.matches("[0-9]+(\\s*x\\s*[0-9]+)*")) throw new IllegalArgumentException("shape '" + v +
				"' must be positive integers joined by x, e.g. 4x3");
			final String[] parts = v.split("\\s*x\\s*");
			final int[] shape = new int[parts.length];
			for (int i = 0; i < parts.length; i++)
				try {
					shape[i] = Integer.parseInt(parts[i]);
				}
				catch (final NumberFormatException e) {
					throw new IllegalArgumentException("shape '" + v + "' has a value out of range", e);
				}
			return new ReshapeLayer(shape);
		}

		@Override
		void format(final ReshapeLayer l, final List<String> args) {
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i < l.shape.length; i++)
				sb.append(i == 0 ? "" : "x").append(l.shape[i]);
			args.add(sb.toString());
		}

		@Override
		protected void toOnnx(final ReshapeLayer l, final OnnxExport out) {
			final long[] t = new long[l.shape.length + 1]; // 0: copy the batch size
			for (int i = 0; i < l.shape.length; i++)
				t[i + 1] = l.shape[i];
			out.constantLongs(out.name() + ".shape", t, t.length);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] s = in.shape(x);
			if (!in.opType().equals("Reshape")) {
				final int[] target = squeezed(in, s);
				if (Arrays.equals(target, s)) in.alias(x);
				else if (target.length == 1) in.add(new FlattenLayer(), x);
				else in.add(new ReshapeLayer(target), x);
				return;
			}
			final long[] t = in.constantLongs(1, "the shape");
			if (t == null) throw new IllegalArgumentException("the shape (input 1) is missing");
			final int[] target = perSample(s, t, in.intAttribute("allowzero", 0) != 0);
			if (target.length == 1) in.add(new FlattenLayer(), x);
			else in.add(new ReshapeLayer(target), x);
		}
	};

	/**
	 * The per-sample shape after an ONNX Squeeze or Unsqueeze of {@code [N, ...in]} (axes from the
	 * attribute before opset 13, from input 1 after); the batch axis must stay.
	 */
	static int[] squeezed(final LayerKind.OnnxImport in, final int[] s) {
		final boolean unsqueeze = in.opType().equals("Unsqueeze");
		final int[] given = in.intsAttribute("axes", null);
		long[] axes = null;
		if (given != null) axes = Arrays.stream(given).asLongStream().toArray();
		else if (in.hasInput(1)) axes = in.constantLongs(1, "the axes");
		final int rank = s.length + 1 + (unsqueeze ? (axes == null ? 0 : axes.length) : 0);
		if (axes == null) {
			if (unsqueeze) throw new IllegalArgumentException("Unsqueeze needs axes");
			final List<Integer> kept = new java.util.ArrayList<>();
			for (final int d : s)
				if (d != 1) kept.add(d);
			if (kept.isEmpty()) throw new IllegalArgumentException("Squeeze of per-sample shape " +
				Arrays.toString(s) + " leaves no per-sample axis");
			return kept.stream().mapToInt(Integer::intValue).toArray();
		}
		final boolean[] marked = new boolean[rank];
		for (final long a0 : axes) {
			final long a = a0 < 0 ? a0 + rank : a0;
			if (a < 0 || a >= rank) throw new IllegalArgumentException("axis " + a0 +
				" is out of range for rank " + rank);
			if (a == 0) throw new IllegalArgumentException("axis " + a0 +
				" is the batch axis: the batch axis must stay first");
			if (marked[(int) a]) throw new IllegalArgumentException("axis " + a0 + " is given twice");
			marked[(int) a] = true;
		}
		final List<Integer> out = new java.util.ArrayList<>();
		for (int i = 1, j = 0; i < rank; i++) {
			if (unsqueeze) out.add(marked[i] ? 1 : s[j++]);
			else if (!marked[i]) out.add(s[i - 1]);
			else if (s[i - 1] != 1) throw new IllegalArgumentException("axis " + i + " has length " + s[i -
				1] + ", not 1: it cannot be squeezed");
		}
		if (out.isEmpty()) throw new IllegalArgumentException("Squeeze of per-sample shape " + Arrays
			.toString(s) + " leaves no per-sample axis");
		return out.stream().mapToInt(Integer::intValue).toArray();
	}

	/**
	 * The per-sample shape of an ONNX Reshape of {@code [N, ...in]} to {@code t}.
	 *
	 * @throws IllegalArgumentException if the target does not keep the batch axis, has more than one
	 *           -1, or does not hold as many values
	 */
	static int[] perSample(final int[] in, final long[] t, final boolean allowZero) {
		final String what = "Reshape of [N, " + Arrays.toString(in).substring(1) + " to " + Arrays
			.toString(t);
		if (t.length < 2) throw new IllegalArgumentException(what +
			" is not supported: the batch axis must stay first");
		long count = 1;
		for (final int v : in)
			count *= v;
		int infer = -1;
		long known = 1;
		final int[] out = new int[t.length - 1];
		for (int i = 1; i < t.length; i++) {
			long v = t[i];
			if (v == 0 && !allowZero) {
				if (i > in.length) throw new IllegalArgumentException(what + ": 0 at axis " + i +
					" copies no input axis");
				v = in[i - 1];
			}
			if (v == -1) {
				if (infer >= 0) throw new IllegalArgumentException(what + ": more than one -1");
				infer = i - 1;
				continue;
			}
			if (v < 1 || v > Integer.MAX_VALUE) throw new IllegalArgumentException(what +
				" is not supported: value " + t[i] + " at axis " + i);
			out[i - 1] = (int) v;
			known *= v;
		}
		if (t[0] == -1 && infer >= 0) throw new IllegalArgumentException(what +
			" is not supported: -1 both at the batch axis and at axis " + (infer + 1));
		if (t[0] < -1 || t[0] == 0 && allowZero) throw new IllegalArgumentException(what +
			" is not supported: the batch axis must stay first (0, -1 or the batch size)");
		if (infer >= 0) {
			if (count % known != 0) throw new IllegalArgumentException(what + ": " + count +
				" values per sample do not divide into " + known);
			out[infer] = (int) (count / known);
			known = count;
		}
		if (known != count) throw new IllegalArgumentException(what + " is not supported: " + known +
			" values per sample, the input has " + count + " (the batch axis must stay first)");
		return out;
	}

	private final int[] shape;
	private int[] lastInputShape;

	ReshapeLayer(final int[] shape) {
		if (shape == null || shape.length == 0) throw new IllegalArgumentException(
			"reshape needs a per-sample shape, got " + Arrays.toString(shape));
		for (final int v : shape)
			if (v < 1) throw new IllegalArgumentException("reshape extents must be >= 1, got " + Arrays
				.toString(shape));
		this.shape = shape.clone();
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public java.util.Map<String, Object> attributes() {
		final java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
		a.put("shape", shape.clone());
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		long n = 1, m = 1;
		for (final int s : inputShapes[0])
			n *= s;
		for (final int s : shape)
			m *= s;
		if (n != m) throw new IllegalArgumentException("reshape to " + Arrays.toString(shape) +
			" needs " + m + " values per sample, the input " + Arrays.toString(inputShapes[0]) + " has " +
			n);
		return shape.clone();
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		lastInputShape = training ? x.shape() : null;
		final int[] s = new int[shape.length + 1];
		s[0] = x.size(0);
		System.arraycopy(shape, 0, s, 1, shape.length);
		return x.reshape(s);
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final int[] s = requireForward(lastInputShape);
		return new Tensor[] { inputGradients ? gradOutput.reshape(s) : null };
	}
}
