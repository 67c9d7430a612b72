package io.github.convnetij.ij1;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.scijava.MenuEntry;
import org.scijava.MenuPath;
import org.scijava.command.Command;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.DefaultPluginFinder;

/**
 * The ImageJ 1.x menu entries of ConvNet-IJ: one {@code plugins.config} line per SciJava command
 * whose menu path is under {@value #MENU}, found in the SciJava plugin index, each running
 * {@link CommandBridge} with the command's class name. {@code ConvNet_IJ.jar} ships these lines
 * as {@code plugins.config} (written in {@code src/ij1/resources/plugins.config} and checked
 * against this class by a test); the {@code macro} and {@code gui} subcommands of the command line
 * generate them at run time.
 * <pre>{@code
 * String config = PluginsConfig.text(PluginsConfig.class.getClassLoader());
 * // Plugins>ConvNet-IJ>Filters, "Convolve Image...", io.github.convnetij.ij1.CommandBridge("io.github.convnetij.command.ConvolveImageCommand")
 * }</pre>
 */
public final class PluginsConfig {

	/** The menu that holds every ConvNet-IJ command. */
	public static final String MENU = "Plugins>ConvNet-IJ";

	/**
	 * ImageJ's own menus where ConvNet-IJ's commands of package {@value #OWN_PACKAGE} also get an
	 * entry: its <i>About</i> and its bundled sample.
	 */
	public static final java.util.Set<String> OTHER_MENUS = java.util.Set.of("Help>About Plugins",
		"File>Open Samples");

	/** The package of ConvNet-IJ's commands. */
	static final String OWN_PACKAGE = "io.github.convnetij.command.";

	private static final String HEADER = "# ImageJ 1.x menu entries of ConvNet-IJ (ConvNet_IJ.jar only: " +
		"Fiji shows the SciJava commands themselves).\n" +
		"# One line per SciJava command under " + MENU + ", each run by the generic bridge\n" +
		"# io.github.convnetij.ij1.CommandBridge with the command's class name as its argument.\n" +
		"# Must list exactly the commands of the SciJava plugin index: checked by PluginsConfigTest.\n";

	/** A command's menu entry: the submenu, the label, the command's class. */
	public static final class Entry {

		private final String menu;
		private final String label;
		private final String className;

		Entry(final String menu, final String label, final String className) {
			this.menu = menu;
			this.label = label;
			this.className = className;
		}

		/** The submenu, such as {@code Plugins>ConvNet-IJ>Filters}. */
		public String menu() {
			return menu;
		}

		/** The menu label and macro command name, such as {@code Convolve Image...}. */
		public String label() {
			return label;
		}

		/** The SciJava command's class. */
		public String className() {
			return className;
		}

		/** The {@code plugins.config} line. */
		public String line() {
			return menu + ", \"" + label + "\", " + CommandBridge.class.getName() + "(\"" + className +
				"\")";
		}
	}

	private PluginsConfig() {}

	/**
	 * The entries of the commands under {@value #MENU} in the plugin index that {@code loader}
	 * sees, sorted by submenu and label.
	 */
	public static List<Entry> entries(final ClassLoader loader) {
		final PluginIndex index = new PluginIndex(new DefaultPluginFinder(loader));
		index.discover();
		final List<Entry> entries = new ArrayList<>();
		for (final PluginInfo<Command> info : index.getPlugins(Command.class)) {
			final MenuPath path = info.getMenuPath();
			if (path == null || path.size() < 2) continue;
			final StringBuilder menu = new StringBuilder();
			for (final MenuEntry e : path.subList(0, path.size() - 1))
				menu.append(menu.length() == 0 ? "" : ">").append(e.getName().trim());
			if (!(menu + ">").startsWith(MENU + ">") && !(OTHER_MENUS.contains(menu.toString()) && info
				.getClassName().startsWith(OWN_PACKAGE))) continue;
			entries.add(new Entry(menu.toString(), path.getLeaf().getName().trim(), info
				.getClassName()));
		}
		entries.sort(Comparator.comparing(Entry::menu).thenComparing(Entry::label));
		return entries;
	}

	/** The {@code plugins.config} text: a comment header, then one line per entry. */
	public static String text(final ClassLoader loader) {
		final StringBuilder sb = new StringBuilder(HEADER);
		for (final Entry e : entries(loader))
			sb.append(e.line()).append('\n');
		return sb.toString();
	}
}
