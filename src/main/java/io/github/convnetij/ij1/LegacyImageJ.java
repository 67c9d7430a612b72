package io.github.convnetij.ij1;

import java.awt.Frame;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import net.imagej.patcher.LegacyClassLoader;
import net.imagej.patcher.LegacyEnvironment;

/**
 * An ImageJ 1.x patched by {@code ij1-patcher} (as Fiji patches it) with ConvNet-IJ installed, in a
 * class loader of its own: headless for running macros without a display (DESIGN.md: plain
 * {@code -batch} cannot {@code run("...")}), or with its GUI. ConvNet-IJ's menu entries come from a
 * {@code plugins.config} generated from the SciJava plugin index ({@link PluginsConfig}) in a
 * temporary plugin folder; its classes and dependencies come from this JVM's class path (the
 * command line's single jar, or the test class path), loaded next to ImageJ in that class loader.
 * This class itself touches no ImageJ class: it talks to that ImageJ through {@link
 * LegacyEnvironment}, reflection and JDK types.
 * <pre>{@code
 * try (LegacyImageJ ij = LegacyImageJ.headless()) {
 *     LegacyImageJ.Outcome o = ij.runMacro("run(\"Blobs (25K)\"); run(\"Pool Image...\", \"size=2\");", "");
 *     if (o.failed()) System.err.println("line " + o.line() + ": " + o.message());
 * }
 * }</pre>
 */
public final class LegacyImageJ implements AutoCloseable {

	/** How a macro ended. */
	public static final class Outcome {

		private final String message;
		private final int line;

		Outcome(final String message, final int line) {
			this.message = message;
			this.line = line;
		}

		/** True if the macro ended with an error. */
		public boolean failed() {
			return message != null;
		}

		/** The macro's error message, or null on success. */
		public String message() {
			return message;
		}

		/** The line of the error (1 = first), or 0 if unknown. */
		public int line() {
			return line;
		}
	}

	/** ImageJ's class loader with this JVM's class path (but ImageJ and the patcher) after ImageJ. */
	private static final class Loader extends LegacyClassLoader {

		Loader() throws ClassNotFoundException {
			super();
			final Set<String> skip = new HashSet<>();
			for (final URL u : getURLs())
				skip.add(path(u));
			final URL patcher = LegacyEnvironment.class.getProtectionDomain().getCodeSource()
				.getLocation();
			if (patcher != null) skip.add(path(patcher));
			final String cp = System.getProperty("java.class.path", "");
			for (final String entry : cp.split(File.pathSeparator)) {
				if (entry.isEmpty()) continue;
				final File f = new File(entry).getAbsoluteFile();
				if (!f.exists() || skip.contains(f.getPath())) continue;
				try {
					addURL(f.toURI().toURL());
				}
				catch (final MalformedURLException e) {
					throw new IllegalStateException("class path entry " + f + ": " + e.getMessage(), e);
				}
			}
		}

		private static String path(final URL u) {
			try {
				return new File(u.toURI()).getAbsoluteFile().getPath();
			}
			catch (final URISyntaxException | IllegalArgumentException e) {
				return u.toString();
			}
		}
	}

	private final LegacyEnvironment env;
	private final Loader loader;
	private final Path pluginDir;

	/**
	 * Why this JVM cannot patch ImageJ, or null if it can: ij1-patcher needs
	 * {@code java.lang} opened to the class path ({@code --add-opens=java.base/java.lang=ALL-UNNAMED},
	 * which the command line jar's manifest and its relaunch give, as Fiji's launcher does).
	 */
	public static String jvmProblem() {
		if (Object.class.getModule().isOpen("java.lang", LegacyImageJ.class.getModule())) return null;
		return "this JVM does not open java.lang to the class path, which patching ImageJ 1.x needs: " +
			"start it with --add-opens=java.base/java.lang=ALL-UNNAMED (java -jar convnet-ij-cli.jar " +
			"does)";
	}

