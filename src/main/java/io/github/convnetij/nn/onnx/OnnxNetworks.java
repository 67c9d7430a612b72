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
import io.github.convnetij.nn.LayerKind;
import io.github.convnetij.nn.LayerKinds;
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
 * {@code bn1.running_mean}). Each {@link LayerKind} gives its mapping both ways ({@link
 * LayerKind#export}, {@link LayerKind#fromOnnx}); this class does the graph around it. Layers map
 * to: conv &rarr; Conv (explicit {@code pads}), relu &rarr;
 * Relu, leakyrelu &rarr; LeakyRelu, maxpool &rarr; MaxPool, avgpool &rarr; AveragePool
 * ({@code count_include_pad=0}), globalavgpool &rarr; GlobalAveragePool, batchnorm &rarr;
 * BatchNormalization (ONNX's momentum is 1 - ours), dropout &rarr; Dropout (ratio as an
 * initializer), flatten &rarr; Flatten, dense &rarr; Gemm ({@code transB=1}), softmax &rarr;
 * Softmax, add &rarr; Add.
 * <p>
 * Import accepts those operators as other tools write them too (PyTorch's exporter, ONNX's own test
 * models): any node names, older opsets, {@code auto_pad}, Gemm with {@code transB=0} or scaling
 * factors, Reshape to {@code [N, -1]} (a flatten), Identity and Constant nodes. Weights must be
 * initializers (or Constant nodes). The shape operators exporters emit (Shape, Gather, Unsqueeze,
 * Squeeze, Cast, Slice, ConstantOfShape, Concat, Reshape, Transpose and integer arithmetic on
 * constants) are evaluated at load time ({@code ConstantFolding}): the batch size stays symbolic,
 * and may only end as the leading entry of a Reshape target. In models of other tools, an
 * inference-mode BatchNormalization right after a Conv is folded into the Conv's weights ({@code
 * ConvBatchNormFusion}). A graph with operators no kind reads is refused before anything
 * is built, with one message listing each such operator type and its nodes; anything else that does
 * not fit is refused with a message naming the node, the operator and what is not supported.
 * <pre>{@code
 * OnnxModel m = OnnxNetworks.toOnnx(net, Map.of("convnet.architecture", net.architecture()), List.of());
 * Network back = OnnxNetworks.toNetwork(m, null);   // input shape from the graph input
 * }</pre>
 */
public final class OnnxNetworks {

	/** The IR version written. */
	public static final long IR_VERSION = 7;
	/** The {@code producer_name} written. */
	public static final String PRODUCER = "ConvNet-IJ";
	/** The version of the default ONNX operator set written. */
	public static final long OPSET = 13;

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
	/** The operators read: those of the layer kinds, then the graph-level Identity and Constant. */
	private static final List<String> SUPPORTED;

	static {
		final List<String> ops = new ArrayList<>(LayerKinds.onnxOps());
		ops.add("Identity");
		ops.add("Constant");
		for (final String op : new java.util.TreeSet<>(ConstantFolding.OPS))
			if (!ops.contains(op)) ops.add(op);
		SUPPORTED = List.copyOf(ops);
	}

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
			final String name = nd.name();
			final List<String> in = new ArrayList<>(nd.inputs());
			final List<OnnxAttribute> attrs = new ArrayList<>();
			final LayerKind<?> kind = l.kind();
			if (kind.onnxOps().isEmpty()) throw new IllegalArgumentException("node '" + name +
				"': layer type " + l.type() + " has no ONNX mapping");
			final String[] op = { kind.onnxOps().get(0) };
			kind.export(l, new LayerKind.OnnxExport() {

				@Override
				public String name() {
					return name;
				}

				@Override
				public void opType(final String opType) {
					op[0] = opType;
				}

				@Override
				public String dataInput(final int k) {
					return nd.inputs().get(k);
				}

				@Override
				public void replaceInputs(final List<String> values) {
					in.clear();
					in.addAll(values);
				}

				@Override
				public void input(final String value) {
					in.add(value);
				}

				@Override
				public void constant(final String value, final float[] values, final int... shape) {
					init.add(OnnxTensor.ofFloats(value, values, shape));
					checkFree(names, value);
					in.add(value);
				}

				@Override
				public void constantLongs(final String value, final long[] values, final int... shape) {
					final long[] dims = new long[shape.length];
					for (int d = 0; d < shape.length; d++)
						dims[d] = shape[d];
					init.add(OnnxTensor.ofLongs(value, values, dims));
					checkFree(names, value);
					in.add(value);
				}

				@Override
				public void attribute(final String key, final long value) {
					attrs.add(OnnxAttribute.of(key, value));
				}

				@Override
				public void attribute(final String key, final float value) {
					attrs.add(OnnxAttribute.of(key, value));
				}

				@Override
				public void attribute(final String key, final int[] values) {
					attrs.add(OnnxAttribute.ofInts(key, values));
				}

				@Override
				public void attribute(final String key, final String value) {
					attrs.add(OnnxAttribute.of(key, value));
				}
			});
			checkFree(names, name);
			for (final Parameter p : l.parameters()) {
				checkFree(names, p.name());
				init.add(OnnxTensor.ofFloats(p.name(), p.value().data(), p.value().shape()));
			}
			for (final Parameter p : l.buffers()) {
				checkFree(names, p.name());
				init.add(OnnxTensor.ofFloats(p.name(), p.value().data(), p.value().shape()));
			}
			nodes.add(new OnnxNode(name, op[0], in, List.of(name), attrs));
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
		return new OnnxModel(IR_VERSION, List.of(new OnnxModel.OpsetId("", OPSET)), PRODUCER,
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
		return toNetwork(model, inputShape, !PRODUCER.equals(model.producerName()));
	}

