package io.github.convnetij.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.scijava.command.Command;
import org.scijava.module.Module;

import ij.ImagePlus;
import io.github.convnetij.command.model.CommandKey;
import io.github.convnetij.command.model.CommandModel;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A CLI subcommand generated from a SciJava command's {@code @Parameter} metadata
 * ({@link CommandModel}): one long option per key ({@code --key-name} for {@code key_name}, plus
 * any alias the descriptor declares), its default, choices and help from the declaration, values
 * parsed by {@link CommandKey#parse} (the parser macros and dialogs use), booleans as
 * {@code --key} or {@code --key=true|false}; image inputs are not options (the subcommand's
 * {@link Action} fills them). Besides the keys, a subcommand opts into CLI-only options and
 * positionals of the documented set {@link CliOptions}. Errors that a command starts with
 * {@code key: } are printed with the CLI's name, {@code --key-name: }.
 * <p>
 * The descriptor: the CLI name, the SciJava class, the CLI-only options, and the {@link Action}
 * that turns positionals into inputs, runs the command ({@link Run#runCommand()}) and writes its
 * outputs. {@link #imageToImage()} is the action of a filter: INPUT read into the image input,
 * the {@code result} output written to OUTPUT.
 * <pre>{@code
 * CliSubcommand pool = CliSubcommand.of("pool", PoolImageCommand.class)
 *     .description("Max or average pooling of INPUT; write OUTPUT.")
 *     .options(CliOptions.THREADS, CliOptions.INPUT, CliOptions.OUTPUT)
 *     .action(CliSubcommand.imageToImage()).build();
 * commandLine.addSubcommand(pool.name(), pool.commandLine());
 * }</pre>
 */
final class CliSubcommand {

	/**
	 * What a subcommand does once its command line is parsed: typically build the inputs that
	 * positionals give, {@link Run#runCommand()}, write the outputs.
	 */
	@FunctionalInterface
	interface Action {

		void run(Run run) throws Exception;
	}

	private final String name;
	private final Class<? extends Command> command;
	private final CommandModel model;
	private final String[] description;
	private final List<CliOption> options;
	private final Map<CliOption, String> optionDescriptions;
	private final Map<String, List<String>> aliases;
	private final Map<String, CliOption> replaced;
	private final Action action;

	private CliSubcommand(final Builder b) {
		this.name = b.name;
		this.command = b.command;
		this.model = CommandModel.of(b.command);
		this.description = b.description;
		this.options = Collections.unmodifiableList(new ArrayList<>(b.options));
		this.optionDescriptions = new LinkedHashMap<>(b.optionDescriptions);
		this.aliases = new LinkedHashMap<>(b.aliases);
		this.replaced = new LinkedHashMap<>(b.replaced);
		this.action = b.action;
		for (final String k : aliases.keySet())
			requireKey(k);
		for (final String k : replaced.keySet())
			requireKey(k);
		for (final CliOption o : options)
			if (o.suppliedKey() != null) requireKey(o.suppliedKey());
	}

	private void requireKey(final String key) {
		if (model.key(key) == null) throw new IllegalArgumentException(command.getName() +
			" has no key '" + key + "' (its keys are " + String.join(", ", model.keyNames()) + ")");
	}

	/** A descriptor for subcommand {@code name} running {@code command}. */
	static Builder of(final String name, final Class<? extends Command> command) {
		return new Builder(name, command);
	}

	/** The subcommand's name. */
	String name() {
		return name;
	}

	/** The SciJava command it runs. */
	Class<? extends Command> command() {
		return command;
	}

	/** The command's keys. */
	CommandModel model() {
		return model;
	}

	/** The CLI-only options it opted into. */
	List<CliOption> cliOptions() {
		return options;
	}

	/**
	 * The long option of {@code key}: {@code --key-name}; null for an image input or a key
	 * replaced by a CLI-only option.
	 */
	String optionName(final String key) {
		final CommandKey k = model.key(key);
		if (k == null || k.kind() == CommandKey.Kind.IMAGE || replaced.containsKey(key)) return null;
		return "--" + key.replace('_', '-');
	}

	/** The CLI-only option standing for {@code key} (a key the subcommand fills itself), or null. */
	CliOption replacement(final String key) {
		return replaced.get(key);
	}

	/** The keys given as options, in declaration order. */
	List<CommandKey> optionKeys() {
		final List<CommandKey> l = new ArrayList<>();
		for (final CommandKey k : model.keys())
			if (optionName(k.key()) != null) l.add(k);
		return l;
	}

	/** A fresh picocli command line for this subcommand (one per parse: it holds the values). */
	CommandLine commandLine() {
		final Invocation invocation = new Invocation();
		final CommandSpec spec = CommandSpec.wrapWithoutInspection(invocation);
		spec.name(name);
		spec.mixinStandardHelpOptions(true);
		spec.versionProvider(new Main.Version());
		spec.usageMessage().description(description).sortOptions(false);
		for (final CommandKey k : optionKeys())
			spec.addOption(keyOption(k));
		int index = 0;
		for (final CliOption o : options) {
			final ArgSpec a = o.spec(optionDescriptions.get(o), index);
			if (o.positional()) {
				spec.addPositional((picocli.CommandLine.Model.PositionalParamSpec) a);
				index++;
			}
			else spec.addOption((OptionSpec) a);
		}
		final CommandLine cl = new CommandLine(spec);
		invocation.spec = spec;
		return cl;
	}

	private OptionSpec keyOption(final CommandKey k) {
		final List<String> names = new ArrayList<>();
		names.add(optionName(k.key()));
		names.addAll(aliases.getOrDefault(k.key(), List.of()));
		final OptionSpec.Builder b = OptionSpec.builder(names.toArray(new String[0]));
		final String def = k.defaultValue() == null ? "" : k.format(k.defaultValue());
		final StringBuilder help = new StringBuilder(k.description().isEmpty() ? k.label() : k
			.description());
		if (!help.toString().endsWith(".")) help.append('.');
		help.append(" Default: ").append(def.isEmpty() ? "(empty)" : def).append('.');
		b.description(escape(help.toString()));
		b.defaultValue(def);
		if (k.kind() == CommandKey.Kind.BOOLEAN) {
			b.type(Boolean.class).arity("0..1").fallbackValue("true").paramLabel("BOOL");
		}
		else {
			b.type(String.class).arity("1").paramLabel(paramLabel(k));
			if (k.kind() == CommandKey.Kind.CHOICE) b.completionCandidates(k.choices());
		}
		return b.build();
	}

	private static String paramLabel(final CommandKey k) {
		switch (k.kind()) {
			case CHOICE:
				return String.join("|", k.choices());
			case INTEGER:
				return "N";
			case REAL:
				return "X";
			case FILE:
			case SAVE_FILE:
				return "FILE";
			case DIRECTORY:
				return "DIR";
			default:
				return "TEXT";
		}
	}

	/** {@code text} for picocli's descriptions, which are format strings. */
	static String escape(final String text) {
		return text.replace("%", "%%");
	}

	/**
	 * {@code message} with a leading {@code key: } of this command's keys renamed to the CLI's
	 * option name ({@code --key-name: }); other messages unchanged.
	 */
	String cliMessage(final String message) {
		if (message == null) return "invalid input";
		final int colon = message.indexOf(": ");
		if (colon <= 0) return message;
		final String key = message.substring(0, colon);
		if (model.key(key) == null) return message;
		final String option = optionName(key);
		final String shown = option != null ? option : replaced.containsKey(key) ? replaced.get(key)
			.name() : key;
		return shown + message.substring(colon);
	}

	/** One parse of the subcommand: the picocli user object. */
	private final class Invocation implements Callable<Integer> {

		CommandSpec spec;

		@Override
		public Integer call() throws Exception {
			final Run run = new Run(CliSubcommand.this, spec.commandLine().getParseResult(), spec
				.commandLine());
			try {
				run.checkOutputsAreNotInputs(); // before a key's file (--kernel-file) is read
				run.parseKeys();
				action.run(run);
			}
			catch (final RuntimeException e) {
				final IllegalArgumentException user = userError(e);
				if (user == null) throw e;
				final String renamed = cliMessage(user.getMessage());
				if (renamed.equals(user.getMessage()) && user == e) throw e;
				throw new IllegalArgumentException(renamed, e);
			}
			return Cli.OK;
		}
	}

	private static IllegalArgumentException userError(final Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause())
			if (c instanceof IllegalArgumentException) return (IllegalArgumentException) c;
		return null;
	}

	/**
	 * One run of a generated subcommand, as its {@link Action} sees it: the key values given on the
	 * command line (parsed), the CLI-only options, and the SciJava command to run.
	 */
	static final class Run {

		private final CliSubcommand sub;
		private final ParseResult parsed;
		private final CommandLine commandLine;
		private final Map<String, Object> inputs = new LinkedHashMap<>();

		private Run(final CliSubcommand sub, final ParseResult parsed, final CommandLine commandLine) {
			this.sub = sub;
			this.parsed = parsed;
			this.commandLine = commandLine;
		}

		/** The keys given (and those supplied by CLI-only options), parsed by the keys' parser. */
		private void parseKeys() {
			threads(); // a bad --threads is reported before any work
			for (final CliOption o : sub.options) {
				final String key = o.suppliedKey();
				if (key == null || !given(o)) continue;
				final String keyOption = sub.optionName(key);
				if (keyOption != null && parsed.hasMatchedOption(keyOption)) throw new IllegalArgumentException(
					keyOption + " and " + o.name() + ": give one of them, not both");
			}
			for (final CommandKey k : sub.optionKeys()) {
				final OptionSpec spec = parsed.commandSpec().findOption(sub.optionName(k.key()));
				if (!parsed.hasMatchedOption(spec)) continue;
				final Object v = spec.getValue();
				inputs.put(k.key(), k.parse(v == null ? null : String.valueOf(v)));
			}
			for (final CliOption o : sub.options) {
				final String key = o.suppliedKey();
				if (key != null && given(o)) inputs.put(key, sub.model.key(key).parse(o.supply(value(o))));
			}
		}

		/**
		 * Refuses an output that is one of the inputs (it would be destroyed): OUTPUT (and augment's
		 * preview), the last of FILES, {@code --out} and {@code --metrics} against INPUT, the other
		 * FILES, INPUT... and {@code --kernel-file}.
		 */
		private void checkOutputsAreNotInputs() {
			for (final CliOption o : sub.options)
				if (o.type() == Path.class && given(o)) {
					final Object v = value(o);
					for (final Object p : v instanceof List<?> l ? l : List.of(v))
						if (p != null && p.toString().isBlank()) throw new IllegalArgumentException(o.name() +
							": an empty path: expected " + (o.positional() ? "a file or folder name" :
								"a file name"));
				}
			final Map<String, Path> ins = new LinkedHashMap<>(), outs = new LinkedHashMap<>();
			final List<Path> inputPaths = new ArrayList<>();
			if (sub.options.contains(CliOptions.INPUT) && given(CliOptions.INPUT)) ins.put("INPUT", value(
				CliOptions.INPUT));
			if (sub.options.contains(CliOptions.INPUTS) && given(CliOptions.INPUTS)) inputPaths.addAll(
				value(CliOptions.INPUTS));
			if (sub.options.contains(CliOptions.KERNEL_FILE) && given(CliOptions.KERNEL_FILE)) ins.put(
				"--kernel-file", value(CliOptions.KERNEL_FILE));
			if (sub.options.contains(CliOptions.OUTPUT) && given(CliOptions.OUTPUT)) {
				final Path out = value(CliOptions.OUTPUT);
				outs.put("OUTPUT", out);
				if (sub.name.equals("augment")) outs.put("OUTPUT's preview", CliSubcommands.previewPath(out));
			}
			if (sub.options.contains(CliOptions.INPUTS_OUTPUT) && given(CliOptions.INPUTS_OUTPUT)) {
				final List<Path> all = value(CliOptions.INPUTS_OUTPUT);
				if (all.size() > 1) {
					inputPaths.addAll(all.subList(0, all.size() - 1));
					outs.put("OUTPUT", all.get(all.size() - 1));
				}
			}
			for (final CliOption o : List.of(CliOptions.OUT, CliOptions.METRICS))
				if (sub.options.contains(o) && given(o)) outs.put(o.name(), value(o));
			// the command's file keys: files written (model=) and files or folders read (a
			// checkpoint to resume may be replaced by the model it continues)
			for (final CommandKey k : sub.optionKeys()) {
				final String name = sub.optionName(k.key());
				final OptionSpec spec = parsed.commandSpec().findOption(name);
				if (spec == null || !parsed.hasMatchedOption(spec)) continue;
				final Object raw = spec.getValue();
				if (raw == null) continue;
				final String v = raw.toString().trim();
				if (v.isEmpty()) continue;
				if (k.kind() == CommandKey.Kind.SAVE_FILE) outs.put(name, Path.of(v));
				else if ((k.kind() == CommandKey.Kind.FILE || k.kind() == CommandKey.Kind.DIRECTORY) && !k
					.key().equals("resume")) ins.put(name, Path.of(v));
			}
			for (final Map.Entry<String, Path> in : ins.entrySet())
				Cli.checkRegular(in.getKey(), in.getValue());
			for (final Path in : inputPaths)
				Cli.checkRegular("INPUT", in);
			final List<Map.Entry<String, Path>> written = new ArrayList<>(outs.entrySet());
			for (int i = 0; i < written.size(); i++)
				for (int j = i + 1; j < written.size(); j++)
					if (Cli.sameFile(written.get(i).getValue(), written.get(j).getValue()))
						throw new IllegalArgumentException(written.get(j).getKey() + ": '" + written.get(j)
							.getValue() + "' is also " + written.get(i).getKey() + ": expected another file");
			for (final Map.Entry<String, Path> out : outs.entrySet()) {
				for (final Map.Entry<String, Path> in : ins.entrySet())
					Cli.checkNotInput(out.getKey(), out.getValue(), in.getKey(), in.getValue());
				for (final Path in : inputPaths)
					Cli.checkNotInput(out.getKey(), out.getValue(), "an INPUT", in);
			}
		}

		/** The subcommand. */
		CliSubcommand subcommand() {
			return sub;
		}

		/**
		 * The command's inputs so far: the keys given on the command line, parsed (a key left out
		 * takes the command's default). Mutable: an action adds the inputs it makes (images).
		 */
		Map<String, Object> inputs() {
			return inputs;
		}

		/** Whether {@code option} (one the subcommand opted into) was given. */
		boolean given(final CliOption option) {
			return option.positional() ? parsed.matchedArgs().contains(parsed.commandSpec()
				.positionalParameters().get(positionalIndex(option))) : parsed.hasMatchedOption(option
					.name());
		}

		/** The value of {@code option} (a {@code List} for a many-valued positional), or null. */
		@SuppressWarnings("unchecked")
		<T> T value(final CliOption option) {
			if (!sub.options.contains(option)) throw new IllegalStateException(sub.name +
				" did not opt into " + option);
			if (option.positional()) {
				final ArgSpec a = parsed.commandSpec().positionalParameters().get(positionalIndex(option));
				return parsed.matchedArgs().contains(a) ? (T) a.getValue() : null;
			}
			return parsed.hasMatchedOption(option.name()) ? (T) parsed.commandSpec().findOption(option
				.name()).getValue() : null;
		}

		private int positionalIndex(final CliOption option) {
			int i = 0;
			for (final CliOption o : sub.options) {
				if (o == option) return i;
				if (o.positional()) i++;
			}
			throw new IllegalStateException(sub.name + " did not opt into " + option);
		}

		/** {@code --threads}, checked (null when left out or not offered: all cores). */
		Integer threads() {
			if (!sub.options.contains(CliOptions.THREADS)) return null;
			final Integer t = value(CliOptions.THREADS);
			Cli.checkThreads(t);
			return t;
		}

		/**
		 * Runs the SciJava command headless with {@link #inputs()} and {@link #threads()}
		 * ({@link CommandRunner}).
		 *
		 * @return the module, run, with its outputs
		 */
		Module runCommand() {
			return CommandRunner.run(sub.command, inputs, threads());
		}

		PrintWriter out() {
			return commandLine.getOut();
		}

		PrintWriter err() {
			return commandLine.getErr();
		}
	}

	/**
	 * The action of an image filter: {@link CliOptions#INPUT} read into the command's single image
	 * input, the command run, its {@code result} written to {@link CliOptions#OUTPUT}.
	 */
	static Action imageToImage() {
		return run -> {
			final Module m = runImage(run);
			ImageFiles.write((ImagePlus) m.getOutput("result"), run.<Path> value(CliOptions.OUTPUT));
		};
	}

	/** Reads INPUT into the single image input and runs the command. */
	static Module runImage(final Run run) throws java.io.IOException {
		final List<CommandKey> images = run.subcommand().model().imageKeys();
		if (images.size() != 1) throw new IllegalStateException(run.subcommand().command()
			.getName() + " has " + images.size() + " image inputs, not 1");
		run.threads();
		run.inputs().put(images.get(0).key(), ImageFiles.read(run.<Path> value(CliOptions.INPUT)));
		return run.runCommand();
	}

	/** Builds a {@link CliSubcommand}. */
	static final class Builder {

		private final String name;
		private final Class<? extends Command> command;
		private String[] description = new String[0];
		private final List<CliOption> options = new ArrayList<>();
		private final Map<CliOption, String> optionDescriptions = new LinkedHashMap<>();
		private final Map<String, List<String>> aliases = new LinkedHashMap<>();
		private final Map<String, CliOption> replaced = new LinkedHashMap<>();
		private Action action;

		private Builder(final String name, final Class<? extends Command> command) {
			this.name = name;
			this.command = command;
		}

		/** The subcommand's description in its help. */
		Builder description(final String... lines) {
			this.description = lines.clone();
			return this;
		}

		/** The CLI-only options it takes, in order (positionals get their index from it). */
		Builder options(final CliOption... opts) {
			for (final CliOption o : opts) {
				if (options.contains(o)) throw new IllegalArgumentException("option listed twice: " + o);
				options.add(o);
			}
			return this;
		}

		/** {@code option}, with a description of its own for this subcommand. */
		Builder option(final CliOption option, final String description) {
			options(option);
			optionDescriptions.put(option, description);
			return this;
		}

		/**
		 * Older names of the option of {@code key} that keep working ({@code --old-name}), for a
		 * CLI option that once differed from {@code --key-name}.
		 */
		Builder alias(final String key, final String... names) {
			aliases.computeIfAbsent(key, k -> new ArrayList<>()).addAll(List.of(names));
			return this;
		}

		/**
		 * {@code key} is not an option: the action fills it from {@code by}, a CLI-only option the
		 * subcommand also opts into (for example a folder key given as positional INPUT...).
		 */
		Builder replace(final String key, final CliOption by) {
			replaced.put(key, by);
			return this;
		}

		/** What the subcommand does (see {@link #imageToImage()}). */
		Builder action(final Action a) {
			this.action = a;
			return this;
		}

		/**
		 * @throws IllegalArgumentException if an alias, replacement or supplied key is not a key of
		 *           the command
		 */
		CliSubcommand build() {
			if (action == null) throw new IllegalStateException(name + ": no action");
			for (final CliOption o : replaced.values())
				if (!options.contains(o)) throw new IllegalArgumentException(name + ": " + o +
					" replaces a key but is not among the options");
			return new CliSubcommand(this);
		}
	}
}
