package io.github.convnetij.command.model;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemVisibility;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;
import org.scijava.widget.TextWidget;

import ij.ImagePlus;

/**
 * One key of a SciJava command, as every front end offers it: its macro key (the {@code @Parameter}
 * field name, with {@code -} for {@code _} the CLI's long option), label, kind, choices, limits,
 * description and default, all read from the command's {@link ModuleItem}. Parses a value from
 * macro, dialog or command-line text (one parser for every front end), with errors that start with
 * the key, and formats a value as the Macro Recorder writes it. The ImageJ 1.x bridge
 * ({@code ij1/CommandInput}) and the CLI ({@code cli/CliSubcommand}) both read commands through
 * this class; {@link CommandModel} lists the keys of one command.
 * <pre>{@code
 * CommandKey in = CommandKey.of(item, 3.0);        // a double parameter "value", default 3.0
 * Object v = in.parse("2.5");                      // Double 2.5
 * in.parse("abc");                                 // IllegalArgumentException "value: 'abc' is not a number"
 * String recorded = in.format(v);                  // "2.5"
 * }</pre>
 */
public final class CommandKey {

	/** How an input is asked for and parsed. */
	public enum Kind {
		/** An open image: the active one, or {@code key=[title]}. */
		IMAGE,
		/** {@code key=true|false}, a bare {@code key} meaning true; a checkbox. */
		BOOLEAN,
		/** A whole number; a numeric field without decimals. */
		INTEGER,
		/** A real number; a numeric field. */
		REAL,
		/** One of a fixed list of words (also enums); a choice. */
		CHOICE,
		/** One line of text; a text field. */
		TEXT,
		/** Text that may have several lines; a text area. */
		TEXT_AREA,
		/** A file to read. */
		FILE,
		/** A folder. */
		DIRECTORY,
		/** A file to write. */
		SAVE_FILE
	}

	private final String key;
	private final String label;
	private final String description;
	private final Kind kind;
	private final Class<?> type;
	private final List<String> choices;
	private final Number min, max;
	private final Object defaultValue;
	private boolean required = true;

	private CommandKey(final String key, final String label, final String description,
		final Kind kind, final Class<?> type, final List<String> choices, final Number min,
		final Number max, final Object defaultValue)
	{
		this.key = key;
		this.label = label;
		this.description = description;
		this.kind = kind;
		this.type = type;
		this.choices = choices;
		this.min = min;
		this.max = max;
		this.defaultValue = defaultValue;
	}

	/**
	 * The front ends' view of {@code item}, or null for an input they leave to SciJava: services
	 * and the context (injected), messages, and inputs of a type the front ends cannot provide that
	 * are not required.
	 *
	 * @param defaultValue the value of the input in a freshly created module (its field initializer)
	 * @throws IllegalArgumentException for a required input of a type the front ends cannot provide
	 */
	public static CommandKey of(final ModuleItem<?> item, final Object defaultValue) {
		if (item.getVisibility() == ItemVisibility.MESSAGE) return null;
		final Class<?> type = item.getType();
		if (org.scijava.service.Service.class.isAssignableFrom(type) || org.scijava.Context.class
			.isAssignableFrom(type)) return null;
		final String key = item.getName();
		final String label = item.getLabel() == null || item.getLabel().isEmpty() ? key : item
			.getLabel();
		final String description = item.getDescription() == null ? "" : item.getDescription();
		final Kind kind = kindOf(item, type);
		if (kind == null) {
			if (!item.isRequired()) return null;
			throw new IllegalArgumentException(key + ": this input is of type " + type.getName() +
				", which the ImageJ 1.x bridge and the CLI cannot provide");
		}
		List<String> choices = Collections.emptyList();
		if (type.isEnum()) {
			final List<String> names = new ArrayList<>();
			for (final Object c : type.getEnumConstants())
				names.add(((Enum<?>) c).name());
			choices = Collections.unmodifiableList(names);
		}
		else if (kind == Kind.CHOICE) {
			final List<String> c = new ArrayList<>();
			for (final Object o : item.getChoices())
				c.add(String.valueOf(o));
			choices = Collections.unmodifiableList(c);
		}
		final Number min = item.getMinimumValue() instanceof Number ? (Number) item.getMinimumValue()
			: null;
		final Number max = item.getMaximumValue() instanceof Number ? (Number) item.getMaximumValue()
			: null;
		final CommandKey k = new CommandKey(key, label, description, kind, type, choices, min, max,
			defaultValue);
		k.required = item.isRequired();
		return k;
	}

