package io.github.convnetij.ops;

import java.util.Locale;

/**
 * Extent of a filtered image: {@code SAME} as the input (default); {@code VALID} only where the
 * kernel fits inside the image ({@code n - k + 1}); {@code FULL} every position where kernel and
 * image overlap ({@code n + k - 1}).
 */
public enum OutputSize {
	SAME, VALID, FULL;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses {@code same}, {@code valid} or {@code full} (case-insensitive). */
	public static OutputSize parse(final String s) {
		if (s != null) for (final OutputSize o : values())
			if (o.key().equalsIgnoreCase(s.trim())) return o;
		throw new IllegalArgumentException("unknown output size '" + s +
			"': expected one of same, valid, full");
	}
}
