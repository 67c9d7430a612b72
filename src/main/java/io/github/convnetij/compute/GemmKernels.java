package io.github.convnetij.compute;

/**
 * Chooses the GEMM micro-kernel: the Vector API one when {@link VectorModule#available()} (the
 * JVM was started with {@code --add-modules jdk.incubator.vector}, or the module could be loaded
 * at run time), else the plain-Java one ({@code -Dconvnetij.vector=false} forces it, as for
 * {@link RowOps}). The Vector API class is loaded by name only in the first case, so nothing here
 * touches the incubator module on a JVM without it.
 */
final class GemmKernels {

	/** The kernel {@link Gemm} uses; chosen once, immutable. */
	static final GemmKernel BEST = choose();

	private GemmKernels() {}

	/** Whether the Vector API can be used here (see {@link VectorModule}). */
	static boolean vectorApiPresent() {
		return VectorModule.available();
	}

	static GemmKernel scalar() {
		return new ScalarGemmKernel();
	}

	/** The Vector API kernel, or null if the module is absent or the kernel cannot load. */
	static GemmKernel vector() {
		if (!vectorApiPresent()) return null;
		try {
			return (GemmKernel) Class.forName("io.github.convnetij.compute.VectorGemmKernel")
				.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException | LinkageError e) {
			return null;
		}
	}

	private static GemmKernel choose() {
		final GemmKernel v = vector();
		return v != null ? v : scalar();
	}
}
