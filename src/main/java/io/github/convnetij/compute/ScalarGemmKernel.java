package io.github.convnetij.compute;

/**
 * Plain-Java micro-kernel for JVMs without the Vector API: 4 x 16 blocks. Each row of the block
 * is its own accumulator array indexed like the packed B row, so C2 vectorizes the inner loop
 * ({@code acc[j] += a * brow[j]}) where it can.
 */
final class ScalarGemmKernel implements GemmKernel {

	static final int MR = 4, NR = 64;

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
		final float[] c, final int cOff, final int ldc, final boolean accumulate)
	{
		final float[] acc0 = new float[NR], acc1 = new float[NR], acc2 = new float[NR],
				acc3 = new float[NR], brow = new float[NR];
		if (accumulate) {
			System.arraycopy(c, cOff, acc0, 0, NR);
			System.arraycopy(c, cOff + ldc, acc1, 0, NR);
			System.arraycopy(c, cOff + 2 * ldc, acc2, 0, NR);
			System.arraycopy(c, cOff + 3 * ldc, acc3, 0, NR);
		}
		for (int p = 0; p < k; p++) {
			System.arraycopy(b, bOff + p * NR, brow, 0, NR);
			final int ap = aOff + p * MR;
			final float a0 = a[ap], a1 = a[ap + 1], a2 = a[ap + 2], a3 = a[ap + 3];
			for (int j = 0; j < NR; j++) {
				final float bj = brow[j];
				acc0[j] = Math.fma(a0, bj, acc0[j]);
				acc1[j] = Math.fma(a1, bj, acc1[j]);
				acc2[j] = Math.fma(a2, bj, acc2[j]);
				acc3[j] = Math.fma(a3, bj, acc3[j]);
			}
		}
		System.arraycopy(acc0, 0, c, cOff, NR);
		System.arraycopy(acc1, 0, c, cOff + ldc, NR);
		System.arraycopy(acc2, 0, c, cOff + 2 * ldc, NR);
		System.arraycopy(acc3, 0, c, cOff + 3 * ldc, NR);
	}

	@Override
	public void blockShifted(final int k, final float[] a, final int aOff, final float[] src,
		final int[] offsets, final int p0, final int base, final float[] c, final int cOff,
		final int ldc, final boolean accumulate)
	{
		final float[] acc0 = new float[NR], acc1 = new float[NR], acc2 = new float[NR],
				acc3 = new float[NR], brow = new float[NR];
		if (accumulate) {
			System.arraycopy(c, cOff, acc0, 0, NR);
			System.arraycopy(c, cOff + ldc, acc1, 0, NR);
			System.arraycopy(c, cOff + 2 * ldc, acc2, 0, NR);
			System.arraycopy(c, cOff + 3 * ldc, acc3, 0, NR);
		}
		for (int p = 0; p < k; p++) {
			System.arraycopy(src, offsets[p0 + p] + base, brow, 0, NR);
			final int ap = aOff + p * MR;
			final float a0 = a[ap], a1 = a[ap + 1], a2 = a[ap + 2], a3 = a[ap + 3];
			for (int j = 0; j < NR; j++) {
				final float bj = brow[j];
				acc0[j] = Math.fma(a0, bj, acc0[j]);
				acc1[j] = Math.fma(a1, bj, acc1[j]);
				acc2[j] = Math.fma(a2, bj, acc2[j]);
				acc3[j] = Math.fma(a3, bj, acc3[j]);
			}
		}
		System.arraycopy(acc0, 0, c, cOff, NR);
		System.arraycopy(acc1, 0, c, cOff + ldc, NR);
		System.arraycopy(acc2, 0, c, cOff + 2 * ldc, NR);
		System.arraycopy(acc3, 0, c, cOff + 3 * ldc, NR);
	}

	@Override
	public void blockRows(final int k, final float[] src, final int[] rowOffsets, final int ro,
		final int base, final float[] b, final int bOff, final float[] c, final int cOff, final int ldc,
		final boolean accumulate)
	{
		final float[] acc0 = new float[NR], acc1 = new float[NR], acc2 = new float[NR],
				acc3 = new float[NR], brow = new float[NR];
		if (accumulate) {
			System.arraycopy(c, cOff, acc0, 0, NR);
			System.arraycopy(c, cOff + ldc, acc1, 0, NR);
			System.arraycopy(c, cOff + 2 * ldc, acc2, 0, NR);
			System.arraycopy(c, cOff + 3 * ldc, acc3, 0, NR);
		}
		final int r0 = rowOffsets[ro] + base, r1 = rowOffsets[ro + 1] + base,
				r2 = rowOffsets[ro + 2] + base, r3 = rowOffsets[ro + 3] + base;
		for (int p = 0; p < k; p++) {
			System.arraycopy(b, bOff + p * NR, brow, 0, NR);
			final float a0 = src[r0 + p], a1 = src[r1 + p], a2 = src[r2 + p], a3 = src[r3 + p];
			for (int j = 0; j < NR; j++) {
				final float bj = brow[j];
				acc0[j] = Math.fma(a0, bj, acc0[j]);
				acc1[j] = Math.fma(a1, bj, acc1[j]);
				acc2[j] = Math.fma(a2, bj, acc2[j]);
				acc3[j] = Math.fma(a3, bj, acc3[j]);
			}
		}
		System.arraycopy(acc0, 0, c, cOff, NR);
		System.arraycopy(acc1, 0, c, cOff + ldc, NR);
		System.arraycopy(acc2, 0, c, cOff + 2 * ldc, NR);
		System.arraycopy(acc3, 0, c, cOff + 3 * ldc, NR);
	}
}
