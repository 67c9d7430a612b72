package io.github.convnetij.nn;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The descriptor of one layer kind: everything the rest of {@code nn} needs to know about it, in
 * one place next to the layer's code. A kind gives
 * <ul>
 * <li>its token in architecture strings ({@link #type()}), and how to parse and format its
 * arguments there;</li>
 * <li>construction from the attribute map of model files ({@link #create}), with typed checks;</li>
 * <li>its ONNX mapping both ways: the node it writes ({@link #export}) and the operators it reads
 * ({@link #onnxOps()}, {@link #fromOnnx});</li>
 * <li>the {@link Capability capabilities} the graph and the executor ask about (fusions,
 * initialisation, buffer aliasing, the loss).</li>
 * </ul>
 * Output shapes come from the layer's {@code build}. Every kind is registered in {@link LayerKinds};
 * nothing else in {@code nn} switches on type names or tests layer classes. Adding a layer kind
 * means writing its layer class with its {@code KIND} constant, one line in {@link LayerKinds},
 * and a test.
 *
 * @param <L> the layer class of this kind
 */
public abstract class LayerKind<L extends Layer> {

	/** What the graph and the executor may assume about a layer of a kind. */
	public enum Capability {
		/** The output has the shape of the (first) input. */
		SHAPE_PRESERVING,
		/** A rectifier: weights before it get He initialisation. */
		RELU_LIKE,
		/**
		 * Element-wise and monotonic with a 0/1 gradient mask, so that it may run after a max pooling
		 * that reads it, with bitwise the same values and gradients (see {@link Layer#applyTo}).
		 */
		COMMUTES_WITH_MAX,
		/** A max over windows: an element-wise {@link #COMMUTES_WITH_MAX} layer may run after it. */
		MAX_POOLING,
		/**
		 * Keeps each channel's values apart (pooling, batch norm, dropout, flatten): a ReLU after it
		 * acts on the units of the layer before, which then still gets He initialisation.
		 */
		KEEPS_UNITS,
		/** The output shares the input's array (a reshape): copy it before handing it out. */
		ALIASES_INPUT,
		/** Turns logits into probabilities (softmax): as the last node, the loss reads its input. */
		NORMALISES_LOGITS,
		/**
		 * Its inputs are written as labels in its parentheses in architecture strings, not as
		 * {@code in=}: one label means the previous layer's output and that one ({@code add(a)}),
		 * more mean those ({@code add(a, b)}, {@code concat(a, b, c)}).
		 */
		INPUTS_AS_ARGUMENTS,
		/** Exactly {@code max(x, 0)} element-wise ({@link Math#max}): a plain ReLU. */
		RECTIFIER,
		/**
		 * Can apply a following {@link #RECTIFIER} to its output as it writes it, in inference mode
		 * ({@link Layer#forwardRelu}), with bitwise the same values as the two nodes one after the
		 * other.
		 */
		RELU_EPILOGUE,
		/** The element-wise sum of its two inputs, which have its own shape (a residual connection). */
		SUM_OF_TWO,
		/**
		 * Can add a tensor of its output's shape to its output, then apply a {@link #RECTIFIER}, as
		 * it writes it, in inference mode ({@link Layer#forwardResidual}): a following
		 * {@link #SUM_OF_TWO} (and ReLU) runs with it, with bitwise the same values.
		 */
		RESIDUAL_EPILOGUE
	}

	private final String type;
	private final Class<L> layerClass;
	private final int numInputs;
	private final Set<Capability> capabilities;
	private final List<String> onnxOps;

	/**
	 * @param type the token in architecture strings and the {@link Layer#type()}
	 * @param onnxOps the ONNX operator types this kind imports (the first is the one it exports)
	 */
	protected LayerKind(final String type, final Class<L> layerClass, final int numInputs,
		final Set<Capability> capabilities, final String... onnxOps)
	{
		this.type = type;
		this.layerClass = layerClass;
		this.numInputs = numInputs;
		this.capabilities = Collections.unmodifiableSet(capabilities.isEmpty() ? EnumSet.noneOf(
			Capability.class) : EnumSet.copyOf(capabilities));
		this.onnxOps = List.of(onnxOps);
	}

	/** The token in architecture strings, e.g. {@code conv}. */
	public final String type() {
		return type;
	}

	/** The number of inputs of a layer of this kind, or 0 if each layer says ({@code concat}). */
	public final int numInputs() {
		return numInputs;
	}

	/** The capabilities every layer of this kind has. */
	public final Set<Capability> capabilities() {
		return capabilities;
	}

	/** The ONNX operator types {@link #fromOnnx} reads; the first is the one {@link #export} writes. */
	public final List<String> onnxOps() {
		return onnxOps;
	}

	/**
	 * Whether this layer has capability {@code c}: those of the kind, unless the kind narrows them
	 * for some attribute values (see {@link #has(Layer, Capability)} overrides).
	 */
	public final boolean test(final Layer layer, final Capability c) {
		return has(layerClass.cast(layer), c);
	}

	/** Per-layer refinement of {@link #capabilities()}; the default is the kind's set. */
	protected boolean has(final L layer, final Capability c) {
		return capabilities.contains(c);
	}

	// ---------------------------------------------------------------- attributes

	/**
	 * A layer from the attribute map of model files ({@link Layer#attributes()}); missing
	 * attributes take their defaults.
	 *
	 * @throws IllegalArgumentException for a missing required attribute, one of the wrong kind or
	 *           an unknown one, naming it
	 */
	public final L create(final Map<String, Object> attributes) {
		final Attributes a = new Attributes(type, attributes);
		final L layer = create(a);
		a.checkAllUsed();
		return layer;
	}

	/** {@link #create(Map)} from typed access to the map. */
	protected abstract L create(Attributes a);

	// ---------------------------------------------------------------- architecture strings

	/**
	 * A layer from its arguments in an architecture string ({@code conv(32,3,pad=same)}: the
	 * arguments {@code 32}, {@code 3}, {@code pad=same}); {@code in=} and labels are the caller's.
	 */
	abstract L parse(Architectures.Args args);

	/** The arguments of this layer in an architecture string, appended to {@code args}. */
	void format(final L layer, final List<String> args) {}

	final void formatAny(final Layer layer, final List<String> args) {
		format(layerClass.cast(layer), args);
	}

	// ---------------------------------------------------------------- ONNX

	/** Writes the ONNX node of this layer: its operator (the first of {@link #onnxOps()}), extra inputs, attributes. */
	public final void export(final Layer layer, final OnnxExport out) {
		toOnnx(layerClass.cast(layer), out);
	}

	/** See {@link #export(Layer, OnnxExport)}. */
	protected abstract void toOnnx(L layer, OnnxExport out);

	/**
	 * Reads an ONNX node of one of {@link #onnxOps()}: adds the layer (or nothing, when the node is
	 * an identity here) through {@code in}.
	 *
	 * @throws IllegalArgumentException for an attribute or input with no equivalent here
	 */
	public abstract void fromOnnx(OnnxImport in);

	@Override
	public String toString() {
		return type;
	}

	/**
	 * What a kind writes for one ONNX node. The writer already gives the node's name, its data
	 * inputs and its output, and stores the layer's parameters and buffers as initializers named
	 * {@code node.role}.
	 */
	public interface OnnxExport {

		/** The node's name (also its output value's). */
		String name();

		/** Writes this operator instead of the kind's first {@link LayerKind#onnxOps()}. */
		void opType(String opType);

		/** The value name of the node's data input {@code k} (already among the inputs). */
		String dataInput(int k);

		/** Replaces all inputs written so far (data inputs included) by these, in order. */
		void replaceInputs(List<String> values);

		/** Appends an input: a value name (e.g. a parameter's {@link Parameter#name()}). */
		void input(String value);

		/** Appends an input that is a new float initializer {@code name}. */
		void constant(String name, float[] values, int... shape);

		/** Appends an input that is a new int64 initializer {@code name} (shapes, indices). */
		void constantLongs(String name, long[] values, int... shape);

		void attribute(String name, long value);

		void attribute(String name, float value);

		void attribute(String name, int[] values);

		void attribute(String name, String value);
	}

	/** What a kind reads of one ONNX node, and how it adds its layer. */
	public interface OnnxImport {

		/** The node's operator type. */
		String opType();

		/** The version of the default operator set of the model. */
		long opset();

		/** Our node name of data (computed) input {@code k}; an error if it is missing or a constant. */
		String data(int k);

		/** Per-sample shape of one of our nodes (or the graph input). */
		int[] shape(String node);

		/** The number of inputs of the node (omitted optional ones included). */
		int numInputs();

		/** Whether input {@code k} is given. */
		boolean hasInput(int k);

		/** Whether input {@code k} is a constant (initializer or Constant node). */
		boolean isConstant(int k);

		/** The values of constant input {@code k}, or null when omitted; an error if it is computed. */
		float[] constantFloats(int k, String what);

		/** As {@link #constantFloats}, as integers (shapes). */
		long[] constantLongs(int k, String what);

		/** The dimensions of constant input {@code k}, or null when omitted. */
		long[] constantDims(int k, String what);

		/** The dimensions of constant input {@code k} as ints, or null when omitted. */
		int[] constantShape(int k, String what);

		/** The value name of input {@code k} (for messages). */
		String inputName(int k);

		long intAttribute(String name, long def);

		float floatAttribute(String name, float def);

		/** An ints attribute, or {@code def} if absent. */
		int[] intsAttribute(String name, int[] def);

		/** A string attribute, or {@code def} if absent. */
		String stringAttribute(String name, String def);

		/** A floats attribute, or null if absent. */
		float[] floatsAttribute(String name);

		/**
		 * Pads from {@code auto_pad} or {@code pads} for an input of spatial extents {@code in}
		 * (ONNX's SAME_UPPER, SAME_LOWER, VALID, NOTSET).
		 */
		Pads pads(int[] in, int[] kernel, int[] stride, int[] dilation);

		/** Adds our layer reading these nodes, as this ONNX node's output; returns its node name. */
		String add(Layer layer, String... inputs);

		/** Makes this ONNX node's output stand for one of our nodes (an identity here). */
		void alias(String node);

		/**
		 * Copies a tensor into parameter or buffer {@code role} of node {@code node} once the
		 * network is built (shapes are checked then).
		 */
		void weight(String node, String role, float[] data, int[] shape, String source);

		/** {@link #weight(String, String, float[], int[], String)} of constant input {@code k} as it is. */
		void weight(String node, String role, int k);
	}

	/** Typed access to an attribute map, with clear errors. */
	protected static final class Attributes {

		private final String type;
		private final Map<String, Object> map;
		private final java.util.Set<String> used = new java.util.HashSet<>();

		Attributes(final String type, final Map<String, Object> map) {
			this.type = type;
			this.map = map == null ? Map.of() : map;
		}

		private Object get(final String key) {
			used.add(key);
			return map.get(key);
		}

		public int requireInt(final String key) {
			final Object v = get(key);
			if (v == null) throw new IllegalArgumentException(type + " needs the attribute " + key);
			if (!(v instanceof Integer)) throw new IllegalArgumentException(type + " attribute " + key +
				" must be an integer, got " + v);
			return (Integer) v;
		}

		public int[] ints(final String key, final int[] def) {
			final Object v = get(key);
			if (v == null) {
				if (def == null) throw new IllegalArgumentException(type + " needs the attribute " + key);
				return def;
			}
			if (v instanceof Integer) return new int[] { (Integer) v };
			if (v instanceof int[]) return ((int[]) v).clone();
			throw new IllegalArgumentException(type + " attribute " + key +
				" must be an integer or int[], got " + v);
		}

		/** Whether the map has this key. */
		public boolean has(final String key) {
			return map.containsKey(key);
		}

		/** A float array attribute (or one number), or null if absent. */
		public float[] floats(final String key) {
			final Object v = get(key);
			if (v == null) return null;
			if (v instanceof Number) return new float[] { ((Number) v).floatValue() };
			if (v instanceof float[]) return ((float[]) v).clone();
			throw new IllegalArgumentException(type + " attribute " + key +
				" must be a number or float[], got " + v);
		}

		public float floatValue(final String key, final float def) {
			final Object v = get(key);
			if (v == null) return def;
			if (v instanceof Number) return ((Number) v).floatValue();
			throw new IllegalArgumentException(type + " attribute " + key + " must be a number, got " +
				v);
		}

		/** A string attribute, or null if absent. */
		public String string(final String key) {
			final Object v = get(key);
			if (v == null || v instanceof String) return (String) v;
			throw new IllegalArgumentException(type + " attribute " + key + " must be a string, got " +
				v);
		}

		public boolean bool(final String key, final boolean def) {
			final Object v = get(key);
			if (v == null) return def;
			if (v instanceof Boolean) return (Boolean) v;
			throw new IllegalArgumentException(type + " attribute " + key +
				" must be true or false, got " + v);
		}

		/** {@code padding} = same/valid/explicit with {@code pads_before}/{@code pads_after}. */
		public Pads pads() {
			final Object mode = get("padding");
			final Object before = get("pads_before");
			final Object after = get("pads_after");
			if (before != null || after != null) {
				if (mode != null && !"explicit".equals(mode)) {
					// pads resolved from same/valid at build time: the mode decides
					return "same".equals(mode) ? Pads.same() : Pads.valid();
				}
				return Pads.explicit(ints("pads_before", null), ints("pads_after", null));
			}
			if (mode == null || "valid".equals(mode)) return Pads.valid();
			if ("same".equals(mode)) return Pads.same();
			throw new IllegalArgumentException(type + " attribute padding must be same, valid or explicit" +
				" (with pads_before and pads_after), got " + mode);
		}

		void checkAllUsed() {
			for (final String k : map.keySet())
				if (!used.contains(k)) throw new IllegalArgumentException(type +
					" has no attribute named " + k);
		}
	}
}
