package io.github.convnetij.viz;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

/** Helpers for the picture tests. */
final class VizTests {

	private VizTests() {}

	/** Number of distinct RGB colours in {@code img} (a blank picture has 1). */
	static int colours(final BufferedImage img) {
		final Set<Integer> s = new HashSet<>();
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++)
				s.add(img.getRGB(x, y) & 0xffffff);
		return s.size();
	}
}
