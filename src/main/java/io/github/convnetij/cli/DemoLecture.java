package io.github.convnetij.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.Idx;
import io.github.convnetij.nn.data.IdxArray;
import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.train.Evaluation;
import io.github.convnetij.nn.train.Trainer;
import io.github.convnetij.nn.train.TrainingConfig;
import io.github.convnetij.nn.train.TrainingResult;
import io.github.convnetij.ops.ConvolutionOps;
import io.github.convnetij.ops.Kernel;
import io.github.convnetij.ops.OutputSize;
import io.github.convnetij.ops.PoolOp;
import io.github.convnetij.ops.PoolingOps;
import io.github.convnetij.ops.augment.Augmentation;
import io.github.convnetij.ops.augment.Augmenter;
import io.github.convnetij.ops.augment.Seeds;
import io.github.convnetij.ops.augment.Transform;
import io.github.convnetij.viz.ArchitecturePicture;
import io.github.convnetij.viz.AugmentationFigure;
import io.github.convnetij.viz.Figure;
import io.github.convnetij.viz.FilterMontage;
import io.github.convnetij.viz.LayerSummary;
import io.github.convnetij.viz.NetworkViews;
import io.github.convnetij.viz.PredictionPanels;
import io.github.convnetij.viz.Png;
import io.github.convnetij.viz.TrainingCurves;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The lecture part of {@code demo}: worked examples computed by the core, the architecture of a
 * CIFAR-100-style network, augmented replicates, and a CNN trained on the bundled Fashion-MNIST
 * subset with its curves, filters, feature maps and predictions. Each step writes its files into
 * the output folder and returns a line for the index page.
 */
final class DemoLecture {

	/** The bundled Fashion-MNIST subset (licence in {@value #SUBSET}LICENSE.txt). */
	static final String SUBSET = "/fashion-mnist-subset/";

	/** Fashion-MNIST's class names, label 0-9. */
	static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
		"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

	/** The CIFAR-100-style network drawn in architecture.png. */
	static final String CIFAR = "conv(32,3,pad=same), relu, conv(32,3,pad=same), relu, maxpool(2), " +
		"conv(64,3,pad=same), relu, conv(64,3,pad=same), relu, maxpool(2), " +
		"conv(128,3,pad=same), relu, conv(128,3,pad=same), relu, maxpool(2), " +
		"flatten, dense(512), relu, dropout(0.5), dense(100), softmax";

	/** The 2D worked example of DESIGN.md section 3. */
	static final float[][] IMAGE = { { 5, 8, 3, 4, 6, 2, 3, 7 }, { 3, 2, 1, 1, 9, 5, 1, 0 }, { 0, 9, 5,
		3, 0, 4, 8, 3 }, { 4, 2, 7, 2, 1, 9, 0, 6 }, { 9, 7, 9, 8, 0, 4, 2, 4 }, { 5, 2, 1, 8, 4, 1, 0,
			9 }, { 1, 8, 5, 4, 9, 2, 3, 8 }, { 3, 7, 1, 2, 3, 4, 4, 6 } };
	static final float[][] KERNEL = { { 2, 1, 0 }, { 1, 1, -1 }, { 0, -1, -2 } };
	static final float[][] POOL = { { 1, 2, 5, 3 }, { 3, 0, 1, 2 }, { 2, 1, 3, 4 }, { 1, 1, 2, 0 } };
	static final float[] SIGNAL = { 3, 1, 4, 1, 5, 9, 2, 6 }, KERNEL_1D = { 1, 0, -1 };

	private DemoLecture() {}

	// ---- worked examples ---------------------------------------------------------------------

	/** The worked examples as text: each input, kernel and result as a small table. */
	static String workedExamples() {
		final StringBuilder sb = new StringBuilder();
		sb.append("ConvNet-IJ worked examples (computed by ConvNet-IJ's core, printed as tables)\n");
		sb.append("=".repeat(76)).append("\n\n");
		sb.append("Convolution flips the kernel in every axis; correlation (what CNN layers compute) " +
			"does not.\nBorder: zero outside the input; output the same size as the input.\n\n");

		sb.append("1. 1D convolution and correlation\n\n");
		sb.append("signal x:  ").append(row(SIGNAL)).append('\n');
		sb.append("kernel w:  ").append(row(KERNEL_1D)).append("   (centre: the middle weight)\n\n");
		final float[] conv1 = filter1d(SIGNAL, KERNEL_1D, true), corr1 = filter1d(SIGNAL, KERNEL_1D,
			false);
		sb.append("convolution  x * w:   ").append(row(conv1)).append("   y[i] = x[i+1] - x[i-1]\n");
		sb.append("correlation  x (*) w: ").append(row(corr1)).append("   y[i] = x[i-1] - x[i+1]\n\n");

		sb.append("2. 2D convolution (DESIGN.md section 3)\n\nimage:\n").append(table(IMAGE)).append(
			"\nkernel:\n").append(table(KERNEL)).append("\nconvolution (kernel flipped), same size:\n")
			.append(table(filter2d(IMAGE, KERNEL, true))).append(
				"\ncorrelation (kernel as written), same size:\n").append(table(filter2d(IMAGE, KERNEL,
					false))).append("\nconvolution, valid (only where the kernel fits: 8x8 -> 6x6):\n")
			.append(table(filter2d(IMAGE, KERNEL, true, OutputSize.VALID))).append('\n');

		sb.append("3. Max pooling 2x2, stride 2\n\ninput:\n").append(table(POOL)).append(
			"\nmax pool 2x2:\n").append(table(maxPool(POOL))).append('\n');
		return sb.toString();
	}

