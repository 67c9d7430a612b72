package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-filled {@link LayerKind.OnnxImport} for one node whose data input 0 is {@code "x"} of a
 * given per-sample shape: attributes and constant inputs are set by the test, and the layers the
 * importer adds (or the alias it makes) are recorded.
 */
final class FakeOnnxImport implements LayerKind.OnnxImport {

	final String op;
	final long opset;
	final int[] shape;
	final Map<String, Object> attrs = new HashMap<>();
	final Map<Integer, Object> constants = new HashMap<>();
	final Map<Integer, int[]> dims = new HashMap<>();
	final List<Layer> added = new ArrayList<>();
	/** Weights given: node, role, values, shape. */
	final List<Object[]> weights = new ArrayList<>();
	/** When >= 0, the number of inputs (else one more than the highest constant input). */
	int inputs = -1;
	String aliased;

	FakeOnnxImport(final String op, final long opset, final int... shape) {
		this.op = op;
		this.opset = opset;
		this.shape = shape;
	}

	FakeOnnxImport attr(final String name, final Object value) {
		attrs.put(name, value);
		return this;
	}

	/** Constant input {@code k}: a {@code float[]} or {@code long[]}. */
	FakeOnnxImport input(final int k, final Object value) {
		constants.put(k, value);
		return this;
	}

	/** Constant input {@code k} with dimensions {@code shape}. */
	FakeOnnxImport input(final int k, final float[] value, final int... shape) {
		constants.put(k, value);
		dims.put(k, shape.clone());
		return this;
	}

	/** The single layer added. */
	Layer layer() {
		if (added.size() != 1) throw new AssertionError("expected one layer added, got " + added);
		return added.get(0);
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
	public String data(final int k) {
		if (constants.containsKey(k)) throw new IllegalArgumentException("input " + k + " is a constant");
		return "x";
	}

	@Override
	public int[] shape(final String node) {
		return shape.clone();
	}

	@Override
	public int numInputs() {
		if (inputs >= 0) return inputs;
		int n = 1;
		for (final int k : constants.keySet())
			n = Math.max(n, k + 1);
		// a constant first operand: the data input follows it
		return constants.containsKey(0) ? Math.max(n, 2) : n;
	}

	@Override
	public boolean hasInput(final int k) {
		return k == 0 || k < inputs || constants.containsKey(k);
	}

	@Override
	public boolean isConstant(final int k) {
		return constants.containsKey(k);
	}

	@Override
	public float[] constantFloats(final int k, final String what) {
		final Object v = constants.get(k);
		if (v instanceof long[]) {
			final long[] l = (long[]) v;
			final float[] f = new float[l.length];
			for (int i = 0; i < l.length; i++)
				f[i] = l[i];
			return f;
		}
		return (float[]) v;
	}

	@Override
	public long[] constantLongs(final int k, final String what) {
		final Object v = constants.get(k);
		if (v instanceof float[]) {
			final float[] f = (float[]) v;
			final long[] l = new long[f.length];
			for (int i = 0; i < f.length; i++)
				l[i] = (long) f[i];
			return l;
		}
		return (long[]) v;
	}

	@Override
	public long[] constantDims(final int k, final String what) {
		final Object v = constants.get(k);
		if (v == null) return null;
		if (dims.containsKey(k)) return java.util.Arrays.stream(dims.get(k)).asLongStream().toArray();
		return new long[] { v instanceof float[] ? ((float[]) v).length : ((long[]) v).length };
	}

	@Override
	public int[] constantShape(final int k, final String what) {
		if (dims.containsKey(k)) return dims.get(k).clone();
		final long[] d = constantDims(k, what);
		return d == null ? null : new int[] { (int) d[0] };
	}

	@Override
	public String inputName(final int k) {
		return "in" + k;
	}

	@Override
	public long intAttribute(final String name, final long def) {
		final Object v = attrs.get(name);
		return v == null ? def : ((Number) v).longValue();
	}

	@Override
	public float floatAttribute(final String name, final float def) {
		final Object v = attrs.get(name);
		return v == null ? def : ((Number) v).floatValue();
	}

	@Override
	public int[] intsAttribute(final String name, final int[] def) {
		final Object v = attrs.get(name);
		return v == null ? def : ((int[]) v).clone();
	}

	@Override
	public String stringAttribute(final String name, final String def) {
		final Object v = attrs.get(name);
		return v == null ? def : (String) v;
	}

	@Override
	public float[] floatsAttribute(final String name) {
		final Object v = attrs.get(name);
		return v == null ? null : ((float[]) v).clone();
	}

	/** The arguments of the last {@link #pads} call: in, kernel, stride, dilation. */
	int[][] padsArgs;

	/**
	 * Explicit pads from the {@code pads} attribute ([begin..., end...]; all 0 if absent), or
	 * {@link Pads#valid()} when {@code auto_pad} is VALID; records the arguments.
	 */
	@Override
	public Pads pads(final int[] in, final int[] kernel, final int[] stride, final int[] dilation) {
		padsArgs = new int[][] { in.clone(), kernel.clone(), stride.clone(), dilation.clone() };
		if ("VALID".equals(attrs.get("auto_pad"))) return Pads.valid();
		if ("SAME_UPPER".equals(attrs.get("auto_pad"))) return Pads.same();
		final int r = in.length;
		final int[] p = intsAttribute("pads", new int[2 * r]);
		return Pads.explicit(java.util.Arrays.copyOfRange(p, 0, r), java.util.Arrays.copyOfRange(p, r,
			2 * r));
	}

	@Override
	public String add(final Layer layer, final String... inputs) {
		added.add(layer);
		return "added" + added.size();
	}

	@Override
	public void alias(final String node) {
		aliased = node;
	}

	@Override
	public void weight(final String node, final String role, final float[] data, final int[] shape,
		final String source)
	{
		weights.add(new Object[] { node, role, data.clone(), shape.clone() });
	}

	/** Constant inputs given as weights: node, role, input index. */
	final List<Object[]> weightInputs = new ArrayList<>();

	@Override
	public void weight(final String node, final String role, final int k) {
		weightInputs.add(new Object[] { node, role, k });
	}
}
