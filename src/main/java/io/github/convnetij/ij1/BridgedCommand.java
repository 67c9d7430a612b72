package io.github.convnetij.ij1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.PluginService;

import ij.ImagePlus;
import ij.WindowManager;
import io.github.convnetij.command.model.CommandKey;
import io.github.convnetij.command.model.CommandModel;

/**
 * A SciJava command as the ImageJ 1.x bridge runs it: its {@link CommandInfo}, the inputs the
 * bridge offers ({@link CommandInput}, in declaration order, with the defaults of a fresh module),
 * and a run on the calling thread. Everything is read from the command's metadata, so a new
 * command needs no code here.
 * <pre>{@code
 * try (Context context = new Context()) {
 *     BridgedCommand c = BridgedCommand.of(context, "io.github.convnetij.command.PoolImageCommand");
 *     Map<String, Object> values = c.fromMacroOptions("op=avg size=3", WindowManager::getImage);
 *     Module m = c.run(values);
 * }
 * }</pre>
 */
final class BridgedCommand {

	/** Finds an open image by title; returns null if there is none. */
	interface Images {

		ImagePlus byTitle(String title);
	}

	private final Context context;
	private final CommandInfo info;
	private final CommandModel model;
	private final List<CommandInput> inputs;

	private BridgedCommand(final Context context, final CommandInfo info, final CommandModel model,
		final List<CommandInput> inputs)
	{
		this.context = context;
		this.info = info;
		this.model = model;
		this.inputs = inputs;
	}

	/**
	 * The command of class {@code className} in {@code context}'s plugin index.
	 *
	 * @throws IllegalArgumentException if there is no such command, or it has an input the bridge
	 *           cannot provide
	 */
	static BridgedCommand of(final Context context, final String className) {
		final CommandInfo info = context.service(CommandService.class).getCommand(className);
		if (info == null) throw new IllegalArgumentException("no SciJava command " + className +
			" in the plugin index (is META-INF/json/org.scijava.plugin.Plugin missing from the jar?)");
		final Module fresh = context.service(ModuleService.class).createModule(info);
		final CommandModel model = CommandModel.of(info, fresh);
		final List<CommandInput> inputs = new ArrayList<>();
		for (final CommandKey key : model.keys())
			inputs.add(CommandInput.of(key));
		return new BridgedCommand(context, info, model, Collections.unmodifiableList(inputs));
	}

	CommandInfo info() {
		return info;
	}

	/** The command model the inputs come from (and computed choices: {@link CommandModel#choices}). */
	CommandModel model() {
		return model;
	}

	/** The menu label without a trailing {@code ...}: {@code Convolve Image}. */
	String title() {
		String t = info.getMenuPath() != null && info.getMenuPath().getLeaf() != null ? info
			.getMenuPath().getLeaf().getName() : info.getTitle();
		if (t == null) t = info.getClassName();
		return t.endsWith("...") ? t.substring(0, t.length() - 3) : t;
	}

	/** The inputs the bridge offers, in declaration order. */
	List<CommandInput> inputs() {
		return inputs;
	}

	/** The image inputs. */
	List<CommandInput> imageInputs() {
		final List<CommandInput> l = new ArrayList<>();
		for (final CommandInput in : inputs)
			if (in.kind() == CommandInput.Kind.IMAGE) l.add(in);
		return l;
	}

	/** The macro keys, in declaration order. */
	Set<String> keys() {
		final Set<String> k = new LinkedHashSet<>();
		for (final CommandInput in : inputs)
			k.add(in.key());
		return k;
	}

	/**
	 * The input values that a macro's options give: each key's value parsed, the default for a
	 * missing key, the active image (or {@code key=[title]}) for an image input.
	 *
	 * @throws IllegalArgumentException for an unknown key, a bad value or a missing image, starting
	 *           with the key
	 */
	Map<String, Object> fromMacroOptions(final String options, final Images images) {
		final MacroOptions o = MacroOptions.parse(options);
		final List<String> unknown = o.unknown(keys());
		if (!unknown.isEmpty()) throw new IllegalArgumentException((unknown.size() == 1
			? "unknown key '" + unknown.get(0) + "'" : "unknown keys '" + String.join("', '", unknown) +
				"'") + " (the keys are " + (keys().isEmpty() ? "none" : String.join(", ", keys())) + ")");
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final CommandInput in : inputs) {
			final String key = in.key();
			if (in.kind() == CommandInput.Kind.IMAGE) {
				values.put(key, image(in, o.value(key), images));
				continue;
			}
			String text = o.value(key);
			if (text == null && o.isBare(key)) {
				if (in.kind() != CommandInput.Kind.BOOLEAN) throw new IllegalArgumentException(key +
					": no value given: write " + key + "=<value>");
				text = "true";
			}
			values.put(key, text == null ? in.defaultValue() : in.parse(text));
		}
		return values;
	}

	/**
	 * The image titled {@code title}, or the active image when {@code title} is null; null for an
	 * optional image input ({@code required = false}) when no image is open.
	 */
	static ImagePlus image(final CommandInput in, final String title, final Images images) {
		if (title == null) {
			final ImagePlus imp = WindowManager.getCurrentImage();
			if (imp == null && !in.required()) return null;
			if (imp == null) throw new IllegalArgumentException(in.key() +
				": there is no image open: open one first or give " + in.key() + "=[<title>]");
			return imp;
		}
		final ImagePlus imp = images.byTitle(title);
		if (imp == null) throw new IllegalArgumentException(in.key() + ": there is no image titled '" +
			title + "'");
		return imp;
	}

	/**
	 * Runs the command with {@code values} on the calling thread, as a menu or macro runs it:
	 * SciJava's preprocessors (services injected, inputs checked), then {@code run()}. Outputs are
	 * left to the caller to show.
	 *
	 * @return the module, run, with its outputs
	 * @throws IllegalArgumentException from the command for an invalid input, or when a preprocessor
	 *           cancels it, with the reason
	 */
	Module run(final Map<String, Object> values) {
		// errors reach the caller as exceptions, shown once by ImageJ; SciJava's log would print
		// them again, with a stack trace, on the console
		context.service(LogService.class).setLevel(LogLevel.NONE);
		final Module module = context.service(ModuleService.class).createModule(info);
		for (final Map.Entry<String, Object> e : values.entrySet()) {
			module.setInput(e.getKey(), e.getValue());
			module.resolveInput(e.getKey());
		}
		final List<PreprocessorPlugin> pre = context.service(PluginService.class)
			.createInstancesOfType(PreprocessorPlugin.class);
		new ModuleRunner(context, module, pre, null).run();
		if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
			final String reason = ((Cancelable) module).getCancelReason();
			throw new IllegalArgumentException("canceled: " + (reason == null ? "no reason given"
				: reason));
		}
		return module;
	}

	/**
	 * The non-null outputs of a run, by name, in declaration order; an input that is also an output
	 * (changed in place) is included too.
	 */
	Map<String, Object> outputs(final Module module) {
		final Map<String, Object> out = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.outputs()) {
			final Object v = module.getOutput(item.getName());
			if (v != null) out.put(item.getName(), v);
		}
		return out;
	}
}
