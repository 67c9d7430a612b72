package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * Packing of GEMM operands into the panel layouts of {@link GemmKernel}: A into panels of
 * {@code mr} rows, B into panels of {@code nr} columns, each k-major and zero-padded to full width.
 */
final class Packing {

	private Packing() {}

	/**
	 * Packs rows {@code [i0, i0 + mc)} and k-range {@code [p0, p0 + kc)} of op(A), times
	 * {@code alpha}, into {@code dst}: panel {@code q} (rows {@code q*mr ...}) at {@code q * mr * kc},
	 * element {@code (r, p)} of a panel at {@code p * mr + r}.
	 */
	static void packA(final boolean trans, final float[] a, final int aOff, final int lda,
		final int i0, final int mc, final int p0, final int kc, final float alpha, final int mr,
		final float[] dst)
	{
		for (int ir = 0; ir < mc; ir += mr) {
			final int rows = Math.min(mr, mc - ir);
			final int base = ir * kc;
			if (rows < mr) Arrays.fill(dst, base, base + mr * kc, 0f);
			if (trans) {
				// A[i, p] = a[p * lda + i]: each p gives rows contiguous
				for (int p = 0; p < kc; p++) {
					final int src = aOff + (p0 + p) * lda + i0 + ir;
					final int d = base + p * mr;
					for (int r = 0; r < rows; r++)
						dst[d + r] = alpha * a[src + r];
				}
			}
			else {
				for (int r = 0; r < rows; r++) {
					final int src = aOff + (i0 + ir + r) * lda + p0;
					for (int p = 0; p < kc; p++)
						dst[base + p * mr + r] = alpha * a[src + p];
				}
			}
		}
	}

	/**
	 * Packs k-range {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nc)} of op(B) into
	 * {@code dst}: panel {@code q} at {@code q * nr * kc}, element {@code (p, c)} at {@code p * nr + c}.
	 */
	static void packB(final boolean trans, final float[] b, final int bOff, final int ldb,
		final int p0, final int kc, final int j0, final int nc, final int nr, final float[] dst)
	{
		for (int jr = 0; jr < nc; jr += nr) {
			final int cols = Math.min(nr, nc - jr);
			final int base = jr * kc;
			if (cols < nr) Arrays.fill(dst, base, base + nr * kc, 0f);
			if (trans) {
				// B[p, j] = b[j * ldb + p]
				for (int cc = 0; cc < cols; cc++) {
					final int src = bOff + (j0 + jr + cc) * ldb + p0;
					for (int p = 0; p < kc; p++)
						dst[base + p * nr + cc] = b[src + p];
				}
			}
			else {
				for (int p = 0; p < kc; p++)
					System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, dst, base + p * nr, cols);
			}
		}
	}
}
