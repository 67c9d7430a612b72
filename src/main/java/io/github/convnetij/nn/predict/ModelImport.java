package io.github.convnetij.nn.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.github.convnetij.nn.data.Preprocessing;
import io.github.convnetij.nn.data.ResizeCrop;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxModel;
import io.github.convnetij.nn.onnx.OnnxNode;
import io.github.convnetij.nn.onnx.OnnxValueInfo;

/**
 * Import of an ONNX classifier written by another tool (PyTorch, Keras, ...): the graph is read
 * and validated (an unsupported operator fails here, with the one message listing each unsupported
 * op type and its nodes), and a NEW model file is written, atomically, that carries our metadata
 * keys (DESIGN.md section 3) so that Predict with CNN takes it like a model trained here:
 * <ul>
 * <li>{@code convnet.preprocessing}: with {@code resize_size} N the shorter side resized to N
 * (PIL's antialiased bilinear filter) and the centre cropped to the model's input size, as
 * torchvision's ImageNet models expect ({@link ResizeCrop}); with {@code resize_size} 0 images of
 * another size are resized straight to the model's size (bilinear, no crop). {@code auto}: 256 /
 * 224 of the input's shorter side for an ImageNet-like classifier (3 channels, 1,000 or 1,001
 * outputs; 256 for 224), else 0. {@code mean} and {@code std} (after scaling samples to [0, 1]):
 * one value or one per channel, or {@code auto}: ImageNet's (0.485, 0.456, 0.406) and (0.229,
 * 0.224, 0.225) for an ImageNet-like classifier, else 0 and 1 (none);</li>
 * <li>{@code convnet.classes}: the {@code labels} file's names (one per line, one per output),
 * else names the model already has, else ImageNet's for 1,000 or 1,001 outputs
 * ({@link ImageNetClasses}), else the indices;</li>
 * <li>{@code convnet.input}: channels, size, scale 1/255, mean, std, resize bilinear.</li>
 * </ul>
 * The input file is never overwritten. The report lists the inputs, outputs, operator counts,
 * parameter count, classes and preprocessing.
 * <pre>{@code
 * ModelImport.Result r = ModelImport.run(new ModelImport.Options(Path.of("resnet50.onnx"),
 *     Path.of("resnet50-ij.onnx"), null, "auto", "auto", "auto"));
 * System.out.print(r.report());
 * }</pre>
 */
public final class ModelImport {

	/** ImageNet's per-channel mean and std of samples in [0, 1] (R, G, B). */
	public static final double[] IMAGENET_MEAN = { 0.485, 0.456, 0.406 },
			IMAGENET_STD = { 0.229, 0.224, 0.225 };

	private ModelImport() {}

	/**
	 * What to import.
	 *
	 * @param model the ONNX file read
	 * @param output the model file written (not {@code model})
	 * @param labels class names, one per line, or null
	 * @param resizeSize {@code auto} or a whole number &gt;= 0
	 * @param mean {@code auto}, {@code none}, one number or one per channel (commas or spaces)
	 * @param std likewise
	 */
	public record Options(Path model, Path output, Path labels, String resizeSize, String mean,
		String std) {}

	/**
	 * The import's outcome.
	 *
	 * @param report lines for the user, each ending with a line break
	 * @param model the model written
	 */
	public record Result(String report, ModelFile model) {}

