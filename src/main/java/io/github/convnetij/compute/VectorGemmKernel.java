package io.github.convnetij.compute;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernel: 8 rows x 2 vectors (32 columns with 512-bit vectors), 16 accumulators
 * in registers, one broadcast of A and two loads of B per step of p, fused multiply-add.
 * Load this class only when the JVM has the {@code jdk.incubator.vector} module (see
 * {@link GemmKernels}).
 * <p>
 * Written out by hand with no helper calls: C2 does not inline a helper that takes vectors from a
 * method this large, and a vector passed to a call that is not inlined is boxed on the heap, which
 * made the kernel 15 times slower.
 */
final class VectorGemmKernel implements GemmKernel {

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
	private static final int L = S.length();
	static final int MR = 8;
	private static final int NR = 2 * L;

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
		return "vector-" + S.vectorBitSize();
	}

	/**
	 * Zeroes the block of C, which the kernels then load as their starting values: one code path
	 * (loads) for both starts keeps the accumulators' exact vector type known to C2, whose store
	 * intrinsics otherwise fail after a merge of the two paths and leave every store (and the
	 * kernel) up to 4x slower (same values: a sum started from a loaded +0 is the one started from
	 * a zero vector).
	 */
	private static void zero(final float[] c, final int cOff, final int ldc) {
		for (int r = 0; r < MR; r++)
			Arrays.fill(c, cOff + r * ldc, cOff + r * ldc + NR, 0f);
	}

	@Override
	public void block(final int k, final float[] a, final int aOff, final float[] b, final int bOff,
		final float[] c, final int cOff, final int ldc, final boolean accumulate)
	{
		FloatVector c00, c01;
		FloatVector c10, c11;
		FloatVector c20, c21;
		FloatVector c30, c31;
		FloatVector c40, c41;
		FloatVector c50, c51;
		FloatVector c60, c61;
		FloatVector c70, c71;
		if (!accumulate) zero(c, cOff, ldc);
		c00 = FloatVector.fromArray(S, c, cOff);
		c01 = FloatVector.fromArray(S, c, cOff + L);
		c10 = FloatVector.fromArray(S, c, cOff + ldc);
		c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
		c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
		c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
		c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
		c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
		c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
		c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
		c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
		c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
		c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
		c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
		c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
		c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
		int ap = aOff, bp = bOff;
		for (int p = 0; p < k; p++, ap += MR, bp += NR) {
			final FloatVector b0 = FloatVector.fromArray(S, b, bp);
			final FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
			FloatVector av;
			av = FloatVector.broadcast(S, a[ap]);
			c00 = av.fma(b0, c00);
			c01 = av.fma(b1, c01);
			av = FloatVector.broadcast(S, a[ap + 1]);
			c10 = av.fma(b0, c10);
			c11 = av.fma(b1, c11);
			av = FloatVector.broadcast(S, a[ap + 2]);
			c20 = av.fma(b0, c20);
			c21 = av.fma(b1, c21);
			av = FloatVector.broadcast(S, a[ap + 3]);
			c30 = av.fma(b0, c30);
			c31 = av.fma(b1, c31);
			av = FloatVector.broadcast(S, a[ap + 4]);
			c40 = av.fma(b0, c40);
			c41 = av.fma(b1, c41);
			av = FloatVector.broadcast(S, a[ap + 5]);
			c50 = av.fma(b0, c50);
			c51 = av.fma(b1, c51);
			av = FloatVector.broadcast(S, a[ap + 6]);
			c60 = av.fma(b0, c60);
			c61 = av.fma(b1, c61);
			av = FloatVector.broadcast(S, a[ap + 7]);
			c70 = av.fma(b0, c70);
			c71 = av.fma(b1, c71);
		}
		c00.intoArray(c, cOff);
		c01.intoArray(c, cOff + L);
		c10.intoArray(c, cOff + ldc);
		c11.intoArray(c, cOff + ldc + L);
		c20.intoArray(c, cOff + 2 * ldc);
		c21.intoArray(c, cOff + 2 * ldc + L);
		c30.intoArray(c, cOff + 3 * ldc);
		c31.intoArray(c, cOff + 3 * ldc + L);
		c40.intoArray(c, cOff + 4 * ldc);
		c41.intoArray(c, cOff + 4 * ldc + L);
		c50.intoArray(c, cOff + 5 * ldc);
		c51.intoArray(c, cOff + 5 * ldc + L);
		c60.intoArray(c, cOff + 6 * ldc);
		c61.intoArray(c, cOff + 6 * ldc + L);
		c70.intoArray(c, cOff + 7 * ldc);
		c71.intoArray(c, cOff + 7 * ldc + L);
	}

	@Override
	public void blockShifted(final int k, final float[] a, final int aOff, final float[] src,
		final int[] offsets, final int p0, final int base, final float[] c, final int cOff,
		final int ldc, final boolean accumulate)
	{
		FloatVector c00, c01;
		FloatVector c10, c11;
		FloatVector c20, c21;
		FloatVector c30, c31;
		FloatVector c40, c41;
		FloatVector c50, c51;
		FloatVector c60, c61;
		FloatVector c70, c71;
		if (!accumulate) zero(c, cOff, ldc);
		c00 = FloatVector.fromArray(S, c, cOff);
		c01 = FloatVector.fromArray(S, c, cOff + L);
		c10 = FloatVector.fromArray(S, c, cOff + ldc);
		c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
		c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
		c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
		c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
		c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
		c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
		c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
		c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
		c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
		c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
		c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
		c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
		c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
		int ap = aOff;
		for (int p = 0; p < k; p++, ap += MR) {
			final int bp = offsets[p0 + p] + base;
			final FloatVector b0 = FloatVector.fromArray(S, src, bp);
			final FloatVector b1 = FloatVector.fromArray(S, src, bp + L);
			FloatVector av;
			av = FloatVector.broadcast(S, a[ap]);
			c00 = av.fma(b0, c00);
			c01 = av.fma(b1, c01);
			av = FloatVector.broadcast(S, a[ap + 1]);
			c10 = av.fma(b0, c10);
			c11 = av.fma(b1, c11);
			av = FloatVector.broadcast(S, a[ap + 2]);
			c20 = av.fma(b0, c20);
			c21 = av.fma(b1, c21);
			av = FloatVector.broadcast(S, a[ap + 3]);
			c30 = av.fma(b0, c30);
			c31 = av.fma(b1, c31);
			av = FloatVector.broadcast(S, a[ap + 4]);
			c40 = av.fma(b0, c40);
			c41 = av.fma(b1, c41);
			av = FloatVector.broadcast(S, a[ap + 5]);
			c50 = av.fma(b0, c50);
			c51 = av.fma(b1, c51);
			av = FloatVector.broadcast(S, a[ap + 6]);
			c60 = av.fma(b0, c60);
			c61 = av.fma(b1, c61);
			av = FloatVector.broadcast(S, a[ap + 7]);
			c70 = av.fma(b0, c70);
			c71 = av.fma(b1, c71);
		}
		c00.intoArray(c, cOff);
		c01.intoArray(c, cOff + L);
		c10.intoArray(c, cOff + ldc);
		c11.intoArray(c, cOff + ldc + L);
		c20.intoArray(c, cOff + 2 * ldc);
		c21.intoArray(c, cOff + 2 * ldc + L);
		c30.intoArray(c, cOff + 3 * ldc);
		c31.intoArray(c, cOff + 3 * ldc + L);
		c40.intoArray(c, cOff + 4 * ldc);
		c41.intoArray(c, cOff + 4 * ldc + L);
		c50.intoArray(c, cOff + 5 * ldc);
		c51.intoArray(c, cOff + 5 * ldc + L);
		c60.intoArray(c, cOff + 6 * ldc);
		c61.intoArray(c, cOff + 6 * ldc + L);
		c70.intoArray(c, cOff + 7 * ldc);
		c71.intoArray(c, cOff + 7 * ldc + L);
	}

	@Override
	public void blockRows(final int k, final float[] src, final int[] rowOffsets, final int ro,
		final int base, final float[] b, final int bOff, final float[] c, final int cOff, final int ldc,
		final boolean accumulate)
	{
		FloatVector c00, c01;
		FloatVector c10, c11;
		FloatVector c20, c21;
		FloatVector c30, c31;
		FloatVector c40, c41;
		FloatVector c50, c51;
		FloatVector c60, c61;
		FloatVector c70, c71;
		if (!accumulate) zero(c, cOff, ldc);
		c00 = FloatVector.fromArray(S, c, cOff);
		c01 = FloatVector.fromArray(S, c, cOff + L);
		c10 = FloatVector.fromArray(S, c, cOff + ldc);
		c11 = FloatVector.fromArray(S, c, cOff + ldc + L);
		c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
		c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + L);
		c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
		c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + L);
		c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
		c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + L);
		c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
		c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + L);
		c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
		c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + L);
		c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
		c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + L);
		final int r0 = rowOffsets[ro] + base, r1 = rowOffsets[ro + 1] + base, r2 = rowOffsets[ro + 2] + base, r3 = rowOffsets[ro + 3] + base, r4 = rowOffsets[ro + 4] + base, r5 = rowOffsets[ro + 5] + base, r6 = rowOffsets[ro + 6] + base, r7 = rowOffsets[ro + 7] + base;
		int bp = bOff;
		for (int p = 0; p < k; p++, bp += NR) {
			final FloatVector b0 = FloatVector.fromArray(S, b, bp);
			final FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
			FloatVector av;
			av = FloatVector.broadcast(S, src[r0 + p]);
			c00 = av.fma(b0, c00);
			c01 = av.fma(b1, c01);
			av = FloatVector.broadcast(S, src[r1 + p]);
			c10 = av.fma(b0, c10);
			c11 = av.fma(b1, c11);
			av = FloatVector.broadcast(S, src[r2 + p]);
			c20 = av.fma(b0, c20);
			c21 = av.fma(b1, c21);
			av = FloatVector.broadcast(S, src[r3 + p]);
			c30 = av.fma(b0, c30);
			c31 = av.fma(b1, c31);
			av = FloatVector.broadcast(S, src[r4 + p]);
			c40 = av.fma(b0, c40);
			c41 = av.fma(b1, c41);
			av = FloatVector.broadcast(S, src[r5 + p]);
			c50 = av.fma(b0, c50);
			c51 = av.fma(b1, c51);
			av = FloatVector.broadcast(S, src[r6 + p]);
			c60 = av.fma(b0, c60);
			c61 = av.fma(b1, c61);
			av = FloatVector.broadcast(S, src[r7 + p]);
			c70 = av.fma(b0, c70);
			c71 = av.fma(b1, c71);
		}
		c00.intoArray(c, cOff);
		c01.intoArray(c, cOff + L);
		c10.intoArray(c, cOff + ldc);
		c11.intoArray(c, cOff + ldc + L);
		c20.intoArray(c, cOff + 2 * ldc);
		c21.intoArray(c, cOff + 2 * ldc + L);
		c30.intoArray(c, cOff + 3 * ldc);
		c31.intoArray(c, cOff + 3 * ldc + L);
		c40.intoArray(c, cOff + 4 * ldc);
		c41.intoArray(c, cOff + 4 * ldc + L);
		c50.intoArray(c, cOff + 5 * ldc);
		c51.intoArray(c, cOff + 5 * ldc + L);
		c60.intoArray(c, cOff + 6 * ldc);
		c61.intoArray(c, cOff + 6 * ldc + L);
		c70.intoArray(c, cOff + 7 * ldc);
		c71.intoArray(c, cOff + 7 * ldc + L);
	}
}
