package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@link VectorRelaunch}: the stderr filter, when it relaunches, and a real relaunch. */
class VectorRelaunchTest {

	/** A main that relaunches, then reports whether the Vector API module is resolved. */
	public static final class Probe {

		public static void main(final String[] args) {
			VectorRelaunch.relaunchIfNeeded(Probe.class, args);
			System.err.println("to stderr");
			System.out.println("vector=" + ModuleLayer.boot().findModule("jdk.incubator.vector")
				.isPresent() + " args=" + Arrays.toString(args));
			System.exit(args.length);
		}
	}

	private static String filter(final String s) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		VectorRelaunch.filter(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), out);
		return new String(out.toByteArray(), StandardCharsets.UTF_8);
	}

	@Test
	void theFilterDropsExactlyTheWarningLine() {
		final String w = VectorRelaunch.WARNING;
		assertEquals("", filter(w + "\n"));
		assertEquals("", filter(w + "\r\n"));
		assertEquals("a\nb\n", filter(w + "\na\n" + w + "\nb\n"));
		assertEquals("x" + w + "\n", filter("x" + w + "\n"));
		assertEquals(w + ", more\n", filter(w + ", more\n"));
		assertEquals("WARNING: other\n", filter("WARNING: other\n"));
		assertEquals("partial WARN", filter("partial WARN"));
		assertEquals("WARNING: Using", filter("WARNING: Using")); // cut short: kept
	}

	@Test
	void noRelaunchWhenTheModuleIsAlreadyThere() {
		// surefire starts this JVM with --add-modules jdk.incubator.vector
		if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) assertNull(
			VectorRelaunch.command(Probe.class, new String[0]));
	}

	@Test
	void relaunchesWithTheModuleAndPassesArgumentsOutputAndExitCode() throws Exception {
		final Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		final List<String> cmd = Arrays.asList(java.toString(), "-cp", System.getProperty(
			"java.class.path"), Probe.class.getName(), "one", "two words");
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().remove("CONVNETIJ_NO_RELAUNCH");
		final File out = Files.createTempFile("relaunch", ".out").toFile();
		final File err = Files.createTempFile("relaunch", ".err").toFile();
		pb.redirectOutput(out).redirectError(err);
		final Process p = pb.start();
		assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child finished");
		final String stdout = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
		final String stderr = new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8);
		assertEquals(2, p.exitValue(), stdout + stderr);
		assertEquals("vector=true args=[one, two words]", stdout.trim(), stderr);
		assertTrue(stderr.contains("to stderr"), stderr);
		assertFalse(stderr.contains("incubator"), stderr);
		out.delete();
		err.delete();
	}
}
