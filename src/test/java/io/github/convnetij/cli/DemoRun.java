package io.github.convnetij.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;

/**
 * One run of the whole {@code demo}, shared by the tests that look at its files (training runs
 * once per test JVM). The folder is left in {@code target/demo-test} for people to look at.
 */
final class DemoRun {

	record Result(Path dir, int code, String printed) {}

	private static Result result;

	private DemoRun() {}

	static synchronized Result get() {
		if (result == null) try {
			final Path dir = Path.of("target", "demo-test").toAbsolutePath();
			if (Files.exists(dir)) try (var s = Files.walk(dir)) {
				s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
			final StringWriter printed = new StringWriter();
			final int code = new CommandLine(new DemoCommand()).setOut(new PrintWriter(printed))
				.execute("--output", dir.toString());
			result = new Result(dir, code, printed.toString());
			Files.writeString(dir.resolveSibling("demo-test.log"), result.printed());
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		return result;
	}
}
