package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

/**
 * Element-wise arithmetic with a constant tensor broadcast over each sample (numpy/ONNX
 * broadcasting, aligned to the last axes): {@code const(mul, 3x1x1)} multiplies by a constant
 * {@code [3, 1, 1]} (per-channel), {@code const(add, 1)} adds a scalar. Operations {@code add},
 * {@code sub} (x - c), {@code rsub} (c - x), {@code mul}, {@code div} (x / c), {@code rdiv} (c / x).
 * The constant is a buffer named {@code value} (saved with the model, not trained; initialised to
 * 0 for add/sub, 1 otherwise); ONNX Add (with a constant: see {@link AddLayer}), Sub, Mul, Div.
 */
final class ConstantOpLayer extends Layer {

	/** The operations, with their ONNX operator and which operand the constant is. */
	enum Op {
		ADD("Add", false), SUB("Sub", false), RSUB("Sub", true), MUL("Mul", false), DIV("Div", false),
		RDIV("Div", true);

		final String onnx;
		final boolean constantFirst;

		Op(final String onnx, final boolean constantFirst) {
			this.onnx = onnx;
			this.constantFirst = constantFirst;
		}

		String token() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Op of(final String token) {
			for (final Op o : values())
				if (o.token().equals(token)) return o;
			throw new IllegalArgumentException("const operation '" + token +
				"' is not known; known: add, sub, rsub, mul, div, rdiv");
		}
	}

