package io.github.convnetij.viz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Executor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.predict.Classifier;

/**
 * What the "Show ..." commands of a model need, without ImageJ: a layer chosen by name or
 * position, its activations for one image, its filters as a montage, the architecture picture —
 * with the errors a user should see (a layer name that does not exist lists the names; a non-conv
 * layer for filters lists the conv layers; an image the model cannot take names both shapes).
 * <pre>{@code
 * Tensor act = NetworkViews.activation(net, image, "conv2");     // image [C, H, W] as the model takes it
 * Figure maps = NetworkViews.featureMaps(net, image, 0, 1, "conv2", 32);
 * Figure filters = NetworkViews.filters(net, "conv1", FilterMontage.Mode.AUTO, FilterMontage.Scale.SHARED).figure();
 * }</pre>
 * Activations come from an executor ({@link Executor#outputs}) of the part of the graph the
 * chosen node needs ({@link io.github.convnetij.nn.Graph#ancestors}), in inference mode; a ReLU
 * that training fuses with the max pooling after it is run unfused when it is the node asked for,
 * so its output is exact.
 */
public final class NetworkViews {

	private NetworkViews() {}

	/**
	 * The node named {@code layer}, or at position {@code layer} (0 = the first layer) when it is a
	 * number and no node has that name.
	 *
	 * @throws IllegalArgumentException naming the layers there are
	 */
	public static Network.Node node(final Network net, final String layer) {
		if (layer != null) {
			final Network.Node n = net.node(layer.trim());
			if (n != null) return n;
			try {
				final int i = Integer.parseInt(layer.trim());
				if (i >= 0 && i < net.nodes().size()) return net.nodes().get(i);
			}
			catch (final NumberFormatException e) {
				// not a position
			}
		}
		final int n = net.nodes().size();
		throw new IllegalArgumentException("the model has no layer '" + layer + "'; its layers are " +
			names(net.nodes()) + " (" + n + " in all, or a position 0.." + (n - 1) + "; Show " +
			"Architecture, or architecture on the command line, lists them with their shapes)");
	}

	/**
	 * The output of {@code layer} for one image {@code [C, H, W]} (the model's input shape, values
	 * as the model takes them), without the batch axis; a new tensor.
	 *
	 * @throws IllegalArgumentException for an unknown layer or an image of another shape
	 */
	public static Tensor activation(final Network net, final Tensor image, final String layer) {
		final Network.Node target = node(net, layer);
		final int[] in = net.inputShape(), got = image.shape();
		if (!Arrays.equals(in, got)) throw new IllegalArgumentException("the image is " + Draw.shape(
			got) + " (C x H x W) but the model takes " + Draw.shape(in));
		final int[] batched = new int[in.length + 1];
		batched[0] = 1;
		System.arraycopy(in, 0, batched, 1, in.length);
		// only the nodes the layer reads from (Graph.ancestors): nothing after it, and no branch it
		// does not need, is run. The executor's outputs run a ReLU fused with the max pooling after
		// it unfused when it is asked for, so its output is exact.
		final List<String> wanted = List.of(target.name());
		final Tensor out = Executor.fused(net.graph().ancestors(wanted)).outputs(Tensor.of(image
			.data().clone(), batched), wanted).get(target.name());
		final int[] s = out.shape();
		return Tensor.of(out.data(), Arrays.copyOfRange(s, 1, s.length));
	}

	/**
	 * The input image beside the channels of {@code layer}'s output ({@link FeatureMaps}); an
	 * output of features {@code [F]} is shown as one map of rows of 32 values (zeros after the last).
	 */
	public static Figure featureMaps(final Network net, final Tensor image, final double lo,
		final double hi, final String layer, final int maxChannels)
	{
		final Network.Node n = node(net, layer);
		return featureMaps(n.name(), image, lo, hi, activation(net, image, n.name()), maxChannels);
	}

	/**
	 * The input image beside the channels of an activation {@link #activation} gave for it (so
	 * that a caller that also wants the activation runs the network once).
	 */
	public static Figure featureMaps(final String layer, final Tensor image, final double lo,
		final double hi, final Tensor activation, final int maxChannels)
	{
		Tensor act = activation;
		final int[] s = act.shape();
		if (s.length == 1) {
			final int cols = Math.min(32, s[0]), rows = (s[0] + cols - 1) / cols;
			act = Tensor.of(Arrays.copyOf(act.data(), rows * cols), 1, rows, cols);
		}
		else if (s.length != 3) throw new IllegalArgumentException("layer '" + layer +
			"' has output " + Draw.shape(s) + ": feature maps are drawn for C x H x W or features only");
		final int[] is = image.shape();
		final Tensor shown = is.length == 3 ? image : Tensor.of(image.data(), 1, 1, is[is.length - 1]);
		return FeatureMaps.draw(layer, shown, lo, hi, act, maxChannels);
	}

