package io.github.convnetij.compute;

/**
 * The micro-kernel of {@link Gemm}: one {@code mr x nr} block of C from packed panels of A and B.
 * Implementations: {@link ScalarGemmKernel} (plain Java, any JVM) and {@code VectorGemmKernel}
 * (Vector API, loaded only when the JVM has the {@code jdk.incubator.vector} module); see
 * {@link GemmKernels}.
 * <p>
 * Packed layouts: an A panel holds {@code mr} rows, k-major: element {@code (r, p)} at
 * {@code aOff + p * mr + r}; a B panel holds {@code nr} columns, k-major: element {@code (p, c)} at
 * {@code bOff + p * nr + c}. Panels are zero-padded to full width, so the kernel always computes
 * the whole block and writes only the valid {@code rows x cols} part. Each element of the block is
 * accumulated in increasing {@code p} order (bitwise reproducible).
 */
interface GemmKernel {

	/** Rows of a block (A panel width). */
	int mr();

	/** Columns of a block (B panel width). */
	int nr();

	/**
	 * {@code C[i, j] = (accumulate ? C[i, j] : 0) + sum_p A[i, p] * B[p, j]} for
	 * {@code i < rows <= mr}, {@code j < cols <= nr}, with {@code C[i, j]} at
	 * {@code cOff + i * ldc + j}.
	 */
	void block(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
		int rows, int cols, boolean accumulate);

	/** A short name for reports: {@code vector-512}, {@code scalar}. */
	String name();
}
