package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Boundary#map} against scipy.ndimage's documented pictures for {@code a b c d} (indices
 * -4..7), and against the walking fold of {@link Reference} for long pads.
 */
class BoundaryTest {

	private static int[] row(final Boundary b) {
		final int[] out = new int[12];
		for (int i = -4; i < 8; i++)
			out[i + 4] = b.map(i, 4);
		return out;
	}

	@Test
	void scipyPictures() {
		// reflect: d c b a | a b c d | d c b a
		assertArrayEquals(new int[] { 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0 }, row(Boundary.REFLECT));
		// mirror: (c) d c b | a b c d | c b a (b)
		assertArrayEquals(new int[] { 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1 }, row(Boundary.MIRROR));
		// wrap: a b c d | a b c d | a b c d
		assertArrayEquals(new int[] { 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3 }, row(Boundary.WRAP));
		// nearest: a a a a | a b c d | d d d d
		assertArrayEquals(new int[] { 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 3, 3 }, row(Boundary.NEAREST));
		assertArrayEquals(new int[] { -1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1 }, row(
			Boundary.ZERO));
	}

	@Test
	void agreesWithTheWalkingFoldFarOutside() {
		for (final Boundary b : Boundary.values())
			for (int n = 1; n <= 5; n++)
				for (int i = -23; i < 23 + n; i++)
					assertEquals(Reference.fold(b, i, n), b.map(i, n), b + " " + i + " of " + n);
	}
	@Test
	void namesParseCaseInsensitivelyAndUnknownOnesAreRefused() {
		assertEquals(Boundary.REFLECT, Boundary.parse(" Reflect "));
		assertEquals(Boundary.ZERO, Boundary.parse("zero"));
		assertEquals(Boundary.WRAP, Boundary.parse("WRAP"));
		assertEquals("mirror", Boundary.MIRROR.key());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Boundary
			.parse("periodic"));
		assertTrue(e.getMessage().contains("'periodic'") && e.getMessage().contains("wrap"), e
			.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Boundary.parse(null));
	}
}
