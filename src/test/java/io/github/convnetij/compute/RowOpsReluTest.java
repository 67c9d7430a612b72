package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link RowOps#relu} and {@link RowOps#addTo} of both implementations against {@code Math.max(x, 0f)} bit for bit: NaN
 * (its payload and sign kept), -0 and negatives to +0, infinities, subnormals; at every length
 * up to a few vectors and at offsets that differ between source and destination.
 */
class RowOpsReluTest {

	private static final float[] SPECIAL = { Float.NaN, Float.intBitsToFloat(0xffc00001), Float
		.intBitsToFloat(0x7f800001), -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
		Float.MIN_VALUE, -Float.MIN_VALUE, -1e-40f, 1e-40f, -1f, 1f, Float.MAX_VALUE, -Float.MAX_VALUE };

	private static List<RowOps> implementations() {
		final List<RowOps> all = new ArrayList<>();
		all.add(JavaRowOps.INSTANCE);
		// the Vector API class itself, not what RowOps.get() picks: that falls back to plain Java when
		// the two disagree, which would hide a wrong vector kernel from this test
		all.add(new VectorRowOps());
		return all;
	}

	@Test
	void reluIsMathMaxWithZeroBitForBit() {
		final Random rnd = new Random(11);
		final float[] src = new float[200];
		for (int i = 0; i < src.length; i++)
			src[i] = rnd.nextInt(4) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd
				.nextGaussian();
		for (final RowOps ops : implementations())
			for (int n = 0; n <= 70; n++)
				for (final int from : new int[] { 0, 3, 17 })
					for (final int to : new int[] { 0, 5, 64 }) {
						final float[] dst = new float[to + n + 4];
						java.util.Arrays.fill(dst, 42f);
						ops.relu(src, from, dst, to, n);
						for (int i = 0; i < dst.length; i++) {
							final float want = i >= to && i < to + n ? plainRelu(src[from + i - to]) : 42f;
							final String where = (ops.vectorized() ? "vector" : "java") + " n=" + n + " from=" + from +
								" to=" + to + " at " + i;
							assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[i]), where);
						}
					}
	}

	/**
	 * {@link RowOps#addTo}: the sum of the two operands, in either order (the separate addition of
	 * a residual connection adds them in its input order), then with the flag the ReLU above, bit
	 * for bit, special values included (a NaN sum as a NaN); the addend read at the destination's
	 * offsets.
	 */
	@Test
	void addToIsTheSumThenTheReluBitForBit() {
		final Random rnd = new Random(12);
		final float[] src = new float[200], addend = new float[200];
		for (int i = 0; i < src.length; i++) {
			src[i] = rnd.nextInt(4) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd
				.nextGaussian();
			addend[i] = rnd.nextInt(4) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd
				.nextGaussian();
		}
		addend[7] = -src[7]; // an exact zero sum
		for (final RowOps ops : implementations())
			for (final boolean relu : new boolean[] { false, true })
				for (int n = 0; n <= 70; n++)
					for (final int from : new int[] { 0, 3, 17 })
						for (final int to : new int[] { 0, 5, 64 }) {
							final float[] dst = new float[to + n + 4];
							java.util.Arrays.fill(dst, 42f);
							ops.addTo(src, from, addend, dst, to, n, relu);
							for (int i = 0; i < dst.length; i++) {
								final boolean in = i >= to && i < to + n;
								final float sum = in ? src[from + i - to] + addend[i] : 42f;
								final float swapped = in ? addend[i] + src[from + i - to] : 42f;
								final float want = in && relu ? plainRelu(sum) : sum;
								final String where = (ops.vectorized() ? "vector" : "java") + " relu=" + relu + " n=" + n +
									" from=" + from + " to=" + to + " at " + i;
								// a NaN sum is a NaN; which operand's payload it carries is the JIT's choice (it may
								// swap the operands of an addition), for the separate addition as well
								if (want != want) assertTrue(dst[i] != dst[i], where + " is not NaN");
								else assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[i]), where);
								if (sum == sum) assertEquals(Float.floatToRawIntBits(sum), Float.floatToRawIntBits(
									swapped), where + " (operand order)");
							}
						}
	}

	@Test
	void everySpecialValueAlone() {
		for (final RowOps ops : implementations()) {
			final float[] src = SPECIAL.clone(), dst = new float[src.length];
			ops.relu(src, 0, dst, 0, src.length);
			for (int i = 0; i < src.length; i++)
				assertEquals(Float.floatToRawIntBits(plainRelu(src[i])), Float.floatToRawIntBits(dst[i]),
					"relu of " + Integer.toHexString(Float.floatToRawIntBits(src[i])));
		}
	}

	@Test
	void vectorImplementationIsLoadedInTests() {
		// the build runs the tests with the Vector API module, so both implementations are checked
		assertNotNull(RowOps.vectorOrNull(), VectorModule.status());
	}

	/** The definition, written out: NaN stays (as itself), anything not above 0 becomes +0. */
	private static float plainRelu(final float x) {
		if (x != x) return x;
		return x > 0f ? x : 0f;
	}
}
