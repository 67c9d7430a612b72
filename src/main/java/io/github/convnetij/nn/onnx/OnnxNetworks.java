package io.github.convnetij.nn.onnx;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Layer;
import io.github.convnetij.nn.Layers;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Pads;
import io.github.convnetij.nn.Parameter;

/**
 * Converts between a {@link Network} and an ONNX graph (opset 13, IR version 7).
 * <p>
 * Export maps each node to one ONNX node of the same name whose output value has that name too;
 * the graph input is {@code input} ({@code [N, C, H, W]} with a symbolic batch size {@code N});
 * parameters and buffers become initializers named {@code node.role} ({@code conv1.weight},
 * {@code bn1.running_mean}). Layers map to: conv &rarr; Conv (explicit {@code pads}), relu &rarr;
 * Relu, leakyrelu &rarr; LeakyRelu, maxpool &rarr; MaxPool, avgpool &rarr; AveragePool
 * ({@code count_include_pad=0}), globalavgpool &rarr; GlobalAveragePool, batchnorm &rarr;
 * BatchNormalization (ONNX's momentum is 1 - ours), dropout &rarr; Dropout (ratio as an
 * initializer), flatten &rarr; Flatten, dense &rarr; Gemm ({@code transB=1}), softmax &rarr;
 * Softmax, add &rarr; Add.
 * <p>
 * Import accepts those operators as other tools write them too (PyTorch's exporter, ONNX's own test
 * models): any node names, older opsets, {@code auto_pad}, Gemm with {@code transB=0} or scaling
 * factors, Reshape to {@code [N, -1]} (a flatten), Identity and Constant nodes. Weights must be
 * initializers (or Constant nodes). Anything else is refused with a message naming the node, the
 * operator and what is not supported.
 * <pre>{@code
 * OnnxModel m = OnnxNetworks.toOnnx(net, Map.of("convnet.architecture", net.architecture()), List.of());
 * Network back = OnnxNetworks.toNetwork(m, null);   // input shape from the graph input
 * }</pre>
 */
public final class OnnxNetworks {

	/** The IR version written. */
	public static final long IR_VERSION = 7;
	/** The version of the default ONNX operator set written. */
	public static final long OPSET = 13;

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
	private static final List<String> SUPPORTED = List.of("Conv", "Relu", "LeakyRelu", "MaxPool",
		"AveragePool", "GlobalAveragePool", "BatchNormalization", "Dropout", "Flatten", "Reshape",
		"Gemm", "Softmax", "Add", "Identity", "Constant");

	private OnnxNetworks() {}

	// ---------------------------------------------------------------- export

