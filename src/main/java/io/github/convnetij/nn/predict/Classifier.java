package io.github.convnetij.nn.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.compute.Progress;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.Preprocessing;
import io.github.convnetij.nn.data.ResizeCrop;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxModel;
import io.github.convnetij.nn.onnx.OnnxNetworks;

/**
 * A trained classifier applied to images: the model's recorded preprocessing, the network in
 * inference mode, and the {@code k} most probable classes of each image.
 * <p>
 * Images come as raw samples ({@link Image}: a {@code [C, H, W]} tensor of the values as stored,
 * and their bit depth). Preprocessing, as the model records it:
 * <ol>
 * <li>channels: the model's channel count, or, when its {@code convnet.preprocessing} says
 * {@code "convert": "auto"}, gray replicated to R, G, B and RGB averaged to gray; otherwise an
 * error naming both shapes;</li>
 * <li>size: the model's height and width, or resized bilinearly (pixel centres aligned, edges
 * clamped) when the model says {@code resize: bilinear}; otherwise an error naming both
 * shapes;</li>
 * <li>values: samples divided by 255 (8-bit), 65535 (16-bit) or 1 (32-bit), giving {@code u};
 * then {@code x = (u - mean[c]) / std[c]} with the {@code convnet.input} mean and std when the
 * model has {@code convnet.preprocessing}, and {@code x = (u * 255 * scale - mean[c]) / std[c]}
 * when it has only {@code convnet.input} (models trained on 8-bit IDX data: an 8-bit image gives
 * exactly the training values {@code v / 255f}).</li>
 * </ol>
 * A model whose {@code convnet.preprocessing} has {@code resize_size} (imported ImageNet
 * classifiers) is preprocessed as torchvision's {@code Resize(resize_size)},
 * {@code CenterCrop}, {@code ToTensor}, {@code Normalize(mean, std)} do to a PIL image
 * ({@link ResizeCrop}, {@link io.github.convnetij.nn.data.PilResample}), with the
 * {@code mean} and {@code std} of that record; {@link #withoutPreprocessing()} only divides by the
 * bit depth's range.
 * <p>
 * A model is a classifier when its output is one vector of class scores; others are refused by
 * {@link #of} and {@link #load}. When its last layer is not a softmax (logits, as torchvision's
 * exports), softmax is applied to its outputs for the probabilities, with a {@link #notes() note}.
 * A model with 1,000 (or 1,001) outputs and no class names takes ImageNet's
 * ({@link ImageNetClasses}), with a note. Ranks are by probability, highest first, ties by class
 * index.
 * <pre>{@code
 * Classifier c = Classifier.load(Path.of("fashion.onnx"));
 * List<List<Classifier.Ranked>> r = c.classify(List.of(new Classifier.Image("a.png",
 *     Tensor.of(pixels, 1, 28, 28), 8)), 3);
 * for (Classifier.Ranked x : r.get(0)) System.out.println(x.rank() + " " + x.name() + " " + x.probability());
 * }</pre>
 * Threads come from the caller's ImgLib2 {@code Parallelization} context; progress and
 * cancellation from {@link Progress}. Not thread-safe (one network).
 */
public final class Classifier {

	/** The metadata key of the preprocessing record (DESIGN.md section 3). */
	public static final String PREPROCESSING = "convnet.preprocessing";

	/** Images per forward pass. */
	public static final int BATCH = 64;

	/**
	 * An image to classify.
	 *
	 * @param name how rows and errors name it (a path as given, {@code file:slice}...)
	 * @param pixels {@code [C, H, W]} samples as stored (0..255 for 8-bit, 0..65535 for 16-bit)
	 * @param bitDepth 8, 16 or 32 (24, RGB, counts as 8)
	 */
	public record Image(String name, Tensor pixels, int bitDepth) {

