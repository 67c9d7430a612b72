package io.github.convnetij.ij1;

import java.util.Map;

import ij.Prefs;

/**
 * The values a user last accepted in a command's dialog, as ImageJ's own dialogs remember them
 * (<i>Convolve...</i> reopens with the last kernel): kept in ImageJ's preferences
 * ({@code IJ_Prefs.txt}) under {@code convnetij.<command class>.<key>}, as the text the Macro
 * Recorder would write. Only the interactive dialog reads and writes them, and only when no macro
 * is running ({@link #interactive()}): a macro line or a headless run never sees them, so a key
 * it leaves out takes its documented default (SciJava's {@code persist = true} would feed them to
 * macros in Fiji, which is why the commands declare {@code persist = false} and the memory lives
 * here).
 * <pre>{@code
 * String text = DialogMemory.recall(command, input); // null: never accepted, use the default
 * DialogMemory.remember(command, values);            // after OK
 * }</pre>
 */
final class DialogMemory {

	private static final String PREFIX = "convnetij.";

	private DialogMemory() {}

	/** True when a dialog may read and write remembered values: no macro is running. */
	static boolean interactive() {
		return !ij.IJ.isMacro();
	}

	/** The preference key of {@code key} of the command of class {@code className}. */
	static String prefKey(final String className, final String key) {
		return PREFIX + className.substring(className.lastIndexOf('.') + 1) + "." + key;
	}

	/**
	 * The text last accepted for {@code in}, or null if there is none or it is no longer a valid
	 * value (a choice since removed, a number out of the limits).
	 */
	static String recall(final BridgedCommand command, final CommandInput in) {
		if (in.kind() == CommandInput.Kind.IMAGE) return null;
		final String text = Prefs.get(prefKey(command.info().getClassName(), in.key()), null);
		if (text == null) return null;
		try {
			in.parse(text);
			return text;
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	/** Remembers {@code values} (all but images) as the command's last accepted values. */
	static void remember(final BridgedCommand command, final Map<String, Object> values) {
		for (final CommandInput in : command.inputs()) {
			if (in.kind() == CommandInput.Kind.IMAGE || !values.containsKey(in.key())) continue;
			Prefs.set(prefKey(command.info().getClassName(), in.key()), in.format(values.get(in
				.key())));
		}
	}
}