	/** False for an input declared {@code required = false} (an optional image may be absent). */
	public boolean required() {
		return required;
	}

	private static Kind kindOf(final ModuleItem<?> item, final Class<?> type) {
		if (ImagePlus.class.isAssignableFrom(type)) return Kind.IMAGE;
		if (type == boolean.class || type == Boolean.class) return Kind.BOOLEAN;
		if (type == byte.class || type == Byte.class || type == short.class || type == Short.class ||
			type == int.class || type == Integer.class || type == long.class || type == Long.class ||
			type == BigInteger.class) return Kind.INTEGER;
		if (type == float.class || type == Float.class || type == double.class ||
			type == Double.class || type == BigDecimal.class) return Kind.REAL;
		if (type.isEnum()) return Kind.CHOICE;
		if (type == String.class) {
			final List<?> c = item.getChoices();
			if (c != null && !c.isEmpty()) return Kind.CHOICE;
			return hasStyle(item, TextWidget.AREA_STYLE) ? Kind.TEXT_AREA : Kind.TEXT;
		}
		if (type == File.class) {
			if (hasStyle(item, FileWidget.DIRECTORY_STYLE)) return Kind.DIRECTORY;
			if (hasStyle(item, FileWidget.SAVE_STYLE)) return Kind.SAVE_FILE;
			return Kind.FILE;
		}
		return null;
	}

	private static boolean hasStyle(final ModuleItem<?> item, final String style) {
		final String s = item.getWidgetStyle();
		if (s == null) return false;
		for (final String part : s.split(","))
			if (part.trim().equalsIgnoreCase(style)) return true;
		return false;
	}

	/** The macro key: the {@code @Parameter} field name. */
	public String key() {
		return key;
	}

	/** The label shown in the dialog. */
	public String label() {
		return label;
	}

	public String description() {
		return description;
	}

	public Kind kind() {
		return kind;
	}

	/** The choices of a {@link Kind#CHOICE} input, else empty. */
	public List<String> choices() {
		return choices;
	}

	/** The Java type of the field. */
	public Class<?> type() {
		return type;
	}

	/** The declared minimum ({@code min=}), or null. */
	public Number min() {
		return min;
	}

	/** The declared maximum ({@code max=}), or null. */
	public Number max() {
		return max;
	}

	/** The default value (may be null). */
	public Object defaultValue() {
		return defaultValue;
	}