		/** @throws IllegalArgumentException for a tensor that is not {@code [C, H, W]} */
		public Image {
			if (pixels.rank() != 3) throw new IllegalArgumentException("image " + name +
				": expected samples [C, H, W], not " + Arrays.toString(pixels.shape()));
		}
	}

	/**
	 * One class of an image's ranking.
	 *
	 * @param rank 1 for the most probable class
	 * @param index the class index (network output)
	 * @param name the class name
	 * @param probability the network's output for this class
	 */
	public record Ranked(int rank, int index, String name, float probability) {}

	private final ModelFile model;
	private final List<String> classes;
	private final boolean namedClasses;
	private final InputSpec spec;
	private final String resize, convert;
	private final boolean preprocessing;
	/** Shorter-side resize and centre crop ({@code resize_size}), or null. */
	private final ResizeCrop resizeCrop;
	/** Per-channel mean and std after scaling to [0, 1] (preprocessing's, else the input's). */
	private final double[] mean, std;
	/** Whether scaling and normalisation are done in float arithmetic, as torchvision does. */
	private final boolean floatArithmetic;
	/** {@code preprocess=none}: samples divided by the bit depth's range, nothing else. */
	private final boolean none;
	/** Whether softmax is applied to the network's outputs (its last layer is not a softmax). */
	private final boolean softmax;
	private final List<String> notes;

	private Classifier(final ModelFile model, final boolean namedClasses,
		final String preprocessingJson)
	{
		this.model = model;
		this.spec = model.input();
		final String last = checkClassifier(model.network(), "the model");
		final List<String> n = new ArrayList<>();
		softmax = !last.equals("softmax");
		if (softmax) n.add("the model's last layer is " + last + ", not softmax: its outputs are " +
			"taken as logits and softmax is applied for the probabilities");
		final int k = model.classes().size();
		final List<String> imagenet = namedClasses ? null : ImageNetClasses.forOutputs(k);
		if (imagenet != null) {
			classes = imagenet;
			this.namedClasses = true;
			n.add("the model names no classes and has " + k + " outputs: they are taken as ImageNet's " +
				(k == 1001 ? "classes, background first" : "1,000 classes") + " (torchvision's order); " +
				"give labels=<file> for other names");
		}
		else {
			classes = model.classes();
			this.namedClasses = namedClasses;
		}
		notes = List.copyOf(n);
		none = false;
		double[] m = spec.mean(), s = spec.std();
		ResizeCrop rc = null;
		boolean own = false;
		if (preprocessingJson != null) {
			final Map<String, Object> p = Json.object(Json.parse(preprocessingJson), PREPROCESSING);
			resize = p.get("resize") == null ? spec.resize() : Json.string(p.get("resize"), PREPROCESSING +
				" resize").toLowerCase(Locale.ROOT);
			convert = p.get("convert") == null ? "none" : Json.string(p.get("convert"), PREPROCESSING +
				" convert").toLowerCase(Locale.ROOT);
			preprocessing = true;
			final String crop = p.get("crop") == null ? "none" : Json.string(p.get("crop"), PREPROCESSING +
				" crop").toLowerCase(Locale.ROOT);
			if (!crop.equals("none") && !crop.equals("center")) throw new IllegalArgumentException(
				PREPROCESSING + " crop '" + crop + "' is not known: expected none or center");
			if (p.get("resize_size") != null) {
				final int size = Json.integer(p.get("resize_size"), PREPROCESSING + " resize_size", 1,
					1 << 20);
				if (!resize.equals("bilinear") || !crop.equals("center")) throw new IllegalArgumentException(
					PREPROCESSING + " resize_size needs resize bilinear and crop center, not resize " + resize +
						" and crop " + crop);
				final boolean antialias = p.get("antialias") == null || Boolean.TRUE.equals(p.get(
					"antialias"));
				rc = new ResizeCrop(size, antialias, spec.height(), spec.width());
				own = true;
			}
			else if (crop.equals("center")) throw new IllegalArgumentException(PREPROCESSING +
				" crop center needs resize_size (the shorter side before cropping)");
			if (p.get("mean") != null || p.get("std") != null) {
				m = perChannel(p.get("mean"), spec.channels(), 0, PREPROCESSING + " mean");
				s = perChannel(p.get("std"), spec.channels(), 1, PREPROCESSING + " std");
				for (final double v : s)
					if (!(v > 0)) throw new IllegalArgumentException(PREPROCESSING + " std " + Arrays
						.toString(s) + " must be > 0");
				own = true;
			}
		}
		else {
			resize = spec.resize();
			convert = "none";
			preprocessing = false;
		}
		resizeCrop = rc;
		mean = m;
		std = s;
		floatArithmetic = own;
		if (!resize.equals("none") && !resize.equals("bilinear")) throw new IllegalArgumentException(
			PREPROCESSING + " resize '" + resize + "' is not known: expected none or bilinear");
		int size = 1;
		for (final int d : model.network().inputShape())
			size *= d;
		if (size != spec.channels() * spec.height() * spec.width()) throw new IllegalArgumentException(
			"the model's input " + shape(spec.channels(), spec.height(), spec.width()) +
				" does not match its network's input " + Arrays.toString(model.network().inputShape()));
	}

