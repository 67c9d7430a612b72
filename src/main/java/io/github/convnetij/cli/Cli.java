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
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
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
		final String m = String.valueOf(ex.getMessage());
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
		return oneLine(m);
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
		return s.strip().replaceAll("\\s*(\\r\\n|[\\r\\n])\\s*", "; ");
	}

	/**
	 * A command's message in the CLI's words: the commands give Fiji's memory advice (its menu) and
	 * macro syntax ({@code stack=[this slice]}); here it is {@code -Xmx} and {@code --stack}.
	 */
	static String forCli(final String message) {
		final String m = message.replace("(Edit>Options>Memory & Threads...)",
			"(run java with a larger -Xmx)").replace("stack=[this slice]", "--stack \"this slice\"");
		// the heap checks of the core (compute.HeapBudget) give the need and the heap, no advice
		return m.contains("Java heap") && !m.contains("-Xmx") ? m + " (or run java with a larger -Xmx)"
			: m;
	}
}