	/**
	 * Reads, validates and writes; errors name the key at fault ({@code model: ...},
	 * {@code output: ...}, {@code labels: ...}, {@code resize_size: ...}, {@code mean: ...},
	 * {@code std: ...}).
	 *
	 * @throws IllegalArgumentException for a missing or invalid input, an unsupported model, bad
	 *           values, or an output that is the input
	 * @throws IOException when the output cannot be written
	 */
	public static Result run(final Options o) throws IOException {
		if (o.model() == null || o.model().toString().isEmpty()) throw new IllegalArgumentException(
			"model: no ONNX file given: expected model=<file.onnx>");
		if (o.output() == null || o.output().toString().isEmpty()) throw new IllegalArgumentException(
			"output: no output file given: expected output=<new file.onnx>");
		checkOutput(o.model(), o.output());
		final List<String> labels = o.labels() == null || o.labels().toString().isEmpty() ? null
			: labels(o.labels());
		final OnnxModel onnx = read(o.model());
		final ModelFile imported;
		try {
			imported = ModelFile.fromOnnx(onnx);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("model: '" + o.model() + "': " + e.getMessage(), e);
		}
		final int[] in = imported.network().inputShape(), out = imported.network().outputShape();
		if (in.length != 3) throw new IllegalArgumentException("model: '" + o.model() + "' takes " +
			"inputs of shape " + Arrays.toString(in) + ": expected images [channels, height, width]");
		final int c = in[0], h = in[1], w = in[2], k = out[0];
		final boolean imagenet = c == 3 && (k == 1000 || k == 1001);
		final int resizeSize = resizeSize(o.resizeSize(), imagenet, h, w);
		final double[] mean = perChannel("mean", o.mean(), c, imagenet ? IMAGENET_MEAN : null, 0);
		final double[] std = perChannel("std", o.std(), c, imagenet ? IMAGENET_STD : null, 1);
		for (final double s : std)
			if (!(s > 0)) throw new IllegalArgumentException("std: " + Arrays.toString(std) +
				" is not allowed: expected values > 0");
		final List<String> classes;
		final String classNote;
		if (labels != null) {
			if (labels.size() != k) throw new IllegalArgumentException("labels: '" + o.labels() +
				"' has " + labels.size() + " name" + (labels.size() == 1 ? "" : "s") + " but the model " +
				"has " + k + " outputs: expected one name per line, " + k + " lines");
			classes = labels;
			classNote = "names from '" + o.labels() + "'";
		}
		else if (onnx.metadata().containsKey(ModelFile.CLASSES)) {
			classes = imported.classes();
			classNote = "names as the model gives them";
		}
		else if (ImageNetClasses.forOutputs(k) != null) {
			classes = ImageNetClasses.forOutputs(k);
			classNote = "ImageNet's class names" + (k == 1001 ? " (background first)" : "") + ", as the " +
				"model has " + k + " outputs and no labels were given (labels=<file> for others)";
		}
		else {
			classes = ModelFile.numberedClasses(k);
			classNote = "numbered, as no labels were given (labels=<file>, one name per line)";
		}
		final InputSpec spec = new InputSpec(c, h, w, 1 / 255.0, mean, std, "bilinear");
		ModelFile m = ModelFile.of(imported.network(), classes, spec).withExtraTensors(imported
			.extraTensors());
		for (final Map.Entry<String, String> e : imported.metadata().entrySet())
			m = m.withMetadata(e.getKey(), e.getValue());
		if (c == 1 || c == 3) m = m.withMetadata(ModelFile.PREPROCESSING, preprocessing(c, h, w,
			resizeSize, mean, std));
		m.save(o.output());
		return new Result(report(o, onnx, m, classNote), m);
	}

	/**
	 * Why the model cannot be evaluated on a labelled data set (whose images become tensors by
	 * {@link Preprocessing}: bit depth, straight resize, channel conversion), or null when it can:
	 * a preprocessing record with a shorter-side resize and centre crop, or its own mean and std
	 * (imported classifiers), would be silently ignored there.
	 */
	public static String datasetRefusal(final ModelFile m) {
		final String pre = m.metadata().get(ModelFile.PREPROCESSING);
		if (pre == null) return null;
		final Map<String, Object> p;
		try {
			p = Json.object(Json.parse(pre), ModelFile.PREPROCESSING);
		}
		catch (final IllegalArgumentException e) {
			return null; // reported where the record is read
		}
		final List<String> keys = new ArrayList<>();
		if (p.containsKey("resize_size")) keys.add("resize_size");
		if (!identity(p.get("mean"), 0)) keys.add("mean");
		if (!identity(p.get("std"), 1)) keys.add("std");
		if (p.containsKey("crop") && !"none".equals(p.get("crop"))) keys.add("crop");
		if (keys.isEmpty()) return null;
		return "its preprocessing (" + String.join(", ", keys) + ": an imported classifier's resize, " +
			"crop and normalisation) is not applied to labelled data sets yet: use Predict with CNN " +
			"(predict) on the images, which applies it";
	}

	/** Whether a mean or std entry is absent or every value is {@code none}. */
	private static boolean identity(final Object v, final double none) {
		if (v == null) return true;
		if (v instanceof Number n) return n.doubleValue() == none;
		if (!(v instanceof List<?> l)) return false;
		for (final Object o : l)
			if (!(o instanceof Number n) || n.doubleValue() != none) return false;
		return true;
	}

