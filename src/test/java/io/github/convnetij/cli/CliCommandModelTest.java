package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

import ij.ImagePlus;
import io.github.convnetij.command.model.CommandKey;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The CLI and the SciJava commands have one command model: walking every command of the plugin
 * index under <i>Plugins&gt;ConvNet-IJ</i>, each has a generated subcommand whose options are
 * exactly its keys (same declared default) and CLI-only options of {@link CliOptions}, and an
 * error of a command names {@code --key} on the CLI.
 */
class CliCommandModelTest {

	/**
	 * Commands under Plugins>ConvNet-IJ deliberately without a CLI subcommand (class names), with
	 * the reason; empty today.
	 */
	private static final Set<String> NO_CLI = Set.of();

	/**
	 * Every generated subcommand: the image ones, the picture ones ({@link CliSubcommands#views()},
	 * errors in CliShowTest) and the CNN ones ({@link CnnSubcommands}; these
	 * take no INPUT OUTPUT pair and need a model or data before a bad value of some keys can show,
	 * so the error walk below covers the image ones; CliTrainTest and CliPredictTest cover theirs).
	 */
	private static java.util.List<CliSubcommand> generated() {
		final java.util.List<CliSubcommand> l = new java.util.ArrayList<>(CliSubcommands.all());
		l.addAll(CnnSubcommands.all());
		l.addAll(CliSubcommands.views());
		return l;
	}

	/** A bad value for the text keys, per {@code subcommand key}; numbers and choices need none. */
	private static final Map<String, String> BAD_TEXT = Map.of( //
		"kernel", "1 2 x", //
		"size", "0", //
		"stride", "0", //
		"zoom_range", "2", //
		"brightness_range", "x");

	private static final Set<String> STANDARD = Set.of("-h", "--help", "-V", "--version");

	@TempDir
	Path dir;

