package io.github.convnetij.ops;

import java.util.Locale;

/** The reduction of a pooling window: maximum or average. */
public enum PoolOp {
	MAX, AVG;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses {@code max} or {@code avg} (also {@code average}, {@code mean}), case-insensitive. */
	public static PoolOp parse(final String s) {
		if (s != null) {
			final String t = s.trim().toLowerCase(Locale.ROOT);
			if (t.equals("max")) return MAX;
			if (t.equals("avg") || t.equals("average") || t.equals("mean")) return AVG;
		}
		throw new IllegalArgumentException("unknown pooling op '" + s + "': expected max or avg");
	}
}