	private LegacyImageJ(final boolean headless) {
		final String problem = jvmProblem();
		if (problem != null) throw new IllegalStateException(problem);
		try {
			loader = new Loader();
			env = new LegacyEnvironment(loader, headless);
		}
		catch (final ClassNotFoundException e) {
			throw new IllegalStateException("ImageJ 1.x (ij.jar) is not on the class path", e);
		}
		env.disableIJ1PluginDirs(); // not ~/.plugins: what runs is what this jar holds
		try {
			pluginDir = Files.createTempDirectory("convnet-ij-plugins");
			// the plugin index as this class sees it (the same jars): reading it through ImageJ's
			// loader before ImageJ is patched would spoil the patching
			Files.writeString(pluginDir.resolve("plugins.config"), PluginsConfig.text(
				LegacyImageJ.class.getClassLoader()), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("cannot write the plugin folder for ImageJ: " + e
				.getMessage(), e);
		}
		env.addPluginClasspath(pluginDir.toFile());
	}

	/** A headless ImageJ 1.x for macros; the JVM must be headless ({@code java.awt.headless}). */
	public static LegacyImageJ headless() {
		final LegacyImageJ ij = new LegacyImageJ(true);
		ij.env.newImageJ1(true);
		return ij;
	}

	/**
	 * Starts ImageJ 1.x with its main window; {@link #awaitQuit()} waits until the user quits it.
	 *
	 * @return the running ImageJ
	 */
	public static LegacyImageJ gui() {
		final LegacyImageJ ij = new LegacyImageJ(false);
		ij.env.newImageJ1(false);
		return ij;
	}

	/** The class loader of this ImageJ (and of ConvNet-IJ's classes running in it). */
	public ClassLoader classLoader() {
		return loader;
	}

	/** ImageJ's main window, or null (headless, or not started). */
	public Frame mainWindow() {
		final Object ij = invokeStatic("ij.IJ", "getInstance");
		return ij instanceof Frame ? (Frame) ij : null;
	}

	/** Blocks until ImageJ's main window is gone (the user quit ImageJ). */
	public void awaitQuit() throws InterruptedException {
		for (Frame f; (f = mainWindow()) != null && f.isDisplayable();)
			Thread.sleep(250);
	}

	/**
	 * Runs macro code on the calling thread, as ImageJ runs a macro file: {@code getArgument()}
	 * returns {@code argument}.
	 *
	 * @return how the macro ended: the error message and line of a failed macro
	 */
	@SuppressWarnings("unchecked")
	public Outcome runMacro(final String macro, final String argument) {
		final BiFunction<String, String, Map<String, Object>> runner;
		try {
			runner = (BiFunction<String, String, Map<String, Object>>) loader.loadClass(
				MacroRunner.class.getName()).getConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException("cannot load the macro runner into ImageJ: " + e, e);
		}
		final Thread thread = Thread.currentThread();
		final String name = thread.getName();
		final ClassLoader saved = thread.getContextClassLoader();
		// ImageJ hands macro options to plugins only on threads named Run$_...
		if (!name.startsWith("Run$_")) thread.setName("Run$_" + name);
		thread.setContextClassLoader(loader);
		try {
			final Map<String, Object> o = runner.apply(macro, argument);
			final Object message = o.get(MacroRunner.MESSAGE);
			final Object line = o.get(MacroRunner.LINE);
			return new Outcome(message == null ? null : message.toString(), line instanceof Integer
				? (Integer) line : 0);
		}
		finally {
			thread.setName(name);
			thread.setContextClassLoader(saved);
		}
	}

	private Object invokeStatic(final String className, final String method) {
		try {
			return loader.loadClass(className).getMethod(method).invoke(null);
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(className + "." + method + "(): " + e, e);
		}
	}

	/** Deletes the temporary plugin folder. */
	@Override
	public void close() {
		try (Stream<Path> s = Files.walk(pluginDir)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException e) {
			pluginDir.toFile().deleteOnExit();
		}
	}
}