	/** The commands under Plugins>ConvNet-IJ, read through SciJava's own command service. */
	private static List<CommandInfo> pluginCommands(final Context context) {
		final List<CommandInfo> l = new ArrayList<>();
		for (final CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getMenuPath() == null || info.getMenuPath().size() < 3 || !info.getMenuPath().get(0)
				.getName().equals("Plugins") || !info.getMenuPath().get(1).getName().equals("ConvNet-IJ"))
				continue;
			l.add(info);
		}
		return l;
	}

	private static CliSubcommand subcommandOf(final String className) {
		for (final CliSubcommand s : generated())
			if (s.command().getName().equals(className)) return s;
		return null;
	}

	/** The keys of {@code info} as SciJava declares them, with a fresh module's defaults. */
	private static Map<String, ModuleItem<?>> declaredKeys(final CommandInfo info) {
		final Map<String, ModuleItem<?>> keys = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.inputs()) {
			if (item.getVisibility() == ItemVisibility.MESSAGE) continue;
			final Class<?> t = item.getType();
			if (org.scijava.service.Service.class.isAssignableFrom(t) || Context.class.isAssignableFrom(
				t) || ImagePlus.class.isAssignableFrom(t)) continue;
			keys.put(item.getName(), item);
		}
		return keys;
	}

	@Test
	void everyKeyIsAnOptionWithItsDefaultAndEveryOptionIsAKeyOrCliOnly() {
		final Set<String> cliOnly = new HashSet<>();
		for (final CliOption o : CliOptions.ALL)
			cliOnly.add(o.name());
		final Set<String> names = new HashSet<>();
		for (final CliSubcommand s : generated())
			assertTrue(names.add(s.name()), "subcommand twice: " + s.name());
		try (Context context = new Context(CommandService.class)) {
			final List<CommandInfo> commands = pluginCommands(context);
			assertTrue(commands.size() >= 4, "commands: " + commands.size());
			int checked = 0;
			for (final CommandInfo info : commands) {
				final CliSubcommand sub = subcommandOf(info.getClassName());
				if (sub == null) {
					assertTrue(NO_CLI.contains(info.getClassName()), info.getClassName() +
						" has no CLI subcommand: add a CliSubcommand to CliSubcommands.all()");
					continue;
				}
				checked++;
				final Module fresh = context.service(ModuleService.class).createModule(info);
				final CommandSpec spec = sub.commandLine().getCommandSpec();
				final Set<String> keyOptions = new HashSet<>();
				for (final Map.Entry<String, ModuleItem<?>> e : declaredKeys(info).entrySet()) {
					final String key = e.getKey();
					final CliOption replacement = sub.replacement(key);
					if (replacement != null) {
						assertTrue(sub.cliOptions().contains(replacement), sub.name() + ": " + key);
						continue;
					}
					final String option = "--" + key.replace('_', '-');
					final OptionSpec o = spec.findOption(option);
					assertNotNull(o, sub.name() + ": key " + key + " has no option " + option);
					keyOptions.addAll(List.of(o.names()));
					// the declared default, shown and parsed back by the keys' parser, is the field's
					final Object declared = fresh.getInput(key);
					final CommandKey k = sub.model().key(key);
					assertEquals(declared == null ? "" : k.format(declared), o.defaultValue(), sub.name() +
						" " + option);
					if (declared != null && !(declared instanceof String && ((String) declared).isEmpty()))
						assertEquals(declared, k.parse(o.defaultValue()), sub.name() + " " + option);
					assertTrue(o.description()[0].contains("Default: "), sub.name() + " " + option);
					if (e.getValue().getChoices() != null && !e.getValue().getChoices().isEmpty()) assertEquals(String.join("|", k.choices()), o
						.paramLabel(), sub.name() + " " + option);
				}
				for (final OptionSpec o : spec.options())
					for (final String n : o.names())
						assertTrue(STANDARD.contains(n) || keyOptions.contains(n) || cliOnly.contains(n), sub
							.name() + ": option " + n + " is neither a key of " + info.getClassName() +
							" nor in CliOptions");
				for (final PositionalParamSpec p : spec.positionalParameters())
					assertTrue(cliOnly.contains(p.paramLabel()), sub.name() + ": positional " + p
						.paramLabel() + " is not in CliOptions");
			}
			assertEquals(generated().size(), checked,
				"a generated subcommand runs a command that is not under Plugins>ConvNet-IJ");
		}
	}

	@Test
	void errorsNameTheOptionForEveryKey() throws Exception {
		final Path in = Files.writeString(dir.resolve("in.csv"), "1 2 3 4\n5 6 7 8\n9 1 2 3\n4 5 6 7\n");
		final Path out = dir.resolve("out.tif");
		for (final CliSubcommand sub : CliSubcommands.all()) {
			for (final CommandKey k : sub.optionKeys()) {
				final String option = sub.optionName(k.key());
				final String bad;
				switch (k.kind()) {
					case INTEGER:
					case REAL:
						bad = "x1";
						break;
					case CHOICE:
						bad = "no-such-choice";
						break;
					case BOOLEAN:
						bad = "maybe";
						break;
					default:
						bad = BAD_TEXT.get(k.key());
						assertNotNull(bad, sub.name() + ": add a bad value for the key " + k.key() +
							" to BAD_TEXT");
				}
				final CliTest.Result r = CliTest.cli(sub.name(), option + "=" + bad, in.toString(), out
					.toString());
				assertEquals(Cli.BAD_INPUT, r.rc(), () -> sub.name() + " " + option + ": " + r.err());
				if (k.kind() == CommandKey.Kind.BOOLEAN) assertTrue(r.err().startsWith("error: " + option +
					": 'maybe' is not true or false"), r.err());
				else assertTrue(r.err().startsWith("error: " + option + ": "), () -> sub.name() + " " +
					option + "=" + bad + ": " + r.err());
				assertFalse(r.err().strip().contains("\n"), r.err());
				assertFalse(Files.exists(out), "output written");
			}
		}
	}

	@Test
	void messagesOfEveryKeyAreRenamedAndOthersLeftAlone() {
		for (final CliSubcommand sub : CliSubcommands.all()) {
			for (final CommandKey k : sub.model().keys()) {
				final String option = sub.optionName(k.key());
				final String expected = option != null ? option : k.key();
				assertEquals(expected + ": bad", sub.cliMessage(k.key() + ": bad"), sub.name());
			}
			assertEquals("no_such_key: bad", sub.cliMessage("no_such_key: bad"));
			assertEquals("nothing to rename", sub.cliMessage("nothing to rename"));
		}
		assertNull(CliSubcommands.convolve().optionName("image"), "images are not options");
	}

	@Test
	void booleansTakeAFlagOrAValue() throws Exception {
		final Path in = Files.writeString(dir.resolve("in.csv"), "1 2\n3 4\n");
		final Path a = dir.resolve("a.csv"), b = dir.resolve("b.csv"), c = dir.resolve("c.csv");
		CliTest.assertOk(CliTest.cli("correlate", "--kernel", "1 1", "--normalize", in.toString(), a
			.toString()));
		CliTest.assertOk(CliTest.cli("correlate", "--kernel", "1 1", "--normalize=true", in.toString(), b
			.toString()));
		CliTest.assertOk(CliTest.cli("correlate", "--kernel", "1 1", "--normalize", "false", in
			.toString(), c.toString()));
		assertEquals(Files.readString(a), Files.readString(b));
		final float[][] sum = CliTest.readText(c), mean = CliTest.readText(a);
		for (int y = 0; y < sum.length; y++)
			for (int x = 0; x < sum[y].length; x++)
				assertEquals(sum[y][x] / 2, mean[y][x], 0f);
	}
}
