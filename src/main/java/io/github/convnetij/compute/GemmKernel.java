package io.github.convnetij.compute;

/**
 * The micro-kernel of {@link Gemm}: one full {@code mr x nr} block of C from packed panels of A
 * and B. Implementations: {@link ScalarGemmKernel} (plain Java, any JVM) and
 * {@code VectorGemmKernel} (Vector API, loaded only when the JVM has the
 * {@code jdk.incubator.vector} module); see {@link GemmKernels}.
 * <p>
 * Packed layouts: an A panel holds {@code mr} rows, k-major: element {@code (r, p)} at
 * {@code aOff + p * mr + r}; a B panel holds {@code nr} columns, k-major: element {@code (p, c)} at
 * {@code bOff + p * nr + c}. Panels are zero-padded to full width. Blocks at the edges of C go
 * through {@link #edge}, which runs the kernel on a scratch block with the same arithmetic. Each
 * element is accumulated onto its starting value in increasing {@code p} order, so results are
 * bitwise reproducible and do not depend on whether a block was an edge block.
 */
interface GemmKernel {

	/** Rows of a block (A panel width). */
	int mr();

	/** Columns of a block (B panel width). */
	int nr();

	/**
	 * {@code C[i, j] = (accumulate ? C[i, j] : 0) + sum_p A[i, p] * B[p, j]} for the whole
	 * {@code mr x nr} block, with {@code C[i, j]} at {@code cOff + i * ldc + j}.
	 */
	void block(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
		boolean accumulate);

	/**
	 * {@link #block} with B read unpacked: row {@code p} of B is the {@code nr} contiguous values
	 * at {@code src[offsets[p0 + p] + base ...]} (the implicit GEMM of a stride-1 convolution,
	 * whose B rows are shifted views of the padded input; {@code p0} starts a block of its taps).
	 */
	void blockShifted(int k, float[] a, int aOff, float[] src, int[] offsets, int p0, int base,
		float[] c, int cOff, int ldc, boolean accumulate);

	/**
	 * {@link #block} with A read unpacked: element {@code (r, p)} of A is
	 * {@code src[rowOffsets[ro + r] + base + p]} (the weight gradient of a stride-1 convolution,
	 * whose A rows are shifted views of the padded input).
	 */
	void blockRows(int k, float[] src, int[] rowOffsets, int ro, int base, float[] b, int bOff,
		float[] c, int cOff, int ldc, boolean accumulate);

	/** A short name for reports: {@code vector-512}, {@code scalar}. */
	String name();

	/**
	 * {@link #block} for a block of which only {@code rows x cols} lies in C; {@code scratch} holds
	 * at least {@code mr * nr} floats. Full blocks go straight to {@link #block}.
	 */
	default void edge(final int k, final float[] a, final int aOff, final float[] b, final int bOff,
		final float[] c, final int cOff, final int ldc, final int rows, final int cols,
		final boolean accumulate, final float[] scratch)
	{
		final int nr = nr();
		if (rows == mr() && cols == nr) {
			block(k, a, aOff, b, bOff, c, cOff, ldc, accumulate);
			return;
		}
		if (accumulate) for (int i = 0; i < rows; i++)
			System.arraycopy(c, cOff + i * ldc, scratch, i * nr, cols);
		block(k, a, aOff, b, bOff, scratch, 0, nr, accumulate);
		for (int i = 0; i < rows; i++)
			System.arraycopy(scratch, i * nr, c, cOff + i * ldc, cols);
	}
}
