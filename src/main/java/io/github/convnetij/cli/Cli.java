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

	static void checkThreads(final Integer threads) {
		if (threads != null && threads < 1) throw new IllegalArgumentException("--threads: " +
			threads + " is not allowed: expected a whole number >= 1");
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
				? "invalid input" : c.getMessage());
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
}
