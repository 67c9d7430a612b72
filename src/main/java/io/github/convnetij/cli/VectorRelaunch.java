package io.github.convnetij.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code java -jar convnet-ij-cli.jar ...} run the Vector API inner loops with transparent
 * huge pages: a jar manifest can add neither a JDK module nor a JVM option. (Without the relaunch
 * the module is still loaded at run time by {@link io.github.convnetij.compute.VectorModule},
 * through the manifest's {@code Add-Opens}, but huge pages cannot be turned on from inside a
 * running JVM.) So, when the module is missing from the running
 * JVM but present in its runtime image, {@link #relaunchIfNeeded} starts the same command again
 * in a child JVM with that flag (same Java, JVM options, class path, main class and arguments),
 * passes standard input and output through, and exits with the child's exit code.
 * <p>
 * The JDK prints {@code WARNING: Using incubator modules: jdk.incubator.vector} on standard error
 * whenever an incubator module is resolved; no JVM option turns it off (JDK 17-25). The relaunch
 * pipes the child's standard error and drops exactly that line, forwarding everything else as it
 * comes. Started directly with {@code --add-modules jdk.incubator.vector}, the JVM prints the
 * warning itself and no relaunch happens.
 * <p>
 * Where Linux offers transparent huge pages ({@code always} or {@code madvise}), the child also
 * gets {@code -XX:+UseTransparentHugePages} (unless a page-size option was given): with
 * multi-megabyte images it saves TLB misses (a 3x3 filter of a 4096 x 4096 image runs about 15%
 * faster).
 * <p>
 * The child dies with its launcher: a SIGTERM or SIGINT to the launcher is passed on to the child
 * as SIGTERM (SIGKILL after {@value #GRACE_MS} ms if it is still there), and the child watches its
 * launcher (its pid is passed as the system property {@value #LAUNCHER}) and exits with code 143
 * when the launcher is gone, e.g. after a SIGKILL it could not pass on. Either way the child's
 * shutdown hooks remove the temporary files of outputs being written
 * ({@link io.github.convnetij.compute.TempFiles}), and no output is moved into place after that.
 * <p>
 * No relaunch when: the module is already resolved; the runtime has no such module; the system
 * property {@code convnetij.vector=false} is set (the plain-Java loops are wanted anyway) or
 * {@code convnetij.relaunch=false}; the
 * environment variable {@code CONVNETIJ_NO_RELAUNCH} is set; or this JVM is itself a relaunched
 * child (system property {@value #MARKER}). If the child cannot be started, the command goes on in
 * this JVM with the plain-Java loops. Call it first thing in {@code main}:
 * <pre>{@code
 * public static void main(String[] args) {
 *     VectorRelaunch.relaunchIfNeeded(Main.class, args); // returns only if no relaunch happened
 *     ...
 * }
 * }</pre>
 */
public final class VectorRelaunch {

	/** System property set in the child JVM, so that it never relaunches again. */
	public static final String MARKER = "convnetij.relaunched";

	/** System property of the child: the launcher's process id, watched by the child. */
	public static final String LAUNCHER = "convnetij.launcher.pid";

	/** How often the child looks whether its launcher is still there, in milliseconds. */
	static final long WATCH_MS = 200;

	/** How long the launcher waits for the child after forwarding a signal, in milliseconds. */
	static final long GRACE_MS = 1500;

	static final String MODULE = "jdk.incubator.vector";

	static final String WARNING = "WARNING: Using incubator modules: " + MODULE;

	private VectorRelaunch() {}

	/**
	 * Relaunches {@code main} with {@code --add-modules jdk.incubator.vector} when that helps (see
	 * the class description), then calls {@link System#exit} with the child's exit code; otherwise
	 * returns at once.
	 */
	public static void relaunchIfNeeded(final Class<?> main, final String[] args) {
		watchLauncher();
		final List<String> command = command(main, args);
		if (command == null) return;
		final int code;
		try {
			code = run(command);
		}
		catch (final IOException e) {
			return; // could not start the child: go on here, with the plain-Java loops
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			System.exit(130);
			return;
		}
		System.exit(code);
	}

	/** The child's command line, or null if no relaunch should happen. */
	static List<String> command(final Class<?> main, final String[] args) {
		if (ModuleLayer.boot().findModule(MODULE).isPresent()) return null;
		if (System.getProperty(MARKER) != null) return null;
		if (System.getenv("CONVNETIJ_NO_RELAUNCH") != null) return null;
		if ("false".equalsIgnoreCase(System.getProperty("convnetij.relaunch", "").trim())) return null;
		if ("false".equalsIgnoreCase(System.getProperty("convnetij.vector", "").trim())) return null;
		if (!ModuleFinder.ofSystem().find(MODULE).isPresent()) return null;
		final String classPath = System.getProperty("java.class.path");
		final String javaHome = System.getProperty("java.home");
		if (classPath == null || classPath.isEmpty() || javaHome == null) return null;
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(javaHome, "bin", "java").toString());
		try {
			for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
				if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Djava.class.path=")) cmd.add(a);
		}
		catch (final RuntimeException | LinkageError e) {
			// java.management missing (a trimmed runtime): relaunch without the JVM options
		}
		// large images: transparent huge pages cut TLB misses (3x3 on 4096^2: -15%); Linux only, and
		// only if the user chose nothing about page sizes
		if (transparentHugePages() && cmd.stream().noneMatch(a -> a.contains("TransparentHugePages") || a
			.contains("LargePages"))) cmd.add("-XX:+UseTransparentHugePages");
		cmd.add("--add-modules");
		cmd.add(MODULE);
		// as the jar manifest's Add-Opens, which a child started with -cp does not get: the ImageJ 1.x
		// patcher of 'macro' and 'gui' needs it
		cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
		cmd.add("-D" + MARKER + "=true");
		cmd.add("-D" + LAUNCHER + "=" + ProcessHandle.current().pid());
		cmd.add("-cp");
		cmd.add(classPath);
		cmd.add(main.getName());
		cmd.addAll(Arrays.asList(args));
		return cmd;
	}

	/** Whether the Linux kernel offers transparent huge pages to {@code madvise} (else the JVM warns). */
	private static boolean transparentHugePages() {
		try {
			final String mode = new String(java.nio.file.Files.readAllBytes(Paths.get(
				"/sys/kernel/mm/transparent_hugepage/enabled")), StandardCharsets.US_ASCII);
			return mode.contains("[always]") || mode.contains("[madvise]");
		}
		catch (final IOException | RuntimeException e) {
			return false; // not Linux, or no THP
		}
	}

	private static int run(final List<String> command) throws IOException, InterruptedException {
		final ProcessBuilder pb = new ProcessBuilder(command);
		pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
		pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		pb.redirectError(ProcessBuilder.Redirect.PIPE);
		final Process p = pb.start();
		// SIGTERM or SIGINT to the launcher runs its shutdown hooks: pass the signal on (as SIGTERM)
		// and give the child a moment to remove its temporary files, then stop it for good
		final Thread forward = new Thread(() -> stop(p), "stop child");
		Runtime.getRuntime().addShutdownHook(forward);
		final Thread err = new Thread(() -> filter(p.getErrorStream(), System.err), "stderr");
		err.setDaemon(true);
		err.start();
		final int code = p.waitFor();
		err.join(5000);
		try {
			Runtime.getRuntime().removeShutdownHook(forward);
		}
		catch (final IllegalStateException e) {
			// already shutting down: the hook runs, and finds the child gone
		}
		return code;
	}

	/** Ends the child: SIGTERM, then SIGKILL if it is still there after {@link #GRACE_MS}. */
	static void stop(final Process p) {
		if (!p.isAlive()) return;
		p.destroy();
		try {
			if (!p.waitFor(GRACE_MS, TimeUnit.MILLISECONDS)) p.destroyForcibly();
		}
		catch (final InterruptedException e) {
			p.destroyForcibly();
		}
	}

	/**
	 * In a relaunched child, a daemon thread that ends this JVM (exit code 143, as SIGTERM, with
	 * the shutdown hooks run: temporary files are removed) when the launcher whose pid is in
	 * {@value #LAUNCHER} is gone, e.g. killed with SIGKILL, which it cannot pass on. The child is
	 * then no longer the launcher's child: its parent process changes (to init or a subreaper).
	 */
	static void watchLauncher() {
		final String pid = System.getProperty(LAUNCHER);
		if (pid == null) return;
		final long launcher;
		try {
			launcher = Long.parseLong(pid.trim());
		}
		catch (final NumberFormatException e) {
			return;
		}
		final Thread t = new Thread(() -> {
			while (launcherAlive(launcher)) {
				try {
					Thread.sleep(WATCH_MS);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
			System.exit(143);
		}, "watch launcher");
		t.setDaemon(true);
		t.start();
	}

	/** Whether the launcher is still this process's parent and alive. */
	static boolean launcherAlive(final long launcher) {
		final java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
		return parent.isPresent() && parent.get().pid() == launcher && parent.get().isAlive();
	}

	/**
	 * Copies {@code in} to {@code out} as it arrives, dropping every line that is exactly the JDK's
	 * incubator-module warning. A line is held back only while it may still be that warning.
	 */
	static void filter(final InputStream in, final OutputStream out) {
		final byte[] warning = WARNING.getBytes(StandardCharsets.UTF_8);
		final ByteArrayOutputStream pending = new ByteArrayOutputStream();
		boolean passing = false; // the current line is known not to be the warning
		try {
			final byte[] buf = new byte[8192];
			for (int n; (n = in.read(buf)) > 0;) {
				for (int i = 0; i < n; i++) {
					final byte b = buf[i];
					if (passing) {
						out.write(b);
						if (b == '\n') passing = false;
						continue;
					}
					pending.write(b);
					final byte[] l = pending.toByteArray();
					if (!startsLike(warning, l)) {
						out.write(l);
						pending.reset();
						passing = b != '\n';
					}
					else if (b == '\n') pending.reset(); // the warning line: dropped
				}
				out.flush();
			}
			pending.writeTo(out);
			out.flush();
		}
		catch (final IOException e) {
			// the child is gone
		}
	}

	/**
	 * Whether {@code l} may still be the warning line: a prefix of {@code warning}, or all of it
	 * followed by "\n" or "\r\n" (or "\r" so far).
	 */
	private static boolean startsLike(final byte[] warning, final byte[] l) {
		for (int i = 0; i < l.length; i++) {
			if (i < warning.length) {
				if (l[i] != warning[i]) return false;
			}
			else if (i == warning.length) {
				if (l[i] != '\r' && l[i] != '\n') return false;
			}
			else if (i == warning.length + 1) {
				if (l[i - 1] != '\r' || l[i] != '\n') return false;
			}
			else return false;
		}
		return true;
	}
}
