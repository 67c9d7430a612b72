package io.github.convnetij.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.module.Module;

import ij.ImagePlus;
import io.github.convnetij.command.AugmentImageCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code augment}: read INPUT, run the SciJava command "Augment Image..." on it, write the stack of
 * replicates to OUTPUT (and with {@code --preview} the montage to {@code <OUTPUT name>-preview.<ext>}).
 * Options are the command's macro keys with {@code -} for {@code _}; options left out take the
 * command's defaults. Booleans accept {@code --horizontal-flip}, {@code --horizontal-flip true}
 * or {@code --include-original=false}.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar augment --rotation-range 20 --zoom-range 0.1 --horizontal-flip \
 *     --fill-mode reflect --count 16 --seed 7 cells.tif cells-augmented.tif
 * }</pre>
 */
@Command(name = "augment", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Seeded random rotations, shifts, shears, zooms, flips, brightness and noise of " +
		"INPUT (Keras ImageDataGenerator's options); write the replicates as a stack to OUTPUT.")
final class AugmentCommand implements Callable<Integer> {

	/** Keys of the command, as its error messages start with them. */
	private static final Pattern KEY_PREFIX = Pattern.compile("^(rotation_range|width_shift_range|" +
		"height_shift_range|shear_range|zoom_range|horizontal_flip|vertical_flip|fill_mode|cval|" +
		"interpolation|brightness_range|noise|count|seed|include_original|stack_transform|preview): ");

	@Option(names = "--rotation-range", paramLabel = "DEG", description = "Rotations uniform in " +
		"[-DEG, DEG], positive clockwise. Default: 0.")
	Double rotationRange;

	@Option(names = "--width-shift-range", paramLabel = "S", description = "Horizontal shifts " +
		"uniform in [-S, S]: below 1 a fraction of the width, from 1 on pixels. Default: 0.")
	Double widthShiftRange;

	@Option(names = "--height-shift-range", paramLabel = "S", description = "Vertical shifts, " +
		"likewise. Default: 0.")
	Double heightShiftRange;

	@Option(names = "--shear-range", paramLabel = "DEG", description = "Shear angles uniform in " +
		"[-DEG, DEG], below 90. Default: 0.")
	Double shearRange;

	@Option(names = "--zoom-range", paramLabel = "Z|MIN,MAX", description = "Zoom factors in " +
		"[1-Z, 1+Z] or [MIN, MAX], X and Y drawn independently; below 1 enlarges. Default: 0.")
	String zoomRange;

	@Option(names = "--horizontal-flip", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
		description = "Flip left-right with probability 1/2. Default: false.")
	Boolean horizontalFlip;

	@Option(names = "--vertical-flip", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
		description = "Flip top-bottom with probability 1/2. Default: false.")
	Boolean verticalFlip;

	@Option(names = "--fill-mode", paramLabel = "MODE", description = "constant, nearest, " +
		"reflect, wrap, zero or mirror. Default: nearest.")
	String fillMode;

	@Option(names = "--cval", paramLabel = "V", description = "The value outside the image for " +
		"--fill-mode constant. Default: 0.")
	Double cval;

	@Option(names = "--interpolation", paramLabel = "I", description = "nearest, bilinear or " +
		"bicubic. Default: bilinear.")
	String interpolation;

	@Option(names = "--brightness-range", paramLabel = "MIN,MAX", description = "Multiply the " +
		"values by a factor uniform in [MIN, MAX]. Default: off.")
	String brightnessRange;

	@Option(names = "--noise", paramLabel = "SIGMA", description = "Add Gaussian noise of this " +
		"standard deviation. Default: 0.")
	Double noise;

	@Option(names = "--count", paramLabel = "N", description = "Augmented replicates. Default: 8.")
	Integer count;

	@Option(names = "--seed", paramLabel = "N", description = "Random seed. Default: 42.")
	Long seed;

	@Option(names = "--include-original", arity = "0..1", fallbackValue = "true",
		paramLabel = "BOOL", description = "Put the unchanged image first. Default: true.")
	Boolean includeOriginal;

	@Option(names = "--stack-transform", paramLabel = "per slice|whole stack", description = "For " +
		"stacks: a transform per slice and frame, or one for the whole stack. Default: per slice.")
	String stackTransform;

	@Option(names = "--preview", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
		description = "Also write a montage of the original next to its replicates to " +
			"<OUTPUT name>-preview.<ext>. Default: false.")
	Boolean preview;

	@Mixin
	ThreadsOption threads;

	@Parameters(index = "0", paramLabel = "INPUT", description = "Image file: TIFF, PNG, JPEG, " +
		"GIF, BMP, PGM, or a text image (.csv, .tsv, .txt).")
	Path input;

	@Parameters(index = "1", paramLabel = "OUTPUT", description = "Result file: .tif (32-bit " +
		"stack, slice labels with the sampled parameters; RGB stays RGB).")
	Path output;

	@Override
	public Integer call() throws Exception {
		final Integer nThreads = threads.requested();
		final ImagePlus in = ImageFiles.read(input);
		final Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("image", in);
		put(inputs, "rotation_range", rotationRange);
		put(inputs, "width_shift_range", widthShiftRange);
		put(inputs, "height_shift_range", heightShiftRange);
		put(inputs, "shear_range", shearRange);
		put(inputs, "zoom_range", zoomRange);
		put(inputs, "horizontal_flip", horizontalFlip);
		put(inputs, "vertical_flip", verticalFlip);
		put(inputs, "fill_mode", fillMode);
		put(inputs, "cval", cval);
		put(inputs, "interpolation", interpolation);
		put(inputs, "brightness_range", brightnessRange);
		put(inputs, "noise", noise);
		put(inputs, "count", count);
		put(inputs, "seed", seed);
		put(inputs, "include_original", includeOriginal);
		put(inputs, "stack_transform", stackTransform);
		put(inputs, "preview", preview);
		final Module m;
		try {
			m = CommandRunner.run(AugmentImageCommand.class, inputs, nThreads);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(optionPrefix(e.getMessage()), e);
		}
		ImageFiles.write((ImagePlus) m.getOutput("result"), output);
		final ImagePlus montage = (ImagePlus) m.getOutput("montage");
		if (montage != null) ImageFiles.write(montage, previewPath(output));
		return Cli.OK;
	}

	private static void put(final Map<String, Object> inputs, final String key, final Object value) {
		if (value != null) inputs.put(key, value);
	}

	/** {@code out/cells.tif} gives {@code out/cells-preview.tif}. */
	static Path previewPath(final Path output) {
		final String name = output.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		final String preview = dot <= 0 ? name + "-preview" : name.substring(0, dot) + "-preview" + name
			.substring(dot);
		return output.resolveSibling(preview);
	}

	/** {@code zoom_range: ...} becomes {@code --zoom-range: ...}, the CLI's name of the key. */
	private static String optionPrefix(final String message) {
		if (message == null) return "invalid input";
		final Matcher k = KEY_PREFIX.matcher(message);
		if (!k.find()) return message;
		return "--" + k.group(1).replace('_', '-') + ": " + message.substring(k.end());
	}
}
