package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.nn.onnx.Onnx;

/**
 * The relaunched child JVM dies with its launcher: killing the launcher by PID (SIGTERM, which it
 * passes on, or SIGKILL, which the child notices) ends the child within 2 s, with no output and
 * no temporary file left from the write it was in.
 */
class RelaunchSignalTest {

	@TempDir
	Path dir;

	/** Relaunches, then (in the child) starts writing args[0] and stalls half way for 30 s. */
	public static final class SlowWriter {

		public static void main(final String[] args) throws IOException {
			VectorRelaunch.relaunchIfNeeded(SlowWriter.class, args);
			System.out.println("child " + ProcessHandle.current().pid() + " vector=" + ModuleLayer.boot()
				.findModule("jdk.incubator.vector").isPresent());
			Onnx.writeAtomically(Paths.get(args[0]), os -> {
				os.write(new byte[100_000]);
				os.flush();
				System.out.println("writing");
				System.out.flush();
				try {
					Thread.sleep(30_000);
				}
				catch (final InterruptedException e) {
					throw new InterruptedIOException();
				}
			});
			System.out.println("done");
		}
	}

	/** Starts the launcher; returns it and the child's pid once the child is writing. */
	private Object[] start() throws IOException {
		final Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		final ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System
			.getProperty("java.class.path"), SlowWriter.class.getName(), dir.resolve("out.onnx")
				.toString());
		pb.environment().remove("CONVNETIJ_NO_RELAUNCH");
		pb.redirectError(ProcessBuilder.Redirect.DISCARD);
		final Process launcher = pb.start();
		final BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
			StandardCharsets.UTF_8));
		final String first = out.readLine();
		assertTrue(first != null && first.startsWith("child ") && first.endsWith("vector=true"), "" +
			first);
		final long child = Long.parseLong(first.split(" ")[1]);
		assertTrue(child != launcher.pid(), "relaunched in a child JVM");
		assertEquals("writing", out.readLine());
		assertEquals(1, files().size(), "the temporary file while writing");
		return new Object[] { launcher, child, out };
	}

	private List<Path> files() throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.toList();
		}
	}

	private static boolean gone(final long pid, final long millis) throws InterruptedException {
		final long end = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < end) {
			if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) return true;
			Thread.sleep(20);
		}
		return false;
	}

	@Test
	void sigtermToTheLauncherEndsTheChildWithinTwoSecondsLeavingNothing() throws Exception {
		final Object[] s = start();
		final Process launcher = (Process) s[0];
		final long t0 = System.nanoTime();
		launcher.destroy(); // SIGTERM to the launcher's PID
		assertTrue(launcher.waitFor(2, TimeUnit.SECONDS), "launcher ended within 2 s");
		assertEquals(143, launcher.exitValue());
		assertTrue(gone((Long) s[1], 2000 - (System.nanoTime() - t0) / 1_000_000), "child ended");
		assertEquals(List.of(), files(), "no output, no temporary file");
	}

	@Test
	void sigkillToTheLauncherEndsTheChildWhichRemovesItsTemporaryFile() throws Exception {
		final Object[] s = start();
		final Process launcher = (Process) s[0];
		launcher.destroyForcibly(); // SIGKILL: nothing is passed on, the child notices
		assertTrue(launcher.waitFor(2, TimeUnit.SECONDS));
		// the child looks every 200 ms; 4 s leaves room for a loaded machine
		assertTrue(gone((Long) s[1], 4000), "child ended after its launcher");
		assertEquals(List.of(), files(), "no output, no temporary file");
	}
}