	static float[] filter1d(final float[] x, final float[] w, final boolean convolve) {
		final Img<FloatType> img = ArrayImgs.floats(x.clone(), x.length);
		final Kernel k = Kernel.of(w.clone(), w.length);
		return values(convolve ? ConvolutionOps.convolve(img, k, Boundary.ZERO, 0, OutputSize.SAME,
			false) : ConvolutionOps.correlate(img, k, Boundary.ZERO, 0, OutputSize.SAME, false));
	}

	static float[][] filter2d(final float[][] image, final float[][] kernel, final boolean convolve) {
		return filter2d(image, kernel, convolve, OutputSize.SAME);
	}

	static float[][] filter2d(final float[][] image, final float[][] kernel, final boolean convolve,
		final OutputSize size)
	{
		final Img<FloatType> img = ArrayImgs.floats(flat(image), image[0].length, image.length);
		final Kernel k = Kernel.of(flat(kernel), kernel[0].length, kernel.length);
		final Img<FloatType> out = convolve ? ConvolutionOps.convolve(img, k, Boundary.ZERO, 0, size,
			false) : ConvolutionOps.correlate(img, k, Boundary.ZERO, 0, size, false);
		return rows(values(out), (int) out.dimension(0));
	}

	static float[][] maxPool(final float[][] image) {
		final Img<FloatType> img = ArrayImgs.floats(flat(image), image[0].length, image.length);
		final Img<FloatType> out = PoolingOps.pool(img, PoolOp.MAX, new int[] { 2 }, null, false);
		return rows(values(out), (int) out.dimension(0));
	}

	private static float[] values(final Img<FloatType> img) {
		final List<Float> l = new ArrayList<>();
		for (final FloatType t : Views.flatIterable(img))
			l.add(t.get());
		final float[] v = new float[l.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = l.get(i);
		return v;
	}

	private static float[] flat(final float[][] m) {
		final float[] v = new float[m.length * m[0].length];
		for (int y = 0; y < m.length; y++)
			System.arraycopy(m[y], 0, v, y * m[0].length, m[0].length);
		return v;
	}

	private static float[][] rows(final float[] v, final int w) {
		final float[][] m = new float[v.length / w][w];
		for (int y = 0; y < m.length; y++)
			System.arraycopy(v, y * w, m[y], 0, w);
		return m;
	}

	private static String row(final float[] v) {
		final StringBuilder sb = new StringBuilder();
		for (final float f : v)
			sb.append(String.format(Locale.ROOT, "%4s", DemoCommand.fmt(f)));
		return sb.toString();
	}

	static String table(final float[][] m) {
		final StringBuilder sb = new StringBuilder();
		for (final float[] r : m)
			sb.append("  ").append(row(r)).append('\n');
		return sb.toString();
	}

	// ---- pictures without training -------------------------------------------------------------

	/** architecture.png and architecture.txt of the CIFAR-100-style network. */
	static String architecture(final Path dir, final PrintWriter out) throws IOException {
		final Network net = Architectures.parse(CIFAR, new int[] { 3, 32, 32 }, 100);
		final List<LayerSummary> layers = LayerSummary.of(net);
		final Figure f = ArchitecturePicture.draw(layers, "A CIFAR-100-style CNN: 3x32x32 images, " +
			"100 classes (" + String.format(Locale.ROOT, "%,d", net.numParameters()) + " weights)");
		Png.write(f, dir.resolve("architecture.png"));
		ImageFiles.writeAtomically(dir.resolve("architecture.txt"), s -> s.write((CIFAR + "\n\n" +
			LayerSummary.table(layers)).getBytes(StandardCharsets.UTF_8)));
		out.println("wrote " + dir.resolve("architecture.png") + " and architecture.txt (the " +
			"CIFAR-100-style network, " + (layers.size() - 1) + " layers)");
		return "The architecture of a CIFAR-100-style CNN (input 3x32x32): conv/pool blocks doubling " +
			"the filters (32, 64, 128) while each 2x2 max pooling halves the size, then flatten, " +
			"dense 512 and a softmax over 100 classes. Each block is labelled with its output shape " +
			"C x H x W; architecture.txt has the same as a table.";
	}

	/** augmentation.png: the sample image and 8 seeded replicates. */
	static String augmentation(final Tensor sample, final Path dir, final PrintWriter out)
		throws IOException
	{
		final Augmentation aug = Augmentation.none().rotationRange(20).widthShiftRange(0.1)
			.heightShiftRange(0.1).zoomRange(0.15).horizontalFlip(true).fillMode(Boundary.REFLECT);
		final int[] s = sample.shape();
		final int h = s[1], w = s[2], n = 8;
		final long seed = 42;
		final Transform[] t = new Transform[n];
		for (int i = 0; i < n; i++)
			t[i] = aug.sample(Seeds.derive(seed, i), w, h);
		final Tensor batch = Tensor.zeros(n, 1, h, w);
		for (int i = 0; i < n; i++)
			System.arraycopy(sample.data(), 0, batch.data(), i * h * w, h * w);
		final Tensor outT = Augmenter.of(aug).apply(batch, t);
		final List<Tensor> reps = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			final float[] v = new float[h * w];
			System.arraycopy(outT.data(), i * h * w, v, 0, h * w);
			reps.add(Tensor.of(v, 1, h, w));
			labels.add(t[i].label());
		}
		final String settings = "rotation_range 20, width/height_shift_range 0.1, zoom_range 0.15, " +
			"horizontal_flip, fill_mode reflect, seed " + seed + " (replicate i drawn from " +
			"Seeds.derive(seed, i); angles positive clockwise)";
		final Figure f = AugmentationFigure.draw(sample, reps, labels, 0, 255,
			"Data augmentation: one image, 8 seeded replicates", settings);
		Png.write(f, dir.resolve("augmentation.png"));
		out.println("wrote " + dir.resolve("augmentation.png") + " (8 replicates, seed " + seed + ")");
		return "Data augmentation: the sample photograph and 8 replicates drawn with a fixed seed " +
			"(" + settings + "), each labelled with the parameters sampled for it.";
	}

