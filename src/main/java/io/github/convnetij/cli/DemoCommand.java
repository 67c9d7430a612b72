package io.github.convnetij.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.ops.ConvolutionOps;
import io.github.convnetij.ops.Kernel;
import io.github.convnetij.ops.Kernels;
import io.github.convnetij.ops.OutputSize;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.parallel.Parallelization;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: walks the lecture in a minute or two on two cores, with nothing downloaded, writing
 * into one folder:
 * <ul>
 * <li>{@value #MONTAGE}: every named kernel of {@link Kernels#names()} (parameterised ones as
 * {@code box(5)} and {@code gaussian(2)}; kernels with equal weights share one tile) applied to the
 * sample photograph {@value #SAMPLE} with {@link ConvolutionOps#correlate} (boundary reflect, same
 * size), each tile scaled for display and labelled; {@value #README} lists each tile's weights and
 * display range, and every other file;</li>
 * <li>{@value #WORKED}: the 1D and 2D worked convolutions and the max-pool example (DESIGN.md
 * section 3) computed by the core, as small tables;</li>
 * <li>{@code architecture.png} and {@code .txt}: a CIFAR-100-style network with its shapes;</li>
 * <li>{@code augmentation.png}: the sample and 8 seeded replicates with their parameters;</li>
 * <li>the default CNN for 28x28 images trained on the bundled Fashion-MNIST subset (5000 training
 * and 1000 held-out test images, {@code fashion-mnist-subset/} in the jar), its test accuracy
 * printed, written as {@code model.onnx}, with {@code training-curves.png}, {@code filters.png},
 * {@code feature-maps.png} (a test image and the first conv layer's output, computed by running
 * that layer itself) and {@code predictions.png} (six test images with their top 3);</li>
 * <li>{@value #INDEX}: every picture with a caption.</li>
 * </ul>
 * <pre>{@code
 * java -jar convnet-ij-cli.jar demo --output convnet-demo [--epochs 3] [--train-images 5000]
 * }</pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
	description = "Walk the lecture: worked convolutions, kernels, an architecture, augmentation, " +
		"and a CNN trained on bundled Fashion-MNIST images with its pictures; write them and " +
		"index.html into a folder.")
public final class DemoCommand implements Callable<Integer> {

	/** The bundled sample image, a classpath resource (licence in sample/SAMPLE-LICENSE.txt). */
	static final String SAMPLE = "/sample/camera.png";

	/** Names of the files written into the output folder. */
	static final String MONTAGE = "kernels-montage.png", README = "README.txt",
		WORKED = "worked-examples.txt", INDEX = "index.html";

	/** The parameters used for kernels whose names take one. */
	private static final String BOX = "box(5)", GAUSSIAN = "gaussian(2)";

	private static final String SAMPLE_CREDIT =
		"camera.png, a photograph by Lav Varshney, CC0 (public domain), from scikit-image";

	@Option(names = "--output", paramLabel = "DIR", defaultValue = "convnet-demo",
		description = "Folder for the demo's pictures, model and index.html" +
			" (created if missing; files there are replaced). Default: ${DEFAULT-VALUE}")
	Path output;

	@Spec
	CommandSpec spec;

	/** One kernel shown in the montage: its label (names of equal kernels joined) and weights. */
	static final class Entry {

		final String label;
		final Kernel kernel;

		Entry(final String label, final Kernel kernel) {
			this.label = label;
			this.kernel = kernel;
		}
	}

	@Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description =
		"Epochs of the demo's training on the bundled Fashion-MNIST subset. Default: ${DEFAULT-VALUE}")
	int epochs;

	@Option(names = "--train-images", paramLabel = "N", defaultValue = "5000", description =
		"Training images used from the bundled subset (1 to 5000). Default: ${DEFAULT-VALUE}")
	int trainImages;

	@Override
	public Integer call() throws IOException {
		final PrintWriter out = spec != null ? spec.commandLine().getOut() : new PrintWriter(
			System.out, true);
		final Path dir = output != null ? output : Path.of("convnet-demo");
		if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException(
			"--output: cannot write the demo into '" + dir + "': it is a file, not a folder");
		if (epochs < 1 || epochs > 100) throw new IllegalArgumentException("--epochs " + epochs +
			" is not allowed: expected 1 to 100");
		if (trainImages < 1 || trainImages > 5000) throw new IllegalArgumentException(
			"--train-images " + trainImages + " is not allowed: expected 1 to 5000 (the bundled subset)");
		final Path parent = dir.toAbsolutePath().normalize().getParent();
		if (!Files.isDirectory(dir) && parent != null && !Files.isDirectory(parent))
			throw new IllegalArgumentException("--output: the folder '" + parent + "' does not exist " +
				"(the demo folder '" + dir.getFileName() + "' is created in an existing folder)");
		Files.createDirectories(dir);
		final long start = System.nanoTime();
		final List<String[]> index = new ArrayList<>(); // {file, caption}

		final FloatProcessor sample = loadSample();
		final List<Entry> entries = kernels();
		final List<DemoMontage.Tile> tiles = new ArrayList<>();
		final StringBuilder readme = new StringBuilder();
		readme.append(readmeHeader(sample));
		tiles.add(new DemoMontage.Tile("original", "sample, " + sample.getWidth() + "x" + sample
			.getHeight() + ", 8-bit", sample));
		appendTile(readme, 1, "original: the sample image itself", sample, null);
		for (final Entry e : entries) {
			final FloatProcessor result = Parallelization.runMultiThreaded(() -> correlate(sample,
				e.kernel));
			tiles.add(new DemoMontage.Tile(e.label, "correlation, " + e.kernel.sizeString() +
				" kernel", result));
			appendTile(readme, tiles.size(), e.label + ": correlation with this " + e.kernel
				.sizeString() + " kernel", result, e.kernel);
		}
		final String footer = "Each result is the correlation of the sample with the kernel " +
			"(weights not flipped), boundary reflect, same size; each tile scaled to its " +
			"0.5-99.5 percentiles.";
		final ColorProcessor montage = DemoMontage.render(tiles, footer, true);

		final Path montageFile = dir.resolve(MONTAGE), readmeFile = dir.resolve(README);
		ImageFiles.write(new ImagePlus(MONTAGE, montage), montageFile);
		out.println("wrote " + montageFile + " (" + montage.getWidth() + "x" + montage.getHeight() +
			": the sample and " + entries.size() + " kernels, each applied as a correlation)");

		final Path worked = dir.resolve(WORKED);
		final byte[] examples = DemoLecture.workedExamples().getBytes(StandardCharsets.UTF_8);
		ImageFiles.writeAtomically(worked, stream -> stream.write(examples));
		out.println("wrote " + worked + " (1D and 2D convolution, max pooling)");
		index.add(new String[] { MONTAGE, "The named kernels applied to the sample photograph as " +
			"correlations (boundary reflect, same size), each tile scaled for display on its own; " +
			README + " lists the weights." });
		index.add(new String[] { "architecture.png", DemoLecture.architecture(dir, out) });
		final Tensor sampleTensor = Tensor.of(((float[]) sample.getPixels()).clone(), 1, sample
			.getHeight(), sample.getWidth());
		index.add(new String[] { "augmentation.png", DemoLecture.augmentation(sampleTensor, dir,
			out) });

		final DemoLecture.Trained trained = Parallelization.runMultiThreaded(() -> {
			try {
				return DemoLecture.train(epochs, trainImages, out);
			}
			catch (final IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		out.println(String.format(Locale.ROOT, "test accuracy: %.4f (%d of %d held-out test images)",
			trained.test().accuracy(), trained.test().correct(), trained.test().count()));
		final List<String> captions = Parallelization.runMultiThreaded(() -> {
			try {
				return DemoLecture.pictures(trained, dir, out);
			}
			catch (final IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		final String[] files = { "training-curves.png", "filters.png", "feature-maps.png",
			"predictions.png" };
		for (int i = 0; i < files.length; i++)
			index.add(new String[] { files[i], captions.get(i) });

		final byte[] html = DemoIndex.html(index, trained.test().accuracy(), trained.test().count())
			.getBytes(StandardCharsets.UTF_8);
		ImageFiles.writeAtomically(dir.resolve(INDEX), stream -> stream.write(html));
		out.println("wrote " + dir.resolve(INDEX) + " (every picture with a caption)");
		readme.append(readmeFiles());
		final byte[] text = readme.toString().getBytes(StandardCharsets.UTF_8);
		ImageFiles.writeAtomically(readmeFile, stream -> stream.write(text));
		out.println("wrote " + readmeFile + " (what each file shows)");
		out.println(String.format(Locale.ROOT, "demo done in %.1f s", (System.nanoTime() - start) /
			1e9));
		out.flush();
		return 0;
	}

	private static String readmeFiles() {
		return "\n\nOther files of the demo\n-----------------------\n\n" +
			WORKED + ": the 1D and 2D worked convolutions and the max-pool example, computed by the core.\n" +
			"architecture.png, architecture.txt: a CIFAR-100-style CNN with its shapes.\n" +
			"augmentation.png: the sample and 8 seeded augmented replicates.\n" +
			"model.onnx: the default CNN trained on the bundled Fashion-MNIST subset\n" +
			"  (fashion-mnist-subset/LICENSE.txt inside the jar: MIT, Zalando SE).\n" +
			"training-curves.png, filters.png, feature-maps.png, predictions.png: that model.\n" +
			INDEX + ": every picture with a caption; open it in a browser.\n";
	}

	/**
	 * The kernels of the demo in {@link Kernels#names()} order: parameterised names as
	 * {@code box(5)}, {@code gaussian(2)} (others with their default parameters), and a name whose
	 * weights equal an earlier kernel's joined to that kernel's label ({@code laplacian = highpass}).
	 */
	static List<Entry> kernels() {
		final List<Entry> entries = new ArrayList<>();
		for (final String name : Kernels.names()) {
			final int paren = name.indexOf('(');
			final String base = paren < 0 ? name : name.substring(0, paren);
			final String spec = base.equals("box") ? BOX : base.equals("gaussian") ? GAUSSIAN : base;
			final Kernel kernel = Kernels.get(spec);
			int same = -1;
			for (int i = 0; i < entries.size() && same < 0; i++)
				if (entries.get(i).kernel.equals(kernel)) same = i;
			if (same >= 0) entries.set(same, new Entry(entries.get(same).label + " = " + spec, kernel));
			else entries.add(new Entry(spec, kernel));
		}
		return entries;
	}

	/** The bundled sample as 32-bit float pixels (values 0-255). */
	static FloatProcessor loadSample() throws IOException {
		final BufferedImage img;
		try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE)) {
			if (in == null) throw new IOException("the sample image " + SAMPLE +
				" is missing from the class path (a broken build?)");
			img = ImageIO.read(in);
		}
		if (img == null || img.getType() != BufferedImage.TYPE_BYTE_GRAY) throw new IOException(
			"the sample image " + SAMPLE + " is not an 8-bit grayscale PNG (a broken build?)");
		final int w = img.getWidth(), h = img.getHeight();
		final float[] px = new float[w * h];
		img.getRaster().getPixels(0, 0, w, h, px);
		return new FloatProcessor(w, h, px);
	}

	/** Correlation of the 8-bit sample (wrapped as an ImgLib2 image) with {@code kernel}. */
	static FloatProcessor correlate(final FloatProcessor sample, final Kernel kernel) {
		final int w = sample.getWidth(), h = sample.getHeight();
		final float[] in = (float[]) sample.getPixels();
		final byte[] bytes = new byte[in.length];
		for (int i = 0; i < in.length; i++)
			bytes[i] = (byte) in[i];
		final Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(bytes, w, h);
		final Img<FloatType> result = ConvolutionOps.correlate(img, kernel, Boundary.REFLECT, 0,
			OutputSize.SAME, false);
		if (result.dimension(0) != w || result.dimension(1) != h) throw new IllegalStateException(
			"correlation with output size 'same' returned " + result.dimension(0) + "x" + result
				.dimension(1) + " for a " + w + "x" + h + " image");
		final float[] out = new float[w * h];
		int i = 0;
		for (final FloatType t : Views.flatIterable(result))
			out[i++] = t.get();
		return new FloatProcessor(w, h, out);
	}

	private static String readmeHeader(final FloatProcessor sample) {
		return "ConvNet-IJ demo: " + MONTAGE + "\n" +
			"=".repeat(17 + MONTAGE.length()) + "\n\n" +
			"Sample: " + SAMPLE_CREDIT + "\n(" + sample.getWidth() + "x" + sample.getHeight() +
			", 8-bit; licence: sample/SAMPLE-LICENSE.txt inside the ConvNet-IJ jar).\n\n" +
			"Every result tile is the CORRELATION of the sample with a named kernel: the weights\n" +
			"below are applied as written, not flipped (a convolution would flip them; for the\n" +
			"symmetric kernels both are the same). Computed by ConvNet-IJ's\n" +
			"ConvolutionOps.correlate in 32-bit float with boundary 'reflect' (the edge pixel is\n" +
			"repeated, as scipy.ndimage's 'reflect'), output the same size as the input.\n\n" +
			"For display each tile is scaled linearly from its " + fmt(DemoMontage.LOW_PERCENTILE) +
			"th to its " + fmt(DemoMontage.HIGH_PERCENTILE) + "th\npercentile (the range given " +
			"below) to black..white, so brightness is not comparable\nbetween tiles; " +
			"in the edge filters' tiles 0 lies near mid-gray.\n\n" +
			"Made by: java -jar convnet-ij-cli.jar demo [--output DIR]\n\n" +
			"Tiles, left to right, top to bottom:\n";
	}

	private static void appendTile(final StringBuilder sb, final int index, final String what,
		final FloatProcessor image, final Kernel kernel)
	{
		final double[] range = DemoMontage.displayRange(image);
		sb.append(String.format(Locale.ROOT, "%n%2d. %s%n    display range %s .. %s%n", index, what,
			fmt(range[0]), fmt(range[1])));
		if (kernel == null) return;
		if (kernel.dimension(0) <= 5 && kernel.dimension(1) <= 5) {
			sb.append("    weights, rows top to bottom:\n");
			for (final String row : kernel.toText().split("\n"))
				sb.append("      ").append(row).append('\n');
		}
		else sb.append(String.format(Locale.ROOT, "    weights: %s values summing to %s%n", kernel
			.sizeString(), fmt(kernel.sum())));
	}

	/** Four significant digits without trailing zeros: {@code 4}, {@code 0.5}, {@code 222.9}, {@code -1.5e-05}. */
	static String fmt(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
		final String s = String.format(Locale.ROOT, "%.4g", v);
		final int e = s.indexOf('e');
		final String mantissa = e < 0 ? s : s.substring(0, e), exponent = e < 0 ? "" : s.substring(e);
		return (mantissa.contains(".") ? mantissa.replaceAll("0+$", "").replaceAll("\\.$", "")
			: mantissa) + exponent;
	}
}
