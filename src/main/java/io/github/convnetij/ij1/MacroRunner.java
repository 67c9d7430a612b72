package io.github.convnetij.ij1;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * Runs a macro inside an ImageJ 1.x and reports how it ended: the macro's error message and line,
 * which {@code IJ.runMacro} would only show in a dialog, or an error that ImageJ reported with
 * {@code IJ.error} while the macro went on (such as a file {@code open} did not find). Loaded by the class loader of a patched
 * ImageJ 1.x ({@link LegacyImageJ}), it is called through {@link BiFunction}, a type both sides
 * share, with plain Java values in and out.
 * <pre>{@code
 * Map<String, Object> outcome = new MacroRunner().apply("print(getArgument());", "hello");
 * // {} on success; {message=Undefined variable, line=3} after an error in line 3
 * }</pre>
 */
public final class MacroRunner implements BiFunction<String, String, Map<String, Object>> {

	/** Key of the outcome: the error message, absent on success. */
	public static final String MESSAGE = "message";
	/** Key of the outcome: the line of the error (an Integer), when known. */
	public static final String LINE = "line";

	/**
	 * Runs {@code macro} with {@code argument} as {@code getArgument()} on the calling thread.
	 *
	 * @return an empty map on success; else {@value #MESSAGE} and, when known, {@value #LINE}
	 */
	@Override
	public Map<String, Object> apply(final String macro, final String argument) {
		final Map<String, Object> outcome = new LinkedHashMap<>();
		final Interpreter interp = new Interpreter();
		IJ.getErrorMessage(); // forget errors from before this macro
		try {
			interp.run(macro, argument == null ? "" : argument);
		}
		catch (final RuntimeException e) {
			if (!Macro.MACRO_CANCELED.equals(e.getMessage()) && interp.getErrorMessage() == null) {
				outcome.put(MESSAGE, "the macro failed: " + e);
				outcome.put(LINE, errorLine(interp));
				return outcome;
			}
		}
		final String error = interp.getErrorMessage();
		if (error != null) {
			outcome.put(MESSAGE, error);
			outcome.put(LINE, errorLine(interp));
			return outcome;
		}
		// IJ.error() outside a run(...) call (open() of a missing file, say) lets the macro go on;
		// a batch run must not end as if all went well
		final String reported = IJ.getErrorMessage();
		if (reported != null) outcome.put(MESSAGE, "ImageJ reported an error: " + reported.strip());
		return outcome;
	}

	/**
	 * The line ImageJ names in its error message. {@link Interpreter#getLineNumber()} gives the line
	 * of the interpreter's position, which may have moved past the error; the line of the error is
	 * in a field without a getter, read here by reflection (ImageJ's classes are in an unnamed
	 * module), with the position's line as the fallback.
	 */
	private static int errorLine(final Interpreter interp) {
		try {
			final java.lang.reflect.Field f = Interpreter.class.getDeclaredField("lineNumber");
			f.setAccessible(true);
			return f.getInt(interp);
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return interp.getLineNumber();
		}
	}
}
