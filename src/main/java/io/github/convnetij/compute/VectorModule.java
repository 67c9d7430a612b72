package io.github.convnetij.compute;

import java.lang.reflect.Method;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) can be used in this JVM, and
 * loading it when the JVM was started without it.
 * <p>
 * A JVM has the module when it was started with {@code --add-modules jdk.incubator.vector}. Fiji
 * is not, but its launcher opens {@code java.base/java.lang} to the class path
 * ({@code --add-opens=java.base/java.lang=ALL-UNNAMED}); with that, this class asks the JDK to
 * load the module into a layer above the boot layer, defined to the boot class loader as if it
 * had been named at start-up (the JDK does the same for {@code java.instrument} when an agent is
 * attached late). The JIT then compiles the Vector API as usual. Where neither holds, or
 * {@code -Dconvnetij.vector=false} is set, nothing is loaded and the plain-Java loops run; results
 * are bitwise the same either way.
 * <pre>{@code
 * if (VectorModule.available()) ...   // loads the module on first call if it can
 * String why = VectorModule.status(); // "started with --add-modules", "loaded at run time", ...
 * }</pre>
 */
public final class VectorModule {

	/** The module's name. */
	public static final String NAME = "jdk.incubator.vector";

	private VectorModule() {}

	private static final class State {

		static final String STATUS = load();
		static final boolean AVAILABLE = STATUS.startsWith(BOOT) || STATUS.startsWith(LOADED);
	}

	private static final String BOOT = "started with --add-modules " + NAME;
	private static final String LOADED = "loaded at run time";

	/**
	 * Whether the Vector API classes can be used here: the module is in the boot layer, or was
	 * loaded by this class (on the first call). False when {@code -Dconvnetij.vector=false}.
	 */
	public static boolean available() {
		return State.AVAILABLE;
	}

	/**
	 * One line saying whether the module is available and how, or why not (for logs, {@code bench}
	 * and the CLI's {@code --version}).
	 */
	public static String status() {
		return State.STATUS;
	}

	private static String load() {
		if ("false".equalsIgnoreCase(System.getProperty(RowOps.PROPERTY, "true").trim()))
			return "not used: -D" + RowOps.PROPERTY + "=false";
		if (ModuleLayer.boot().findModule(NAME).isPresent()) return BOOT;
		try {
			final Module me = VectorModule.class.getModule();
			final Module base = Object.class.getModule();
			final String internal = "jdk.internal.module";
			if (!base.isExported(internal, me)) {
				if (!base.isOpen("java.lang", me)) return "absent: start Java with --add-modules " + NAME +
					" (or --add-opens=java.base/java.lang=ALL-UNNAMED, as Fiji does)";
				final Method export = Module.class.getDeclaredMethod("implAddExportsOrOpens",
					String.class, Module.class, boolean.class, boolean.class);
				export.setAccessible(true);
				export.invoke(base, internal, me, false, true);
			}
			final Method loadModule = Class.forName(internal + ".Modules").getMethod("loadModule",
				String.class);
			final Module vector = (Module) loadModule.invoke(null, NAME);
			if (vector == null || vector.getClassLoader() != null) return "absent: the JDK loaded " + NAME +
				" outside the boot class loader";
			Class.forName(NAME + ".FloatVector");
			return LOADED;
		}
		catch (final ReflectiveOperationException | LinkageError | RuntimeException e) {
			return "absent: loading " + NAME + " at run time failed (" + e + ")";
		}
	}

	/** Prints {@link #status()}: {@code java -cp ... io.github.convnetij.compute.VectorModule}. */
	public static void main(final String[] args) {
		System.out.println(status());
		System.out.println("row loops: " + (RowOps.get().vectorized() ? "vector" : "java") +
			", gemm: " + GemmKernels.BEST.getClass().getSimpleName());
	}
}
