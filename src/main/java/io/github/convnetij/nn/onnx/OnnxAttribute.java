package io.github.convnetij.nn.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An ONNX {@code AttributeProto}: a named value of one {@link Type} (a float, an int, a string,
 * a tensor, a graph, or a list of one of those). Instances are immutable.
 * <pre>{@code
 * OnnxAttribute pads = OnnxAttribute.ofInts("pads", 1, 1, 1, 1);
 * OnnxAttribute alpha = OnnxAttribute.of("alpha", 0.01f);
 * long[] p = node.attribute("pads").ints();
 * }</pre>
 * Sparse tensors and type protos are read as their type without a value (this package does not
 * use them) and written back without a value.
 */
public final class OnnxAttribute {

	/** {@code AttributeProto.AttributeType}, with its number in the format. */
	public enum Type {
		UNDEFINED(0), FLOAT(1), INT(2), STRING(3), TENSOR(4), GRAPH(5), FLOATS(6), INTS(7),
		STRINGS(8), TENSORS(9), GRAPHS(10), SPARSE_TENSOR(11), SPARSE_TENSORS(12), TYPE_PROTO(13),
		TYPE_PROTOS(14);

		private final int number;

		Type(final int number) {
			this.number = number;
		}

		/** The number in the format. */
		public int number() {
			return number;
		}

		/** The type of a number, or {@link #UNDEFINED} for an unknown one. */
		public static Type of(final int number) {
			for (final Type t : values())
				if (t.number == number) return t;
			return UNDEFINED;
		}
	}

	private final String name;
	private final Type type;
	private final float f;
	private final long i;
	private final byte[] s;
	private final OnnxTensor t;
	private final OnnxGraph g;
	private final float[] floats;
	private final long[] ints;
	private final List<byte[]> strings;
	private final List<OnnxTensor> tensors;
	private final List<OnnxGraph> graphs;

	private OnnxAttribute(final String name, final Type type, final float f, final long i,
		final byte[] s, final OnnxTensor t, final OnnxGraph g, final float[] floats, final long[] ints,
		final List<byte[]> strings, final List<OnnxTensor> tensors, final List<OnnxGraph> graphs)
	{
		if (name == null || name.isEmpty()) throw new IllegalArgumentException(
			"an attribute needs a name");
		this.name = name;
		this.type = type;
		this.f = f;
		this.i = i;
		this.s = s;
		this.t = t;
		this.g = g;
		this.floats = floats;
		this.ints = ints;
		this.strings = strings;
		this.tensors = tensors;
		this.graphs = graphs;
	}

	/** All fields, as read from a file; lists and arrays are copied, nulls mean empty. */
	static OnnxAttribute read(final String name, final Type type, final float f, final long i,
		final byte[] s, final OnnxTensor t, final OnnxGraph g, final float[] floats, final long[] ints,
		final List<byte[]> strings, final List<OnnxTensor> tensors, final List<OnnxGraph> graphs)
	{
		return new OnnxAttribute(name, type, f, i, s == null ? new byte[0] : s, t, g, floats == null
			? new float[0] : floats, ints == null ? new long[0] : ints, strings == null ? List.of()
				: copyBytes(strings), tensors == null ? List.of() : List.copyOf(tensors), graphs == null
					? List.of() : List.copyOf(graphs));
	}

	public static OnnxAttribute of(final String name, final float value) {
		return read(name, Type.FLOAT, value, 0, null, null, null, null, null, null, null, null);
	}

	public static OnnxAttribute of(final String name, final long value) {
		return read(name, Type.INT, 0, value, null, null, null, null, null, null, null, null);
	}

	/** A string attribute, stored as UTF-8. */
	public static OnnxAttribute of(final String name, final String value) {
		return read(name, Type.STRING, 0, 0, value.getBytes(StandardCharsets.UTF_8), null, null, null,
			null, null, null, null);
	}

	public static OnnxAttribute of(final String name, final OnnxTensor value) {
		return read(name, Type.TENSOR, 0, 0, null, Objects.requireNonNull(value), null, null, null, null,
			null, null);
	}

	public static OnnxAttribute of(final String name, final OnnxGraph value) {
		return read(name, Type.GRAPH, 0, 0, null, null, Objects.requireNonNull(value), null, null, null,
			null, null);
	}

	public static OnnxAttribute ofFloats(final String name, final float... values) {
		return read(name, Type.FLOATS, 0, 0, null, null, null, values.clone(), null, null, null, null);
	}

	public static OnnxAttribute ofInts(final String name, final long... values) {
		return read(name, Type.INTS, 0, 0, null, null, null, null, values.clone(), null, null, null);
	}

	/** {@link #ofInts(String, long...)} from ints. */
	public static OnnxAttribute ofInts(final String name, final int[] values) {
		return ofInts(name, Arrays.stream(values).asLongStream().toArray());
	}

