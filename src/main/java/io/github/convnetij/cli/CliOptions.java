package io.github.convnetij.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The CLI-only option set: everything a subcommand of {@code convnet-ij-cli.jar} accepts besides
 * the keys of its SciJava command (which {@link CliSubcommand} generates, one long option per key,
 * {@code --key-name} for {@code key_name}). Each is declared once here; a subcommand opts in by
 * listing it ({@link CliSubcommand.Builder#options}). The test of the command model checks that
 * every option of a generated subcommand is a key of its command or one of these.
 * <ul>
 * <li>{@link #INPUT}, {@link #OUTPUT}: the positional image file read and the result file
 * written (their descriptions may be reworded per subcommand).</li>
 * <li>{@link #THREADS} {@code --threads N}: threads of the compute core (default: all cores).</li>
 * <li>{@link #KERNEL_FILE} {@code --kernel-file FILE}: the {@code kernel} key read from a file
 * (refused together with {@code --kernel}).</li>
 * </ul>
 * To come with the CNN subcommands (declared where they are first used, each a single line here):
 * {@code --shard I/N}, {@code --out FILE.csv}, {@code --metrics}, {@code --progress-every},
 * {@code --raw}, and a many-valued positional {@code INPUT...}.
 * <pre>{@code
 * static final CliOption SHARD = CliOption.option("--shard", "I/N", String.class,
 *     "Only shard I of N (0-based) of the sorted inputs.");
 * // and in ALL; then a subcommand: CliSubcommand.of("predict", PredictCommand.class).options(SHARD, ...)
 * }</pre>
 */
final class CliOptions {

	private CliOptions() {}

	/** Positional: the image file read. */
	static final CliOption INPUT = CliOption.positional("INPUT", Path.class, "Image file: TIFF, " +
		"PNG, JPEG, GIF, BMP, PGM, or a text image (.csv, .tsv, .txt).");

	/** Positional: the result file written. */
	static final CliOption OUTPUT = CliOption.positional("OUTPUT", Path.class, "Result file: .tif " +
		"(32-bit), .csv/.tsv/.txt (exact values), .png (8-bit, scaled).");

	/** {@code --threads N}: threads of the compute core. */
	static final CliOption THREADS = CliOption.option("--threads", "N", Integer.class, "Threads to " +
		"use. Default: all cores.");

	/** {@code --kernel-file FILE}: the {@code kernel} key's text read from FILE. */
	static final CliOption KERNEL_FILE = CliOption.option("--kernel-file", "FILE", Path.class,
		"Read the kernel (name or text) from FILE instead of --kernel.").supplies("kernel",
			file -> Cli.readKernelFile((Path) file));

	/** {@code --shard I/N}: only shard I of N (0-based) of the sorted input files. */
	static final CliOption SHARD = CliOption.option("--shard", "I/N", String.class, "Only shard I " +
		"of N (0-based): the sorted input files whose index mod N is I. Default: all files, or in a " +
		"SLURM array job the shard of its task (SLURM_ARRAY_TASK_ID, _MIN, _STEP, _COUNT).");

	/** {@code --out FILE.csv}: the table written (default stdout). */
	static final CliOption OUT = CliOption.option("--out", "FILE.csv", Path.class, "Write the CSV " +
		"table to FILE (its folder must exist). Default: standard output.");

	/** {@code --metrics FILE.json}: per-epoch metrics, rewritten after every epoch. */
	static final CliOption METRICS = CliOption.option("--metrics", "FILE.json", Path.class, "Write " +
		"the per-epoch metrics as JSON, after every epoch.");

	/** {@code --progress-every N}: batches between progress lines. */
	static final CliOption PROGRESS_EVERY = CliOption.option("--progress-every", "N", Integer.class,
		"Batches between progress lines. Default: 100.");

	/** Positional, many: image files and folders. */
	static final CliOption INPUTS = CliOption.positional("INPUT", Path.class, "1..*", "Image files " +
		"and folders (a folder's image files), sorted together by full path.");

	/** Positional, many: image files and folders, then the file written (the last one). */
	static final CliOption INPUTS_OUTPUT = CliOption.positional("FILES", Path.class, "2..*",
		"INPUT... OUTPUT: image files and folders (a folder's image files), sorted together by full " +
			"path, then the .png written last.");

	/** {@code --raw FILE.csv}: the model's raw output values, one row per image. */
	static final CliOption RAW = CliOption.option("--raw", "FILE.csv", Path.class, "Also write the " +
		"model's raw output values (before any softmax) to FILE: a header image,<class names>, then " +
		"one row per image, in input order.");

	/** Every CLI-only option, for the test of the command model and the README. */
	static final List<CliOption> ALL = List.of(INPUT, OUTPUT, THREADS, KERNEL_FILE, SHARD, OUT,
		METRICS, PROGRESS_EVERY, INPUTS, INPUTS_OUTPUT, RAW);
}