	/**
	 * The filters of a 2D convolution layer as a montage.
	 *
	 * @throws IllegalArgumentException for an unknown layer or one that is not a 2D convolution
	 *           (listing the conv layers)
	 */
	public static FilterMontage.Result filters(final Network net, final String layer,
		final FilterMontage.Mode mode, final FilterMontage.Scale scale)
	{
		final Network.Node n = node(net, layer);
		final List<Network.Node> convs = new ArrayList<>();
		for (final Network.Node c : net.nodes())
			if (isConv2d(c)) convs.add(c);
		final Parameter w = n.layer().type().equals("conv") ? n.layer().parameter("weight") : null;
		if (w == null) throw new IllegalArgumentException("layer '" + n.name() + "' is " + n.layer()
			.type() + ", not a convolution: filters are shown for " + (convs.isEmpty() ?
				"conv layers, and this model has none" : "the conv layers " + names(convs)));
		if (w.value().rank() != 4) throw new IllegalArgumentException("layer '" + n.name() +
			"' is a " + (w.value().rank() - 2) + "D convolution: filter montages are drawn for 2D ones");
		return FilterMontage.draw(n.name(), w.value(), mode, scale);
	}

	/** Whether {@code n} is a 2D convolution (weights {@code [O, I, kH, kW]}): one {@link #filters} draws. */
	public static boolean isConv2d(final Network.Node n) {
		if (!n.layer().type().equals("conv")) return false;
		final Parameter w = n.layer().parameter("weight");
		return w != null && w.value().rank() == 4;
	}

	/** The architecture picture of {@code net}; its text holds the layer table. */
	public static Figure architecture(final Network net, final String title) {
		return ArchitecturePicture.draw(LayerSummary.of(net), title);
	}

	/** The most images {@link #predictions} draws (20 pages of {@link PredictionPanels#PER_PAGE}). */
	public static final int MAX_PANEL_IMAGES = 20 * PredictionPanels.PER_PAGE;

	/**
	 * Prediction panels: each image classified by {@code classifier} (its recorded preprocessing),
	 * shown as stored (gray or RGB; other channel counts: the first channel) with its true class and
	 * the {@code topK} most probable classes ({@code topK} clamped to the classes).
	 *
	 * @param truths per image the true class name, or null; a name that is not one of the model's
	 *          classes counts as unknown
	 * @throws IllegalArgumentException for no images, more than {@link #MAX_PANEL_IMAGES}, or an
	 *           image the model cannot take (naming both shapes)
	 */
	public static List<Figure> predictions(final Classifier classifier,
		final List<Classifier.Image> images, final List<String> truths, final int topK,
		final String title)
	{
		if (images.isEmpty()) throw new IllegalArgumentException("no images to show");
		if (images.size() > MAX_PANEL_IMAGES) throw new IllegalArgumentException(images.size() +
			" images would make " + (images.size() + PredictionPanels.PER_PAGE - 1) /
				PredictionPanels.PER_PAGE + " pages: at most " + MAX_PANEL_IMAGES + " images (" +
				MAX_PANEL_IMAGES / PredictionPanels.PER_PAGE + " pages) are drawn; Predict with CNN " +
				"gives the table of any number");
		final int k = Math.min(classifier.topK(topK, null), 10);
		final List<String> classes = classifier.classes();
		final int nk = classes.size();
		final float[] p = classifier.probabilities(images);
		final List<PredictionPanels.Prediction> ps = new ArrayList<>(images.size());
		for (int i = 0; i < images.size(); i++) {
			final Classifier.Image img = images.get(i);
			final String truth = truths == null ? null : truths.get(i);
			ps.add(new PredictionPanels.Prediction(shown(img.pixels()), low(img), high(img), truth == null
				? -1 : classes.indexOf(truth), Arrays.copyOfRange(p, i * nk, (i + 1) * nk), img.name()));
		}
		return PredictionPanels.draw(ps, classifier.namedClasses() ? classes : null, k, title);
	}

	/** Gray or RGB as stored; another channel count: its first channel. */
	private static Tensor shown(final Tensor pixels) {
		final int[] s = pixels.shape();
		if (s[0] == 1 || s[0] == 3) return pixels;
		return Tensor.of(Arrays.copyOf(pixels.data(), s[1] * s[2]), 1, s[1], s[2]);
	}