	private Classifier(final Classifier c, final List<String> classes, final boolean none) {
		model = c.model;
		this.classes = classes;
		namedClasses = c.namedClasses || classes != c.classes;
		spec = c.spec;
		resize = c.resize;
		convert = c.convert;
		preprocessing = c.preprocessing;
		resizeCrop = c.resizeCrop;
		mean = c.mean;
		std = c.std;
		floatArithmetic = c.floatArithmetic;
		this.none = none;
		softmax = c.softmax;
		final List<String> n = new ArrayList<>();
		for (final String s : c.notes)
			if (classes == c.classes || !s.startsWith("the model names no classes")) n.add(s);
		notes = List.copyOf(n);
	}

	private static double[] perChannel(final Object v, final int c, final double def,
		final String what)
	{
		final double[] out = new double[c];
		if (v == null) Arrays.fill(out, def);
		else if (v instanceof Number) Arrays.fill(out, Json.number(v, what));
		else {
			final List<Object> l = Json.array(v, what);
			if (l.size() != c) throw new IllegalArgumentException(what + ": " + l.size() +
				" values for " + c + " channels");
			for (int i = 0; i < c; i++)
				out[i] = Json.number(l.get(i), what);
		}
		return out;
	}

	/**
	 * The same classifier with these class names (a {@code labels} file), one per output.
	 *
	 * @param source how to name where they come from, e.g. {@code labels 'names.txt'}
	 * @throws IllegalArgumentException when their count is not the number of outputs
	 */
	public Classifier withLabels(final List<String> names, final String source) {
		if (names.size() != classes.size()) throw new IllegalArgumentException(source + " has " + names
			.size() + " name" + (names.size() == 1 ? "" : "s") + " but the model has " + classes.size() +
			" outputs: expected one name per line, " + classes.size() + " lines");
		return new Classifier(this, List.copyOf(names), none);
	}

	/**
	 * The same classifier with {@code preprocess=none} (for checks against other engines): the
	 * samples divided by 255 (8-bit) or 65535 (16-bit), channels in the image's order (R, G, B), no
	 * channel conversion, no resizing, no normalisation; an image must have the model's channels
	 * and size.
	 */
	public Classifier withoutPreprocessing() {
		return new Classifier(this, classes, true);
	}

	/**
	 * {@code model} (the model's recorded preprocessing) or {@code none}
	 * ({@link #withoutPreprocessing()}).
	 *
	 * @throws IllegalArgumentException for another value
	 */
	public Classifier withPreprocessing(final String mode) {
		final String m = mode == null ? "model" : mode.strip().toLowerCase(Locale.ROOT);
		if (m.equals("model")) return this;
		if (m.equals("none")) return withoutPreprocessing();
		throw new IllegalArgumentException("'" + mode + "' is not allowed: expected model or none");
	}

