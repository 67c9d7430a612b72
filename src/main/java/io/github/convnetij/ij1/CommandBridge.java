package io.github.convnetij.ij1;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.scijava.Context;
import org.scijava.module.Module;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import io.github.convnetij.compute.Progress;

/**
 * The ImageJ 1.x bridge: one {@link PlugIn} for every ConvNet-IJ command, named by its argument
 * (the command's class name, as {@code plugins.config} gives it). Everything it does is driven by
 * the SciJava command's parameter metadata, so a new command needs only a {@code plugins.config}
 * line (see {@link PluginsConfig}).
 * <ul>
 * <li>From a macro, {@code run("Convolve Image...", "kernel=sobel-x boundary=zero")}: each
 * parameter is read by its name ({@link Macro#getValue}); a missing key takes the command's
 * default; an unknown key or a bad value aborts the macro with a message that names the key.</li>
 * <li>From the menu: a {@link ij.gui.GenericDialog} built from the labels, choices, limits and
 * defaults, with a live preview for filters ({@link ParameterDialog}); the Macro Recorder records
 * {@code run("<menu label>", "key=value ...")} with every parameter by name and booleans as
 * {@code key=true|false}.</li>
 * <li>An image input takes the active image (or {@code key=[title]} from a macro); image outputs
 * are shown as new windows (in batch mode, as batch-mode images), other outputs are logged.</li>
 * </ul>
 * A SciJava {@link Context} is created for each run and disposed after it, with the thread context
 * class loader set to this plugin's class loader so that the plugin index is found; nothing is
 * kept between runs.
 * <pre>{@code
 * // plugins.config
 * Plugins>ConvNet-IJ>Filters, "Convolve Image...", io.github.convnetij.ij1.CommandBridge("io.github.convnetij.command.ConvolveImageCommand")
 * // a macro
 * run("Convolve Image...", "kernel=[1 2 1; 0 0 0; -1 -2 -1] boundary=nearest");
 * }</pre>
 */
public final class CommandBridge implements PlugIn {