	/**
	 * The ONNX model of a network.
	 *
	 * @param metadata {@code metadata_props}, in order
	 * @param extraInitializers tensors stored with the weights but read by no node (e.g. a
	 *          checkpoint's optimizer state); their names must not clash with the network's
	 * @throws IllegalArgumentException for a layer type without an ONNX mapping or clashing names
	 */
	public static OnnxModel toOnnx(final Network net, final Map<String, String> metadata,
		final List<OnnxTensor> extraInitializers)
	{
		final List<OnnxNode> nodes = new ArrayList<>();
		final List<OnnxTensor> init = new ArrayList<>();
		final List<OnnxValueInfo> info = new ArrayList<>();
		final Set<String> names = new HashSet<>();
		names.add(Network.INPUT);
		final List<Network.Node> netNodes = net.nodes();
		for (int i = 0; i < netNodes.size(); i++) {
			final Network.Node nd = netNodes.get(i);
			final Layer l = nd.layer();
			final Map<String, Object> a = l.attributes();
			final String name = nd.name();
			final List<String> in = new ArrayList<>(nd.inputs());
			final List<OnnxAttribute> attrs = new ArrayList<>();
			final String op;
			switch (l.type()) {
				case "conv" -> {
					op = "Conv";
					in.add(l.parameter("weight").name());
					if (l.parameter("bias") != null) in.add(l.parameter("bias").name());
					attrs.add(OnnxAttribute.ofInts("dilations", (int[]) a.get("dilation")));
					attrs.add(OnnxAttribute.of("group", 1L));
					attrs.add(OnnxAttribute.ofInts("kernel_shape", (int[]) a.get("kernel")));
					attrs.add(OnnxAttribute.ofInts("pads", concat((int[]) a.get("pads_before"), (int[]) a
						.get("pads_after"))));
					attrs.add(OnnxAttribute.ofInts("strides", (int[]) a.get("stride")));
				}
				case "maxpool", "avgpool" -> {
					final boolean max = l.type().equals("maxpool");
					op = max ? "MaxPool" : "AveragePool";
					attrs.add(OnnxAttribute.of("ceil_mode", Boolean.TRUE.equals(a.get("ceil")) ? 1L : 0L));
					if (!max) attrs.add(OnnxAttribute.of("count_include_pad", 0L));
					attrs.add(OnnxAttribute.ofInts("kernel_shape", (int[]) a.get("window")));
					attrs.add(OnnxAttribute.ofInts("pads", concat((int[]) a.get("pads_before"), (int[]) a
						.get("pads_after"))));
					attrs.add(OnnxAttribute.ofInts("strides", (int[]) a.get("stride")));
				}
				case "globalavgpool" -> op = "GlobalAveragePool";
				case "relu" -> op = "Relu";
				case "leakyrelu" -> {
					op = "LeakyRelu";
					attrs.add(OnnxAttribute.of("alpha", (Float) a.get("alpha")));
				}
				case "batchnorm" -> {
					op = "BatchNormalization";
					for (final String role : new String[] { "weight", "bias", "running_mean", "running_var" })
						in.add(l.parameter(role).name());
					attrs.add(OnnxAttribute.of("epsilon", (Float) a.get("epsilon")));
					attrs.add(OnnxAttribute.of("momentum", (float) (1 - (double) (Float) a.get(
						"momentum"))));
				}
				case "dropout" -> {
					op = "Dropout";
					final String ratio = name + ".ratio";
					init.add(OnnxTensor.ofFloats(ratio, new float[] { (Float) a.get("rate") }, new long[0]));
					checkFree(names, ratio);
					in.add(ratio);
				}
				case "flatten" -> {
					op = "Flatten";
					attrs.add(OnnxAttribute.of("axis", 1L));
				}
				case "dense" -> {
					op = "Gemm";
					in.add(l.parameter("weight").name());
					if (l.parameter("bias") != null) in.add(l.parameter("bias").name());
					attrs.add(OnnxAttribute.of("transB", 1L));
				}
				case "softmax" -> {
					op = "Softmax";
					attrs.add(OnnxAttribute.of("axis", 1L));
				}
				case "add" -> op = "Add";
				default -> throw new IllegalArgumentException("node '" + name + "': layer type " + l
					.type() + " has no ONNX mapping");
			}
			checkFree(names, name);
			for (final Parameter p : l.parameters()) {
				checkFree(names, p.name());
				init.add(OnnxTensor.ofFloats(p.name(), p.value().data(), p.value().shape()));
			}
			for (final Parameter p : l.buffers()) {
				checkFree(names, p.name());
				init.add(OnnxTensor.ofFloats(p.name(), p.value().data(), p.value().shape()));
			}
			nodes.add(new OnnxNode(name, op, in, List.of(name), attrs));
			if (i < netNodes.size() - 1) info.add(batched(name, nd.outputShape()));
		}
		for (final OnnxTensor t : extraInitializers) {
			checkFree(names, t.name());
			init.add(t);
		}
		final Network.Node last = netNodes.get(netNodes.size() - 1);
		final OnnxGraph g = new OnnxGraph("convnet", nodes, init, List.of(batched(Network.INPUT, net
			.inputShape())), List.of(batched(last.name(), last.outputShape())), info, "");
		final String version = OnnxNetworks.class.getPackage().getImplementationVersion();
		return new OnnxModel(IR_VERSION, List.of(new OnnxModel.OpsetId("", OPSET)), "ConvNet-IJ",
			version == null ? "dev" : version, "", 0, "", g, metadata);
	}

	private static void checkFree(final Set<String> names, final String name) {
		if (!names.add(name)) throw new IllegalArgumentException("the ONNX value name '" + name +
			"' would be used twice: rename the node");
	}

