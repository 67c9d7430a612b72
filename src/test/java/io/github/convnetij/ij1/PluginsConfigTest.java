package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;

/**
 * {@code src/ij1/resources/plugins.config} (the menu entries of {@code ConvNet_IJ.jar}) lists exactly
 * the ConvNet-IJ commands of the SciJava plugin index, and every command's macro keys follow
 * ImageJ's parsing rules.
 */
class PluginsConfigTest {

	private static final Path FILE = Path.of("src/ij1/resources/plugins.config");

	@Test
	void theFileListsExactlyTheCommandsOfThePluginIndex() throws Exception {
		final String expected = PluginsConfig.text(getClass().getClassLoader());
		final String actual = Files.readString(FILE, StandardCharsets.UTF_8);
		assertEquals(expected, actual, FILE + " is out of date: replace it with the text above " +
			"(PluginsConfig.text) after adding, renaming or moving a command");
	}

	@Test
	void everyCommandUnderTheConvNetMenuHasAnEntry() {
		final Set<String> listed = new HashSet<>();
		for (final PluginsConfig.Entry e : PluginsConfig.entries(getClass().getClassLoader()))
			listed.add(e.className());
		try (Context context = new Context(PluginService.class)) {
			int n = 0;
			for (final PluginInfo<Command> info : context.service(PluginService.class).getPluginsOfType(
				Command.class))
			{
				if (info.getMenuPath() == null || info.getMenuPath().isEmpty() || !info.getMenuPath()
					.get(0).getName().equals("Plugins") || info.getMenuPath().size() < 3 || !info
						.getMenuPath().get(1).getName().equals("ConvNet-IJ")) continue;
				assertTrue(listed.contains(info.getClassName()), info.getClassName() + " has no entry");
				n++;
			}
			int others = 0; // ConvNet-IJ's About and sample, in ImageJ's own menus
			for (final PluginsConfig.Entry e : PluginsConfig.entries(getClass().getClassLoader()))
				if (PluginsConfig.OTHER_MENUS.contains(e.menu())) others++;
			assertEquals(listed.size(), n + others);
			assertTrue(n >= 4, "commands: " + n);
		}
	}

	/**
	 * ImageJ's {@code Macro.getValue} finds {@code key=} after any non-letter, so within one command
	 * no key may be the part after an underscore (or digit) of another: {@code size} next to
	 * {@code output_size} would read the wrong value.
	 */
	@Test
	void noKeyIsTheTailOfAnotherKey() {
		try (Context context = new Context(CommandService.class)) {
			for (final PluginsConfig.Entry e : PluginsConfig.entries(getClass().getClassLoader())) {
				final List<String> keys = new ArrayList<>(BridgedCommand.of(context, e.className())
					.keys());
				for (final String a : keys)
					for (final String b : keys)
						if (!a.equals(b) && b.endsWith(a)) assertTrue(Character.isLetter(b.charAt(b
							.length() - a.length() - 1)), e.label() + ": key '" + a + "' is the tail of '" + b +
								"', which ImageJ's option parser cannot tell apart");
				for (final String k : keys)
					assertTrue(k.matches("[a-z][a-z0-9_]*"), e.label() + ": key '" + k +
						"' is not snake_case");
			}
		}
	}

	@Test
	void imageJInstallsEveryEntryUnderItsLabel() throws Exception {
		final Map<?, ?> commands = (Map<?, ?>) SharedImageJ.get().classLoader().loadClass("ij.Menus")
			.getMethod("getCommands").invoke(null);
		for (final PluginsConfig.Entry e : PluginsConfig.entries(getClass().getClassLoader())) {
			assertEquals(CommandBridge.class.getName() + "(\"" + e.className() + "\")", commands.get(e
				.label()), e.label());
			assertFalse(e.label().isBlank());
		}
	}
}
