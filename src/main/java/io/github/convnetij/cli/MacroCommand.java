package io.github.convnetij.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.github.convnetij.ij1.LegacyImageJ;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code macro FILE.ijm [ARG]}: runs an ImageJ macro headless, in ImageJ 1.x patched for headless
 * use by ij1-patcher (as Fiji runs macros with {@code --headless}), with ConvNet-IJ's commands in
 * its menus. {@code getArgument()} returns ARG; {@code open}, {@code saveAs}, batch mode and every
 * {@code run("...")} work without a display. {@code print} writes to standard output. A macro
 * error, or an error ImageJ reports while the macro runs (a file not found, say), exits with code 2
 * and {@code error: macro FILE line N: message} on standard error (one line).
 * <pre>{@code
 * java -jar convnet-ij-cli.jar macro macros/convolve_folder.ijm "input=[/data/in] output=/data/out"
 * }</pre>
 */
@Command(name = "macro", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
	description = "Run an ImageJ macro headless (ImageJ 1.x patched for headless use, ConvNet-IJ " +
		"installed): getArgument() returns ARG; open/save, batch mode and run(\"...\") of ImageJ's and " +
		"ConvNet-IJ's commands work. A macro error exits with code 2 and the macro's message and line.")
final class MacroCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(index = "0", paramLabel = "FILE.ijm", description = "The macro file (UTF-8).")
	Path file;

	@Parameters(index = "1", arity = "0..1", paramLabel = "ARG", description = "The macro's " +
		"argument, returned by getArgument(). Default: empty.")
	String argument;

	@Override
	public Integer call() {
		final String text;
		Cli.checkRegular("FILE.ijm", file);
		try {
			if (Files.isRegularFile(file) && Files.size(file) > Cli.MAX_KERNEL_FILE)
				throw new IllegalArgumentException("FILE.ijm: '" + file + "' has " + Files.size(file) +
					" bytes, more than a macro file may (" + Cli.MAX_KERNEL_FILE + ")");
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (final java.io.IOException e) {
			throw new IllegalArgumentException("cannot read the macro '" + file + "': " + Cli.reason(e),
				e);
		}
		if (LegacyImageJ.jvmProblem() != null) throw new IllegalArgumentException("macro: " +
			LegacyImageJ.jvmProblem());
		// without a display: ImageJ's patched dialogs and batch mode need a headless AWT
		System.setProperty("java.awt.headless", "true");
		final PrintWriter err = spec.commandLine().getErr();
		try (LegacyImageJ ij = LegacyImageJ.headless()) {
			// ImageJ prints its own "Macro Error" block (and IJ.error texts) on the JVM's stderr: what
			// the macro run writes there is held back, and shown only if the macro succeeds, so that
			// a failure is our one line
			final PrintStream jvmErr = System.err;
			final HeldBack held = new HeldBack();
			final LegacyImageJ.Outcome o;
			System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
			try {
				o = ij.runMacro(text, argument == null ? "" : argument);
			}
			catch (final StackOverflowError ex) {
				// ImageJ's interpreter recurses in Java for every macro function call: a function
				// calling itself without end exhausts the thread's stack (a 1,000-line trace before)
				throw new IllegalArgumentException("macro " + file + ": " + TOO_DEEP, ex);
			}
			finally {
				System.setErr(jvmErr);
			}
			System.out.flush();
			if (!o.failed()) {
				held.replay(jvmErr);
				return Cli.OK;
			}
			// one line, as every error of the CLI (the source line is in the file, at the line named)
			final String source = line(text, o.line());
			// where the stack runs out decides who sees it: ImageJ's interpreter reports its own
			// "Stack overflow" at the line; the same explanation either way
			final String message = o.message() != null && o.message().toLowerCase(java.util.Locale.ROOT)
				.contains("stack overflow") ? TOO_DEEP : o.message();
			err.println("error: macro " + file + (o.line() > 0 ? " line " + o.line() : "") + ": " + Cli
				.oneLine(Cli.forCli(message)) + (source == null || source.isBlank() ? "" : " (in: " +
					Cli.oneLine(source) + ")"));
			return Cli.BAD_INPUT;
		}
	}

	/** The message for a macro whose function calls exhaust the Java stack. */
	private static final String TOO_DEEP = "its function calls nest too deeply (the Java stack ran " +
		"out; a function that calls itself without end?): expected calls nested at most a few " +
		"thousand deep";

	/** What ImageJ writes on stderr during a macro, up to {@link #LIMIT} bytes. */
	private static final class HeldBack extends OutputStream {

		static final int LIMIT = 1 << 20;
		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		private long dropped;

		@Override
		public synchronized void write(final int b) {
			if (bytes.size() < LIMIT) bytes.write(b);
			else dropped++;
		}

		@Override
		public synchronized void write(final byte[] b, final int off, final int len) {
			final int n = Math.min(len, LIMIT - bytes.size());
			bytes.write(b, off, n);
			dropped += len - n;
		}

		synchronized void replay(final PrintStream to) {
			to.write(bytes.toByteArray(), 0, bytes.size());
			if (dropped > 0) to.println("(" + dropped + " more bytes on stderr not shown)");
			to.flush();
		}
	}

	/** Line {@code n} (1 = first) of {@code text}, or null. */
	static String line(final String text, final int n) {
		if (n < 1) return null;
		final String[] lines = text.split("\r\n|\r|\n", -1);
		return n <= lines.length ? lines[n - 1] : null;
	}
}