	private static OnnxValueInfo batched(final String name, final int[] shape) {
		final Object[] dims = new Object[shape.length + 1];
		dims[0] = "N";
		for (int i = 0; i < shape.length; i++)
			dims[i + 1] = shape[i];
		return OnnxValueInfo.tensor(name, OnnxTensor.FLOAT, dims);
	}

	private static int[] concat(final int[] a, final int[] b) {
		final int[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	// ---------------------------------------------------------------- import

	/**
	 * The network of an ONNX model, with its weights.
	 *
	 * @param inputShape the per-sample input shape ({@code [C, H, W]}), or null to take it from the
	 *          graph input (which then must give every dimension but the first)
	 * @throws IllegalArgumentException for an operator or attribute that has no equivalent here, a
	 *           weight that is not a constant, more than one data input or output, or shapes that do
	 *           not fit — naming the node
	 */
	public static Network toNetwork(final OnnxModel model, final int[] inputShape) {
		return new Importer(model).run(inputShape);
	}

	/**
	 * The initializers of a model that no node reads (e.g. a checkpoint's optimizer state), by
	 * name.
	 */
	public static Map<String, OnnxTensor> unusedInitializers(final OnnxModel model) {
		final Set<String> used = new HashSet<>();
		for (final OnnxNode n : model.graph().nodes())
			used.addAll(n.inputs());
		for (final OnnxValueInfo v : model.graph().outputs())
			used.add(v.name());
		final Map<String, OnnxTensor> out = new LinkedHashMap<>();
		for (final OnnxTensor t : model.graph().initializers())
			if (!used.contains(t.name())) out.put(t.name(), t);
		return out;
	}

	/** A tensor to copy into a parameter after the network is built. */
	private record Weight(float[] data, int[] shape, String source) {}

	private static final class Importer {

		private final OnnxModel model;
		private final OnnxGraph graph;
		private final long opset;
		private final Map<String, OnnxTensor> constants = new HashMap<>();
		/** ONNX value name to our node name ({@link Network#INPUT} for the data input). */
		private final Map<String, String> values = new HashMap<>();
		private final Map<String, Map<String, Weight>> weights = new LinkedHashMap<>();
		private final Set<String> names = new HashSet<>();
		private final Map<String, Integer> counters = new HashMap<>();
		private Network.Builder b;
		private OnnxNode node;

		Importer(final OnnxModel model) {
			this.model = model;
			this.graph = model.graph();
			final long v = model.opsetVersion();
			this.opset = v > 0 ? v : OPSET;
			for (final OnnxTensor t : graph.initializers())
				constants.put(t.name(), t);
		}

		Network run(final int[] givenShape) {
			final List<OnnxValueInfo> dataInputs = new ArrayList<>();
			for (final OnnxValueInfo v : graph.inputs())
				if (!constants.containsKey(v.name())) dataInputs.add(v);
			if (dataInputs.size() != 1) throw new IllegalArgumentException("the graph has " + dataInputs
				.size() + " data inputs " + names(dataInputs) + ": a network here has exactly one");
			final OnnxValueInfo in = dataInputs.get(0);
			final int[] shape = givenShape != null ? givenShape.clone() : inputShape(in);
			b = Network.builder(shape);
			values.put(in.name(), Network.INPUT);
			names.add(Network.INPUT);
			for (final OnnxNode n : graph.nodes()) {
				node = n;
				try {
					convert();
				}
				catch (final IllegalArgumentException e) {
					throw new IllegalArgumentException(where() + ": " + e.getMessage(), e);
				}
			}
			node = null;
			if (graph.outputs().size() != 1) throw new IllegalArgumentException("the graph has " + graph
				.outputs().size() + " outputs " + names(graph.outputs()) + ": a network here has exactly one");
			final String out = graph.outputs().get(0).name();
			final String last = values.get(out);
			if (last == null || last.equals(Network.INPUT) || !last.equals(b.last()))
				throw new IllegalArgumentException("the graph output '" + out + "' is not computed by the " +
					"last supported node");
			final Network net = b.build();
			for (final Map.Entry<String, Map<String, Weight>> e : weights.entrySet()) {
				final Layer l = net.node(e.getKey()).layer();
				for (final Map.Entry<String, Weight> w : e.getValue().entrySet()) {
					final Parameter p = l.parameter(w.getKey());
					final Weight v = w.getValue();
					if (!Arrays.equals(p.value().shape(), v.shape)) throw new IllegalArgumentException("node '" +
						e.getKey() + "': " + v.source + " has shape " + Arrays.toString(v.shape) +
						" but the layer needs " + Arrays.toString(p.value().shape()) + " for its " + w.getKey() +
						" (from its input shape " + Arrays.toString(l.inputShape(0)) + ")");
					System.arraycopy(v.data, 0, p.value().data(), 0, v.data.length);
				}
			}
			return net;
		}

		private static String names(final List<OnnxValueInfo> vs) {
			final List<String> n = new ArrayList<>();
			for (final OnnxValueInfo v : vs)
				n.add(v.name());
			return n.toString();
		}

		private static int[] inputShape(final OnnxValueInfo in) {
			final List<OnnxValueInfo.Dim> dims = in.shape();
			if (dims == null || dims.size() < 2) throw new IllegalArgumentException("the graph input '" +
				in.name() + "' has " + (dims == null ? "no shape" : "shape " + dims) +
				": expected [N, C, ...]; give the input shape");
			final int[] s = new int[dims.size() - 1];
			for (int i = 1; i < dims.size(); i++) {
				if (!dims.get(i).isValue()) throw new IllegalArgumentException("the graph input '" + in
					.name() + "' has shape " + dims + " with an unknown dimension " + i +
					": give the input shape");
				s[i - 1] = Math.toIntExact(dims.get(i).value());
			}
			return s;
		}

		private String where() {
			return "ONNX node " + (node.name().isEmpty() ? "#" + (graph.nodes().indexOf(node) + 1) :
				"'" + node.name() + "'") + " (" + node.opType() + ")";
		}

		private void convert() {
			if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx"))
				throw new IllegalArgumentException("operators of domain '" + node.domain() +
					"' are not supported");
			switch (node.opType()) {
				case "Constant" -> {
					final OnnxAttribute v = node.attribute("value");
					if (v == null || v.type() != OnnxAttribute.Type.TENSOR) throw new IllegalArgumentException(
						"only Constant nodes with a tensor 'value' are supported");
					constants.put(node.outputs().get(0), v.t());
					return;
				}
				case "Identity" -> {
					values.put(node.outputs().get(0), data(0));
					return;
				}
				case "Conv" -> conv();
				case "Relu" -> add(Layers.relu(), data(0));
				case "LeakyRelu" -> add(Layers.leakyRelu(floatAttr("alpha", 0.01f)), data(0));
				case "MaxPool", "AveragePool" -> pool();
				case "GlobalAveragePool" -> add(Layers.globalAvgPool(), data(0));
				case "BatchNormalization" -> batchNorm();
				case "Dropout" -> dropout();
				case "Flatten" -> flatten();
				case "Reshape" -> reshape();
				case "Gemm" -> gemm();
				case "Softmax" -> softmax();
				case "Add" -> {
					if (node.inputs().size() != 2 || isConstant(0) || isConstant(1))
						throw new IllegalArgumentException("only Add of two computed values (a residual " +
							"connection) is supported, not of a constant");
					add(Layers.add(), data(0), data(1));
				}
				default -> throw new IllegalArgumentException("operator " + node.opType() +
					" is not supported; supported: " + String.join(", ", SUPPORTED));
			}
			for (int k = 1; k < node.outputs().size(); k++)
				if (!node.outputs().get(k).isEmpty() && isRead(node.outputs().get(k)))
					throw new IllegalArgumentException("output " + k + " ('" + node.outputs().get(k) +
						"') is read by another node, which is not supported");
		}

		private boolean isRead(final String value) {
			for (final OnnxNode n : graph.nodes())
				if (n.inputs().contains(value)) return true;
			for (final OnnxValueInfo v : graph.outputs())
				if (v.name().equals(value)) return true;
			return false;
		}

		/** Adds a layer reading these nodes; returns our node name. */
		private String add(final Layer layer, final String... inputs) {
			final String name = freshName(layer.type());
			b.add(name, layer, inputs);
			values.put(node.outputs().get(0), name);
			return name;
		}

		private String freshName(final String type) {
			String n = !node.name().isEmpty() ? node.name() : node.outputs().get(0);
			if (!NAME.matcher(n).matches() || names.contains(n)) {
				int k = counters.getOrDefault(type, 0);
				do
					n = type + ++k;
				while (names.contains(n) || hasNodeNamed(n));
				counters.put(type, k);
			}
			names.add(n);
			return n;
		}

		private boolean hasNodeNamed(final String n) {
			for (final OnnxNode o : graph.nodes())
				if (o.name().equals(n) || o.outputs().contains(n)) return true;
			return false;
		}

		private void weight(final String nodeName, final String role, final float[] data,
			final int[] shape, final String source)
		{
			weights.computeIfAbsent(nodeName, k -> new LinkedHashMap<>()).put(role, new Weight(data,
				shape, source));
		}

		private void weight(final String nodeName, final String role, final OnnxTensor t) {
			weight(nodeName, role, t.toFloats(), t.shape(), "'" + t.name() + "'");
		}

		/** Our node name for data input k. */
		private String data(final int k) {
			final String v = input(k);
			if (v == null) throw new IllegalArgumentException("input " + k + " is missing");
			if (constants.containsKey(v)) throw new IllegalArgumentException("input " + k + " ('" + v +
				"') is a constant; only computed values are supported there");
			final String n = values.get(v);
			if (n == null) throw new IllegalArgumentException("input " + k + " ('" + v +
				"') is not computed by a supported node before it");
			return n;
		}

		private String input(final int k) {
			return k < node.inputs().size() && !node.inputs().get(k).isEmpty() ? node.inputs().get(k) :
				null;
		}

		private boolean isConstant(final int k) {
			final String v = input(k);
			return v != null && constants.containsKey(v);
		}

		/** Constant input k, or null when it is omitted. */
		private OnnxTensor constant(final int k, final String what) {
			final String v = input(k);
			if (v == null) return null;
			final OnnxTensor t = constants.get(v);
			if (t == null) throw new IllegalArgumentException(what + " (input " + k + ", '" + v +
				"') must be a constant (an initializer)");
			return t;
		}

		private float floatAttr(final String name, final float def) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? def : a.f();
		}

		private long intAttr(final String name, final long def) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? def : a.i();
		}

		private int[] intsAttr(final String name, final int[] def) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? def : a.intArray();
		}