	/**
	 * Class names read from a file, one per line (UTF-8; line breaks {@code \n} or
	 * {@code \r\n}; empty lines at the end are ignored).
	 *
	 * @throws IllegalArgumentException when the file does not exist, is a folder or holds no names
	 * @throws IOException when it cannot be read
	 */
	public static List<String> readLabels(final Path file) throws IOException {
		if (java.nio.file.Files.isDirectory(file)) throw new IllegalArgumentException("'" + file +
			"' is a folder: expected a text file with one class name per line");
		if (!java.nio.file.Files.exists(file)) throw new IllegalArgumentException("'" + file +
			"' does not exist");
		final String text;
		try {
			text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
				java.nio.file.Files.readAllBytes(file))).toString();
		}
		catch (final java.nio.charset.CharacterCodingException e) {
			throw new IllegalArgumentException("'" + file + "' is not UTF-8 text: expected one class " +
				"name per line", e);
		}
		final List<String> names = new ArrayList<>(List.of(text.split("\r?\n", -1)));
		while (!names.isEmpty() && names.get(names.size() - 1).isBlank())
			names.remove(names.size() - 1);
		if (names.isEmpty()) throw new IllegalArgumentException("'" + file + "' holds no class " +
			"names: expected one per line");
		return names;
	}

	/**
	 * The classifier of a model (its class names taken as given).
	 *
	 * @throws IllegalArgumentException when the model is not a classifier
	 */
	public static Classifier of(final ModelFile model) {
		return new Classifier(model, true, model.metadata().get(PREPROCESSING));
	}

	/**
	 * Reads a model file.
	 *
	 * @throws IllegalArgumentException when the file is not a model, or not a classifier (output
	 *           not one vector, or no final softmax), naming the file
	 * @throws IOException when it cannot be read
	 */
	public static Classifier load(final Path file) throws IOException {
		final OnnxModel onnx = Onnx.read(file);
		final ModelFile m;
		try {
			m = ModelFile.fromOnnx(onnx);
		}
		catch (final IllegalArgumentException e) {
			// a network whose output is not a vector is refused by ModelFile with a message about
			// class names: say what is wrong instead
			final Network net;
			try {
				net = OnnxNetworks.toNetwork(onnx, null);
			}
			catch (final IllegalArgumentException e2) {
				throw new IllegalArgumentException("'" + file + "': " + e.getMessage(), e);
			}
			checkClassifier(net, "'" + file + "'");
			throw new IllegalArgumentException("'" + file + "': " + e.getMessage(), e);
		}
		try {
			return new Classifier(m, onnx.metadata().containsKey(ModelFile.CLASSES), onnx.metadata().get(
				PREPROCESSING));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage().startsWith("the model ") ? "'" + file +
				"'" + e.getMessage().substring("the model".length()) : "'" + file + "': " + e.getMessage(),
				e);
		}
	}

	/** The type of the last layer; refuses a network whose output is not one vector. */
	private static String checkClassifier(final Network net, final String what) {
		final int[] out = net.outputShape();
		if (out.length != 1) throw new IllegalArgumentException(what + " is not a classifier: its " +
			"output has shape " + Arrays.toString(out) + ", not one vector of class scores");
		return net.nodes().get(net.nodes().size() - 1).layer().type();
	}

	public ModelFile model() {
		return model;
	}

	/** Class names, one per network output. */
	public List<String> classes() {
		return classes;
	}

	/**
	 * Notes for the user about how the model is taken: softmax applied to its outputs, ImageNet's
	 * class names given to it.
	 */
	public List<String> notes() {
		return notes;
	}

	/** Whether softmax is applied to the network's outputs (its last layer is not a softmax). */
	public boolean appliesSoftmax() {
		return softmax;
	}

	/** The shorter-side resize and centre crop of the model's preprocessing, or null. */
	public ResizeCrop resizeCrop() {
		return resizeCrop;
	}

	/** Whether the model names its classes (else the names are the indices "0".."K-1"). */
	public boolean namedClasses() {
		return namedClasses;
	}

	/** The model's input: channels, height, width, scale, mean, std. */
	public InputSpec input() {
		return spec;
	}

	/** {@code none} or {@code bilinear}: what is done with images of another size. */
	public String resize() {
		return resize;
	}

	/** {@code none} or {@code auto}: whether gray and RGB images are converted to the model's. */
	public String convert() {
		return convert;
	}

	/**
	 * {@code k} clamped to the number of classes; {@code note} receives a line when it was
	 * clamped.
	 *
	 * @throws IllegalArgumentException for {@code k < 1}
	 */
	public int topK(final int k, final java.util.function.Consumer<String> note) {
		if (k < 1) throw new IllegalArgumentException(k + " is not allowed: expected a whole " +
			"number >= 1");
		final int n = classes().size();
		if (k <= n) return k;
		if (note != null) note.accept("top_k " + k + " is more than the model's " + n +
			" classes: showing all " + n);
		return n;
	}

	/**
	 * The network input of one image, {@code [C, H, W]} as the model takes it.
	 *
	 * @throws IllegalArgumentException when the model cannot take the image's channels or size,
	 *           naming the image and both shapes
	 */
	public Tensor preprocess(final Image image) {
		final int[] s = image.pixels().shape();
		final int c = s[0], h = s[1], w = s[2];
		final int mc = spec.channels(), mh = spec.height(), mw = spec.width();
		final String why = refusal(c, h, w);
		if (why != null) throw new IllegalArgumentException(image.name() + ": " + why);
		final boolean eightBit = image.bitDepth() == 8 || image.bitDepth() == 24;
		final float div = eightBit ? 255f : image.bitDepth() == 16 ? 65535f : 1f;
		final float[] src = image.pixels().data();
		final int plane = h * w;
		if (none) {
			final float[] x = new float[src.length];
			for (int i = 0; i < x.length; i++)
				x[i] = src[i] / div;
			return Tensor.of(x, mc, mh, mw);
		}
		if (resizeCrop != null) return resizedAndCropped(src, c, h, w, eightBit, div);
		// channels first, at the image's size, divided by the bit depth's range
		final float[] u = new float[mc * plane];
		for (int k = 0; k < mc; k++)
			for (int i = 0; i < plane; i++) {
				final float v;
				if (c == mc) v = src[k * plane + i] / div;
				else if (mc == 3 || c == 1) v = src[i] / div;
				else {
					float sum = 0;
					for (int j = 0; j < c; j++)
						sum += src[j * plane + i] / div;
					v = sum / c;
				}
				u[k * plane + i] = v;
			}
		final float[] x;
		if (h == mh && w == mw) x = u;
		else {
			x = new float[mc * mh * mw];
			for (int k = 0; k < mc; k++)
				Preprocessing.resizeBilinear(u, k * plane, w, h, x, k * mh * mw, mw, mh);
		}
		final int out = mh * mw;
		if (floatArithmetic) {
			normalize(x, out);
			return Tensor.of(x, mc, mh, mw);
		}
		final double f = preprocessing ? 1 : 255 * spec.scale();
		final double factor = Math.abs(f - 1) < 1e-12 ? 1 : f; // 255 * (1 / 255.0) is 1
		for (int k = 0; k < mc; k++) {
			final boolean identity = factor == 1 && mean[k] == 0 && std[k] == 1;
			if (identity) continue;
			for (int i = 0; i < out; i++)
				x[k * out + i] = (float) ((x[k * out + i] * factor - mean[k]) / std[k]);
		}
		return Tensor.of(x, mc, mh, mw);
	}

	/**
	 * As torchvision's {@code Resize}, {@code CenterCrop}, {@code ToTensor}, {@code Normalize} on
	 * a PIL image: channels converted on the samples (gray replicated, or RGB averaged), resized
	 * and cropped ({@link ResizeCrop}), then {@code v / div} and {@code (u - mean) / std} in float
	 * arithmetic.
	 */
	private Tensor resizedAndCropped(final float[] src, final int c, final int h, final int w,
		final boolean eightBit, final float div)
	{
		final int mc = spec.channels(), plane = h * w;
		final float[] samples;
		boolean integral = eightBit;
		if (c == mc) samples = src;
		else {
			samples = new float[mc * plane];
			for (int k = 0; k < mc; k++)
				for (int i = 0; i < plane; i++) {
					if (c == 1) samples[k * plane + i] = src[i];
					else {
						float sum = 0;
						for (int j = 0; j < c; j++)
							sum += src[j * plane + i];
						samples[k * plane + i] = sum / c;
					}
				}
			integral = eightBit && c == 1; // an average is not an 8-bit sample
		}
		final float[] x = resizeCrop.apply(samples, mc, h, w, integral);
		for (int i = 0; i < x.length; i++)
			x[i] /= div;
		normalize(x, spec.height() * spec.width());
		return Tensor.of(x, mc, spec.height(), spec.width());
	}

	/** {@code (u - mean[c]) / std[c]} in float arithmetic (torchvision's {@code Normalize}). */
	private void normalize(final float[] x, final int plane) {
		for (int k = 0; k < spec.channels(); k++) {
			final float m = (float) mean[k], s = (float) std[k];
			if (m == 0 && s == 1) continue;
			for (int i = 0; i < plane; i++)
				x[k * plane + i] = (x[k * plane + i] - m) / s;
		}
	}

	/**
	 * Why an image of {@code channels x height x width} cannot be taken, or null if it can.
	 */
	public String refusal(final int channels, final int height, final int width) {
		final int mc = spec.channels(), mh = spec.height(), mw = spec.width();
		if (none && (channels != mc || height != mh || width != mw)) return "the image is " + shape(
			channels, height, width) + " but the model takes " + shape(mc, mh, mw) +
			" and preprocess=none neither converts nor resizes: give images of the model's size and " +
			"channels, or use preprocess=model";
		if (channels != mc && !(convert.equals("auto") && (channels == 1 || mc == 1)))
			return "the image is " + shape(channels, height, width) + " but the model takes " + shape(mc,
				mh, mw) + (channels == 1 || mc == 1 ? ": convert the image to " + (mc == 1 ? "gray"
					: mc == 3 ? "RGB" : mc + " channels") + " first" : "");
		if (resizeCrop != null) return null;
		if ((height != mh || width != mw) && !resize.equals("bilinear")) return "the image is " + shape(
			channels, height, width) + " but the model takes " + shape(mc, mh, mw) +
			" and does not resize (its resize mode is none): scale the image to " + mw + "x" + mh +
			" first";
		return null;
	}

	/**
	 * The network's raw outputs for every image, {@code [N, K]} row by row, in batches of
	 * {@link #BATCH}; each batch is a part of the calling thread's {@link Progress} (cancellation
	 * stops between batches).
	 *
	 * @throws IllegalArgumentException as {@link #preprocess}
	 */
	public float[] outputs(final List<Image> images) {
		final int n = images.size(), k = classes().size();
		final float[] p = new float[n * k];
		final int[] in = model.network().inputShape();
		final int size = spec.channels() * spec.height() * spec.width();
		final int batches = (n + BATCH - 1) / BATCH;
		for (int b = 0; b < batches; b++) {
			final int from = b * BATCH, to = Math.min(n, from + BATCH);
			final float[] x = new float[(to - from) * size];
			for (int i = from; i < to; i++)
				System.arraycopy(preprocess(images.get(i)).data(), 0, x, (i - from) * size, size);
			final int[] shape = new int[in.length + 1];
			shape[0] = to - from;
			System.arraycopy(in, 0, shape, 1, in.length);
			final Tensor out = Progress.part(b, batches, () -> model.network().predict(Tensor.of(x,
				shape)));
			System.arraycopy(out.data(), 0, p, from * k, (to - from) * k);
		}
		return p;
	}

	/**
	 * The probabilities of every image, {@code [N, K]} row by row: the {@link #outputs}, with
	 * softmax applied to each row when the model's last layer is not a softmax.
	 *
	 * @throws IllegalArgumentException as {@link #preprocess}
	 */
	public float[] probabilities(final List<Image> images) {
		final float[] p = outputs(images);
		if (softmax) softmaxRows(p, classes().size());
		return p;
	}

	/** Softmax of each row of {@code k} values, in place (the largest subtracted first). */
	static void softmaxRows(final float[] v, final int k) {
		for (int r = 0; r + k <= v.length; r += k) {
			float max = Float.NEGATIVE_INFINITY;
			for (int i = r; i < r + k; i++)
				max = Math.max(max, v[i]);
			double sum = 0;
			final double[] e = new double[k];
			for (int i = 0; i < k; i++)
				sum += e[i] = Math.exp((double) v[r + i] - max);
			for (int i = 0; i < k; i++)
				v[r + i] = (float) (e[i] / sum);
		}
	}

	/**
	 * The {@code k} most probable classes of every image ({@code k} clamped to the class count).
	 *
	 * @throws IllegalArgumentException as {@link #preprocess}, or for {@code k < 1}
	 */
	public List<List<Ranked>> classify(final List<Image> images, final int k) {
		return classify(images, k, null);
	}

	/**
	 * {@link #classify(List, int)}, handing each image's raw network outputs ({@link #outputs}, a
	 * fresh array of one value per class) to {@code raw} (if not null), in order.
	 */
	public List<List<Ranked>> classify(final List<Image> images, final int k,
		final java.util.function.BiConsumer<Image, float[]> raw)
	{
		final int kk = topK(k, null);
		final int nk = classes().size();
		final float[] p = outputs(images);
		if (raw != null) for (int i = 0; i < images.size(); i++)
			raw.accept(images.get(i), Arrays.copyOfRange(p, i * nk, (i + 1) * nk));
		if (softmax) softmaxRows(p, nk);
		final List<List<Ranked>> out = new ArrayList<>(images.size());
		for (int i = 0; i < images.size(); i++) {
			final int[] top = top(p, i * nk, nk, kk);
			final List<Ranked> r = new ArrayList<>(kk);
			for (int j = 0; j < top.length; j++)
				r.add(new Ranked(j + 1, top[j], classes().get(top[j]), p[i * nk + top[j]]));
			out.add(r);
		}
		return out;
	}

	/**
	 * The indices of the {@code k} largest of {@code p[offset .. offset + n)}, largest first, ties
	 * by the lower index; NaN ranks last.
	 */
	public static int[] top(final float[] p, final int offset, final int n, final int k) {
		final Integer[] idx = new Integer[n];
		for (int i = 0; i < n; i++)
			idx[i] = i;
		Arrays.sort(idx, (a, b) -> {
			final float x = p[offset + a], y = p[offset + b];
			final boolean nx = Float.isNaN(x), ny = Float.isNaN(y);
			if (nx != ny) return nx ? 1 : -1;
			if (!nx && x != y) return x > y ? -1 : 1;
			return Integer.compare(a, b);
		});
		final int[] out = new int[Math.min(k, n)];
		for (int i = 0; i < out.length; i++)
			out[i] = idx[i];
		return out;
	}

	/** {@code C x H x W (channels x height x width)}. */
	static String shape(final int c, final int h, final int w) {
		return c + " x " + h + " x " + w + " (channels x height x width)";
	}
}
