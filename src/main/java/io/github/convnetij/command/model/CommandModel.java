package io.github.convnetij.command.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.Plugin;

/**
 * The keys of one SciJava command ({@link CommandKey}, in declaration order, with the defaults of
 * a freshly created module): the single declaration from which the ImageJ 1.x dialog, macro parsing
 * and recording, and the CLI's options are made. Needs no SciJava {@code Context}: the metadata is
 * read from the class's {@code @Plugin} and {@code @Parameter} annotations.
 * <pre>{@code
 * CommandModel m = CommandModel.of(PoolImageCommand.class);
 * for (CommandKey k : m.keys())
 *     System.out.println(k.help());      // "op (Operation): ... One of: max, avg. Default: max."
 * }</pre>
 */
public final class CommandModel {

	private final CommandInfo info;
	private final List<CommandKey> keys;

	private CommandModel(final CommandInfo info, final List<CommandKey> keys) {
		this.info = info;
		this.keys = keys;
	}

	/**
	 * The model of {@code command}, read from its annotations (no {@code Context}).
	 *
	 * @throws IllegalArgumentException if {@code command} has an input no front end can provide
	 * @throws IllegalStateException if {@code command} cannot be instantiated to read its defaults
	 */
	public static CommandModel of(final Class<? extends Command> command) {
		final CommandInfo info = new CommandInfo(command, command.getAnnotation(Plugin.class));
		final Module fresh;
		try {
			fresh = info.createModule();
		}
		catch (final ModuleException e) {
			throw new IllegalStateException("cannot create " + command.getName() + ": " + e, e);
		}
		return of(info, fresh);
	}

	/**
	 * The model of {@code info}, with the defaults read from {@code fresh}, a module of it that has
	 * not been run (as a {@code ModuleService} creates it).
	 *
	 * @throws IllegalArgumentException if the command has an input no front end can provide
	 */
	public static CommandModel of(final CommandInfo info, final Module fresh) {
		final List<CommandKey> keys = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs()) {
			final CommandKey k = CommandKey.of(item, fresh.getInput(item.getName()));
			if (k != null) keys.add(k);
		}
		return new CommandModel(info, Collections.unmodifiableList(keys));
	}

	public CommandInfo info() {
		return info;
	}

	/** The menu label without a trailing {@code ...}: {@code Convolve Image}. */
	public String title() {
		String t = info.getMenuPath() != null && info.getMenuPath().getLeaf() != null ? info
			.getMenuPath().getLeaf().getName() : info.getTitle();
		if (t == null) t = info.getClassName();
		return t.endsWith("...") ? t.substring(0, t.length() - 3) : t;
	}

	/** The keys the front ends offer, in declaration order (image inputs included). */
	public List<CommandKey> keys() {
		return keys;
	}

	/** The key named {@code name}, or null. */
	public CommandKey key(final String name) {
		for (final CommandKey k : keys)
			if (k.key().equals(name)) return k;
		return null;
	}

	/** The image inputs. */
	public List<CommandKey> imageKeys() {
		final List<CommandKey> l = new ArrayList<>();
		for (final CommandKey k : keys)
			if (k.kind() == CommandKey.Kind.IMAGE) l.add(k);
		return l;
	}

	/**
	 * The key whose value the choices of {@code key} are computed from ({@link DynamicChoices}), or
	 * null when {@code key} has no computed choices.
	 */
	public String choicesFollow(final String key) {
		final DynamicChoices d = dynamic();
		if (d == null) return null;
		final String follows = d.choicesFollow(key);
		return follows != null && key(follows) != null && key(key) != null ? follows : null;
	}

	/**
	 * The choices a dialog offers for {@code key} when the key it {@link #choicesFollow follows}
	 * has {@code value}: empty for none (and for a key without computed choices). Never throws.
	 * <pre>{@code
	 * CommandModel m = CommandModel.of(ShowFeatureMapsCommand.class);
	 * List<String> layers = m.choices("layer", new File("model.onnx")); // conv1, relu1, ...
	 * }</pre>
	 */
	public List<String> choices(final String key, final Object value) {
		final DynamicChoices d = dynamic();
		if (d == null || choicesFollow(key) == null) return List.of();
		try {
			final List<String> c = d.choices(key, value);
			return c == null ? List.of() : List.copyOf(c);
		}
		catch (final RuntimeException e) {
			return List.of();
		}
	}

	/** A new instance of the command when it computes choices, else null. */
	private DynamicChoices dynamic() {
		try {
			final Class<?> c = info.loadClass();
			if (!DynamicChoices.class.isAssignableFrom(c)) return null;
			return (DynamicChoices) c.getDeclaredConstructor().newInstance();
		}
		catch (final Exception | LinkageError e) {
			return null;
		}
	}

	/** The macro keys, in declaration order. */
	public Set<String> keyNames() {
		final Set<String> s = new LinkedHashSet<>();
		for (final CommandKey k : keys)
			s.add(k.key());
		return s;
	}
}
