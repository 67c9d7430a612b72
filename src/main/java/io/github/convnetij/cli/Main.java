package io.github.convnetij.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code convnet-ij-cli.jar}: the subcommands {@code convolve}, {@code correlate},
 * {@code pool}, {@code augment}, {@code train}, {@code evaluate}, {@code kernels}, {@code demo},
 * {@code bench}, {@code macro} and {@code gui}.
 * <p>
 * {@link #run(String[], PrintStream, PrintStream)} does the work and returns the exit code (0 on
 * success, 2 for bad input or usage, 1 for an internal error) without exiting, for tests and
 * scripts; {@link #main(String[])} exits with it. Errors are one line on stderr, no stack trace.
 * <p>
 * The compute core's Vector API kernels run best in a JVM started with {@code --add-modules
 * jdk.incubator.vector} (and transparent huge pages), which a jar manifest cannot give: when the
 * module is missing (and the JDK has it), {@code main} runs the same command in a child JVM
 * started with it, passing the JVM
 * options, standard input and output through and leaving out the JVM's "Using incubator modules"
 * warning (see {@link VectorRelaunch}). {@code -Dconvnetij.relaunch=false} turns this off.
 * <pre>{@code
 * int rc = Main.run(new String[] { "pool", "--size", "2", "in.csv", "out.csv" }, System.out, System.err);
 * }</pre>
 */
@Command(name = "convnet-ij", mixinStandardHelpOptions = true,
	versionProvider = Main.Version.class,
	description = "Convolution, correlation, pooling, augmentation and CNN training on image files with ConvNet-IJ's compute " +
		"core, through the same commands as the Fiji menus.")
public final class Main implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	private Main() {}

	public static void main(final String[] args) {
		VectorRelaunch.relaunchIfNeeded(Main.class, args); // returns only if no relaunch happened
		System.exit(run(args, System.out, System.err));
	}

	/**
	 * Runs the command line {@code args}, printing to {@code out} and {@code err}.
	 *
	 * @return the exit code: 0 success, 1 internal error, 2 bad input or usage
	 */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		final PrintWriter o = new PrintWriter(out, true);
		final PrintWriter e = new PrintWriter(err, true);
		final CommandLine cl = new CommandLine(new Main());
		for (final CliSubcommand s : CliSubcommands.all())
			cl.addSubcommand(s.name(), s.commandLine());
		for (final CliSubcommand s : CnnSubcommands.all())
			cl.addSubcommand(s.name(), s.commandLine());
		for (final CliSubcommand s : CliSubcommands.views())
			cl.addSubcommand(s.name(), s.commandLine());
		cl.addSubcommand(new KernelsCli());
		cl.addSubcommand(new DemoCommand());
		cl.addSubcommand(new BenchCommand());
		cl.addSubcommand(new MacroCommand());
		cl.addSubcommand(new GuiCommand());
		cl.setOut(o);
		cl.setErr(e);
		cl.setParameterExceptionHandler((ex, arguments) -> {
			final String name = ex.getCommandLine().getCommandSpec().qualifiedName();
			e.println("error: " + Cli.parameterMessage(ex, arguments) + " (see '" + name +
				" --help')");
			return Cli.BAD_INPUT;
		});
		cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
			final String message = Cli.userMessage(ex);
			if (message != null) {
				e.println("error: " + message);
				return Cli.BAD_INPUT;
			}
			e.println("error: internal error: " + Cli.oneLine(String.valueOf(ex)) +
				" (please report this)");
			return Cli.INTERNAL;
		});
		int rc;
		try {
			rc = cl.execute(args);
		}
		catch (final OutOfMemoryError ex) {
			// the last resort: sizes are checked against the heap before allocating wherever input
			// declares them, but not every allocation can be foreseen
			o.flush();
			e.println("error: out of memory (the Java heap holds at most " + io.github.convnetij.compute
				.HeapBudget.format(Runtime.getRuntime().maxMemory()) + "): use smaller inputs, or run " +
				"java with a larger -Xmx");
			rc = Cli.BAD_INPUT;
		}
		catch (final StackOverflowError ex) {
			// the last resort: parsers bound their depth, but a library's own recursion may not
			o.flush();
			e.println("error: the input nests too deeply (the Java stack ran out): expected less " +
				"deeply nested input");
			rc = Cli.BAD_INPUT;
		}
		o.flush();
		e.flush();
		return rc;
	}

	@Override
	public Integer call() {
		spec.commandLine().getErr().println("error: missing subcommand: expected one of " + String
			.join(", ", spec.subcommands().keySet()) + " (see 'convnet-ij --help')");
		return Cli.BAD_INPUT;
	}

	/** The version from the jar's manifest or Maven properties; "development build" otherwise. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			String v = Main.class.getPackage().getImplementationVersion();
			if (v == null) {
				try (InputStream in = Main.class.getResourceAsStream(
					"/META-INF/maven/io.github.convnetij/convnet-ij/pom.properties"))
				{
					if (in != null) {
						final Properties p = new Properties();
						p.load(in);
						v = p.getProperty("version");
					}
				}
				catch (final java.io.IOException ex) {
					v = null;
				}
			}
			return new String[] { "ConvNet-IJ " + (v == null ? "(development build)" : v), "Java " + System
				.getProperty("java.version") + ", Vector API: " + io.github.convnetij.compute.VectorModule
					.status() };
		}
	}
}