		private static int[] filled(final int n, final int v) {
			final int[] a = new int[n];
			Arrays.fill(a, v);
			return a;
		}

		private static boolean allOnes(final int[] a) {
			for (final int v : a)
				if (v != 1) return false;
			return true;
		}

		/** Pads from auto_pad or pads for an input of spatial extents {@code in}. */
		private Pads pads(final int[] in, final int[] kernel, final int[] stride, final int[] dilation) {
			final int r = in.length;
			final OnnxAttribute auto = node.attribute("auto_pad");
			final String mode = auto == null ? "NOTSET" : auto.s();
			switch (mode) {
				case "NOTSET": {
					final int[] p = intsAttr("pads", filled(2 * r, 0));
					if (p.length != 2 * r) throw new IllegalArgumentException("pads " + Arrays.toString(p) +
						" need " + 2 * r + " values for " + r + " spatial axes");
					return Pads.explicit(Arrays.copyOfRange(p, 0, r), Arrays.copyOfRange(p, r, 2 * r));
				}
				case "VALID":
					return Pads.valid();
				case "SAME_UPPER":
					return Pads.same();
				case "SAME_LOWER": {
					final int[] before = new int[r], after = new int[r];
					for (int i = 0; i < r; i++) {
						final int out = (in[i] + stride[i] - 1) / stride[i];
						final int total = Math.max(0, (out - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 -
							in[i]);
						after[i] = total / 2;
						before[i] = total - after[i];
					}
					return Pads.explicit(before, after);
				}
				default:
					throw new IllegalArgumentException("auto_pad '" + mode + "' is not known");
			}
		}

		private int[] spatial(final String input) {
			final int[] s = b.shape(input);
			if (s.length < 2) throw new IllegalArgumentException("needs an input [N, C, spatial...], " +
				"got per-sample shape " + Arrays.toString(s));
			return Arrays.copyOfRange(s, 1, s.length);
		}

		private void conv() {
			final String x = data(0);
			final OnnxTensor w = constant(1, "the weight");
			if (w == null) throw new IllegalArgumentException("the weight (input 1) is missing");
			final OnnxTensor bias = constant(2, "the bias");
			if (intAttr("group", 1) != 1) throw new IllegalArgumentException("group=" + intAttr("group",
				1) + " is not supported (only 1)");
			final int[] in = spatial(x);
			final int r = in.length;
			final int[] ws = w.shape();
			if (ws.length != r + 2) throw new IllegalArgumentException("weight '" + w.name() +
				"' has shape " + Arrays.toString(ws) + ", expected " + (r + 2) + " dimensions [out, in, " +
				"kernel...] for " + r + " spatial axes");
			final int[] kernel = Arrays.copyOfRange(ws, 2, ws.length);
			final int[] k = intsAttr("kernel_shape", kernel);
			if (!Arrays.equals(k, kernel)) throw new IllegalArgumentException("kernel_shape " + Arrays
				.toString(k) + " does not match the weight shape " + Arrays.toString(ws));
			final int[] stride = intsAttr("strides", filled(r, 1));
			final int[] dilation = intsAttr("dilations", filled(r, 1));
			final String name = add(Layers.conv(ws[0], kernel, stride, pads(in, kernel, stride,
				dilation), dilation, bias != null), x);
			weight(name, "weight", w);
			if (bias != null) weight(name, "bias", bias);
		}

		private void pool() {
			final boolean max = node.opType().equals("MaxPool");
			final String x = data(0);
			final int[] in = spatial(x);
			final int r = in.length;
			final int[] window = intsAttr("kernel_shape", null);
			if (window == null) throw new IllegalArgumentException("kernel_shape is missing");
			final int[] stride = intsAttr("strides", filled(r, 1));
			final int[] dilation = intsAttr("dilations", filled(r, 1));
			if (!allOnes(dilation)) throw new IllegalArgumentException("dilations " + Arrays.toString(
				dilation) + " are not supported (only 1)");
			final Pads pads = pads(in, window, stride, dilation);
			final boolean ceil = intAttr("ceil_mode", 0) != 0;
			if (!max && intAttr("count_include_pad", 0) != 0) {
				final boolean padded = pads.mode() == Pads.Mode.SAME || pads.mode() == Pads.Mode.EXPLICIT &&
					(Arrays.stream(pads.before()).anyMatch(v -> v > 0) || Arrays.stream(pads.after()).anyMatch(
						v -> v > 0));
				if (padded || ceil) throw new IllegalArgumentException("count_include_pad=1 with padding " +
					"is not supported (the average is over the cells inside the image only)");
			}
			add(max ? Layers.maxPool(window, stride, pads, ceil) : Layers.avgPool(window, stride, pads,
				ceil), x);
		}

		private void batchNorm() {
			if (intAttr("training_mode", 0) != 0) throw new IllegalArgumentException(
				"training_mode=1 is not supported: export the model in inference mode");
			final String x = data(0);
			final OnnxTensor scale = constant(1, "the scale"), bias = constant(2, "the bias"),
				mean = constant(3, "the mean"), var = constant(4, "the variance");
			if (scale == null || bias == null || mean == null || var == null)
				throw new IllegalArgumentException("needs scale, bias, mean and variance inputs");
			final float onnxMomentum = floatAttr("momentum", 0.9f);
			final String name = add(Layers.batchNorm(floatAttr("epsilon", 1e-5f), ourMomentum(
				onnxMomentum)), x);
			weight(name, "weight", scale);
			weight(name, "bias", bias);
			weight(name, "running_mean", mean);
			weight(name, "running_var", var);
		}

		private void dropout() {
			final String x = data(0);
			float rate = floatAttr("ratio", 0.5f);
			if (opset >= 12) {
				final OnnxTensor ratio = constant(1, "the ratio");
				rate = ratio == null ? 0.5f : ratio.toFloats()[0];
			}
			add(Layers.dropout(rate), x);
		}

		private void flatten() {
			final String x = data(0);
			final int rank = b.shape(x).length + 1;
			long axis = intAttr("axis", 1);
			if (axis < 0) axis += rank;
			if (axis != 1) throw new IllegalArgumentException("axis " + intAttr("axis", 1) +
				" is not supported: only axis 1 (keep the batch axis, flatten the rest)");
			add(Layers.flatten(), x);
		}

		private void reshape() {
			final String x = data(0);
			final OnnxTensor shape = constant(1, "the shape");
			final long[] s = shape == null ? null : shape.toLongs();
			long features = 1;
			for (final int v : b.shape(x))
				features *= v;
			if (s == null || s.length != 2 || s[0] < -1 || !(s[1] == -1 || s[1] == features) || s[0] ==
				-1 && s[1] == -1) throw new IllegalArgumentException("only a Reshape to [N, -1] or [N, " +
					features + "] (a flatten) is supported, not " + (s == null ? "?" : Arrays.toString(s)));
			add(Layers.flatten(), x);
		}

		private void gemm() {
			final String x = data(0);
			final int[] in = b.shape(x);
			if (in.length != 1) throw new IllegalArgumentException("needs a flat input [N, F], got " +
				"per-sample shape " + Arrays.toString(in));
			if (intAttr("transA", 0) != 0) throw new IllegalArgumentException(
				"transA=1 is not supported");
			final OnnxTensor w = constant(1, "B (the weight)");
			if (w == null || w.dims().length != 2) throw new IllegalArgumentException(
				"B (the weight) must be a constant matrix");
			final boolean transB = intAttr("transB", 0) != 0;
			final int[] ws = w.shape();
			final int units = transB ? ws[0] : ws[1], inF = transB ? ws[1] : ws[0];
			final float alpha = floatAttr("alpha", 1f), beta = floatAttr("beta", 1f);
			float[] wd = w.toFloats();
			if (!transB) {
				final float[] t = new float[wd.length];
				for (int i = 0; i < inF; i++)
					for (int j = 0; j < units; j++)
						t[j * inF + i] = wd[i * units + j];
				wd = t;
			}
			if (alpha != 1f) for (int i = 0; i < wd.length; i++)
				wd[i] *= alpha;
			final OnnxTensor c = constant(2, "C (the bias)");
			float[] bias = null;
			if (c != null && beta != 0f) {
				final float[] cd = c.toFloats();
				final long[] cs = c.dims();
				if (cd.length == units && (cs.length == 1 || cs.length == 2 && cs[0] == 1)) bias = cd;
				else if (cd.length == 1) {
					bias = new float[units];
					Arrays.fill(bias, cd[0]);
				}
				else throw new IllegalArgumentException("C (the bias) of shape " + Arrays.toString(cs) +
					" is not supported: expected [" + units + "], [1, " + units + "] or a scalar");
				if (beta != 1f) for (int i = 0; i < bias.length; i++)
					bias[i] *= beta;
			}
			final String name = add(Layers.dense(units, bias != null), x);
			weight(name, "weight", wd, new int[] { units, inF }, "'" + w.name() + "'" + (transB ? "" :
				" (transposed)"));
			if (bias != null) weight(name, "bias", bias, new int[] { units }, "'" + c.name() + "'");
		}

		private void softmax() {
			final String x = data(0);
			final int[] in = b.shape(x);
			long axis = intAttr("axis", opset >= 13 ? -1 : 1);
			if (axis < 0) axis += in.length + 1;
			if (in.length != 1 || axis != 1) throw new IllegalArgumentException("only a softmax over " +
				"the features of [N, F] is supported, not over axis " + intAttr("axis", opset >= 13 ? -1 :
					1) + " of per-sample shape " + Arrays.toString(in));
			add(Layers.softmax(), x);
		}
	}

	/**
	 * Our (PyTorch's) batch-norm momentum from ONNX's, {@code 1 - m}, rounded to 6 significant
	 * digits so that a float written as {@code 1 - 0.1f} reads back as {@code 0.1f}.
	 */
	static float ourMomentum(final float onnxMomentum) {
		final double m = 1 - (double) onnxMomentum;
		if (m <= 0 || m >= 1) return (float) m;
		return new BigDecimal(m).round(new MathContext(6)).floatValue();
	}

	/** A tensor of ours as an ONNX float tensor. */
	public static OnnxTensor tensor(final String name, final Tensor t) {
		return OnnxTensor.ofFloats(name, t.data(), t.shape());
	}
}
