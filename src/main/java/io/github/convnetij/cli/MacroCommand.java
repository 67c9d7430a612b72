package io.github.convnetij.cli;

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
 * and {@code error: FILE:LINE: message} on standard error.
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
		try {
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
			final LegacyImageJ.Outcome o = ij.runMacro(text, argument == null ? "" : argument);
			System.out.flush();
			if (!o.failed()) return Cli.OK;
			err.println("error: " + file + (o.line() > 0 ? ":" + o.line() : "") + ": " + Cli.oneLine(o
				.message()));
			final String source = line(text, o.line());
			if (source != null) err.println("  " + source.strip());
			return Cli.BAD_INPUT;
		}
	}

	/** Line {@code n} (1 = first) of {@code text}, or null. */
	static String line(final String text, final int n) {
		if (n < 1) return null;
		final String[] lines = text.split("\r\n|\r|\n", -1);
		return n <= lines.length ? lines[n - 1] : null;
	}
}
