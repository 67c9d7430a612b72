package io.github.convnetij.ops.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * SplitMix64 against the published algorithm (Steele, Lea and Flood; the reference sequence of
 * seed 0 starts 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f), Seeds.derive as
 * documented, and the polar-method Gaussians it feeds, all recomputed in Python:
 * <pre>
 * /usr/bin/python3: mix(z): z = (z ^ z >> 30) * 0xBF58476D1CE4E5B9; z = (z ^ z >> 27) *
 * 0x94D049BB133111EB; return z ^ z >> 31 (mod 2^64); next: state += 0x9E3779B97F4A7C15, mix(state);
 * derive(s, i) = mix(mix(s) + (i + 1) * 0x9E3779B97F4A7C15); double = (next >> 11) * 2^-53;
 * gaussians: u, v = 2 double - 1 until 0 < s = u^2 + v^2 < 1, f = sigma sqrt(-2 ln s / s): u f, v f
 * </pre>
 */
class SplitMix64GapsTest {

	@Test
	void referenceSequence() {
		final SplitMix64 r = new SplitMix64(0);
		assertEquals(0xe220a8397b1dcdafL, r.nextLong());
		assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
		assertEquals(0x06c45d188009454fL, r.nextLong());
		assertEquals(-2154039811576856741L, Seeds.derive(7, 3));
		assertEquals(-6523613405836042406L, Seeds.derive(-1, 0));
	}

	@Test
	void gaussiansAddedInRange() {
		// seed 12345, sigma 2, three values (the last pair's second value unused) into [1, 4)
		final float[] out = { 10, 10, 10, 10, 10 };
		new SplitMix64(12345).gaussians(out, 1, 4, 2);
		assertArrayEquals(new float[] { 10, 10 + (float) -0.7629347930447631, 10 + (float) -0.6137726408206918,
			10 + (float) -0.08089790106404943, 10 }, out, 1e-6f);
	}
}
