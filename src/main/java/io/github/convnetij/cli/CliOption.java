package io.github.convnetij.cli;

import java.util.function.Function;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One CLI-only option or positional parameter: something that only makes sense on a command line
 * (files, threads, shards), as opposed to a key of a SciJava command, which the CLI generates from
 * the command's metadata ({@link CliSubcommand}). Each is declared once, in {@link CliOptions}; a
 * subcommand opts into the ones it needs, in the order it lists them (positionals take their index
 * from that order).
 * <p>
 * An option may <i>supply a key</i>: {@code --kernel-file FILE} gives the {@code kernel} key the
 * text of FILE; the generated subcommand refuses both at once and parses the supplied text with
 * the key's own parser.
 * <pre>{@code
 * static final CliOption SHARD = CliOption.option("--shard", "I/N", String.class,
 *     "Process only shard I of N (0-based) of the sorted inputs.");
 * static final CliOption INPUTS = CliOption.positional("INPUT", Path.class, "1..*",
 *     "Image files or folders.");
 * }</pre>
 */
final class CliOption {

	private final String name;
	private final boolean positional;
	private final String paramLabel;
	private final Class<?> type;
	private final String arity;
	private final String description;
	private final String suppliedKey;
	private final Function<Object, String> supply;

	private CliOption(final String name, final boolean positional, final String paramLabel,
		final Class<?> type, final String arity, final String description, final String suppliedKey,
		final Function<Object, String> supply)
	{
		this.name = name;
		this.positional = positional;
		this.paramLabel = paramLabel;
		this.type = type;
		this.arity = arity;
		this.description = description;
		this.suppliedKey = suppliedKey;
		this.supply = supply;
	}

	/**
	 * An option {@code name} (with its dashes) taking one value of {@code type} (converted by
	 * picocli: {@code Integer}, {@code Long}, {@code Double}, {@code Path}, {@code String}...; for
	 * {@code Boolean}, a flag that also takes {@code =true|false}).
	 */
	static CliOption option(final String name, final String paramLabel, final Class<?> type,
		final String description)
	{
		if (!name.startsWith("--")) throw new IllegalArgumentException("option name without --: " +
			name);
		return new CliOption(name, false, paramLabel, type, type == Boolean.class ? "0..1" : "1",
			description, null, null);
	}

	/** A positional parameter, one value. */
	static CliOption positional(final String label, final Class<?> type, final String description) {
		return positional(label, type, "1", description);
	}

	/**
	 * A positional parameter with picocli's {@code arity} ({@code "1..*"}: one or more values, read
	 * as a {@code List} of {@code type}); a many-valued one must be the last positional.
	 */
	static CliOption positional(final String label, final Class<?> type, final String arity,
		final String description)
	{
		return new CliOption(label, true, label, type, arity, description, null, null);
	}

	/** This option, giving key {@code key} the text {@code read} makes of its value. */
	CliOption supplies(final String key, final Function<Object, String> read) {
		return new CliOption(name, positional, paramLabel, type, arity, description, key, read);
	}

	/** {@code --threads}, or a positional's label ({@code INPUT}). */
	/** The value's type ({@code Path.class} for files). */
	Class<?> type() {
		return type;
	}

	String name() {
		return name;
	}

	boolean positional() {
		return positional;
	}

	/** Whether this takes several values (a positional {@code INPUT...}). */
	boolean many() {
		return arity.contains("*") || (arity.contains("..") && !arity.endsWith("..1"));
	}

	/** The key this option supplies, or null. */
	String suppliedKey() {
		return suppliedKey;
	}

	/** The text this option's value gives {@link #suppliedKey()}. */
	String supply(final Object value) {
		return supply.apply(value);
	}

	/** The picocli spec, {@code description} replacing the declared one when not null. */
	ArgSpec spec(final String description, final int index) {
		final String d = CliSubcommand.escape(description != null ? description : this.description);
		if (positional) {
			final PositionalParamSpec.Builder b = PositionalParamSpec.builder().index(many() ? index +
				"..*" : String.valueOf(index)).paramLabel(paramLabel).arity(arity).required(!arity
					.startsWith("0")).description(d);
			if (many()) b.type(java.util.List.class).auxiliaryTypes(type);
			else b.type(type);
			return b.build();
		}
		final OptionSpec.Builder b = OptionSpec.builder(name).paramLabel(paramLabel).type(type).arity(
			arity).description(d);
		if (type == Boolean.class) b.fallbackValue("true");
		return b.build();
	}

	@Override
	public String toString() {
		return name;
	}
}
