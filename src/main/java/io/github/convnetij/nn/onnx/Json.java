package io.github.convnetij.nn.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough JSON for model metadata and metrics files: values are {@code null},
 * {@link Boolean}, {@link Number} (parsed as {@link Double}, or {@link Long} for integers),
 * {@link String}, {@link List} and {@link Map} (kept in order).
 * <pre>{@code
 * String s = Json.write(Map.of("epoch", 1, "loss", 0.42));    // {"epoch":1,"loss":0.42}
 * Map<String, Object> m = Json.object(Json.parse(s), "metrics");
 * }</pre>
 */
public final class Json {

	/** The deepest nesting of arrays and objects parsed; deeper text is refused. */
	public static final int MAX_DEPTH = 100;

	private Json() {}

	/**
	 * The JSON text of a value; maps and lists nest; non-finite numbers become {@code null}; floats
	 * are written with the shortest text that reads back to the same float.
	 *
	 * @throws IllegalArgumentException for a value of another type
	 */
	public static String write(final Object value) {
		final StringBuilder sb = new StringBuilder();
		write(sb, value);
		return sb.toString();
	}

	private static void write(final StringBuilder sb, final Object v) {
		if (v == null) sb.append("null");
		else if (v instanceof Boolean) sb.append(v);
		else if (v instanceof Float f) {
			if (!Float.isFinite(f)) sb.append("null");
			else sb.append(f == Math.rint(f) && Math.abs(f) < 1e15 ? Long.toString((long) (float) f) : Float
				.toString(f));
		}
		else if (v instanceof Double d) {
			if (!Double.isFinite(d)) sb.append("null");
			else sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) (double) d) : Double
				.toString(d));
		}
		else if (v instanceof Number) sb.append(((Number) v).longValue());
		else if (v instanceof CharSequence) quote(sb, v.toString());
		else if (v instanceof Map<?, ?> m) {
			sb.append('{');
			boolean first = true;
			for (final Map.Entry<?, ?> e : m.entrySet()) {
				if (!first) sb.append(',');
				first = false;
				quote(sb, String.valueOf(e.getKey()));
				sb.append(':');
				write(sb, e.getValue());
			}
			sb.append('}');
		}
		else if (v instanceof Iterable<?> it) {
			sb.append('[');
			boolean first = true;
			for (final Object o : it) {
				if (!first) sb.append(',');
				first = false;
				write(sb, o);
			}
			sb.append(']');
		}
		else if (v instanceof double[] a) {
			final List<Object> l = new ArrayList<>();
			for (final double d : a)
				l.add(d);
			write(sb, l);
		}
		else if (v instanceof int[] a) {
			final List<Object> l = new ArrayList<>();
			for (final int d : a)
				l.add(d);
			write(sb, l);
		}
		else throw new IllegalArgumentException("cannot write a " + v.getClass().getName() +
			" as JSON");
	}

	private static void quote(final StringBuilder sb, final String s) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			final char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> {
					if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					else sb.append(c);
				}
			}
		}
		sb.append('"');
	}

	/**
	 * Parses JSON text.
	 *
	 * @throws IllegalArgumentException for invalid JSON, saying where
	 */
	public static Object parse(final String text) {
		final Parser p = new Parser(text);
		p.space();
		final Object v = p.value();
		p.space();
		if (p.pos != text.length()) throw p.error("unexpected text after the value");
		return v;
	}

	/** {@code value} as a JSON object, or an error naming {@code what}. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> object(final Object value, final String what) {
		if (value instanceof Map) return (Map<String, Object>) value;
		throw new IllegalArgumentException(what + ": expected a JSON object, found " + describe(
			value));
	}

	/** {@code value} as a JSON array, or an error naming {@code what}. */
	@SuppressWarnings("unchecked")
	public static List<Object> array(final Object value, final String what) {
		if (value instanceof List) return (List<Object>) value;
		throw new IllegalArgumentException(what + ": expected a JSON array, found " + describe(value));
	}

	/** {@code value} as a number, or an error naming {@code what}. */
	public static double number(final Object value, final String what) {
		if (value instanceof Number n) return n.doubleValue();
		throw new IllegalArgumentException(what + ": expected a number, found " + describe(value));
	}

	/** {@code value} as a whole number, or an error naming {@code what}. */
	public static long integer(final Object value, final String what) {
		final double d = number(value, what);
		if (d != Math.rint(d)) throw new IllegalArgumentException(what +
			": expected a whole number, found " + d);
		return value instanceof Long l ? l : (long) d;
	}

	/**
	 * {@code value} as a whole number from {@code min} to {@code max}, or an error naming
	 * {@code what}, the value and the range.
	 */
	public static int integer(final Object value, final String what, final int min, final int max) {
		final long v = integer(value, what);
		if (v < min || v > max) throw new IllegalArgumentException(what + ": " + v +
			" is out of range, expected " + min + " to " + max);
		return (int) v;
	}

	/** {@code value} as a string, or an error naming {@code what}. */
	public static String string(final Object value, final String what) {
		if (value instanceof String s) return s;
		throw new IllegalArgumentException(what + ": expected a string, found " + describe(value));
	}

	private static String describe(final Object v) {
		return v == null ? "null" : v instanceof Map ? "an object" : v instanceof List ? "an array" :
			v instanceof String ? "a string" : v.toString();
	}

	private static final class Parser {

		private final String s;
		private int pos;
		/** Arrays and objects open around the current position. */
		private int depth;

		Parser(final String s) {
			this.s = s;
		}

		IllegalArgumentException error(final String what) {
			return new IllegalArgumentException("invalid JSON at character " + (pos + 1) + ": " + what);
		}

		void space() {
			while (pos < s.length() && Character.isWhitespace(s.charAt(pos)))
				pos++;
		}

		Object value() {
			if (pos >= s.length()) throw error("unexpected end");
			final char c = s.charAt(pos);
			if ((c == '{' || c == '[') && depth >= MAX_DEPTH) throw error("arrays and objects nested " +
				"more than " + MAX_DEPTH + " levels deep");
			switch (c) {
				case '{':
					return nested(true);
				case '[':
					return nested(false);
				case '"':
					return string();
				case 't':
					return literal("true", Boolean.TRUE);
				case 'f':
					return literal("false", Boolean.FALSE);
				case 'n':
					return literal("null", null);
				default:
					if (c == '-' || c >= '0' && c <= '9') return number();
					throw error("unexpected '" + c + "'");
			}
		}

		private Object nested(final boolean object) {
			depth++;
			try {
				return object ? object() : array();
			}
			finally {
				depth--;
			}
		}

		private Object literal(final String word, final Object v) {
			if (!s.startsWith(word, pos)) throw error("expected " + word);
			pos += word.length();
			return v;
		}

		private Object number() {
			final int start = pos;
			if (s.charAt(pos) == '-') pos++;
			boolean integer = true;
			while (pos < s.length()) {
				final char c = s.charAt(pos);
				if (c >= '0' && c <= '9') pos++;
				else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
					integer = false;
					pos++;
				}
				else break;
			}
			final String t = s.substring(start, pos);
			try {
				if (integer && t.length() < 19) return Long.parseLong(t);
				return Double.parseDouble(t);
			}
			catch (final NumberFormatException e) {
				pos = start;
				throw error("bad number '" + t + "'");
			}
		}

		private String string() {
			pos++; // "
			final StringBuilder sb = new StringBuilder();
			while (true) {
				if (pos >= s.length()) throw error("unterminated string");
				final char c = s.charAt(pos++);
				if (c == '"') return sb.toString();
				if (c != '\\') {
					sb.append(c);
					continue;
				}
				if (pos >= s.length()) throw error("unterminated string");
				final char e = s.charAt(pos++);
				switch (e) {
					case '"', '\\', '/' -> sb.append(e);
					case 'b' -> sb.append('\b');
					case 'f' -> sb.append('\f');
					case 'n' -> sb.append('\n');
					case 'r' -> sb.append('\r');
					case 't' -> sb.append('\t');
					case 'u' -> {
						if (pos + 4 > s.length()) throw error("bad \\u escape");
						try {
							sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
						}
						catch (final NumberFormatException x) {
							throw error("bad \\u escape");
						}
						pos += 4;
					}
					default -> throw error("bad escape \\" + e);
				}
			}
		}

		private List<Object> array() {
			pos++;
			final List<Object> out = new ArrayList<>();
			space();
			if (pos < s.length() && s.charAt(pos) == ']') {
				pos++;
				return out;
			}
			while (true) {
				space();
				out.add(value());
				space();
				if (pos >= s.length()) throw error("unterminated array");
				final char c = s.charAt(pos++);
				if (c == ']') return out;
				if (c != ',') {
					pos--;
					throw error("expected ',' or ']'");
				}
			}
		}

		private Map<String, Object> object() {
			pos++;
			final Map<String, Object> out = new LinkedHashMap<>();
			space();
			if (pos < s.length() && s.charAt(pos) == '}') {
				pos++;
				return out;
			}
			while (true) {
				space();
				if (pos >= s.length() || s.charAt(pos) != '"') throw error("expected a key in quotes");
				final String key = string();
				space();
				if (pos >= s.length() || s.charAt(pos) != ':') throw error("expected ':'");
				pos++;
				space();
				out.put(key, value());
				space();
				if (pos >= s.length()) throw error("unterminated object");
				final char c = s.charAt(pos++);
				if (c == '}') return out;
				if (c != ',') {
					pos--;
					throw error("expected ',' or '}'");
				}
			}
		}
	}
}
