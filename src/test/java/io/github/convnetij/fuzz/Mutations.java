package io.github.convnetij.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Seeded random byte mutations of valid inputs, a fuzzer without coverage guidance that runs in
 * plain JUnit: flips, overwrites with interesting values (0, 0xFF, 0x7F, 0x80), insertions,
 * deletions, truncations and duplicated runs. The same seed gives the same inputs.
 */
public final class Mutations {

	private static final byte[] INTERESTING = { 0, (byte) 0xFF, 0x7F, (byte) 0x80, 1, 2, 8, 0x10,
		0x40 };

	private Mutations() {}

	/** One mutant of {@code seed}. */
	public static byte[] mutate(final byte[] seed, final SplittableRandom rnd) {
		byte[] b = seed.clone();
		final int edits = 1 + rnd.nextInt(4);
		for (int e = 0; e < edits; e++) {
			if (b.length == 0) return new byte[] { (byte) rnd.nextInt(256) };
			final int at = rnd.nextInt(b.length);
			switch (rnd.nextInt(7)) {
				case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
				case 1 -> b[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
				case 2 -> b[at] = (byte) rnd.nextInt(256);
				case 3 -> { // insert a few random bytes
					final int k = 1 + rnd.nextInt(4);
					final byte[] c = new byte[b.length + k];
					System.arraycopy(b, 0, c, 0, at);
					for (int i = 0; i < k; i++)
						c[at + i] = (byte) rnd.nextInt(256);
					System.arraycopy(b, at, c, at + k, b.length - at);
					b = c;
				}
				case 4 -> { // delete a run
					final int k = Math.min(b.length - at, 1 + rnd.nextInt(8));
					final byte[] c = new byte[b.length - k];
					System.arraycopy(b, 0, c, 0, at);
					System.arraycopy(b, at + k, c, at, b.length - at - k);
					b = c;
				}
				case 5 -> b = Arrays.copyOf(b, at); // truncate
				default -> { // duplicate a run in place
					final int k = Math.min(b.length - at, 1 + rnd.nextInt(16));
					final byte[] c = new byte[b.length + k];
					System.arraycopy(b, 0, c, 0, at + k);
					System.arraycopy(b, at, c, at + k, b.length - at);
					b = c;
				}
			}
		}
		return b;
	}

	/**
	 * Runs {@code target} on {@code count} mutants of the seeds; a failure names the seed, the
	 * mutant number and its bytes in hex (small ones), so it can be kept as a regression input.
	 */
	public static void run(final long seed, final int count, final Consumer<byte[]> target,
		final byte[]... seeds)
	{
		final SplittableRandom rnd = new SplittableRandom(seed);
		for (int i = 0; i < count; i++) {
			final byte[] m = mutate(seeds[i % seeds.length], rnd);
			try {
				target.accept(m);
			}
			catch (final Throwable t) {
				throw new AssertionError("mutant " + i + " of seed " + seed + " (" + m.length +
					" bytes" + (m.length <= 4096 ? ": " + hex(m) : "") + ") failed with " + t, t);
			}
		}
	}

	static String hex(final byte[] b) {
		final StringBuilder sb = new StringBuilder();
		for (final byte x : b)
			sb.append(String.format("%02x", x & 0xFF));
		return sb.toString();
	}
}
