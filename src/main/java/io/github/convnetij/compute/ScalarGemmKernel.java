package io.github.convnetij.compute;

/**
 * Plain-Java micro-kernel for JVMs without the Vector API: 4 x 16 blocks. Each row of the block
 * is its own accumulator array indexed like the packed B row, so C2 vectorizes the inner loop
 * ({@code acc[j] += a * brow[j]}) where it can.
 */
final class ScalarGemmKernel implements GemmKernel {

	static final int MR = 4, NR = 16;

	@Override
	public int mr() {
		return MR;
	}

	@Override
	public int nr() {
		return NR;
	}

	@Override
	public String name() {
		return "scalar";
	}

	@Override
	public void block(final int k, final float[] a, final int aOff, final float[] b, final int bOff,
		final float[] c, final int cOff, final int ldc, final int rows, final int cols,
		final boolean accumulate)
	{
		final float[] acc0 = new float[NR], acc1 = new float[NR], acc2 = new float[NR],
				acc3 = new float[NR], brow = new float[NR];
		for (int p = 0; p < k; p++) {
			System.arraycopy(b, bOff + p * NR, brow, 0, NR);
			final int ap = aOff + p * MR;
			final float a0 = a[ap], a1 = a[ap + 1], a2 = a[ap + 2], a3 = a[ap + 3];
			for (int j = 0; j < NR; j++) {
				final float bj = brow[j];
				acc0[j] += a0 * bj;
				acc1[j] += a1 * bj;
				acc2[j] += a2 * bj;
				acc3[j] += a3 * bj;
			}
		}
		store(acc0, c, cOff, cols, accumulate);
		if (rows > 1) store(acc1, c, cOff + ldc, cols, accumulate);
		if (rows > 2) store(acc2, c, cOff + 2 * ldc, cols, accumulate);
		if (rows > 3) store(acc3, c, cOff + 3 * ldc, cols, accumulate);
	}

	private static void store(final float[] acc, final float[] c, final int off, final int cols,
		final boolean accumulate)
	{
		if (accumulate) for (int j = 0; j < cols; j++)
			c[off + j] += acc[j];
		else System.arraycopy(acc, 0, c, off, cols);
	}
}
