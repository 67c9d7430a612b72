package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Architecture strings: a network in one line that fits a macro or a CLI argument.
 * <pre>{@code
 * Network net = Architectures.parse(
 *     "conv(32,3,pad=1), relu, maxpool(2), conv(64,3,pad=1), relu, maxpool(2), flatten, dense(128), relu, dense(10), softmax",
 *     new int[] {1, 28, 28}, 10);
 * String s = Architectures.defaultFor(new int[] {1, 28, 28}, 10);   // the same network
 * }</pre>
 * Layers are separated by commas; each reads the previous layer's output. Arguments go in
 * parentheses, positional first, then {@code key=value}; spatial values are one number for every
 * axis or one per axis joined by {@code x} ({@code 3x5}):
 * <ul>
 * <li>{@code conv(filters, kernel[, stride])}, keys {@code stride}, {@code pad} ({@code same},
 * {@code valid} (default), {@code P} or {@code PxQ} on both sides), {@code pads} (ONNX order
 * {@code b1xb2xa1xa2}: all befores, then all afters), {@code dilation}, {@code bias=false},
 * {@code groups} (grouped convolution; depthwise when it equals the input channels);</li>
 * <li>{@code convtranspose(filters, kernel[, stride])} (transposed convolution), keys
 * {@code pads} (ONNX order), {@code outpad} (extra extent at the end), {@code dilation},
 * {@code groups}, {@code bias=false}; {@code upsample(2)} or {@code upsample(2x3)} (nearest,
 * integer factors); {@code resize(scales)} or {@code resize(size=HxW)} (scales may be fractional,
 * {@code 1.5x2}), keys {@code mode} ({@code nearest} (default), {@code linear}, {@code cubic}),
 * {@code coord} (ONNX's coordinate_transformation_mode: {@code half_pixel} (default),
 * {@code pytorch_half_pixel}, {@code align_corners}, {@code asymmetric},
 * {@code tf_half_pixel_for_nn}), {@code nearest} (ONNX's nearest_mode), {@code a} and
 * {@code exclude=true} (cubic);</li>
 * <li>{@code maxpool(window[, stride])}, {@code avgpool(window[, stride])}: stride defaults to the
 * window; keys {@code stride}, {@code pad}, {@code pads}, {@code ceil=true};</li>
 * <li>{@code globalavgpool}, {@code relu}, {@code leakyrelu(alpha=0.01)},
 * {@code batchnorm(eps=1e-5, momentum=0.1)}, {@code dropout(rate=0.5)}, {@code flatten},
 * {@code dense(units[, bias=false])} ({@code dense(classes)} means the class count),
 * {@code softmax}, {@code sigmoid}, {@code tanh}, {@code clip(min=0, max=6)} (either bound may be
 * left out), {@code hardsigmoid(alpha=0.2, beta=0.5)}, {@code hardswish}, {@code reshape(4x3)} (the
 * per-sample shape; the batch axis stays), {@code logsoftmax}, {@code transpose(2x0x1)} (the order
 * of the per-sample axes), {@code pad(0x1x1x0x1x1, value=0)} (pads before each per-sample axis,
 * then after; {@code mode=mirror} reflects without repeating the edge value (ONNX's and PyTorch's
 * {@code reflect}), {@code mode=nearest} repeats it (ONNX's {@code edge}));</li>
 * <li>residual connections: prefix a layer with a label, {@code name:layer}, and write
 * {@code add(name)} to add that layer's output to the previous one ({@code add(a, b)} adds two
 * labelled outputs); any layer takes {@code in=name} to read a labelled output instead of the
 * previous one ({@code input} is the network input); {@code concat(a)} joins the previous layer's
 * output and the labelled one along the channels, {@code concat(a, b, c)} joins labelled outputs
 * ({@code axis=} picks another per-sample axis). A basic residual block:
 * {@code conv(16,3,pad=same), b0:relu, conv(16,3,pad=same), relu, conv(16,3,pad=same), add(b0), relu}.</li>
 * </ul>
 * Errors name the layer (its position and text) and, for shape mismatches, the shapes.
 */
public final class Architectures {

	private static final Pattern ITEM = Pattern.compile(
		"(?:([A-Za-z_][A-Za-z0-9_.-]*)\\s*:\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?",
		Pattern.DOTALL);
	private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
	private static final Pattern SPATIAL = Pattern.compile("[0-9]+(?:\\s*x\\s*[0-9]+)*");

	private Architectures() {}

	/**
	 * Parses an architecture string into a network for per-sample inputs of shape
	 * {@code inputShape} ({@code [C, H, W]}, {@code [C, W]}, {@code [C, D, H, W]} or {@code [F]}),
	 * with parameters initialised from seed 0 (call {@link Network#initialize} for another seed).
	 * If {@code numClasses > 0} the network's output must be {@code [numClasses]}.
	 *
	 * @throws IllegalArgumentException for an unknown layer, a bad or missing argument, a shape
	 *           mismatch, or an output that does not match the class count — naming the layer
	 */
	public static Network parse(final String architecture, final int[] inputShape,
		final int numClasses)
	{
		if (architecture == null || architecture.isBlank()) throw new IllegalArgumentException(
			"the architecture is empty; e.g. " + defaultFor(inputShape == null ? new int[] { 1, 28, 28 } :
				inputShape, Math.max(numClasses, 2)));
		final List<String> items = split(architecture, ',');
		final Network.Builder b = Network.builder(inputShape);
		for (int i = 0; i < items.size(); i++) {
			final String text = items.get(i).trim();
			final String where = "layer " + (i + 1) + " '" + text + "'";
			try {
				addItem(b, text, numClasses);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
			}
		}
		final Network net = b.build();
		final int[] out = net.outputShape();
		if (numClasses > 0 && (out.length != 1 || out[0] != numClasses))
			throw new IllegalArgumentException("the network's output has shape " + Arrays.toString(out) +
				" but there are " + numClasses + " classes: end with flatten, dense(" + numClasses +
				") (or dense(classes)), softmax");
		return net;
	}

	/**
	 * A sensible default for this input and class count: blocks of {@code conv(f,3,pad=same), relu,
	 * maxpool(2)} with f = 32, 64, 128... while the smallest spatial extent is at least 8 (at most 5
	 * blocks, at least 1), then {@code flatten, dense(128), relu, dense(classes), softmax}. For
	 * 28x28 inputs it is the reference CNN of the benchmarks.
	 *
	 * @throws IllegalArgumentException if the shape is not a valid input shape or numClasses < 1
	 */
	public static String defaultFor(final int[] inputShape, final int numClasses) {
		if (inputShape == null || inputShape.length < 1 || inputShape.length > 4)
			throw new IllegalArgumentException("input shape " + Arrays.toString(inputShape) +
				" must be [C, H, W], [C, W], [C, D, H, W] or [F]");
		if (numClasses < 1) throw new IllegalArgumentException("the class count must be >= 1, got " +
			numClasses);
		final StringBuilder sb = new StringBuilder();
		if (inputShape.length > 1) {
			int min = Integer.MAX_VALUE;
			for (int i = 1; i < inputShape.length; i++)
				min = Math.min(min, inputShape[i]);
			int filters = 32;
			int blocks = 0;
			do {
				sb.append("conv(").append(filters).append(",3,pad=same), relu, ");
				if (min >= 2) {
					sb.append("maxpool(2), ");
					min /= 2;
				}
				filters *= 2;
				blocks++;
			}
			while (min >= 8 && blocks < 5);
			sb.append("flatten, ");
		}
		sb.append("dense(128), relu, dense(").append(numClasses).append("), softmax");
		return sb.toString();
	}

	/** The architecture string of a built network; {@link #parse} gives the same graph back. */
	public static String format(final Network net) {
		final List<Network.Node> nodes = net.nodes();
		// labels: nodes read other than by the next node's first and only sequential input
		final Set<String> labelled = new HashSet<>();
		for (int i = 0; i < nodes.size(); i++) {
			final List<String> in = nodes.get(i).inputs();
			final String prev = i == 0 ? Network.INPUT : nodes.get(i - 1).name();
			final int implicit = implicitInputs(nodes.get(i), prev);
			for (int j = implicit; j < in.size(); j++)
				labelled.add(in.get(j));
		}
		// node names that cannot be written as labels (e.g. from a model file) get _index labels
		final java.util.Map<String, String> labels = new java.util.HashMap<>();
		labels.put(Network.INPUT, Network.INPUT);
		for (int i = 0; i < nodes.size(); i++) {
			final String name = nodes.get(i).name();
			labels.put(name, LABEL.matcher(name).matches() ? name : "_" + i);
		}
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < nodes.size(); i++) {
			final Network.Node nd = nodes.get(i);
			final String prev = i == 0 ? Network.INPUT : nodes.get(i - 1).name();
			if (i > 0) sb.append(", ");
			if (labelled.contains(nd.name())) sb.append(labels.get(nd.name())).append(':');
			final List<String> extra = new ArrayList<>();
			final List<String> in = nd.inputs();
			if (nd.layer().has(LayerKind.Capability.INPUTS_AS_ARGUMENTS)) {
				// the inputs as labels; the first is left out when it is the previous node of two
				for (int j = implicitInputs(nd, prev); j < in.size(); j++)
					extra.add(labels.get(in.get(j)));
			}
			else if (!in.get(0).equals(prev)) extra.add("in=" + labels.get(in.get(0)));
			sb.append(format(nd.layer(), extra));
		}
		return sb.toString();
	}

	/**
	 * How many of a node's inputs (0 or 1, from the first) architecture text leaves implicit: the
	 * previous node, as the first input of a single-input layer or of a pair written with one label.
	 */
	private static int implicitInputs(final Network.Node nd, final String prev) {
		final List<String> in = nd.inputs();
		if (!in.get(0).equals(prev)) return 0;
		if (!nd.layer().has(LayerKind.Capability.INPUTS_AS_ARGUMENTS)) return 1;
		return in.size() == 2 ? 1 : 0;
	}

	/** One layer as architecture text, e.g. {@code conv(32,3,pad=same)}. */
	public static String format(final Layer layer) {
		return format(layer, List.of());
	}

	private static String format(final Layer layer, final List<String> extra) {
		final List<String> args = new ArrayList<>();
		// labels of inputs are positional, so they come first; in= comes last
		final boolean labelsFirst = layer.has(LayerKind.Capability.INPUTS_AS_ARGUMENTS);
		if (labelsFirst) args.addAll(extra);
		layer.kind().formatAny(layer, args);
		if (!labelsFirst) args.addAll(extra);
		return args.isEmpty() ? layer.type() : layer.type() + "(" + String.join(",", args) + ")";
	}

	/**
	 * Appends {@code pad=} or {@code pads=} for these pads: {@code same}, nothing for {@code valid}
	 * or all zeros, else the resolved ones ({@code before}/{@code after}, null before building).
	 */
	static void padArgs(final Pads pads, final int[] before, final int[] after,
		final List<String> args)
	{
		if (pads.mode() == Pads.Mode.SAME) {
			args.add("pad=same");
			return;
		}
		if (pads.mode() == Pads.Mode.VALID) return;
		final int[] b = before != null ? before : pads.before(), e = after != null ? after : pads
			.after();
		if (Arrays.equals(b, e)) {
			if (Arrays.stream(b).allMatch(v -> v == 0)) return;
			args.add("pad=" + spatial(b));
		}
		else {
			final int[] all = Arrays.copyOf(b, b.length * 2);
			System.arraycopy(e, 0, all, b.length, e.length);
			args.add("pads=" + join(all));
		}
	}

	static boolean allOnes(final int[] v) {
		return v == null || Arrays.stream(v).allMatch(x -> x == 1);
	}

	static String spatial(final int[] v) {
		return Arrays.stream(v).allMatch(x -> x == v[0]) ? String.valueOf(v[0]) : join(v);
	}

	private static String join(final int[] v) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++)
			sb.append(i == 0 ? "" : "x").append(v[i]);
		return sb.toString();
	}

	private static void addItem(final Network.Builder b, final String text, final int numClasses) {
		if (text.isEmpty()) throw new IllegalArgumentException(
			"empty layer (two commas in a row, or a comma at the end?)");
		final Matcher m = ITEM.matcher(text);
		if (!m.matches()) throw new IllegalArgumentException("cannot read this as name(arguments)");
		final String label = m.group(1);
		final String type = m.group(2).toLowerCase(Locale.ROOT);
		final Args args = new Args(type, m.group(3) == null || m.group(3).isBlank() ? List.of() : split(m
			.group(3), ','), numClasses);
		final String in = args.string("in");
		final LayerKind<?> kind = LayerKinds.byType(type);
		if (kind == null) throw new IllegalArgumentException("unknown layer '" + m.group(2) +
			"'; known layers: " + String.join(", ", LayerKinds.types()));
		String[] inputs = in == null ? new String[0] : new String[] { in };
		if (kind.capabilities().contains(LayerKind.Capability.INPUTS_AS_ARGUMENTS)) {
			final int n = kind.numInputs();
			if (in != null) throw new IllegalArgumentException(type + " takes the labels to " + type +
				", e.g. " + type + "(a) or " + type + "(a, b), not in=");
			final List<String> refs = args.positional;
			if (n == 2 && (refs.isEmpty() || refs.size() > 2)) throw new IllegalArgumentException(type +
				" needs one or two labels: " + type + "(a) adds the output labelled a to the previous " +
				"layer's, " + type + "(a, b) adds two labelled outputs");
			if (n == 0 && refs.isEmpty()) throw new IllegalArgumentException(type + " needs labels: " +
				type + "(a) joins the previous layer's output and the one labelled a, " + type +
				"(a, b, c) joins those labelled outputs");
			for (final String r : refs)
				if (!b.has(r.trim()) && !Network.INPUT.equals(r.trim())) throw new IllegalArgumentException(
					"no layer labelled '" + r.trim() + "' before this point (label one with name:layer)");
			final List<String> all = new ArrayList<>();
			if (refs.size() == 1) all.add(b.last());
			for (final String r : refs)
				all.add(r.trim());
			inputs = all.toArray(new String[0]);
			refs.clear();
			args.inputCount = inputs.length;
		}
		final Layer layer = kind.parse(args);
		args.checkAllUsed();
		if (in != null && !b.has(in) && !Network.INPUT.equals(in)) throw new IllegalArgumentException(
			"no layer labelled '" + in + "' before this point (label one with name:layer)");
		b.add(label, layer, inputs);
	}

	/** Splits at top-level separators (outside parentheses and brackets). */
	static List<String> split(final String s, final char sep) {
		final List<String> parts = new ArrayList<>();
		int depth = 0, start = 0;
		for (int i = 0; i < s.length(); i++) {
			final char c = s.charAt(i);
			if (c == '(' || c == '[') depth++;
			else if (c == ')' || c == ']') {
				if (--depth < 0) throw new IllegalArgumentException("unbalanced ')' at character " + (i + 1) +
					" of '" + s + "'");
			}
			else if (c == sep && depth == 0) {
				parts.add(s.substring(start, i));
				start = i + 1;
			}
		}
		if (depth != 0) throw new IllegalArgumentException("unbalanced '(' in '" + s + "'");
		parts.add(s.substring(start));
		return parts;
	}

	/** Positional and keyword arguments of one layer, as its {@link LayerKind} reads them. */
	static final class Args {

		final String type;
		final int numClasses;
		/** For {@link LayerKind.Capability#INPUTS_AS_ARGUMENTS} kinds: the number of inputs given. */
		int inputCount = 1;
		final List<String> positional = new ArrayList<>();
		final Map<String, String> keyed = new LinkedHashMap<>();
		final Set<String> used = new HashSet<>();
		int positionalUsed;

		Args(final String type, final List<String> raw, final int numClasses) {
			this.type = type;
			this.numClasses = numClasses;
			for (final String r : raw) {
				final String t = r.trim();
				final int eq = t.indexOf('=');
				if (eq < 0) {
					if (!keyed.isEmpty()) throw new IllegalArgumentException("positional argument '" + t +
						"' after a key=value argument");
					if (t.isEmpty()) throw new IllegalArgumentException("empty argument");
					positional.add(t);
				}
				else {
					final String k = t.substring(0, eq).trim().toLowerCase(Locale.ROOT);
					if (keyed.put(k, t.substring(eq + 1).trim()) != null) throw new IllegalArgumentException(
						"argument " + k + " given twice");
				}
			}
		}

		void maxPositional(final int max, final String form) {
			if (positional.size() > max) throw new IllegalArgumentException(type + " takes at most " + max +
				" positional argument" + (max == 1 ? "" : "s") + " (" + form + "), got " + positional.size());
		}

		/** Positional {@code index} (if >= 0 and present) or key {@code key}; null if neither. */
		String raw(final int index, final String key) {
			final String k = keyed.get(key);
			used.add(key);
			if (index >= 0 && index < positional.size()) {
				if (k != null) throw new IllegalArgumentException(key + " given both by position and as " +
					key + "=");
				return positional.get(index);
			}
			return k;
		}

		String string(final String key) {
			used.add(key);
			return keyed.get(key);
		}

		/** A count >= 1 ({@code classes} for the class count). */
		int count(final int index, final String key, final String what) {
			final String v = raw(index, key);
			if (v == null) throw new IllegalArgumentException(type + " needs " + what + ", e.g. " + (type
				.equals("conv") ? "conv(32,3)" : "dense(128)"));
			if (v.equalsIgnoreCase("classes")) {
				if (numClasses < 1) throw new IllegalArgumentException(
					"'classes' used but the class count is not known");
				return numClasses;
			}
			final int n = parseInt(v, what);
			if (n < 1) throw new IllegalArgumentException(what + " must be >= 1, got " + n);
			return n;
		}

		int[] spatial(final int index, final String key, final int[] def, final String what) {
			final String v = raw(index, key);
			if (v == null) {
				if (def == null) throw new IllegalArgumentException(type + " needs " + what + ", e.g. " +
					type + (type.equals("conv") ? "(32,3)" : "(2)"));
				return def;
			}
			return spatialValue(v, what);
		}

		int[] spatialValue(final String v, final String what) {
			if (!SPATIAL.matcher(v).matches()) throw new IllegalArgumentException(what + " '" + v +
				"' must be a positive integer or one per axis like 3x5");
			final String[] parts = v.split("\\s*x\\s*");
			final int[] r = new int[parts.length];
			for (int i = 0; i < parts.length; i++) {
				r[i] = parseInt(parts[i], what);
				if (r[i] < 1 && !what.startsWith("pad")) throw new IllegalArgumentException(what +
					" must be >= 1, got " + v);
			}
			if (r.length > 3) throw new IllegalArgumentException(what + " '" + v +
				"' has more than 3 values");
			return r;
		}

		Pads pads() {
			final String pad = string("pad");
			final String pads = string("pads");
			if (pad != null && pads != null) throw new IllegalArgumentException(
				"give pad= or pads=, not both");
			if (pads != null) {
				if (!SPATIAL.matcher(pads).matches()) throw new IllegalArgumentException("pads '" + pads +
					"' must be befores then afters joined by x, e.g. 0x0x1x1");
				final String[] parts = pads.split("\\s*x\\s*");
				if (parts.length % 2 != 0 || parts.length > 6) throw new IllegalArgumentException("pads '" +
					pads + "' needs 2, 4 or 6 values (befores then afters)");
				final int h = parts.length / 2;
				final int[] b = new int[h], a = new int[h];
				for (int i = 0; i < h; i++) {
					b[i] = parseInt(parts[i], "pads");
					a[i] = parseInt(parts[h + i], "pads");
				}
				return Pads.explicit(b, a);
			}
			if (pad == null || pad.equalsIgnoreCase("valid")) return Pads.valid();
			if (pad.equalsIgnoreCase("same")) return Pads.same();
			if (!SPATIAL.matcher(pad).matches()) throw new IllegalArgumentException("pad '" + pad +
				"' must be same, valid, a number of cells or one per axis like 1x2");
			return Pads.of(spatialValue(pad, "pad"));
		}

		boolean bool(final String key, final boolean def) {
			final String v = string(key);
			if (v == null) return def;
			if (v.equalsIgnoreCase("true")) return true;
			if (v.equalsIgnoreCase("false")) return false;
			throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
		}

		float number(final int index, final String key, final float def) {
			final String v = raw(index, key);
			if (v == null) return def;
			try {
				final float f = Float.parseFloat(v);
				if (!Float.isFinite(f)) throw new NumberFormatException();
				if (key.equals("rate") && !(f >= 0 && f < 1)) throw new IllegalArgumentException(
					"dropout rate must be in [0, 1), got " + v);
				return f;
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
			}
		}

		void checkAllUsed() {
			for (final String k : keyed.keySet())
				if (!used.contains(k)) throw new IllegalArgumentException(type + " has no argument " + k +
					"=" + (keyedNames().isEmpty() ? "" : "; it takes " + keyedNames()));
		}

		private String keyedNames() {
			final List<String> names = new ArrayList<>(used);
			names.sort(null);
			return String.join(", ", names);
		}

		private static int parseInt(final String v, final String what) {
			try {
				return Integer.parseInt(v.trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(what + " must be an integer, got '" + v + "'", e);
			}
		}
	}
}
