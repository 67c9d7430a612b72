package io.github.convnetij.ij1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ij.Macro;

/**
 * The options string of a macro's {@code run("Label...", "key=value ...")}, as ImageJ 1.x hands it to
 * a plugin ({@link Macro#getOptions()}). Values are read with {@link Macro#getValue}, so they follow
 * ImageJ's rules ({@code key=value}, {@code key=[value with spaces]}, {@code key='value'}); the
 * keys present are found by splitting the string the same way, so that a misspelt or unknown key
 * can be reported instead of silently ignored.
 * <pre>{@code
 * MacroOptions o = MacroOptions.parse("kernel=[1 2 1] normalize boundary=zero");
 * o.keys();               // [kernel, normalize, boundary]
 * o.value("kernel");      // "1 2 1"
 * o.isBare("normalize");  // true: a bare key, ImageJ's way of writing a checked checkbox
 * o.value("stack");       // null: missing, the caller takes the default
 * }</pre>
 */
final class MacroOptions {

	private final String options;
	private final Set<String> keys;
	private final Set<String> bare;

	private MacroOptions(final String options, final Set<String> keys, final Set<String> bare) {
		this.options = options;
		this.keys = keys;
		this.bare = bare;
	}

	/** Splits {@code options} (null is taken as empty) into its keys. */
	static MacroOptions parse(final String options) {
		final String s = options == null ? "" : options;
		final Set<String> keys = new LinkedHashSet<>();
		final Set<String> bare = new LinkedHashSet<>();
		int i = 0;
		final int n = s.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(s.charAt(i)))
				i++;
			if (i >= n) break;
			final int start = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i)))
				i++;
			final String key = s.substring(start, i);
			if (i < n && s.charAt(i) == '=') {
				i++;
				i = endOfValue(s, i);
				keys.add(key);
			}
			else {
				keys.add(key);
				bare.add(key);
			}
		}
		return new MacroOptions(s, Collections.unmodifiableSet(keys), Collections.unmodifiableSet(
			bare));
	}

	/** The index after the value starting at {@code i}: {@code [...]} (nested), {@code '...'}, or a word. */
	private static int endOfValue(final String s, int i) {
		final int n = s.length();
		if (i < n && s.charAt(i) == '[') {
			int depth = 0;
			for (; i < n; i++) {
				final char c = s.charAt(i);
				if (c == '[') depth++;
				else if (c == ']' && --depth == 0) return i + 1;
			}
			return n;
		}
		if (i < n && s.charAt(i) == '\'') {
			final int close = s.indexOf('\'', i + 1);
			return close < 0 ? n : close + 1;
		}
		while (i < n && !Character.isWhitespace(s.charAt(i)))
			i++;
		return i;
	}

	/** The keys present, in order, with or without a value. */
	Set<String> keys() {
		return keys;
	}

	/** The keys that are not among {@code known}, in order. */
	List<String> unknown(final Set<String> known) {
		final List<String> u = new ArrayList<>();
		for (final String k : keys)
			if (!known.contains(k)) u.add(k);
		return u;
	}

	/** True if {@code key} appears on its own, without {@code =value}. */
	boolean isBare(final String key) {
		return bare.contains(key);
	}

	/** The value of {@code key=value}, or null if the options have no such key with a value. */
	String value(final String key) {
		if (!keys.contains(key) || bare.contains(key)) return null;
		return Macro.getValue(options, key, null);
	}
}