	/** The output must not be the input, nor a folder, and its folder must exist. */
	static void checkOutput(final Path model, final Path output) throws IOException {
		final Path a = model.toAbsolutePath().normalize(), b = output.toAbsolutePath().normalize();
		if (a.equals(b) || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b))
			throw new IllegalArgumentException("output: '" + output + "' is the model read: choose " +
				"another file (the import never overwrites its input)");
		if (Files.isDirectory(b)) throw new IllegalArgumentException("output: '" + output +
			"' is a folder: expected a file name");
		if (b.getParent() != null && !Files.isDirectory(b.getParent())) throw new IllegalArgumentException(
			"output: the folder '" + b.getParent() + "' does not exist");
	}

	private static List<String> labels(final Path file) throws IOException {
		try {
			return Classifier.readLabels(file);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("labels: " + e.getMessage(), e);
		}
	}

	private static OnnxModel read(final Path file) throws IOException {
		if (Files.isDirectory(file)) throw new IllegalArgumentException("model: '" + file +
			"' is a folder: expected an .onnx file");
		try {
			return Onnx.read(file);
		}
		catch (final NoSuchFileException e) {
			throw new IllegalArgumentException("model: '" + file + "' does not exist", e);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("model: " + (e.getMessage().contains(file.toString()) ? ""
				: "'" + file + "': ") + e.getMessage(), e);
		}
	}

	/** {@code auto} (see the class), or a whole number &gt;= 0. */
	static int resizeSize(final String text, final boolean imagenet, final int h, final int w) {
		final String t = text == null ? "auto" : text.strip().toLowerCase(Locale.ROOT);
		if (t.equals("auto") || t.isEmpty()) return imagenet ? (int) Math.round(Math.min(h, w) * 256 /
			224.0) : 0;
		try {
			final int v = Integer.parseInt(t);
			if (v >= 0 && v <= 1 << 16) return v;
		}
		catch (final NumberFormatException e) {
			// below
		}
		throw new IllegalArgumentException("resize_size: '" + text + "' is not allowed: expected " +
			"auto, 0 (resize to the model's size, no crop) or the shorter side in pixels before the " +
			"centre crop, e.g. 256");
	}

	/** {@code auto}, {@code none} (the default {@code none}), one number, or one per channel. */
	static double[] perChannel(final String key, final String text, final int channels,
		final double[] auto, final double none)
	{
		final String t = text == null ? "auto" : text.strip().toLowerCase(Locale.ROOT);
		final double[] v = new double[channels];
		if (t.equals("auto") || t.isEmpty()) {
			if (auto != null) return auto.clone();
			Arrays.fill(v, none);
			return v;
		}
		if (t.equals("none")) {
			Arrays.fill(v, none);
			return v;
		}
		final String[] parts = t.split("[,\\s]+");
		try {
			if (parts.length == 1) Arrays.fill(v, Double.parseDouble(parts[0]));
			else if (parts.length == channels) for (int i = 0; i < channels; i++)
				v[i] = Double.parseDouble(parts[i]);
			else throw new NumberFormatException();
			for (final double x : v)
				if (!Double.isFinite(x)) throw new NumberFormatException();
			return v;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + ": '" + text + "' is not allowed: expected auto, " +
				"none, one number, or " + channels + " numbers (one per channel) separated by commas", e);
		}
	}

	/** The {@code convnet.preprocessing} JSON of an imported classifier. */
	static String preprocessing(final int c, final int h, final int w, final int resizeSize,
		final double[] mean, final double[] std)
	{
		if (resizeSize > 0) return new ResizeCrop(resizeSize, true, h, w).toJson(c, mean, std);
		final Map<String, Object> m = new java.util.LinkedHashMap<>(Json.object(Json.parse(
			new Preprocessing(c, h, w, "bilinear", "auto").toJson()), "preprocessing"));
		m.put("mean", mean.clone());
		m.put("std", std.clone());
		return Json.write(m);
	}

	private static String report(final Options o, final OnnxModel onnx, final ModelFile m,
		final String classNote)
	{
		final StringBuilder sb = new StringBuilder();
		sb.append("model: '").append(o.model()).append("' (producer ").append(onnx.producerName()
			.isEmpty() ? "not named" : onnx.producerName() + " " + onnx.producerVersion()).append(
				", IR version ").append(onnx.irVersion()).append(", opset ").append(onnx.opsetVersion())
			.append(")\n");
		final java.util.Set<String> weights = new java.util.HashSet<>();
		onnx.graph().initializers().forEach(t -> weights.add(t.name()));
		for (final OnnxValueInfo v : onnx.graph().inputs())
			if (!weights.contains(v.name())) sb.append("input: ").append(valueInfo(v)).append('\n');
		for (final OnnxValueInfo v : onnx.graph().outputs())
			sb.append("output: ").append(valueInfo(v)).append('\n');
		final Map<String, Integer> ops = new TreeMap<>();
		for (final OnnxNode n : onnx.graph().nodes())
			ops.merge(n.opType(), 1, Integer::sum);
		final List<String> counts = new ArrayList<>();
		for (final Map.Entry<String, Integer> e : ops.entrySet())
			counts.add(e.getKey() + " " + e.getValue());
		sb.append("operators (").append(onnx.graph().nodes().size()).append(" nodes): ").append(String
			.join(", ", counts)).append('\n');
		sb.append("parameters: ").append(String.format(Locale.ROOT, "%,d", m.network().numParameters()))
			.append(" (after folding batch norms into convolutions; ").append(m.network().nodes().size())
			.append(" layers here)\n");
		final List<String> c = m.classes();
		sb.append("classes (").append(c.size()).append("): ").append(String.join(", ", c.subList(0, Math
			.min(5, c.size())))).append(c.size() > 5 ? ", ..." : "").append("\n  ").append(classNote)
			.append('\n');
		final String pre = m.metadata().get(ModelFile.PREPROCESSING);
		sb.append("preprocessing: ").append(pre == null ? "(none recorded: " + m.input().channels() +
			" channels)" : pre).append('\n');
		sb.append("written: '").append(o.output()).append("'\n");
		return sb.toString();
	}

	private static String valueInfo(final OnnxValueInfo v) {
		final List<String> dims = new ArrayList<>();
		for (final OnnxValueInfo.Dim d : v.shape())
			dims.add(d.toString());
		return v.name() + " " + dims;
	}
}
