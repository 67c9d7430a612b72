package io.github.convnetij.compute;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernel: 8 rows x 2 vectors (32 columns with 512-bit vectors), 16 accumulators
 * in registers, one broadcast of A and two loads of B per step of p, fused multiply-add.
 * Load this class only when the JVM has the {@code jdk.incubator.vector} module (see
 * {@link GemmKernels}).
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

	@Override
	public void block(final int k, final float[] a, final int aOff, final float[] b, final int bOff,
		final float[] c, final int cOff, final int ldc, final int rows, final int cols,
		final boolean accumulate)
	{
		FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
		FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
		FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
		FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
		FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
		FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
		FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
		FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
		int ap = aOff, bp = bOff;
		for (int p = 0; p < k; p++, ap += MR, bp += NR) {
			final FloatVector b0 = FloatVector.fromArray(S, b, bp);
			final FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
			FloatVector av = FloatVector.broadcast(S, a[ap]);
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
		if (rows == MR && cols == NR) {
			store(c00, c01, c, cOff, accumulate);
			store(c10, c11, c, cOff + ldc, accumulate);
			store(c20, c21, c, cOff + 2 * ldc, accumulate);
			store(c30, c31, c, cOff + 3 * ldc, accumulate);
			store(c40, c41, c, cOff + 4 * ldc, accumulate);
			store(c50, c51, c, cOff + 5 * ldc, accumulate);
			store(c60, c61, c, cOff + 6 * ldc, accumulate);
			store(c70, c71, c, cOff + 7 * ldc, accumulate);
			return;
		}
		final float[] t = new float[MR * NR];
		c00.intoArray(t, 0);
		c01.intoArray(t, L);
		c10.intoArray(t, NR);
		c11.intoArray(t, NR + L);
		c20.intoArray(t, 2 * NR);
		c21.intoArray(t, 2 * NR + L);
		c30.intoArray(t, 3 * NR);
		c31.intoArray(t, 3 * NR + L);
		c40.intoArray(t, 4 * NR);
		c41.intoArray(t, 4 * NR + L);
		c50.intoArray(t, 5 * NR);
		c51.intoArray(t, 5 * NR + L);
		c60.intoArray(t, 6 * NR);
		c61.intoArray(t, 6 * NR + L);
		c70.intoArray(t, 7 * NR);
		c71.intoArray(t, 7 * NR + L);
		for (int i = 0; i < rows; i++) {
			final int co = cOff + i * ldc;
			if (accumulate) for (int j = 0; j < cols; j++)
				c[co + j] += t[i * NR + j];
			else System.arraycopy(t, i * NR, c, co, cols);
		}
	}

	private static void store(final FloatVector v0, final FloatVector v1, final float[] c,
		final int off, final boolean accumulate)
	{
		if (accumulate) {
			FloatVector.fromArray(S, c, off).add(v0).intoArray(c, off);
			FloatVector.fromArray(S, c, off + L).add(v1).intoArray(c, off + L);
		}
		else {
			v0.intoArray(c, off);
			v1.intoArray(c, off + L);
		}
	}
}
