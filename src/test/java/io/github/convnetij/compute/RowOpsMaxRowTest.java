package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link RowOps#maxRow3Stride2} of both implementations against the scan written out here: each
 * output the maximum of its three taps in order, then of the previous value and that, where a
 * value replaces the running maximum if it is greater or NaN; bit for bit, with NaN payloads,
 * zeros of both signs and infinities, at every length up to several vectors.
 */
class RowOpsMaxRowTest {

	private static List<RowOps> implementations() {
		final List<RowOps> all = new ArrayList<>();
		all.add(JavaRowOps.INSTANCE);
		// the Vector API class itself, not what RowOps.get() picks: that falls back to plain Java when
		// the two disagree, which would hide a wrong vector kernel from this test
		all.add(new VectorRowOps());
		return all;
	}

	private static float take(final float best, final float v) {
		if (v != v) return v;
		return v > best ? v : best;
	}

	@Test
	void rowMaximaMatchTheScanBitForBit() {
		final Random rnd = new Random(4);
		final float[] salt = { -0f, 0f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.intBitsToFloat(
			0xffc00001), Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 1f, 1f };
		final float[] in = new float[160];
		for (int i = 0; i < in.length; i++)
			in[i] = rnd.nextInt(3) == 0 ? salt[rnd.nextInt(salt.length)] : (float) rnd.nextGaussian();
		final float[] prev = new float[80];
		for (int i = 0; i < prev.length; i++)
			prev[i] = rnd.nextInt(3) == 0 ? salt[rnd.nextInt(salt.length)] : (float) rnd.nextGaussian();
		for (final RowOps ops : implementations())
			for (int n = 0; n <= 60; n++)
				for (final int t : new int[] { 0, 1, 7, in.length - 2 * n - 1 })
					for (final boolean first : new boolean[] { true, false }) {
						if (t < 0) continue;
						final float[] out = new float[n + 10];
						java.util.Arrays.fill(out, 99f);
						System.arraycopy(prev, 0, out, 3, n);
						ops.maxRow3Stride2(in, t, out, 3, n, first);
						for (int x = 0; x < out.length; x++) {
							float want = 99f;
							if (x >= 3 && x < 3 + n) {
								final int i = t + 2 * (x - 3);
								final float r = take(take(in[i], in[i + 1]), in[i + 2]);
								want = first ? r : take(prev[x - 3], r);
							}
							final String where = (ops.vectorized() ? "vector" : "java") + " n=" + n + " t=" + t +
								" first=" + first + " at " + x;
							assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[x]), where);
						}
					}
	}
}