	/**
	 * The value that {@code text} (from a macro's options or a dialog field) gives this input.
	 * Choices match case-insensitively and give the choice as the command declares it.
	 *
	 * @throws IllegalArgumentException starting with {@code key: }, naming the value and what is
	 *           accepted
	 */
	public Object parse(final String text) {
		final String s = text == null ? "" : text.trim();
		switch (kind) {
			case BOOLEAN:
				if (s.equalsIgnoreCase("true")) return Boolean.TRUE;
				if (s.equalsIgnoreCase("false")) return Boolean.FALSE;
				throw new IllegalArgumentException(key + ": '" + text + "' is not allowed: expected " + key +
					"=true or " + key + "=false");
			case INTEGER:
				return checkRange(integer(s), s);
			case REAL:
				return checkRange(real(s), s);
			case CHOICE:
				for (final String c : choices)
					if (c.equals(s)) return choiceValue(c);
				for (final String c : choices)
					if (c.equalsIgnoreCase(s)) return choiceValue(c);
				throw new IllegalArgumentException(key + ": '" + text + "' is not one of " + String.join(
					", ", choices));
			case FILE:
			case DIRECTORY:
			case SAVE_FILE:
				if (s.isEmpty()) return null;
				return new File(s);
			case TEXT:
			case TEXT_AREA:
				return text == null ? "" : text;
			default:
				throw new IllegalStateException(key + ": images are not parsed from text");
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Object choiceValue(final String choice) {
		if (type.isEnum()) return Enum.valueOf((Class<? extends Enum>) type, choice);
		return choice;
	}

	private Object integer(final String s) {
		final BigInteger v;
		try {
			v = new BigDecimal(s).toBigIntegerExact();
		}
		catch (final NumberFormatException | ArithmeticException e) {
			throw new IllegalArgumentException(key + ": '" + s + "' is not a whole number", e);
		}
		if (type == BigInteger.class) return v;
		final long lo, hi;
		if (type == byte.class || type == Byte.class) {
			lo = Byte.MIN_VALUE;
			hi = Byte.MAX_VALUE;
		}
		else if (type == short.class || type == Short.class) {
			lo = Short.MIN_VALUE;
			hi = Short.MAX_VALUE;
		}
		else if (type == int.class || type == Integer.class) {
			lo = Integer.MIN_VALUE;
			hi = Integer.MAX_VALUE;
		}
		else {
			lo = Long.MIN_VALUE;
			hi = Long.MAX_VALUE;
		}
		if (v.compareTo(BigInteger.valueOf(lo)) < 0 || v.compareTo(BigInteger.valueOf(hi)) > 0)
			throw new IllegalArgumentException(key + ": " + s + " is out of range: expected a whole " +
				"number from " + lo + " to " + hi);
		final long l = v.longValue();
		if (type == byte.class || type == Byte.class) return (byte) l;
		if (type == short.class || type == Short.class) return (short) l;
		if (type == int.class || type == Integer.class) return (int) l;
		return l;
	}

	private Object real(final String s) {
		final double d;
		try {
			d = Double.parseDouble(s);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + ": '" + s + "' is not a number", e);
		}
		if (!Double.isFinite(d)) throw new IllegalArgumentException(key + ": '" + s +
			"' is not allowed: expected a finite number" + range());
		if (type == BigDecimal.class) return new BigDecimal(s);
		if (type == float.class || type == Float.class) return (float) d;
		return d;
	}

	/** {@code " from 0 to 1"}, {@code " >= 0"} or "" for the declared range. */
	private String range() {
		if (min != null && max != null) return " from " + number(min) + " to " + number(max);
		if (min != null) return " >= " + number(min);
		if (max != null) return " <= " + number(max);
		return "";
	}

	private Object checkRange(final Object value, final String s) {
		final double v = ((Number) value).doubleValue();
		if (min != null && v < min.doubleValue()) throw new IllegalArgumentException(key + ": " + s +
			" is less than the minimum " + number(min));
		if (max != null && v > max.doubleValue()) throw new IllegalArgumentException(key + ": " + s +
			" is more than the maximum " + number(max));
		return value;
	}

	/**
	 * {@code value} as the Macro Recorder writes it and {@link #parse(String)} reads it back:
	 * {@code true}/{@code false}, numbers without a needless {@code .0}, text as is (escaped for
	 * a macro string literal by the caller), files as paths, images as their titles.
	 */
	public String format(final Object value) {
		if (value == null) return "";
		if (value instanceof ImagePlus) return ((ImagePlus) value).getTitle();
		if (value instanceof File) return ((File) value).getPath();
		if (value instanceof Enum) return ((Enum<?>) value).name();
		if (value instanceof Number) return number((Number) value);
		return value.toString();
	}

	/** {@code 3} for 3.0, {@code 0.25} for 0.25, {@code 1e-9} as Java writes it. */
	public static String number(final Number n) {
		if (n instanceof Double || n instanceof Float) {
			final double d = n.doubleValue();
			if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) return Long.toString(
				(long) d);
			return n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(d);
		}
		if (n instanceof BigDecimal) return ((BigDecimal) n).stripTrailingZeros().toPlainString();
		return n.toString();
	}

	/** One line of help: {@code key (label): description; default: ...}. */
	public String help() {
		final StringBuilder sb = new StringBuilder(key);
		if (!label.equalsIgnoreCase(key)) sb.append(" (").append(label).append(')');
		if (!description.isEmpty()) sb.append(": ").append(description);
		if (kind == Kind.CHOICE) sb.append(" One of: ").append(String.join(", ", choices)).append('.');
		if (kind != Kind.IMAGE) sb.append(" Default: ").append(defaultValue == null ||
			format(defaultValue).isEmpty() ? "(empty)" : format(defaultValue)).append('.');
		return sb.toString();
	}

	@Override
	public String toString() {
		return key + " (" + kind.name().toLowerCase(Locale.ROOT) + ")";
	}
}
