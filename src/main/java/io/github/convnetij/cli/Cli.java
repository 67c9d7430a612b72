package io.github.convnetij.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Helpers of the subcommands: reading a kernel file, checking {@code --threads}, and turning an
 * exception into the one line printed on stderr (generated subcommands have already renamed a
 * command's {@code key: } to {@code --key: }, see {@link CliSubcommand}).
 */
final class Cli {

	/** Exit code on success. */
	static final int OK = 0;
	/** Exit code for a bug (not the user's input). */
	static final int INTERNAL = 1;
	/** Exit code for bad input or usage. */
	static final int BAD_INPUT = 2;

	private Cli() {}

	/** Text of a kernel file (a name or matrix text), with errors naming the option and the file. */
	static String readKernelFile(final Path file) {
		final String accepted = ": expected a text file with a kernel name or matrix text";
		if (Files.isDirectory(file)) throw new IllegalArgumentException("--kernel-file: '" + file +
			"' is a folder" + accepted);
		checkRegular("--kernel-file", file);
		try {
			if (Files.isRegularFile(file) && Files.size(file) > MAX_KERNEL_FILE)
				throw new IllegalArgumentException("--kernel-file: '" + file + "' has " + Files.size(file) +
					" bytes, more than a kernel file may (" + MAX_KERNEL_FILE + ")" + accepted);
			final String text = Files.readString(file, StandardCharsets.UTF_8);
			if (text.isBlank()) throw new IllegalArgumentException("--kernel-file: '" + file +
				"' is empty" + accepted);
			return text;
		}
		catch (final CharacterCodingException e) {
			throw new IllegalArgumentException("--kernel-file: '" + file + "' is not a UTF-8 text file: " +
				"expected a kernel name or matrix text", e);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("--kernel-file: cannot read '" + file + "': " + reason(e),
				e);
		}
	}

	/** Whether {@code a} and {@code b} name the same file or folder (links resolved when they exist). */
	static boolean sameFile(final Path a, final Path b) {
		if (a == null || b == null) return false;
		try {
			if (Files.exists(a) && Files.exists(b)) return Files.isSameFile(a, b);
		}
		catch (final IOException e) {
			// compared by name below
		}
		return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
	}

	/**
	 * @throws IllegalArgumentException when {@code output} is the file (or folder) {@code input}:
	 *           writing it would destroy the input
	 */
	static void checkNotInput(final String outputName, final Path output, final String inputName,
		final Path input)
	{
		if (sameFile(output, input)) throw new IllegalArgumentException(outputName + ": '" + output +
			"' is also " + inputName + ": writing it would replace the input; expected another " +
			(Files.isDirectory(input) ? "folder" : "file"));
	}

	/**
	 * @throws IllegalArgumentException when {@code file} exists but is neither a regular file nor
	 *           a folder (a device such as /dev/zero, a named pipe, a socket): reading it could
	 *           block for ever or never end
	 */
	static void checkRegular(final String name, final Path file) {
		if (file != null && Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(
			file)) throw new IllegalArgumentException(name + ": '" + file + "' is not a regular file " +
				"(a device, pipe or socket): expected a file");
	}

	/** The largest kernel file read: 16 MB of text (a 1000 x 1000 kernel takes about 10 MB). */
	static final long MAX_KERNEL_FILE = 16L << 20;

	/** The most threads: the parallelism limit of a {@code ForkJoinPool}, which runs the core's tasks. */
	static final int MAX_THREADS = 32767;

	/** What {@code --threads} accepts, in words. */
	static final String THREADS_ACCEPTED = "a whole number from 1 to " + MAX_THREADS;

	/** @throws IllegalArgumentException for a number outside 1..{@link #MAX_THREADS}, naming it */
	static void checkThreads(final Integer threads) {
		if (threads != null && (threads < 1 || threads > MAX_THREADS)) throw new IllegalArgumentException(
			"--threads: '" + threads + "' is not allowed: expected " + THREADS_ACCEPTED);
	}

	/**
	 * The one line for a command line picocli could not parse: a value of the wrong type is
	 * {@code --key: 'value' is not a whole number} (or {@code true or false}, {@code a number}),
	 * naming the range where the option has one; an unknown subcommand lists the subcommands; other
	 * messages are picocli's.
	 */
	static String parameterMessage(final picocli.CommandLine.ParameterException ex) {
		return parameterMessage(ex, new String[0]);
	}

	/**
	 * As {@link #parameterMessage(picocli.CommandLine.ParameterException)}, with the command line's
	 * words: an argument left over after a boolean option followed by a word that is not
	 * {@code true} or {@code false} ({@code --normalize maybe in.tif out.tif}) is reported as that
	 * option's bad value.
	 */
	static String parameterMessage(final picocli.CommandLine.ParameterException ex,
		final String[] args)
	{
		final String m = String.valueOf(ex.getMessage());
		if (ex instanceof picocli.CommandLine.UnmatchedArgumentException) {
			final String bool = badBoolean(ex.getCommandLine().getCommandSpec(), args);
			if (bool != null) return oneLine(bool);
		}
		final picocli.CommandLine.Model.ArgSpec a = ex.getArgSpec();
		if (m.startsWith("Invalid value for ") && a != null && ex.getValue() != null) {
			final String name = a.isOption() ? ((picocli.CommandLine.Model.OptionSpec) a).longestName()
				: a.paramLabel();
			Class<?> t = a.type();
			if (t.isArray()) t = t.getComponentType();
			else if (java.util.Collection.class.isAssignableFrom(t) && a.auxiliaryTypes().length > 0)
				t = a.auxiliaryTypes()[0];
			final String what;
			if (t == boolean.class || t == Boolean.class) what = "true or false";
			else if (name.equals("--threads")) what = THREADS_ACCEPTED;
			else if (t == int.class || t == Integer.class) what = "a whole number from " +
				Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
			else if (t == long.class || t == Long.class) what = "a whole number";
			else if (t == double.class || t == Double.class || t == float.class || t == Float.class)
				what = "a number";
			else what = null;
			if (what != null) return oneLine(name + ": '" + ex.getValue() + "' is not " + what);
		}
		if (ex instanceof picocli.CommandLine.UnmatchedArgumentException u && ex.getCommandLine()
			.getParent() == null && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith(
				"-")) return oneLine("unknown subcommand '" + u.getUnmatched().get(0) + "': expected one of " +
					String.join(", ", ex.getCommandLine().getSubcommands().keySet()));
		if (ex instanceof picocli.CommandLine.UnmatchedArgumentException u && !u.getUnmatched()
			.isEmpty() && !u.getUnmatched().get(0).startsWith("-")) return oneLine("unexpected argument '" + u.getUnmatched().get(0) + "': " +
				usageWords(ex.getCommandLine().getCommandSpec()));
		return oneLine(m);
	}

	/** {@code this subcommand takes INPUT OUTPUT after its options}. */
	private static String usageWords(final picocli.CommandLine.Model.CommandSpec spec) {
		final java.util.List<String> labels = new java.util.ArrayList<>();
		for (final picocli.CommandLine.Model.PositionalParamSpec p : spec.positionalParameters())
			labels.add(p.paramLabel() + (p.arity().max() > 1 ? "..." : ""));
		return labels.isEmpty() ? "'" + spec.name() + "' takes options only" : "'" + spec.name() +
			"' takes " + String.join(" ", labels) + " besides its options";
	}

	/** The message for a boolean option followed by a word that is not a boolean, or null. */
	private static String badBoolean(final picocli.CommandLine.Model.CommandSpec spec,
		final String[] args)
	{
		for (int i = 0; i + 1 < args.length; i++) {
			final picocli.CommandLine.Model.OptionSpec o = spec.findOption(args[i]);
			if (o == null || !(o.type() == Boolean.class || o.type() == boolean.class) || o.arity()
				.min() != 0) continue;
			final String next = args[i + 1];
			if (next.startsWith("-") || next.equalsIgnoreCase("true") || next.equalsIgnoreCase("false"))
				continue;
			return o.longestName() + ": '" + next + "' is not true or false: expected " + o
				.longestName() + ", " + o.longestName() + "=true or " + o.longestName() + " false";
		}
		return null;
	}

	/** Why an I/O operation failed, in words. */
	static String reason(final IOException e) {
		if (e instanceof NoSuchFileException) return "no such file";
		if (e instanceof AccessDeniedException) return "permission denied";
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}

	/**
	 * The user-facing error in {@code t}'s cause chain (an {@link IllegalArgumentException} or an
	 * {@link IOException}), or null when there is none (a bug).
	 */
	static String userMessage(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
			if (c instanceof IllegalArgumentException) return oneLine(c.getMessage() == null
				? "invalid input" : forCli(c.getMessage()));
			if (c instanceof UncheckedIOException) continue;
			if (c instanceof NoSuchFileException || c instanceof AccessDeniedException) return oneLine(
				"cannot read '" + ((java.nio.file.FileSystemException) c).getFile() + "': " + reason(
					(IOException) c));
			if (c instanceof IOException) return oneLine(c.getMessage() == null ? c.toString() : c
				.getMessage());
		}
		return null;
	}

	/** The message on one line: line breaks (of kernel text, say) become {@code "; "}. */
	static String oneLine(final String s) {
		final String line = s.strip().replaceAll("\\s*(\\r\\n|[\\r\\n])\\s*", "; ");
		// a value echoed from a hostile file or option may be megabytes long: its middle is left out
		return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE * 2 / 3) + " [... " + (line
			.length() - MAX_LINE) + " characters left out ...] " + line.substring(line.length() -
				MAX_LINE / 3);
	}

	/** The longest error line printed (longer ones lose their middle). */
	static final int MAX_LINE = 2000;

	/**
	 * A command's message in the CLI's words: the commands give Fiji's memory advice (its menu) and
	 * macro syntax ({@code stack=[this slice]}); here it is {@code -Xmx} and {@code --stack}.
	 */
	static String forCli(final String message) {
		final String m = message.replaceAll("\\s*\\((give Java more memory: )?Edit>Options>Memory & " +
			"Threads\\.\\.\\.\\)", "").replace("stack=[this slice]", "--stack \"this slice\"");
		// the heap checks of the core (compute.HeapBudget) give the need and the heap, no advice
		return m.contains("Java heap") && !m.contains("-Xmx") ? m + " (or run java with a larger -Xmx)"
			: m;
	}
}