	// ---- training ------------------------------------------------------------------------------

	/** The bundled subset: training (5000 images) or test (1000 images). */
	static ImageDataset subset(final boolean training) throws IOException {
		final String prefix = SUBSET + (training ? "train" : "t10k");
		final IdxArray im = read(prefix + "-images-idx3-ubyte.gz"), lb = read(prefix +
			"-labels-idx1-ubyte.gz");
		final int[] labels = new int[lb.dim(0)];
		for (int i = 0; i < labels.length; i++)
			labels[i] = lb.data()[i] & 0xff;
		return ImageDataset.of(im.data(), labels, 1, im.dim(1), im.dim(2), "the bundled " +
			"Fashion-MNIST subset (" + (training ? "training" : "test") + ")");
	}

	private static IdxArray read(final String resource) throws IOException {
		try (InputStream in = DemoLecture.class.getResourceAsStream(resource)) {
			if (in == null) throw new IOException("the demo data " + resource +
				" is missing from the class path (a broken build?)");
			return Idx.read(in, resource);
		}
	}

	/** What training gave, for the pictures and the test. */
	record Trained(Network network, TrainingResult result, Evaluation test, ImageDataset testSet) {}

	/** Trains the default CNN for 28x28 images on the subset. */
	static Trained train(final int epochs, final int trainImages, final PrintWriter out)
		throws IOException
	{
		ImageDataset train = subset(true);
		if (trainImages < train.size()) {
			final int[] idx = new int[trainImages];
			for (int i = 0; i < idx.length; i++)
				idx[i] = i;
			train = train.subset(idx);
		}
		final ImageDataset test = subset(false);
		final String arch = Architectures.defaultFor(new int[] { 1, 28, 28 }, 10);
		final Network net = Architectures.parse(arch, new int[] { 1, 28, 28 }, 10);
		net.initialize(0);
		final TrainingConfig config = TrainingConfig.builder().epochs(epochs).batchSize(32).optimizer(
			"adam").learningRate(1e-3).seed(0).build();
		out.println("training " + arch + " on " + train.size() + " Fashion-MNIST images for " + epochs +
			" epochs (test: " + test.size() + " held-out images)");
		out.flush();
		final TrainingResult r = new Trainer(config).train(net, CLASSES, InputSpec.uint8(1, 28, 28),
			train, test, new io.github.convnetij.nn.train.TrainingListener() {

				@Override
				public void onEpoch(final io.github.convnetij.nn.train.EpochMetrics m) {
					out.println(String.format(Locale.ROOT, "epoch %d: loss %.4f, accuracy %.4f, test " +
						"accuracy %.4f (%.0f images/s)", m.epoch(), m.loss(), m.accuracy(), m.testAccuracy(), m
							.imagesPerSecond()));
					out.flush();
				}
			}, null);
		final Evaluation ev = Evaluation.of(r.network(), test, 256);
		return new Trained(r.network(), r, ev, test);
	}

