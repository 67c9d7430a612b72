package io.github.convnetij.nn.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Layers;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;

/**
 * A trained model as stored in a {@code .onnx} file: the network with its weights, the class
 * names, what the input images must be ({@link InputSpec}), the training history, and any other
 * metadata. The {@code metadata_props} keys are those of DESIGN.md section 3:
 * <ul>
 * <li>{@code convnet.classes}: JSON list of class names, e.g. {@code ["0","1",...]};</li>
 * <li>{@code convnet.input}: JSON of the {@link InputSpec};</li>
 * <li>{@code convnet.architecture}: the architecture string of the network;</li>
 * <li>{@code convnet.history}: JSON list with one object per epoch ({@code epoch}, {@code loss},
 * {@code accuracy}, {@code test_accuracy}, {@code images_per_s}, ...);</li>
 * <li>{@code convnet.preprocessing}: JSON of how an image becomes the input tensor (bit-depth
 * scaling, resize, channel conversion; {@code nn.data.Preprocessing});</li>
 * <li>{@code convnet.augmentation}: JSON of the augmentation keys the model was trained with
 * (Keras names; absent when trained without augmentation).</li>
 * </ul>
 * <pre>{@code
 * ModelFile m = ModelFile.of(net, List.of("cat", "dog"), InputSpec.uint8(3, 64, 64));
 * m.save(Path.of("pets.onnx"));                         // atomically
 * ModelFile back = ModelFile.load(Path.of("pets.onnx"));
 * Tensor p = back.network().predict(x);                  // bitwise the predictions of net
 * }</pre>
 * Models written by other tools load too when their operators map to our layers (see
 * {@link OnnxNetworks}); missing metadata then takes defaults: classes {@code "0".."K-1"}, an
 * 8-bit input spec of the graph's input size.
 */
public final class ModelFile {

	/** Metadata keys. */
	public static final String CLASSES = "convnet.classes", INPUT = "convnet.input",
			ARCHITECTURE = "convnet.architecture", HISTORY = "convnet.history";

	/** Metadata keys of how images were preprocessed and augmented (DESIGN.md section 3). */
	public static final String PREPROCESSING = "convnet.preprocessing",
			AUGMENTATION = "convnet.augmentation";

	private final Network network;
	private final List<String> classes;
	private final InputSpec input;
	private final List<Map<String, Object>> history;
	private final Map<String, String> metadata;
	private final List<OnnxTensor> extraTensors;

	private ModelFile(final Network network, final List<String> classes, final InputSpec input,
		final List<Map<String, Object>> history, final Map<String, String> metadata,
		final List<OnnxTensor> extraTensors)
	{
		this.network = network;
		this.classes = List.copyOf(classes);
		this.input = input;
		this.history = Collections.unmodifiableList(new ArrayList<>(history));
		this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
		this.extraTensors = List.copyOf(extraTensors);
		final int[] out = network.outputShape();
		if (out.length != 1 || out[0] != classes.size()) throw new IllegalArgumentException(
			"the network's output has shape " + Arrays.toString(out) + " but " + classes
				.size() + " class names were given");
	}

	/**
	 * A model without history.
	 *
	 * @param classes one name per network output
	 * @param input what inputs the network expects
	 * @throws IllegalArgumentException if the number of classes is not the network's output size
	 */
	public static ModelFile of(final Network network, final List<String> classes,
		final InputSpec input)
	{
		return new ModelFile(network, classes, input, List.of(), Map.of(), List.of());
	}

	/** Class names {@code "0".."K-1"}. */
	public static List<String> numberedClasses(final int k) {
		final List<String> c = new ArrayList<>();
		for (int i = 0; i < k; i++)
			c.add(Integer.toString(i));
		return c;
	}

	/** The same model with this training history (one map per epoch). */
	public ModelFile withHistory(final List<Map<String, Object>> newHistory) {
		return new ModelFile(network, classes, input, newHistory, metadata, extraTensors);
	}

	/**
	 * The same model with another metadata entry (other than the four {@code convnet.*} keys above,
	 * which are written from the fields).
	 */
	public ModelFile withMetadata(final String key, final String value) {
		final Map<String, String> m = new LinkedHashMap<>(metadata);
		m.put(key, value);
		return new ModelFile(network, classes, input, history, m, extraTensors);
	}

	/** The same model with tensors stored beside the weights that no node reads. */
	public ModelFile withExtraTensors(final List<OnnxTensor> tensors) {
		return new ModelFile(network, classes, input, history, metadata, tensors);
	}

	public Network network() {
		return network;
	}

	public List<String> classes() {
		return classes;
	}

	public InputSpec input() {
		return input;
	}

	/** One map per epoch, oldest first. */
	public List<Map<String, Object>> history() {
		return history;
	}

	/** Metadata other than the four {@code convnet.*} keys of the fields. */
	public Map<String, String> metadata() {
		return metadata;
	}

	/** Tensors stored beside the weights that no node reads, in order. */
	public List<OnnxTensor> extraTensors() {
		return extraTensors;
	}

	/** The extra tensor of this name, or null. */
	public OnnxTensor extraTensor(final String name) {
		for (final OnnxTensor t : extraTensors)
			if (t.name().equals(name)) return t;
		return null;
	}