	static final LayerKind<ConstantOpLayer> KIND = new LayerKind<>("const", ConstantOpLayer.class, 1,
		EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING), "Sub", "Mul", "Div")
	{

		@Override
		protected ConstantOpLayer create(final Attributes a) {
			final String op = a.string("op");
			return new ConstantOpLayer(Op.of(op == null ? "" : op), a.ints("shape", null));
		}

		@Override
		ConstantOpLayer parse(final Architectures.Args args) {
			args.maxPositional(2, "const(op, shape)");
			final String op = args.raw(0, "op");
			if (op == null) throw new IllegalArgumentException(
				"const needs an operation and a shape, e.g. const(mul, 3x1x1)");
			final String s = args.raw(1, "shape");
			if (s == null || !s.matches("[0-9]+(\\s*x\\s*[0-9]+)*")) throw new IllegalArgumentException(
				"const needs the constant's shape as positive integers joined by x, e.g. const(mul, " +
					"3x1x1), got " + s);
			final String[] parts = s.split("\\s*x\\s*");
			final int[] shape = new int[parts.length];
			for (int i = 0; i < parts.length; i++)
				try {
					shape[i] = Integer.parseInt(parts[i]);
				}
				catch (final NumberFormatException e) {
					throw new IllegalArgumentException("shape '" + s + "' has a value out of range", e);
				}
			return new ConstantOpLayer(Op.of(op.trim().toLowerCase(Locale.ROOT)), shape);
		}

		@Override
		void format(final ConstantOpLayer l, final List<String> args) {
			args.add(l.op.token());
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i < l.shape.length; i++)
				sb.append(i == 0 ? "" : "x").append(l.shape[i]);
			args.add(sb.toString());
		}

		@Override
		protected void toOnnx(final ConstantOpLayer l, final OnnxExport out) {
			out.opType(l.op.onnx);
			final String c = l.value.name(), x = out.dataInput(0);
			out.replaceInputs(l.op.constantFirst ? List.of(c, x) : List.of(x, c));
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			importConstant(in, in.opType().equals("Sub") ? Op.SUB : in.opType().equals("Mul") ? Op.MUL :
				Op.DIV);
		}
	};

	/**
	 * Reads an ONNX binary operation of one computed input and one constant as this layer
	 * ({@code op} as if the constant were second).
	 */
	static void importConstant(final LayerKind.OnnxImport in, final Op op) {
		if (in.numInputs() != 2) throw new IllegalArgumentException("needs 2 inputs, got " + in
			.numInputs());
		final boolean first = in.isConstant(0);
		if (first == in.isConstant(1)) throw new IllegalArgumentException(first ?
			"both inputs are constants (not folded here)" :
			"two computed inputs are supported by Add only (a residual connection)");
		final int k = first ? 0 : 1;
		final String x = in.data(1 - k);
		final Op o = !first ? op : op == Op.SUB ? Op.RSUB : op == Op.DIV ? Op.RDIV : op;
		final int[] sample = in.shape(x);
		int[] cs = in.constantShape(k, "the constant");
		// a leading axis aligned with the batch axis must be 1
		if (cs.length == sample.length + 1) {
			if (cs[0] != 1) throw new IllegalArgumentException("the constant " + Arrays.toString(cs) +
				" varies along the batch axis; only constants broadcast over the batch are supported");
			cs = Arrays.copyOfRange(cs, 1, cs.length);
		}
		if (cs.length == 0) cs = new int[] { 1 };
		final String name = in.add(new ConstantOpLayer(o, cs), x);
		in.weight(name, "value", in.constantFloats(k, "the constant"), cs, "'" + in.inputName(k) +
			"'");
	}

	private final Op op;
	private final int[] shape;
	private Parameter value;
	/** For each value of a sample, the index of its constant value. */
	private int[] map;
	private Tensor lastInput;

	ConstantOpLayer(final Op op, final int[] shape) {
		if (shape == null || shape.length == 0) throw new IllegalArgumentException(
			"const needs a shape, got " + Arrays.toString(shape));
		for (final int v : shape)
			if (v < 1) throw new IllegalArgumentException("const shape extents must be >= 1, got " + Arrays
				.toString(shape));
		this.op = op;
		this.shape = shape.clone();
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public java.util.Map<String, Object> attributes() {
		final java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
		a.put("op", op.token());
		a.put("shape", shape.clone());
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] s = inputShapes[0];
		final int r = s.length, c = shape.length;
		boolean ok = c <= r;
		for (int i = 1; ok && i <= c; i++)
			ok = shape[c - i] == 1 || shape[c - i] == s[r - i];
		if (!ok) throw new IllegalArgumentException("a constant " + Arrays.toString(shape) +
			" does not broadcast to the per-sample shape " + Arrays.toString(s));
		long n = 1;
		for (final int v : s)
			n *= v;
		map = new int[Math.toIntExact(n)];
		final int[] idx = new int[r];
		for (int i = 0; i < map.length; i++) {
			int ci = 0;
			for (int d = 0; d < c; d++) {
				final int e = shape[d];
				ci = ci * e + (e == 1 ? 0 : idx[r - c + d]);
			}
			map[i] = ci;
			for (int d = r - 1; d >= 0 && ++idx[d] == s[d]; d--)
				idx[d] = 0;
		}
		value = addBuffer("value", Tensor.zeros(shape));
		return s;
	}

	@Override
	void initialize(final Random rnd, final boolean heInit) {
		Arrays.fill(value.value().data(), op == Op.ADD || op == Op.SUB || op == Op.RSUB ? 0f : 1f);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data(), cd = value.value().data();
		final int[] m = map;
		final int per = m.length;
		Parallel.elements(xd.length, (from, to) -> {
			for (int i = from; i < to; i++) {
				final float v = xd[i], k = cd[m[i % per]];
				yd[i] = switch (op) {
					case ADD -> v + k;
					case SUB -> v - k;
					case RSUB -> k - v;
					case MUL -> v * k;
					case DIV -> v / k;
					case RDIV -> k / v;
				};
			}
		});
		lastInput = training ? x : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		if (!inputGradients) return new Tensor[] { null };
		final Tensor dx = gradient(x.shape());
		final float[] xd = x.data(), g = gradOutput.data(), d = dx.data(), cd = value.value().data();
		final int[] m = map;
		final int per = m.length;
		Parallel.elements(xd.length, (from, to) -> {
			for (int i = from; i < to; i++) {
				final float k = cd[m[i % per]];
				d[i] = switch (op) {
					case ADD, SUB -> g[i];
					case RSUB -> -g[i];
					case MUL -> g[i] * k;
					case DIV -> g[i] / k;
					case RDIV -> -g[i] * k / (xd[i] * xd[i]);
				};
			}
		});
		return new Tensor[] { dx };
	}
}