	private static int argmax(final float[] v, final int from, final int n) {
		int best = 0;
		for (int i = 1; i < n; i++)
			if (v[from + i] > v[from + best]) best = i;
		return best;
	}

	/** model.onnx, training-curves.png, filters.png, feature-maps.png and predictions.png. */
	static List<String> pictures(final Trained t, final Path dir, final PrintWriter out)
		throws IOException
	{
		final List<String> captions = new ArrayList<>();
		final Network net = t.network();
		ModelFile.of(net, CLASSES, InputSpec.uint8(1, 28, 28)).withHistory(Trainer.maps(t.result()
			.history())).save(dir.resolve("model.onnx"));
		out.println("wrote " + dir.resolve("model.onnx"));

		final String acc = String.format(Locale.ROOT, "%.3f", t.test().accuracy());
		Png.write(TrainingCurves.draw(t.result().history(), "Training the default CNN on " +
			"Fashion-MNIST (subset): test accuracy " + acc), dir.resolve("training-curves.png"));
		captions.add("Training curves: loss and accuracy per epoch on the training images and on " +
			"the " + t.testSet().size() + " held-out test images (final test accuracy " + acc + ").");

		final Network.Node conv = net.nodes().get(0);
		Png.write(FilterMontage.draw(conv.name(), conv.layer().parameter("weight").value(),
			FilterMontage.Mode.AUTO, FilterMontage.Scale.SHARED).figure(), dir.resolve("filters.png"));
		captions.add("The " + conv.outputShape()[0] + " learned 3x3 filters of the first " +
			"convolution layer (" + conv.name() + "), one tile per output channel, on one shared " +
			"scale: black negative, mid-gray zero, white positive.");

		// feature maps: the first layer's output for one test image (NetworkViews runs the layers)
		final int n = t.testSet().imageSize();
		final float[] x = new float[n];
		t.testSet().copyImage(0, x, 0);
		final int[] as = conv.outputShape();
		Png.write(NetworkViews.featureMaps(net, Tensor.of(x, 1, 28, 28), 0, 1, conv.name(), 32), dir
			.resolve("feature-maps.png"));
		captions.add("Feature maps: test image 1 (" + CLASSES.get(t.testSet().label(0)) + ") and the " +
			as[0] + " channels the trained first convolution layer (" + conv.name() + ", before its " +
			"ReLU) makes of it, labelled layer/channel.");

		// predictions: six test images of different classes, with the first mistake if there is one
		final int k = 6, pool = Math.min(200, t.testSet().size());
		final float[] xs = new float[pool * n];
		for (int i = 0; i < pool; i++)
			t.testSet().copyImage(i, xs, i * n);
		final float[] probs = net.predict(Tensor.of(xs, pool, 1, 28, 28)).data();
		final List<Integer> chosen = new ArrayList<>();
		for (int i = 0; i < pool && chosen.isEmpty(); i++)
			if (argmax(probs, i * 10, 10) != t.testSet().label(i)) chosen.add(i);
		final boolean[] seen = new boolean[10];
		for (final int i : chosen)
			seen[t.testSet().label(i)] = true;
		for (int i = 0; i < pool && chosen.size() < k; i++)
			if (!seen[t.testSet().label(i)]) {
				seen[t.testSet().label(i)] = true;
				chosen.add(i);
			}
		for (int i = 0; i < pool && chosen.size() < k; i++)
			if (!chosen.contains(i)) chosen.add(i);
		chosen.sort(null);
		final List<PredictionPanels.Prediction> ps = new ArrayList<>();
		for (final int i : chosen) {
			final float[] p = new float[10];
			System.arraycopy(probs, i * 10, p, 0, 10);
			final float[] img = new float[n];
			System.arraycopy(xs, i * n, img, 0, n);
			ps.add(new PredictionPanels.Prediction(Tensor.of(img, 1, 28, 28), 0, 1, t.testSet().label(i),
				p, "test image " + (i + 1)));
		}
		Png.write(PredictionPanels.draw(ps, CLASSES, 3, "Six test images: true class and the " +
			"model's top 3").get(0), dir.resolve("predictions.png"));
		captions.add("Predictions: six held-out test images of different classes (with the model's " +
			"first mistake among the first " + pool + " test images, if any), each with its true " +
			"class and the model's three most probable classes (green bar: the top class is right, " +
			"red: wrong).");
		out.println("wrote training-curves.png, filters.png, feature-maps.png, predictions.png");
		return captions;
	}
}
