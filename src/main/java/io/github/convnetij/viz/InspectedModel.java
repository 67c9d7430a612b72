package io.github.convnetij.viz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Layers;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxModel;
import io.github.convnetij.nn.onnx.OnnxNetworks;
import io.github.convnetij.nn.predict.Classifier;

/**
 * A model as the "Show ..." commands look into it: any network the ONNX loader imports —
 * ConvNet-IJ's own classifiers, imported graphs with or without a final softmax, image-to-image
 * models — with its recorded input preprocessing, and its layers by name.
 * <p>
 * An image becomes the network input exactly as Predict with CNN makes it
 * ({@link Classifier#preprocess}: the {@code convnet.input} and {@code convnet.preprocessing}
 * metadata, or for a file without them 8-bit values scaled to [0, 1]); an image the model cannot
 * take is refused naming both shapes. Thread safety: the network is not thread-safe; callers that
 * share an instance run one forward pass at a time ({@code synchronized (model.network())}).
 * <pre>{@code
 * InspectedModel m = InspectedModel.load(Path.of("resnet50.onnx"));
 * Tensor x = m.input(new Classifier.Image("cat.png", pixels, 8));        // [3, 224, 224]
 * Tensor maps = NetworkViews.activation(m.network(), x, "relu10");
 * }</pre>
 */
public final class InspectedModel {

	private final Network network;
	private final InputSpec spec;
	private final Map<String, String> metadata;
	/** The model's preprocessing, made when first needed (see {@link #preprocessingOf}). */
	private Classifier preprocessing;

	private InspectedModel(final Network network, final InputSpec spec,
		final Map<String, String> metadata)
	{
		this.network = network;
		this.spec = spec;
		this.metadata = Map.copyOf(metadata);
	}

	/**
	 * The preprocessing, made on first use: a model whose preprocessing metadata is invalid can
	 * still be drawn (architecture, filters); only images are refused.
	 */
	private synchronized Classifier preprocessing() {
		if (spec == null) throw noImages();
		if (preprocessing == null) {
			try {
				preprocessing = preprocessingOf(network.inputShape(), spec, metadata);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException("the model's input metadata cannot be used: " + e
					.getMessage(), e);
			}
		}
		return preprocessing;
	}

	/**
	 * The one implementation of the preprocessing is {@link Classifier#preprocess}, which a
	 * {@link Classifier} holds for a classifier network; for a model of any output, a stand-in
	 * network of the same input (flatten, dense 1, softmax) carries the model's input spec and
	 * {@code convnet.preprocessing} into one. Only its preprocessing is ever used.
	 */
	private static Classifier preprocessingOf(final int[] inputShape, final InputSpec spec,
		final Map<String, String> metadata)
	{
		final Network standIn = Network.builder(inputShape).add(Layers.flatten()).add(Layers.dense(1))
			.add(Layers.softmax()).build();
		ModelFile m = ModelFile.of(standIn, List.of("0"), spec);
		final String pre = metadata.get(ModelFile.PREPROCESSING);
		if (pre != null) m = m.withMetadata(ModelFile.PREPROCESSING, pre);
		return Classifier.of(m);
	}

	/** The model of a model file (its network, input spec and metadata). */
	public static InspectedModel of(final ModelFile model) {
		return new InspectedModel(model.network(), model.input(), model.metadata());
	}

	/**
	 * A network with the input spec images are preprocessed by ({@code null}: the network takes no
	 * images, {@link #input} refuses them) and the metadata (its {@code convnet.preprocessing}).
	 */
	public static InspectedModel of(final Network network, final InputSpec spec,
		final Map<String, String> metadata)
	{
		return new InspectedModel(network, spec, metadata == null ? Map.of() : metadata);
	}

	/**
	 * Reads a model file: a classifier, an imported graph with any output (a vector without
	 * softmax, an image), with or without ConvNet-IJ's metadata.
	 *
	 * @throws IllegalArgumentException when the file is not a model we can run, naming the file
	 * @throws IOException when it cannot be read
	 */
	public static InspectedModel load(final Path file) throws IOException {
		final OnnxModel onnx = Onnx.read(file);
		try {
			return of(ModelFile.fromOnnx(onnx));
		}
		catch (final IllegalArgumentException e) {
			// a model file holds class scores; another output (an image) is refused there, and is
			// fine here: the network alone, with the input metadata it has
			final Network net;
			try {
				net = OnnxNetworks.toNetwork(onnx, null);
			}
			catch (final IllegalArgumentException e2) {
				throw named(file, e);
			}
			if (net.outputShape().length == 1) throw named(file, e); // not the output's fault
			final Map<String, String> meta = onnx.metadata();
			final InputSpec spec;
			try {
				spec = meta.containsKey(ModelFile.INPUT) ? InputSpec.fromJson(meta.get(ModelFile.INPUT))
					: imageSpec(net.inputShape());
				return of(net, spec, meta);
			}
			catch (final IllegalArgumentException e3) {
				throw named(file, e3);
			}
		}
	}

	private static IllegalArgumentException named(final Path file, final IllegalArgumentException e) {
		final String m = String.valueOf(e.getMessage());
		return new IllegalArgumentException(m.startsWith("'" + file + "'") ? m : "'" + file + "': " + m,
			e);
	}

	/** 8-bit images of the input shape {@code [C, H, W]} or {@code [C, W]}; null for others. */
	private static InputSpec imageSpec(final int[] shape) {
		return shape.length == 3 || shape.length == 2 ? InputSpec.uint8(shape) : null;
	}

	/** The network (its nodes are the layers). */
	public Network network() {
		return network;
	}

	/**
	 * The channels an image is given to the model with (1, 3, ...).
	 *
	 * @throws IllegalArgumentException when the model takes no images or its input metadata is
	 *           invalid
	 */
	public int channels() {
		return preprocessing().input().channels();
	}

	/**
	 * The network input of one image, {@code [C, H, W]} (the network's input shape).
	 *
	 * @throws IllegalArgumentException when the model cannot take the image's channels or size,
	 *           naming the image and both shapes, or takes no images
	 */
	public Tensor input(final Classifier.Image image) {
		final Tensor x = preprocessing().preprocess(image);
		return Tensor.of(x.data(), network.inputShape());
	}

	private IllegalArgumentException noImages() {
		return new IllegalArgumentException("the model takes inputs of shape " + Arrays.toString(network
			.inputShape()) + ", not images (C x H x W)");
	}

	/** The names of the layers, in order. */
	public List<String> layers() {
		final List<String> l = new ArrayList<>();
		for (final Network.Node n : network.nodes())
			l.add(n.name());
		return Collections.unmodifiableList(l);
	}

	/** The names of the 2D convolution layers (those Show CNN Filters draws), in order. */
	public List<String> convLayers() {
		final List<String> l = new ArrayList<>();
		for (final Network.Node n : network.nodes())
			if (NetworkViews.isConv2d(n)) l.add(n.name());
		return Collections.unmodifiableList(l);
	}
}