	/** 8-bit and RGB from 0; 16- and 32-bit from their minimum. */
	private static double low(final Classifier.Image img) {
		if (img.bitDepth() == 8 || img.bitDepth() == 24) return 0;
		double lo = Double.POSITIVE_INFINITY;
		for (final float v : img.pixels().data())
			if (v < lo) lo = v;
		return Double.isFinite(lo) ? lo : 0;
	}

	/** 8-bit and RGB to 255; 16- and 32-bit to their maximum (above the minimum). */
	private static double high(final Classifier.Image img) {
		if (img.bitDepth() == 8 || img.bitDepth() == 24) return 255;
		double hi = Double.NEGATIVE_INFINITY;
		for (final float v : img.pixels().data())
			if (v > hi) hi = v;
		final double lo = low(img);
		return Double.isFinite(hi) && hi > lo ? hi : lo + 1;
	}

	/**
	 * Writes pages as PNGs: one page to {@code output}; several to {@code NAME-001.png},
	 * {@code NAME-002.png}... beside it ({@code NAME} = {@code output}'s name without
	 * {@code .png}). When one fails, the pages written are removed again.
	 *
	 * @return the files written, in page order
	 */
	public static List<Path> writePages(final List<Figure> pages, final Path output)
		throws IOException
	{
		final List<Path> files = pageFiles(pages.size(), output);
		final List<Path> written = new ArrayList<>();
		try {
			for (int i = 0; i < pages.size(); i++) {
				Png.write(pages.get(i), files.get(i));
				written.add(files.get(i));
			}
		}
		catch (final IOException | RuntimeException e) {
			for (final Path f : written)
				Files.deleteIfExists(f);
			throw e;
		}
		return files;
	}

	/** The files {@link #writePages} writes for {@code n} pages. */
	public static List<Path> pageFiles(final int n, final Path output) {
		if (n == 1) return List.of(output);
		final String name = output.getFileName().toString();
		final String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? name.substring(0,
			name.length() - 4) : name;
		final List<Path> files = new ArrayList<>(n);
		for (int i = 1; i <= n; i++)
			files.add(output.resolveSibling(String.format(java.util.Locale.ROOT, "%s-%03d.png", base, i)));
		return files;
	}

	/** Longest name list an error message spells out before it stops. */
	private static final int NAMES_CHARS = 400;

	/** Up to this many names are listed one by one, in order. */
	private static final int SPELLED_OUT = 20;

	/**
	 * The names of {@code nodes}: up to {@value #SPELLED_OUT} one by one, more compactly: runs of
	 * numbered names of one kind as ranges
	 * ({@code conv1..conv53, relu1..relu49, maxpool1, add1..add16}), in order of first appearance;
	 * stops with {@code ...} past about {@value #NAMES_CHARS} characters.
	 */
	static String names(final List<Network.Node> nodes) {
		if (nodes.size() <= SPELLED_OUT) {
			final List<String> l = new ArrayList<>();
			for (final Network.Node n : nodes)
				l.add(n.name());
			return String.join(", ", l);
		}
		final java.util.LinkedHashMap<String, List<Object>> groups = new java.util.LinkedHashMap<>();
		final java.util.regex.Pattern numbered = java.util.regex.Pattern.compile("(.*?[^0-9])([1-9][0-9]{0,8})");
		for (final Network.Node n : nodes) {
			final java.util.regex.Matcher m = numbered.matcher(n.name());
			if (m.matches()) groups.computeIfAbsent("#" + m.group(1), k -> new ArrayList<>()).add(Integer
				.valueOf(m.group(2)));
			else groups.computeIfAbsent("=" + n.name(), k -> new ArrayList<>());
		}
		final List<String> parts = new ArrayList<>();
		for (final java.util.Map.Entry<String, List<Object>> g : groups.entrySet()) {
			final String prefix = g.getKey().substring(1);
			if (g.getKey().startsWith("=")) {
				parts.add(prefix);
				continue;
			}
			final List<Object> nums = g.getValue();
			for (int a = 0; a < nums.size();) {
				int b = a;
				while (b + 1 < nums.size() && (Integer) nums.get(b + 1) == (Integer) nums.get(b) + 1)
					b++;
				parts.add(b - a >= 2 ? prefix + nums.get(a) + ".." + prefix + nums.get(b) : prefix + nums
					.get(a));
				if (b - a == 1) parts.add(prefix + nums.get(b));
				a = b + 1;
			}
		}
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < parts.size(); i++) {
			if (sb.length() > NAMES_CHARS) {
				sb.append(", ... (").append(parts.size() - i).append(" more)");
				break;
			}
			if (i > 0) sb.append(", ");
			sb.append(parts.get(i));
		}
		return sb.toString();
	}
}
