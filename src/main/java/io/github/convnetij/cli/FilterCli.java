package io.github.convnetij.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.scijava.command.Command;

import ij.ImagePlus;
import io.github.convnetij.command.ConvolveImageCommand;
import io.github.convnetij.command.CorrelateImageCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convolve} and {@code correlate}: read INPUT, run the SciJava command "Convolve Image..." or
 * "Correlate Image..." on it, write OUTPUT. Options left out take the command's defaults.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar correlate --kernel sobel-x --boundary nearest in.tif out.tif
 * java -jar convnet-ij-cli.jar convolve --kernel "2 1 0; 1 1 -1; 0 -1 -2" --boundary zero in.csv out.csv
 * }</pre>
 */
abstract class FilterCli implements Callable<Integer> {

	@Option(names = "--kernel", paramLabel = "NAME_OR_TEXT", description = "A kernel name " +
		"(see the 'kernels' subcommand; e.g. sobel-x, box(5), gaussian(1.5)) or the weights as text: " +
		"rows separated by ';' or new lines, values by spaces or commas, 3D planes by '|'. " +
		"Default: laplacian.")
	String kernel;

	@Option(names = "--kernel-file", paramLabel = "FILE", description = "Read the kernel (name " +
		"or text) from FILE instead.")
	Path kernelFile;

	@Option(names = "--boundary", paramLabel = "B", description = "zero, constant, nearest, " +
		"reflect, mirror or wrap (as scipy.ndimage). Default: reflect.")
	String boundary;

	@Option(names = "--value", paramLabel = "V", description = "The value outside the image for " +
		"--boundary constant. Default: 0.")
	Double value;

	@Option(names = "--output-size", paramLabel = "same|valid|full", description = "Default: same.")
	String outputSize;

	@Option(names = "--normalize", description = "Divide by the sum of the kernel weights (when " +
		"not 0).")
	Boolean normalize;

	@Option(names = "--method", paramLabel = "auto|direct|separable|fft", description = "How the " +
		"result is computed (same values up to float rounding): auto (from the sizes), direct, " +
		"separable (rank-1 kernels only), fft. Default: auto.")
	String method;

	@Mixin
	ThreadsOption threads;

	@Parameters(index = "0", paramLabel = "INPUT", description = "Image file: TIFF, PNG, JPEG, " +
		"GIF, BMP, PGM, or a text image (.csv, .tsv, .txt).")
	Path input;

	@Parameters(index = "1", paramLabel = "OUTPUT", description = "Result file: .tif (32-bit), " +
		".csv/.tsv/.txt (exact values), .png (8-bit, scaled).")
	Path output;

	abstract Class<? extends Command> command();

	@Override
	public Integer call() throws Exception {
		if (kernel != null && kernelFile != null) throw new IllegalArgumentException(
			"--kernel and --kernel-file: give one of them, not both");
		final Integer nThreads = threads.requested();
		final String k = kernelFile != null ? Cli.readKernelFile(kernelFile) : kernel;
		final ImagePlus in = ImageFiles.read(input);
		final Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("image", in);
		if (k != null) inputs.put("kernel", k);
		if (boundary != null) inputs.put("boundary", boundary);
		if (value != null) inputs.put("value", value);
		if (outputSize != null) inputs.put("output_size", outputSize);
		if (normalize != null) inputs.put("normalize", normalize);
		if (method != null) inputs.put("method", method);
		final ImagePlus out = (ImagePlus) CommandRunner.run(command(), inputs, nThreads).getOutput(
			"result");
		ImageFiles.write(out, output);
		return Cli.OK;
	}

	/** {@code convolve}. */
	@picocli.CommandLine.Command(name = "convolve", mixinStandardHelpOptions = true,
		versionProvider = Main.Version.class,
		description = "Convolve INPUT with a kernel (the kernel flipped, as scipy.ndimage.convolve); " +
			"write OUTPUT. ImageJ's Process>Filters>Convolve... computes correlation: see 'correlate'.")
	static final class Convolve extends FilterCli {

		@Override
		Class<? extends Command> command() {
			return ConvolveImageCommand.class;
		}
	}

	/** {@code correlate}. */
	@picocli.CommandLine.Command(name = "correlate", mixinStandardHelpOptions = true,
		versionProvider = Main.Version.class,
		description = "Correlate INPUT with a kernel (the kernel as written, as " +
			"scipy.ndimage.correlate, ImageJ's Convolve..., OpenCV's filter2D and CNN layers); write " +
			"OUTPUT.")
	static final class Correlate extends FilterCli {

		@Override
		Class<? extends Command> command() {
			return CorrelateImageCommand.class;
		}
	}
}
