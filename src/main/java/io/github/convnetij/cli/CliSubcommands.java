package io.github.convnetij.cli;

import java.nio.file.Path;
import java.util.List;

import org.scijava.module.Module;

import ij.ImagePlus;
import io.github.convnetij.command.AugmentImageCommand;
import io.github.convnetij.command.ConvolveImageCommand;
import io.github.convnetij.command.CorrelateImageCommand;
import io.github.convnetij.command.CnnImages;
import io.github.convnetij.command.PoolImageCommand;
import io.github.convnetij.command.ShowArchitectureCommand;
import io.github.convnetij.command.ShowCnnFiltersCommand;
import io.github.convnetij.command.ShowFeatureMapsCommand;
import io.github.convnetij.command.ShowPredictionsCommand;
import io.github.convnetij.nn.predict.Classifier;
import io.github.convnetij.nn.predict.Predictions;
import io.github.convnetij.viz.NetworkViews;

/**
 * The subcommands generated from SciJava commands ({@link CliSubcommand}): {@code convolve},
 * {@code correlate}, {@code pool}, {@code augment}. Options are the commands' macro keys with
 * {@code -} for {@code _}; options left out take the commands' defaults. The other subcommands
 * ({@code kernels}, {@code demo}, {@code bench}, {@code macro}, {@code gui}, ...) are CLI-only.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar correlate --kernel sobel-x --boundary nearest in.tif out.tif
 * java -jar convnet-ij-cli.jar convolve --kernel "2 1 0; 1 1 -1; 0 -1 -2" --boundary zero in.csv out.csv
 * java -jar convnet-ij-cli.jar pool --op max --size 2 in.tif out.tif
 * java -jar convnet-ij-cli.jar augment --rotation-range 20 --zoom-range 0.1 --horizontal-flip \
 *     --fill-mode reflect --count 16 --seed 7 cells.tif cells-augmented.tif
 * }</pre>
 */
final class CliSubcommands {

	private CliSubcommands() {}

	/** Every generated subcommand, in the order of the CLI's help. */
	static List<CliSubcommand> all() {
		return List.of(convolve(), correlate(), pool(), augment());
	}

	static CliSubcommand convolve() {
		return CliSubcommand.of("convolve", ConvolveImageCommand.class).description(
			"Convolve INPUT with a kernel (the kernel flipped, as scipy.ndimage.convolve); write " +
				"OUTPUT. ImageJ's Process>Filters>Convolve... computes correlation: see 'correlate'.")
			.options(CliOptions.KERNEL_FILE, CliOptions.THREADS, CliOptions.SHARD, CliOptions.INPUT,
				CliOptions.OUTPUT).action(FolderRuns.orFolder(CliSubcommand.imageToImage())).build();
	}

	static CliSubcommand correlate() {
		return CliSubcommand.of("correlate", CorrelateImageCommand.class).description(
			"Correlate INPUT with a kernel (the kernel as written, as scipy.ndimage.correlate, " +
				"ImageJ's Convolve..., OpenCV's filter2D and CNN layers); write OUTPUT.").options(
					CliOptions.KERNEL_FILE, CliOptions.THREADS, CliOptions.SHARD, CliOptions.INPUT,
					CliOptions.OUTPUT).action(FolderRuns.orFolder(CliSubcommand.imageToImage())).build();
	}

	static CliSubcommand pool() {
		return CliSubcommand.of("pool", PoolImageCommand.class).description(
			"Max or average pooling of INPUT; write OUTPUT.").options(CliOptions.THREADS,
				CliOptions.SHARD, CliOptions.INPUT, CliOptions.OUTPUT).action(FolderRuns.orFolder(
					CliSubcommand.imageToImage())).build();
	}

	static CliSubcommand augment() {
		return CliSubcommand.of("augment", AugmentImageCommand.class).description(
			"Seeded random rotations, shifts, shears, zooms, flips, brightness and noise of INPUT " +
				"(Keras ImageDataGenerator's options); write the replicates as a stack to OUTPUT, and " +
				"with --preview the montage to <OUTPUT name>-preview.<ext>.").options(CliOptions.THREADS,
					CliOptions.SHARD, CliOptions.INPUT).option(CliOptions.OUTPUT, "Result file: .tif (32-bit stack, slice " +
						"labels with the sampled parameters; RGB stays RGB).").action(FolderRuns.orFolder(run -> {
							final Module m = CliSubcommand.runImage(run);
							final Path output = run.value(CliOptions.OUTPUT);
							final ImagePlus montage = (ImagePlus) m.getOutput("montage");
							// both into place, or neither (DESIGN.md section 3)
							if (montage == null) ImageFiles.write((ImagePlus) m.getOutput("result"), output);
							else ImageFiles.writeAll(List.of((ImagePlus) m.getOutput("result"), montage), List.of(
								output, previewPath(output)));
						})).build();
	}

	/**
	 * The picture subcommands of the "Show ..." commands under <i>Plugins&gt;ConvNet-IJ&gt;CNN</i>:
	 * {@code architecture}, {@code filters}, {@code features}, {@code panel}. (Not in
	 * {@link #all()}: they take no INPUT OUTPUT image pair.)
	 */
	static List<CliSubcommand> views() {
		return List.of(architecture(), filters(), features(), panel());
	}