	/** A list of UTF-8 strings. */
	public static OnnxAttribute ofStrings(final String name, final String... values) {
		final List<byte[]> b = new ArrayList<>();
		for (final String v : values)
			b.add(v.getBytes(StandardCharsets.UTF_8));
		return read(name, Type.STRINGS, 0, 0, null, null, null, null, null, b, null, null);
	}

	public static OnnxAttribute ofTensors(final String name, final List<OnnxTensor> values) {
		return read(name, Type.TENSORS, 0, 0, null, null, null, null, null, null, values, null);
	}

	public static OnnxAttribute ofGraphs(final String name, final List<OnnxGraph> values) {
		return read(name, Type.GRAPHS, 0, 0, null, null, null, null, null, null, null, values);
	}

	public String name() {
		return name;
	}

	public Type type() {
		return type;
	}

	/** The value of a {@code FLOAT} attribute. */
	public float f() {
		check(Type.FLOAT);
		return f;
	}

	/** The value of an {@code INT} attribute. */
	public long i() {
		check(Type.INT);
		return i;
	}

	/** The value of a {@code STRING} attribute, decoded as UTF-8. */
	public String s() {
		check(Type.STRING);
		return new String(s, StandardCharsets.UTF_8);
	}

	/** The value of a {@code TENSOR} attribute. */
	public OnnxTensor t() {
		check(Type.TENSOR);
		return t;
	}

	/** The value of a {@code GRAPH} attribute. */
	public OnnxGraph g() {
		check(Type.GRAPH);
		return g;
	}

	/** The values of a {@code FLOATS} attribute (a copy). */
	public float[] floats() {
		check(Type.FLOATS);
		return floats.clone();
	}

	/** The values of an {@code INTS} attribute (a copy). */
	public long[] ints() {
		check(Type.INTS);
		return ints.clone();
	}

	/** The values of an {@code INTS} attribute as ints. */
	public int[] intArray() {
		final long[] v = ints();
		final int[] out = new int[v.length];
		for (int k = 0; k < v.length; k++) {
			if (v[k] != (int) v[k]) throw new IllegalArgumentException("attribute " + name + " value " +
				v[k] + " does not fit in an int");
			out[k] = (int) v[k];
		}
		return out;
	}

	/** The values of a {@code STRINGS} attribute, decoded as UTF-8. */
	public List<String> strings() {
		check(Type.STRINGS);
		final List<String> out = new ArrayList<>();
		for (final byte[] b : strings)
			out.add(new String(b, StandardCharsets.UTF_8));
		return out;
	}

	public List<OnnxTensor> tensors() {
		check(Type.TENSORS);
		return tensors;
	}

	public List<OnnxGraph> graphs() {
		check(Type.GRAPHS);
		return graphs;
	}

	// raw access for the writer, whatever the type
	float rawF() {
		return f;
	}

	long rawI() {
		return i;
	}

	byte[] rawS() {
		return s;
	}

	OnnxTensor rawT() {
		return t;
	}

	OnnxGraph rawG() {
		return g;
	}

	float[] rawFloats() {
		return floats;
	}

	long[] rawInts() {
		return ints;
	}

	List<byte[]> rawStrings() {
		return strings;
	}

	List<OnnxTensor> rawTensors() {
		return tensors;
	}

	List<OnnxGraph> rawGraphs() {
		return graphs;
	}

	private void check(final Type expected) {
		if (type != expected) throw new IllegalArgumentException("attribute " + name + " is of type " +
			type + ", expected " + expected);
	}

	private static List<byte[]> copyBytes(final List<byte[]> in) {
		final List<byte[]> out = new ArrayList<>();
		for (final byte[] b : in)
			out.add(b.clone());
		return List.copyOf(out);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof OnnxAttribute a)) return false;
		if (!name.equals(a.name) || type != a.type) return false;
		if (Float.floatToIntBits(f) != Float.floatToIntBits(a.f) || i != a.i || !Arrays.equals(s, a.s) ||
			!Objects.equals(t, a.t) || !Objects.equals(g, a.g) || !Arrays.equals(floats, a.floats) ||
			!Arrays.equals(ints, a.ints) || !tensors.equals(a.tensors) || !graphs.equals(a.graphs) ||
			strings.size() != a.strings.size()) return false;
		for (int k = 0; k < strings.size(); k++)
			if (!Arrays.equals(strings.get(k), a.strings.get(k))) return false;
		return true;
	}

	@Override
	public int hashCode() {
		return name.hashCode() * 31 + type.hashCode();
	}

	@Override
	public String toString() {
		final String v = switch (type) {
			case FLOAT -> Float.toString(f);
			case INT -> Long.toString(i);
			case STRING -> "'" + new String(s, StandardCharsets.UTF_8) + "'";
			case TENSOR -> String.valueOf(t);
			case GRAPH -> "graph " + (g == null ? "?" : g.name());
			case FLOATS -> Arrays.toString(floats);
			case INTS -> Arrays.toString(ints);
			case STRINGS -> strings().toString();
			case TENSORS -> tensors.toString();
			case GRAPHS -> graphs.size() + " graphs";
			default -> "?";
		};
		return name + "=" + v;
	}
}
