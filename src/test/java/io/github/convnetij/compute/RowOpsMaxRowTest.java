package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link RowOps#maxRows3Stride2} of both implementations against the scan written out here: each
 * output the maximum of its window's rows and three taps in order, where a value replaces the
 * running maximum if it is greater or NaN; bit for bit, with NaN payloads,
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
	void windowMaximaMatchTheScanBitForBit() {
		final Random rnd = new Random(4);
		final float[] salt = { -0f, 0f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.intBitsToFloat(
			0xffc00001), Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 1f, 1f };
		final float[] in = new float[400];
		for (int i = 0; i < in.length; i++)
			in[i] = rnd.nextInt(3) == 0 ? salt[rnd.nextInt(salt.length)] : (float) rnd.nextGaussian();
		final int w = 131;
		for (final RowOps ops : implementations())
			for (int rows = 1; rows <= 3; rows++)
				for (int n = 0; n <= 60; n++)
					for (final int t : new int[] { 0, 1, 7, in.length - (rows - 1) * w - 2 * n - 1 }) {
						if (t < 0) continue;
						final float[] out = new float[n + 10];
						java.util.Arrays.fill(out, 99f);
						ops.maxRows3Stride2(in, t, w, rows, out, 3, n);
						for (int x = 0; x < out.length; x++) {
							float want = 99f;
							if (x >= 3 && x < 3 + n) {
								want = Float.NEGATIVE_INFINITY;
								for (int j = 0; j < rows; j++)
									for (int k = 0; k < 3; k++)
										want = take(want, in[t + j * w + 2 * (x - 3) + k]);
							}
							final String where = (ops.vectorized() ? "vector" : "java") + " rows=" + rows + " n=" + n +
								" t=" + t + " at " + x;
							assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(out[x]), where);
						}
					}
	}
}
