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
 * A model is a classifier when its output is one vector of class scores and its last layer is a
 * softmax (so the scores are probabilities); others are refused by {@link #of} and {@link #load}.
 * Ranks are by probability, highest first, ties by class index.
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
	private final boolean namedClasses;
	private final InputSpec spec;
	private final String resize, convert;
	private final boolean preprocessing;

	private Classifier(final ModelFile model, final boolean namedClasses,
		final String preprocessingJson)
	{
		this.model = model;
		this.namedClasses = namedClasses;
		this.spec = model.input();
		checkClassifier(model.network(), "the model");
		if (preprocessingJson != null) {
			final Map<String, Object> m = Json.object(Json.parse(preprocessingJson), PREPROCESSING);
			resize = m.get("resize") == null ? spec.resize() : Json.string(m.get("resize"), PREPROCESSING +
				" resize").toLowerCase(Locale.ROOT);
			convert = m.get("convert") == null ? "none" : Json.string(m.get("convert"), PREPROCESSING +
				" convert").toLowerCase(Locale.ROOT);
			preprocessing = true;
		}
		else {
			resize = spec.resize();
			convert = "none";
			preprocessing = false;
		}
		if (!resize.equals("none") && !resize.equals("bilinear")) throw new IllegalArgumentException(
			PREPROCESSING + " resize '" + resize + "' is not known: expected none or bilinear");
		int n = 1;
		for (final int d : model.network().inputShape())
			n *= d;
		if (n != spec.channels() * spec.height() * spec.width()) throw new IllegalArgumentException(
			"the model's input " + shape(spec.channels(), spec.height(), spec.width()) +
				" does not match its network's input " + Arrays.toString(model.network().inputShape()));
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

	private static void checkClassifier(final Network net, final String what) {
		final int[] out = net.outputShape();
		if (out.length != 1) throw new IllegalArgumentException(what + " is not a classifier: its " +
			"output has shape " + Arrays.toString(out) + ", not one vector of class probabilities");
		final String last = net.nodes().get(net.nodes().size() - 1).layer().type();
		if (!last.equals("softmax")) throw new IllegalArgumentException(what + " is not a " +
			"classifier: its last layer is " + last + ", not softmax (class probabilities)");
	}

	public ModelFile model() {
		return model;
	}

	/** Class names, one per network output. */
	public List<String> classes() {
		return model.classes();
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
		final float div = image.bitDepth() == 8 || image.bitDepth() == 24 ? 255f
			: image.bitDepth() == 16 ? 65535f : 1f;
		final float[] src = image.pixels().data();
		final int plane = h * w;
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
		final double[] mean = spec.mean(), std = spec.std();
		final double f = preprocessing ? 1 : 255 * spec.scale();
		final double factor = Math.abs(f - 1) < 1e-12 ? 1 : f; // 255 * (1 / 255.0) is 1
		final int out = mh * mw;
		for (int k = 0; k < mc; k++) {
			final boolean identity = factor == 1 && mean[k] == 0 && std[k] == 1;
			if (identity) continue;
			for (int i = 0; i < out; i++)
				x[k * out + i] = (float) ((x[k * out + i] * factor - mean[k]) / std[k]);
		}
		return Tensor.of(x, mc, mh, mw);
	}

	/**
	 * Why an image of {@code channels x height x width} cannot be taken, or null if it can.
	 */
	public String refusal(final int channels, final int height, final int width) {
		final int mc = spec.channels(), mh = spec.height(), mw = spec.width();
		if (channels != mc && !(convert.equals("auto") && (channels == 1 || mc == 1)))
			return "the image is " + shape(channels, height, width) + " but the model takes " + shape(mc,
				mh, mw) + (channels == 1 || mc == 1 ? ": convert the image to " + (mc == 1 ? "gray"
					: mc == 3 ? "RGB" : mc + " channels") + " first" : "");
		if ((height != mh || width != mw) && !resize.equals("bilinear")) return "the image is " + shape(
			channels, height, width) + " but the model takes " + shape(mc, mh, mw) +
			" and does not resize (its resize mode is none): scale the image to " + mw + "x" + mh +
			" first";
		return null;
	}

	/**
	 * The probabilities of every image, {@code [N, K]} row by row, in batches of {@link #BATCH};
	 * each batch is a part of the calling thread's {@link Progress} (cancellation stops between
	 * batches).
	 *
	 * @throws IllegalArgumentException as {@link #preprocess}
	 */
	public float[] probabilities(final List<Image> images) {
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
	 * The {@code k} most probable classes of every image ({@code k} clamped to the class count).
	 *
	 * @throws IllegalArgumentException as {@link #preprocess}, or for {@code k < 1}
	 */
	public List<List<Ranked>> classify(final List<Image> images, final int k) {
		final int kk = topK(k, null);
		final float[] p = probabilities(images);
		final int nk = classes().size();
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