	/** The ONNX model. */
	public OnnxModel toOnnx() {
		final Map<String, String> m = new LinkedHashMap<>();
		m.put(CLASSES, Json.write(classes));
		m.put(INPUT, input.toJson());
		m.put(ARCHITECTURE, network.architecture());
		m.put(HISTORY, Json.write(history));
		for (final Map.Entry<String, String> e : metadata.entrySet())
			if (!m.containsKey(e.getKey())) m.put(e.getKey(), e.getValue());
		return OnnxNetworks.toOnnx(network, m, extraTensors);
	}

	/** Writes the model file atomically (a temporary file, then a move). */
	public void save(final Path file) throws IOException {
		Onnx.write(toOnnx(), file);
	}

	/**
	 * Reads a model file.
	 *
	 * @throws IllegalArgumentException when the file is not a valid ONNX model, its network uses
	 *           operators without an equivalent here, or its metadata is invalid — naming the file
	 * @throws IOException when it cannot be read
	 */
	public static ModelFile load(final Path file) throws IOException {
		final OnnxModel m = Onnx.read(file);
		try {
			return fromOnnx(m);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("'" + file + "': " + e.getMessage(), e);
		}
	}

	/** The model of an ONNX model (see {@link #load}). */
	public static ModelFile fromOnnx(final OnnxModel m) {
		final Map<String, String> meta = m.metadata();
		final InputSpec spec = meta.containsKey(INPUT) ? InputSpec.fromJson(meta.get(INPUT)) : null;
		final Network net = withArchitecture(OnnxNetworks.toNetwork(m, null), meta.get(ARCHITECTURE));
		final int[] out = net.outputShape();
		final List<String> classes = new ArrayList<>();
		if (meta.containsKey(CLASSES)) for (final Object o : Json.array(json(meta, CLASSES),
			CLASSES))
			classes.add(Json.string(o, CLASSES));
		else if (out.length == 1) classes.addAll(numberedClasses(out[0]));
		final List<Map<String, Object>> history = new ArrayList<>();
		if (meta.containsKey(HISTORY)) for (final Object o : Json.array(json(meta, HISTORY),
			HISTORY))
			history.add(Json.object(o, HISTORY));
		final Map<String, String> rest = new LinkedHashMap<>(meta);
		rest.remove(CLASSES);
		rest.remove(INPUT);
		rest.remove(ARCHITECTURE);
		rest.remove(HISTORY);
		return new ModelFile(net, classes, spec != null ? spec : defaultSpec(net.inputShape()),
			history, rest, new ArrayList<>(OnnxNetworks.unusedInitializers(m).values()));
	}

	/** The JSON value of a metadata entry; errors name the key. */
	private static Object json(final Map<String, String> meta, final String key) {
		try {
			return Json.parse(meta.get(key));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("metadata " + key + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The imported network rebuilt with the layers of the architecture string when that describes
	 * exactly the imported graph (same structure, types, shapes and resolved attributes): it keeps
	 * what the ONNX graph cannot say, such as {@code pad=same} rather than the pads it resolved to.
	 * Node names and weights are the imported ones. Otherwise the imported network.
	 */
	static Network withArchitecture(final Network imported, final String architecture) {
		if (architecture == null) return imported;
		final Network parsed;
		try {
			parsed = Architectures.parse(architecture, imported.inputShape(), 0);
		}
		catch (final IllegalArgumentException e) {
			return imported;
		}
		final List<Network.Node> a = parsed.nodes(), b = imported.nodes();
		if (a.size() != b.size()) return imported;
		for (int i = 0; i < a.size(); i++) {
			final Network.Node x = a.get(i), y = b.get(i);
			if (!x.layer().type().equals(y.layer().type()) || !Arrays.equals(x.outputShape(), y
				.outputShape()) || x.inputs().size() != y.inputs().size()) return imported;
			for (int j = 0; j < x.inputs().size(); j++)
				if (index(parsed, x.inputs().get(j)) != index(imported, y.inputs().get(j))) return imported;
			final Map<String, Object> ax = new LinkedHashMap<>(x.layer().attributes()),
				ay = new LinkedHashMap<>(y.layer().attributes());
			ax.remove("padding");
			ay.remove("padding");
			if (!ax.keySet().equals(ay.keySet())) return imported;
			for (final String k : ax.keySet())
				if (!Objects.deepEquals(ax.get(k), ay.get(k))) return imported;
		}
		final Network.Builder builder = Network.builder(imported.inputShape());
		for (int i = 0; i < a.size(); i++) {
			final Network.Node y = b.get(i);
			builder.add(y.name(), Layers.create(a.get(i).layer().type(), a.get(i).layer().attributes()), y
				.inputs().toArray(new String[0]));
		}
		final Network net = builder.build();
		for (final List<Parameter> ps : List.of(imported.parameters(), imported.buffers()))
			for (final Parameter p : ps) {
				final Parameter q = net.parameter(p.name());
				System.arraycopy(p.value().data(), 0, q.value().data(), 0, p.value().numel());
				q.changed();
			}
		return net;
	}

	private static int index(final Network net, final String node) {
		if (Network.INPUT.equals(node)) return -1;
		return net.nodes().indexOf(net.node(node));
	}

	/** 8-bit images of the input shape; other shapes than [C, H, W] as C x 1 x (the rest). */
	private static InputSpec defaultSpec(final int[] shape) {
		if (shape.length == 3 || shape.length == 2) return InputSpec.uint8(shape);
		int rest = 1;
		for (int i = 1; i < shape.length; i++)
			rest *= shape[i];
		return shape.length == 1 ? InputSpec.uint8(1, 1, shape[0]) : InputSpec.uint8(shape[0], 1,
			rest);
	}
}
