package io.github.convnetij.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import ij.ImagePlus;
import io.github.convnetij.command.PoolImageCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pool}: read INPUT, run the SciJava command "Pool Image..." on it, write OUTPUT.
 * <pre>{@code
 * java -jar convnet-ij-cli.jar pool --op max --size 2 in.tif out.tif
 * }</pre>
 */
@Command(name = "pool", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Max or average pooling of INPUT; write OUTPUT.")
final class PoolCli implements Callable<Integer> {

	@Option(names = "--op", paramLabel = "max|avg", description = "Default: max.")
	String op;

	@Option(names = "--size", paramLabel = "N[,N..]", description = "Window: one value for X and " +
		"Y, or X,Y, or X,Y,Z. Default: 2.")
	String size;

	@Option(names = "--stride", paramLabel = "N[,N..]", description = "Step between windows. " +
		"Default: the size.")
	String stride;

	@Option(names = "--ceil", description = "Keep partial windows at the end of each axis " +
		"(default: drop them).")
	Boolean ceil;

	@Mixin
	ThreadsOption threads;

	@Parameters(index = "0", paramLabel = "INPUT", description = "Image file: TIFF, PNG, JPEG, " +
		"GIF, BMP, PGM, or a text image (.csv, .tsv, .txt).")
	Path input;

	@Parameters(index = "1", paramLabel = "OUTPUT", description = "Result file: .tif (32-bit), " +
		".csv/.tsv/.txt (exact values), .png (8-bit, scaled).")
	Path output;

	@Override
	public Integer call() throws Exception {
		final Integer nThreads = threads.requested();
		final ImagePlus in = ImageFiles.read(input);
		final Map<String, Object> inputs = new LinkedHashMap<>();
		inputs.put("image", in);
		if (op != null) inputs.put("op", op);
		if (size != null) inputs.put("size", size);
		if (stride != null) inputs.put("stride", stride);
		if (ceil != null) inputs.put("ceil", ceil);
		final ImagePlus out = (ImagePlus) CommandRunner.run(PoolImageCommand.class, inputs, nThreads)
			.getOutput("result");
		ImageFiles.write(out, output);
		return Cli.OK;
	}
}