	/**
	 * {@link #toNetwork(OnnxModel, int[])}, saying whether to fold each inference-mode
	 * BatchNormalization that is the only reader of a Conv into that Conv's weight and bias (the
	 * network is then for inference: the batch norm is gone). The two-argument form folds in models
	 * written by other tools and keeps the batch norms of ConvNet-IJ's own files (which may be
	 * trained further).
	 */
	public static Network toNetwork(final OnnxModel model, final int[] inputShape,
		final boolean foldBatchNorms)
	{
		return new Importer(model, foldBatchNorms).run(inputShape);
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
	/**
	 * A tensor to copy into a parameter after the network is built: computed values, or a float
	 * tensor of the file, decoded straight into the parameter (no intermediate copy of the
	 * weights).
	 */
	private record Weight(float[] data, OnnxTensor tensor, int[] shape, String source) {

		void copyTo(final float[] dst) {
			if (data != null) System.arraycopy(data, 0, dst, 0, data.length);
			else java.nio.ByteBuffer.wrap(tensor.raw()).order(java.nio.ByteOrder.LITTLE_ENDIAN)
				.asFloatBuffer().get(dst, 0, tensor.numel());
		}
	}

	private static final class Importer implements LayerKind.OnnxImport {

		private final OnnxModel model;
		private final OnnxGraph graph;
		private final long opset;
		private final Map<String, OnnxTensor> constants = new HashMap<>();
		/** Folded values that depend on the batch size. */
		private final Map<String, ConstantFolding.Val> folded = new HashMap<>();
		/** ONNX value name to our node name ({@link Network#INPUT} for the data input). */
		private final Map<String, String> values = new HashMap<>();
		private final Map<String, Map<String, Weight>> weights = new LinkedHashMap<>();
		private final Set<String> names = new HashSet<>();
		private final Map<String, Integer> counters = new HashMap<>();
		/** The graph's nodes after {@link ConvBatchNormFusion}. */
		private List<OnnxNode> nodes;
		private final boolean foldBatchNorms;
		private Network.Builder b;
		private OnnxNode node;

		Importer(final OnnxModel model, final boolean foldBatchNorms) {
			this.model = model;
			this.foldBatchNorms = foldBatchNorms;
			this.graph = model.graph();
			final long v = model.opsetVersion();
			this.opset = v > 0 ? v : OPSET;
			for (final OnnxTensor t : graph.initializers())
				constants.put(t.name(), t);
			this.nodes = graph.nodes();
		}

		Network run(final int[] givenShape) {
			checkOperators(graph);
			if (foldBatchNorms) fuseBatchNorms();
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
			for (final OnnxNode n : nodes) {
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
			final Network net = b.build(false);
			// random initial values only where the file does not give every parameter and buffer
			final Set<String> given = new HashSet<>();
			for (final Map.Entry<String, Map<String, Weight>> e : weights.entrySet())
				for (final String role : e.getValue().keySet())
					given.add(e.getKey() + "." + role);
			boolean all = true;
			for (final Parameter p : net.parameters())
				all &= given.contains(p.name());
			for (final Parameter p : net.buffers())
				all &= given.contains(p.name());
			if (!all) net.initialize(0);
			for (final Map.Entry<String, Map<String, Weight>> e : weights.entrySet()) {
				final Layer l = net.node(e.getKey()).layer();
				for (final Map.Entry<String, Weight> w : e.getValue().entrySet()) {
					final Parameter p = l.parameter(w.getKey());
					final Weight v = w.getValue();
					if (!Arrays.equals(p.value().shape(), v.shape)) throw new IllegalArgumentException("node '" +
						e.getKey() + "': " + v.source + " has shape " + Arrays.toString(v.shape) +
						" but the layer needs " + Arrays.toString(p.value().shape()) + " for its " + w.getKey() +
						" (from its input shape " + Arrays.toString(l.inputShape(0)) + ")");
					v.copyTo(p.value().data());
					p.changed();
				}
			}
			return net;
		}

		/**
		 * Refuses a graph with operators no layer kind reads, in one message that lists each such
		 * operator type with the names of its nodes.
		 */
		private static void checkOperators(final OnnxGraph graph) {
			final Map<String, List<String>> unsupported = new LinkedHashMap<>();
			final List<OnnxNode> nodes = graph.nodes();
			for (int i = 0; i < nodes.size(); i++) {
				final OnnxNode n = nodes.get(i);
				final boolean defaultDomain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
				if (defaultDomain && SUPPORTED.contains(n.opType())) continue;
				final String op = defaultDomain ? n.opType() : n.domain() + ":" + n.opType();
				unsupported.computeIfAbsent(op, k -> new ArrayList<>()).add(n.name().isEmpty() ? "#" + (i +
					1) : "'" + n.name() + "'");
			}
			if (unsupported.isEmpty()) return;
			final List<String> each = new ArrayList<>();
			for (final Map.Entry<String, List<String>> e : unsupported.entrySet())
				each.add(e.getKey() + " (node" + (e.getValue().size() == 1 ? " " : "s ") + String.join(", ",
					e.getValue()) + ")");
			final String types = String.join(", ", unsupported.keySet());
			throw new IllegalArgumentException((unsupported.size() == 1 ? "operator " + types +
				" is not supported" : "operators " + types + " are not supported") + "; supported: " +
				String.join(", ", SUPPORTED) + ". Unsupported nodes: " + String.join(", ", each));
		}

		/**
		 * Folds each inference-mode BatchNormalization that is the only reader of a Conv into that
		 * Conv's weights ({@link ConvBatchNormFusion}); constants of Constant nodes count.
		 */
		private void fuseBatchNorms() {
			final Map<String, OnnxTensor> known = new HashMap<>(constants);
			for (final OnnxNode n : nodes) {
				final OnnxAttribute v = n.opType().equals("Constant") && n.outputs().size() == 1 ? n
					.attribute("value") : null;
				if (v != null && v.type() == OnnxAttribute.Type.TENSOR) known.put(n.outputs().get(0), v.t());
			}
			final Set<String> outs = new HashSet<>();
			for (final OnnxValueInfo o : graph.outputs())
				outs.add(o.name());
			final ConvBatchNormFusion.Result r = ConvBatchNormFusion.fuse(nodes, known, outs);
			nodes = r.nodes();
			constants.putAll(r.constants());
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
			return "ONNX node " + (node.name().isEmpty() ? "#" + (nodes.indexOf(node) + 1) :
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
					if (!fold()) alias(data(0));
					return;
				}
				default -> {
					if (ConstantFolding.OPS.contains(node.opType()) && fold()) return;
					final LayerKind<?> kind = LayerKinds.byOnnxOp(node.opType());
					if (kind == null) throw new IllegalArgumentException("operator " + node.opType() +
						" is only supported on constants and shapes, which are folded at load time; input '" +
						firstComputed() + "' is computed");
					kind.fromOnnx(this);
				}
			}
			for (int k = 1; k < node.outputs().size(); k++)
				if (!node.outputs().get(k).isEmpty() && isRead(node.outputs().get(k)))
					throw new IllegalArgumentException("output " + k + " ('" + node.outputs().get(k) +
						"') is read by another node, which is not supported");
		}

		// ------------------------------------------------ constant folding

		/** A constant or folded value by ONNX name, or null when it is computed (or unknown). */
		private ConstantFolding.Val known(final String v) {
			final ConstantFolding.Val s = folded.get(v);
			if (s != null) return s;
			final OnnxTensor t = constants.get(v);
			return t == null ? null : ConstantFolding.Val.of(t);
		}

		private boolean isKnown(final String v) {
			return folded.containsKey(v) || constants.containsKey(v);
		}

		private String firstComputed() {
			for (final String v : node.inputs())
				if (!v.isEmpty() && !isKnown(v)) return v;
			return "";
		}

		/**
		 * Evaluates the node at load time when its inputs are all constants or folded values (Shape:
		 * when the shape of its input is known, which it always is here); false when an input is
		 * computed.
		 */
		private boolean fold() {
			final ConstantFolding.Node n = new ConstantFolding.Node() {

				@Override
				public String opType() {
					return node.opType();
				}

				@Override
				public long opset() {
					return opset;
				}

				@Override
				public int numInputs() {
					return node.inputs().size();
				}

				@Override
				public ConstantFolding.Val input(final int k) {
					final String v = Importer.this.input(k);
					return v == null ? null : known(v);
				}

				@Override
				public long intAttribute(final String name, final long def) {
					return Importer.this.intAttribute(name, def);
				}

				@Override
				public long[] intsAttribute(final String name) {
					final OnnxAttribute a = node.attribute(name);
					return a == null ? null : a.ints();
				}

				@Override
				public OnnxTensor tensorAttribute(final String name) {
					final OnnxAttribute a = node.attribute(name);
					return a == null ? null : a.t();
				}
			};
			final ConstantFolding.Val v;
			if (node.opType().equals("Shape")) {
				final String x = input(0);
				if (x == null) throw new IllegalArgumentException("input 0 is missing");
				if (isKnown(x)) v = ConstantFolding.shape(folded.containsKey(x) ? folded.get(x).dims() :
					constants.get(x).dims(), false, n);
				else {
					final int[] s = b.shape(data(0));
					final long[] dims = new long[s.length + 1];
					for (int i = 0; i < s.length; i++)
						dims[i + 1] = s[i];
					v = ConstantFolding.shape(dims, true, n);
				}
			}
			else {
				boolean any = false;
				for (int k = 0; k < node.inputs().size(); k++) {
					final String x = input(k);
					if (x == null) continue;
					if (!isKnown(x)) return false;
					any = true;
				}
				if (!any) return false;
				v = ConstantFolding.fold(n);
			}
			final String out = node.outputs().get(0);
			if (v.hasBatch()) folded.put(out, v);
			else constants.put(out, v.tensor(out));
			return true;
		}

		private boolean isRead(final String value) {
			for (final OnnxNode n : nodes)
				if (n.inputs().contains(value)) return true;
			for (final OnnxValueInfo v : graph.outputs())
				if (v.name().equals(value)) return true;
			return false;
		}

		// ------------------------------------------------ LayerKind.OnnxImport

		@Override
		public String opType() {
			return node.opType();
		}

		@Override
		public long opset() {
			return opset;
		}

		@Override
		public String add(final Layer layer, final String... inputs) {
			final String name = freshName(layer.type());
			b.add(name, layer, inputs);
			values.put(node.outputs().get(0), name);
			return name;
		}

		@Override
		public void alias(final String ourNode) {
			values.put(node.outputs().get(0), ourNode);
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
			for (final OnnxNode o : nodes)
				if (o.name().equals(n) || o.outputs().contains(n)) return true;
			return false;
		}

		@Override
		public void weight(final String nodeName, final String role, final float[] data,
			final int[] shape, final String source)
		{
			weights.computeIfAbsent(nodeName, k -> new LinkedHashMap<>()).put(role, new Weight(data, null,
				shape, source));
		}

		@Override
		public void weight(final String nodeName, final String role, final int k) {
			final OnnxTensor t = constant(k, role);
			if (t.dataType() == OnnxTensor.FLOAT && t.raw() != null) weights.computeIfAbsent(nodeName,
				n -> new LinkedHashMap<>()).put(role, new Weight(null, t, t.shape(), "'" + t.name() + "'"));
			else weight(nodeName, role, t.toFloats(), t.shape(), "'" + t.name() + "'");
		}

		@Override
		public String data(final int k) {
			final String v = input(k);
			if (v == null) throw new IllegalArgumentException("input " + k + " is missing");
			if (constants.containsKey(v) || folded.containsKey(v)) throw new IllegalArgumentException(
				"input " + k + " ('" + v +
				"') is a constant; only computed values are supported there");
			final String n = values.get(v);
			if (n == null) throw new IllegalArgumentException("input " + k + " ('" + v +
				"') is not computed by a supported node before it");
			return n;
		}

		@Override
		public int[] shape(final String ourNode) {
			return b.shape(ourNode);
		}

		private String input(final int k) {
			return k < node.inputs().size() && !node.inputs().get(k).isEmpty() ? node.inputs().get(k) :
				null;
		}

		@Override
		public int numInputs() {
			return node.inputs().size();
		}

		@Override
		public boolean hasInput(final int k) {
			return input(k) != null;
		}

		@Override
		public String inputName(final int k) {
			return input(k);
		}

		@Override
		public boolean isConstant(final int k) {
			final String v = input(k);
			return v != null && (constants.containsKey(v) || folded.containsKey(v));
		}

		/** Constant input k, or null when it is omitted. */
		private OnnxTensor constant(final int k, final String what) {
			final String v = input(k);
			if (v == null) return null;
			final ConstantFolding.Val sym = folded.get(v);
			if (sym != null) return batchFree(sym, v, what, k);
			final OnnxTensor t = constants.get(v);
			if (t == null) throw new IllegalArgumentException(what + " (input " + k + ", '" + v +
				"') must be a constant (an initializer)");
			return t;
		}

		/**
		 * A folded value that depends on the batch size as a constant: only a Reshape target whose
		 * first entry is the batch size, which becomes ONNX's 0 (copy the input's batch size), or
		 * Resize's sizes (input 3) whose first entry is the batch size, which becomes -1 (the batch
		 * axis is never resized).
		 */
		private OnnxTensor batchFree(final ConstantFolding.Val sym, final String v, final String what,
			final int k)
		{
			final long[] t = sym.ints().clone();
			final boolean reshape = node.opType().equals("Reshape") && intAttribute("allowzero", 0) == 0;
			final boolean sizes = node.opType().equals("Resize") && k == 3;
			for (int i = 0; i < t.length; i++)
				if (sym.isBatch(i)) {
					if (sizes && i == 0) { // Resize keeps the batch axis: -1 stands for N
						t[i] = -1;
						continue;
					}
					if (!reshape || i != 0) throw new IllegalArgumentException(what + " ('" + v + "' = " + sym +
						") depends on the batch size N, which is not known at load time");
					t[i] = 0;
				}
			return OnnxTensor.ofLongs(v, t, sym.dims());
		}

		@Override
		public float[] constantFloats(final int k, final String what) {
			final OnnxTensor t = constant(k, what);
			return t == null ? null : t.toFloats();
		}

		@Override
		public long[] constantLongs(final int k, final String what) {
			final OnnxTensor t = constant(k, what);
			return t == null ? null : t.toLongs();
		}

		@Override
		public long[] constantDims(final int k, final String what) {
			final OnnxTensor t = constant(k, what);
			return t == null ? null : t.dims();
		}

		@Override
		public int[] constantShape(final int k, final String what) {
			final OnnxTensor t = constant(k, what);
			return t == null ? null : t.shape();
		}

		@Override
		public float floatAttribute(final String name, final float def) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? def : a.f();
		}

		@Override
		public long intAttribute(final String name, final long def) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? def : a.i();
		}

		@Override
		public int[] intsAttribute(final String name, final int[] def) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? def : a.intArray();
		}

		@Override
		public String stringAttribute(final String name, final String def) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? def : a.s();
		}

		@Override
		public float[] floatsAttribute(final String name) {
			final OnnxAttribute a = node.attribute(name);
			return a == null ? null : a.floats();
		}

		@Override
		public Pads pads(final int[] in, final int[] kernel, final int[] stride, final int[] dilation) {
			final int r = in.length;
			final String mode = stringAttribute("auto_pad", "NOTSET");
			switch (mode) {
				case "NOTSET": {
					final int[] p = intsAttribute("pads", new int[2 * r]);
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
	}

	/** A tensor of ours as an ONNX float tensor. */
	public static OnnxTensor tensor(final String name, final Tensor t) {
		return OnnxTensor.ofFloats(name, t.data(), t.shape());
	}
}
