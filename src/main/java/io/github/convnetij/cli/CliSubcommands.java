package io.github.convnetij.cli;

import java.nio.file.Path;
import java.util.List;

import org.scijava.module.Module;

import ij.ImagePlus;
import io.github.convnetij.command.AugmentImageCommand;
import io.github.convnetij.command.ConvolveImageCommand;
import io.github.convnetij.command.CorrelateImageCommand;
import io.github.convnetij.command.PoolImageCommand;

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

	/** {@code out/cells.tif} gives {@code out/cells-preview.tif}. */
	static Path previewPath(final Path output) {
		final String name = output.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		final String preview = dot <= 0 ? name + "-preview" : name.substring(0, dot) + "-preview" + name
			.substring(dot);
		return output.resolveSibling(preview);
	}
}