	@Override
	public void run(final String arg) {
		final String className = arg == null ? "" : arg.trim();
		final String options = Macro.getOptions();
		final boolean macro = options != null || GraphicsEnvironment.isHeadless();
		String title = className.substring(className.lastIndexOf('.') + 1);
		final Thread thread = Thread.currentThread();
		final ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(CommandBridge.class.getClassLoader());
		BridgedCommand command = null;
		try (Context context = new Context()) {
			final BridgedCommand bridged = BridgedCommand.of(context, className);
			command = bridged;
			title = command.title();
			final Map<String, Object> values;
			if (macro) values = command.fromMacroOptions(options, WindowManager::getImage);
			else if (command.inputs().isEmpty()) values = new java.util.LinkedHashMap<>(); // no dialog
			else {
				if (needsAnOpenImage(command) && WindowManager.getCurrentImage() == null) {
					IJ.noImage();
					return;
				}
				values = new ParameterDialog(command).show();
				if (values == null) { // canceled: nothing to record
					if (Recorder.record) Recorder.setCommand(null);
					return;
				}
			}
			IJ.resetEscape();
			final Module module;
			try {
				module = Progress.run(PROGRESS, () -> bridged.run(values));
			}
			finally {
				IJ.showProgress(1.0);
			}
			if (Recorder.record && (!macro || Recorder.recordInMacros)) record(command, values);
			show(command, module);
		}
		catch (final RuntimeException e) {
			if (cancelled(e)) {
				if (!macro && Recorder.record) Recorder.setCommand(null);
				// Esc: nothing is shown, nothing recorded; a running macro is aborted by ImageJ itself
				IJ.showStatus(title + ": cancelled");
				return;
			}
			if (!macro && Recorder.record) Recorder.setCommand(null); // a failed run is not recorded
			final String message = userMessage(e);
			if (message != null) error(title, macro || command == null ? message : ParameterDialog
				.dialogMessage(command, message), macro);
			else {
				IJ.log(title + ": internal error, please report it:\n" + trace(e));
				error(title, "internal error: " + e, macro);
			}
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	/**
	 * True if the command cannot run without an open image: it has a required image input. A
	 * command with no image input, or whose image inputs are all optional ({@code required = false},
	 * as <i>Train CNN...</i> and <i>Predict with CNN...</i> reading files), runs with none open.
	 */
	static boolean needsAnOpenImage(final BridgedCommand command) {
		for (final CommandInput in : command.imageInputs())
			if (in.required()) return true;
		return false;
	}

	/**
	 * The options a run with {@code values} is recorded with, as {@code {key, value}} pairs in
	 * declaration order: every input by name, booleans as {@code true}/{@code false}, text
	 * escaped for a macro string, an empty value as {@code []}; a single image input is left out
	 * (it is the active image, as Fiji records it). {@link Recorder} puts values with spaces in
	 * brackets.
	 */
	static List<String[]> recordedOptions(final BridgedCommand command,
		final Map<String, Object> values)
	{
		final List<String[]> options = new ArrayList<>();
		for (final CommandInput in : recorded(command))
			options.add(new String[] { in.key(), recordedValue(in, values.get(in.key())) });
		return options;
	}

	/** The inputs that are recorded: all but a single image input. */
	private static List<CommandInput> recorded(final BridgedCommand command) {
		final List<CommandInput> l = new ArrayList<>(command.inputs());
		if (command.imageInputs().size() == 1) l.removeAll(command.imageInputs());
		return l;
	}

	private static String recordedValue(final CommandInput in, final Object value) {
		final String v = in.format(value);
		if (v.isEmpty()) return "[]";
		switch (in.kind()) {
			case BOOLEAN:
			case INTEGER:
			case REAL:
			case FILE:
			case DIRECTORY:
			case SAVE_FILE:
				return v;
			default:
				return Recorder.fixString(v);
		}
	}

	private static boolean isPath(final CommandInput in) {
		return in.kind() == CommandInput.Kind.FILE || in.kind() == CommandInput.Kind.DIRECTORY ||
			in.kind() == CommandInput.Kind.SAVE_FILE;
	}

	private static void record(final BridgedCommand command, final Map<String, Object> values) {
		for (final CommandInput in : recorded(command)) {
			final String v = recordedValue(in, values.get(in.key()));
			if (isPath(in) && !v.equals("[]")) Recorder.recordPath(in.key(), v);
			else Recorder.recordOption(in.key(), v);
		}
	}

	/**
	 * Shows image outputs as new windows (updates images changed in place); logs other outputs. The
	 * first image output (the result) is shown last, so that it is the active image after the run,
	 * as a macro's next line expects; further image outputs (Augment's montage) open beside it.
	 */
	private static void show(final BridgedCommand command, final Module module) {
		ImagePlus main = null;
		for (final Map.Entry<String, Object> e : command.outputs(module).entrySet()) {
			final Object v = e.getValue();
			if (v instanceof ImagePlus) {
				if (main == null) main = (ImagePlus) v;
				else show((ImagePlus) v);
			}
			else IJ.log(command.title() + ": " + e.getKey() + " = " + v);
		}
		if (main != null) show(main);
	}

	private static void show(final ImagePlus imp) {
		if (imp.getWindow() != null || WindowManager.getImage(imp.getID()) != null) {
			imp.updateAndDraw();
			if (imp.getWindow() != null) WindowManager.setCurrentWindow(imp.getWindow());
			else WindowManager.setTempCurrentImage(imp);
		}
		else imp.show();
	}

	/**
	 * Reports an error: from a macro's {@code run(...)}, ImageJ aborts the macro with this message
	 * and the line; from the menu, a dialog, its text wrapped to fit the screen.
	 */
	private static void error(final String title, final String message, final boolean macro) {
		IJ.error(title, macro ? title + ": " + message : ParameterDialog.wrap(message,
			ParameterDialog.MESSAGE_COLUMNS));
	}

	/** ImageJ's progress bar, and Esc (in any ImageJ window) to stop the computation. */
	static final Progress.Listener PROGRESS = new Progress.Listener() {

		@Override
		public void progress(final double done) {
			IJ.showProgress(done);
		}

		@Override
		public boolean cancelled() {
			return IJ.escapePressed();
		}
	};

	/** Whether {@code t} or a cause is the cancellation of a computation. */
	static boolean cancelled(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
			if (c instanceof CancellationException) return true;
		return false;
	}

	/** The message of the user-facing error in {@code t}'s causes, or null for a bug. */
	static String userMessage(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
			if (c instanceof IllegalArgumentException && c.getMessage() != null) return withMemoryAdvice(c
				.getMessage());
		return null;
	}

	/** How Fiji gives Java more memory, added to the core's heap refusals (which give no advice). */
	static final String MEMORY_ADVICE = "give Java more memory: Edit>Options>Memory & Threads...";

	/** {@code message}, with {@link #MEMORY_ADVICE} when it is a refusal for lack of heap. */
	static String withMemoryAdvice(final String message) {
		return message.contains("Java heap") && !message.contains("Memory & Threads") ? message + " (" +
			MEMORY_ADVICE + ")" : message;
	}

	private static String trace(final Throwable t) {
		final StringBuilder sb = new StringBuilder();
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
			if (c != t) sb.append("Caused by: ");
			sb.append(c).append('\n');
			for (final StackTraceElement s : c.getStackTrace())
				sb.append("\tat ").append(s).append('\n');
		}
		return sb.toString();
	}
}
