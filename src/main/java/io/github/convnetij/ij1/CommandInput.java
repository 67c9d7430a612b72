package io.github.convnetij.ij1;

import java.util.List;

import org.scijava.module.ModuleItem;

import io.github.convnetij.command.model.CommandKey;

/**
 * One input of a SciJava command as the ImageJ 1.x bridge offers it: a {@link CommandKey} (the
 * metadata and the one parser every front end shares, in {@code io.github.convnetij.command.model}),
 * seen through the bridge's names. Parses a value from macro or dialog text, with errors that start
 * with the key, and formats a value as the Macro Recorder writes it.
 * <pre>{@code
 * CommandInput in = CommandInput.of(item, 3.0);   // a double parameter "value", default 3.0
 * Object v = in.parse("2.5");                      // Double 2.5
 * in.parse("abc");                                 // IllegalArgumentException "value: 'abc' is not a number"
 * String recorded = in.format(v);                  // "2.5"
 * }</pre>
 */
final class CommandInput {

	/** How an input is asked for and parsed: the constants of {@link CommandKey.Kind}. */
	enum Kind {
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

	private final CommandKey key;
	private final Kind kind;

	private CommandInput(final CommandKey key) {
		this.key = key;
		this.kind = Kind.valueOf(key.kind().name());
	}

	/** The bridge's view of {@code key}, or null for null. */
	static CommandInput of(final CommandKey key) {
		return key == null ? null : new CommandInput(key);
	}

	/**
	 * The bridge's view of {@code item}, or null for an input the bridge leaves to SciJava (see
	 * {@link CommandKey#of}).
	 *
	 * @param defaultValue the value of the input in a freshly created module (its field initializer)
	 * @throws IllegalArgumentException for a required input of a type the bridge cannot provide
	 */
	static CommandInput of(final ModuleItem<?> item, final Object defaultValue) {
		return of(CommandKey.of(item, defaultValue));
	}

	/** The shared model of this input. */
	CommandKey model() {
		return key;
	}

	/** The macro key: the {@code @Parameter} field name. */
	String key() {
		return key.key();
	}

	/** The label shown in the dialog. */
	String label() {
		return key.label();
	}

	String description() {
		return key.description();
	}

	Kind kind() {
		return kind;
	}

	/** The choices of a {@link Kind#CHOICE} input, else empty. */
	List<String> choices() {
		return key.choices();
	}

	/** The default value (may be null). */
	Object defaultValue() {
		return key.defaultValue();
	}

	/** See {@link CommandKey#parse}. */
	Object parse(final String text) {
		return key.parse(text);
	}

	/** See {@link CommandKey#format}. */
	String format(final Object value) {
		return key.format(value);
	}

	/** {@code 3} for 3.0, {@code 0.25} for 0.25, {@code 1e-9} as Java writes it. */
	static String number(final Number n) {
		return CommandKey.number(n);
	}

	/** One line of help: {@code key (label): description; default: ...}. */
	String help() {
		return key.help();
	}

	@Override
	public String toString() {
		return key.toString();
	}
}