	/** {@code architecture --model M | --architecture STR --input-shape C,H,W OUTPUT.png}. */
	static CliSubcommand architecture() {
		return CliSubcommand.of("architecture", ShowArchitectureCommand.class).description(
			"Draw a CNN (a model file, or an architecture string with its input shape) as blocks " +
				"sized by their output shapes; write OUTPUT.png and print the layer table.").option(
					CliOptions.OUTPUT, "The picture written: a .png, with the layer table in its text.")
			.replace("output", CliOptions.OUTPUT).action(run -> {
				run.inputs().put("output", run.<Path> value(CliOptions.OUTPUT).toFile());
				final Module m = run.runCommand();
				run.out().print(m.getOutput("table"));
				run.out().flush();
			}).build();
	}

	/** {@code filters --model M --layer NAME OUTPUT.png}. */
	static CliSubcommand filters() {
		return CliSubcommand.of("filters", ShowCnnFiltersCommand.class).description(
			"The learned kernels of a conv layer of a model as a montage; write OUTPUT.png.").option(
				CliOptions.OUTPUT, "The montage written: a .png.").replace("output", CliOptions.OUTPUT)
			.action(run -> {
				run.inputs().put("output", run.<Path> value(CliOptions.OUTPUT).toFile());
				run.runCommand();
			}).build();
	}

	/** {@code features --model M --layer NAME INPUT OUTPUT.tif|png}. */
	static CliSubcommand features() {
		return CliSubcommand.of("features", ShowFeatureMapsCommand.class).description(
			"The activations of a layer of a model for INPUT (the model's preprocessing): a 32-bit " +
				"stack, one slice per channel (OUTPUT.tif), or the labelled montage (OUTPUT.png).")
			.options(CliOptions.THREADS, CliOptions.INPUT).option(CliOptions.OUTPUT, "A .tif gets the " +
				"32-bit stack (slice labels layer/channel), a .png the montage.").replace("output",
					CliOptions.OUTPUT).action(run -> {
						run.inputs().put("output", run.<Path> value(CliOptions.OUTPUT).toFile());
						CliSubcommand.runImage(run);
					}).build();
	}

	/** {@code panel --model M [--top-k 3] INPUT... OUTPUT.png}. */
	static CliSubcommand panel() {
		return CliSubcommand.of("panel", ShowPredictionsCommand.class).description(
			"Panels of image files with their true class (their folder's name, when it is a class) " +
				"and the model's top classes as probability bars, 3x2 per page; write OUTPUT.png, or " +
				"OUTPUT-001.png, OUTPUT-002.png ... for several pages.").options(CliOptions.THREADS,
					CliOptions.INPUTS_OUTPUT).replace("input_folder", CliOptions.INPUTS_OUTPUT).replace(
						"output", CliOptions.INPUTS_OUTPUT).action(run -> {
							final List<Path> all = run.value(CliOptions.INPUTS_OUTPUT);
							final Path out = all.get(all.size() - 1);
							if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png"))
								throw new IllegalArgumentException("OUTPUT: '" + out + "' does not end in .png " +
									"(the last file given is the one written)");
							CnnSubcommands.checkOutput("OUTPUT", out);
							final Object model = run.inputs().get("model");
							if (model == null) throw new IllegalArgumentException("--model: no model file " +
								"given: expected --model FILE.onnx");
							final Classifier c = classifier(((java.io.File) model).toPath());
							final Object k = run.inputs().get("top_k");
							final int topK = k == null ? 3 : ((Number) k).intValue();
							final List<Path> files;
							try {
								files = Predictions.files(all.subList(0, all.size() - 1), CnnImages::isImage);
							}
							catch (final IllegalArgumentException e) {
								throw new IllegalArgumentException("INPUT: " + e.getMessage(), e);
							}
							final String name = out.getFileName().toString();
							final String title = name.substring(0, name.length() - 4);
							final Integer threads = run.threads();
							final List<io.github.convnetij.viz.Figure> pages;
							try {
								pages = threads == null ? ShowPredictionsCommand.ofFiles(c, files, topK, title)
									: net.imglib2.parallel.Parallelization.runWithNumThreads(threads,
										() -> ShowPredictionsCommand.ofFiles(c, files, topK, title));
							}
							catch (final IllegalArgumentException e) {
								throw new IllegalArgumentException("INPUT: " + e.getMessage(), e);
							}
							for (final String note : c.notes())
								run.err().println("note: " + note);
							if (!c.namedClasses()) run.err().println("note: the model names no classes: " +
								"classes are shown as their indices");
							for (final Path p : NetworkViews.writePages(pages, out))
								run.out().println(p);
							run.out().flush();
						}).build();
	}

	private static Classifier classifier(final Path file) {
		try {
			return Classifier.load(file);
		}
		catch (final java.nio.file.NoSuchFileException e) {
			throw new IllegalArgumentException("--model: '" + file + "' does not exist", e);
		}
		catch (final java.io.IOException e) {
			throw new IllegalArgumentException("--model: cannot read '" + file + "': " + Cli.reason(e), e);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("--model: " + e.getMessage(), e);
		}
	}

	/** {@code out/cells.tif} gives {@code out/cells-preview.tif}. */
	static Path previewPath(final Path output) {
		final String name = output.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		final String preview = dot <= 0 ? name + "-preview" : name.substring(0, dot) + "-preview" + name
			.substring(dot);
		return output.resolveSibling(preview);
	}
}
