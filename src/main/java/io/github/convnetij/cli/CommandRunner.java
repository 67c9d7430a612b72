package io.github.convnetij.cli;

import java.util.List;
import java.util.Map;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;

import io.github.convnetij.compute.Progress;
import net.imglib2.parallel.Parallelization;

/**
 * Runs a SciJava command of this plugin headless, the way a menu or macro runs it: a fresh
 * {@link Context}, the command's module with its inputs set, SciJava's preprocessors (which check
 * required inputs), then {@code run()}. Unlike {@code CommandService.run(...)} the module runs on
 * the calling thread, so that an ImgLib2 {@link Parallelization} setting of the caller (the CLI's
 * {@code --threads}) reaches the core; displaying outputs (the postprocessors) is left out: the
 * caller writes them. SciJava's log is silenced: errors reach the caller as exceptions.
 * <pre>{@code
 * Module m = CommandRunner.run(CorrelateImageCommand.class, Map.of("image", imp, "kernel", "sobel-x"), 2);
 * ImagePlus out = (ImagePlus) m.getOutput("result");
 * }</pre>
 */
final class CommandRunner {

	private CommandRunner() {}

	/**
	 * @param threads number of threads for the core, or null for ImgLib2's default (all cores)
	 * @return the module, run, with its outputs
	 * @throws IllegalArgumentException from the command for invalid inputs, or when a preprocessor
	 *           cancels it (e.g. a required input missing), with the reason
	 */
	static Module run(final Class<? extends Command> command, final Map<String, Object> inputs,
		final Integer threads)
	{
		try (Context context = new Context(CommandService.class)) {
			// errors reach the caller as exceptions; SciJava's log would print them again with a
			// stack trace ("Command errored: ...") on stderr, where the CLI prints one line
			context.service(LogService.class).setLevel(LogLevel.NONE);
			final CommandInfo info = context.service(CommandService.class).getCommand(command);
			if (info == null) throw new IllegalStateException("command not found: " + command
				.getName() + " (is the plugin index META-INF/json/org.scijava.plugin.Plugin missing?)");
			final Module module = context.service(ModuleService.class).createModule(info);
			for (final Map.Entry<String, Object> e : inputs.entrySet()) {
				module.setInput(e.getKey(), e.getValue());
				module.setResolved(e.getKey(), true);
			}
			final List<PreprocessorPlugin> pre = context.service(PluginService.class)
				.createInstancesOfType(PreprocessorPlugin.class);
			final ModuleRunner runner = new ModuleRunner(context, module, pre, null);
			// on a terminal, a progress line on stderr; nothing for scripts and batch jobs
			final ProgressLine line = System.console() == null ? null : new ProgressLine(System.err, info
				.getTitle().replaceFirst("\\.\\.\\.$", ""));
			try {
				Progress.run(line, () -> {
					if (threads == null) runner.run();
					else Parallelization.runWithNumThreads(threads, (Runnable) runner);
				});
			}
			finally {
				if (line != null) line.done();
			}
			if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
				final String reason = ((Cancelable) module).getCancelReason();
				final java.util.regex.Matcher required = reason == null ? null : java.util.regex.Pattern
					.compile("'(\\w+)' is required but unset.*").matcher(reason);
				if (required != null && required.matches()) throw new IllegalArgumentException(required
					.group(1) + ": missing, and it is required" + accepted(command, required.group(1)));
				throw new IllegalArgumentException(info.getTitle() + " was canceled: " + (reason == null
					? "no reason given" : reason));
			}
			return module;
		}
	}

	/** {@code ": expected <its description>"} for a key of {@code command}, or "". */
	private static String accepted(final Class<? extends Command> command, final String key) {
		final io.github.convnetij.command.model.CommandKey k = io.github.convnetij.command.model
			.CommandModel.of(command).key(key);
		if (k == null) return "";
		final String d = k.description().isEmpty() ? k.label() : k.description();
		return d.isEmpty() ? "" : ": expected " + Character.toLowerCase(d.charAt(0)) + d.substring(1)
			.replaceAll("\\.$", "");
	}
}
