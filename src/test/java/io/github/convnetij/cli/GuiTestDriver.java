package io.github.convnetij.cli;

import java.awt.AWTEvent;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextArea;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.ItemEvent;
import java.awt.event.ItemListener;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

/**
 * Drives {@code convnet-ij-cli gui} like a user, in a JVM with a display (run by {@link GuiTest}
 * under Xvfb): starts the GUI through {@link Main}, opens an image, starts the Macro Recorder,
 * picks <i>Plugins&gt;ConvNet-IJ&gt;Filters&gt;Convolve Image...</i> from the menu bar, types a
 * kernel, picks a boundary, turns the preview on, presses OK, and waits for the result window.
 * It saves screenshots (with the dialog and preview, and with the result), the result and the
 * original as TIFFs and the recorder's text, and exits 0; any failure exits 1 with the reason.
 * ImageJ lives in a class loader of its own: it is reached through AWT (shared with it) and
 * reflection.
 * <pre>{@code
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp ... io.github.convnetij.cli.GuiTestDriver OUT_DIR IMAGE.tif
 * }</pre>
 */
public final class GuiTestDriver {

	private static final long TIMEOUT_MS = 60_000;

	private GuiTestDriver() {}

	public static void main(final String[] args) {
		final PrintStream log = System.out;
		try {
			run(Path.of(args[0]), Path.of(args[1]), log);
			log.println("GUI TEST OK");
			System.exit(0);
		}
		catch (final Throwable t) {
			log.println("GUI TEST FAILED: " + t);
			for (final StackTraceElement s : t.getStackTrace())
				log.println("\tat " + s);
			System.exit(1);
		}
	}

	private static void run(final Path out, final Path image, final PrintStream log)
		throws Exception
	{
		if (GraphicsEnvironment.isHeadless()) throw new IllegalStateException("no display");
		Files.createDirectories(out);
		final Thread gui = new Thread(() -> Main.run(new String[] { "gui" }, System.out, System.err),
			"gui subcommand");
		gui.setDaemon(true);
		gui.start();
		final Frame ij = await("the ImageJ window", () -> {
			for (final Frame f : Frame.getFrames())
				if (f.isShowing() && f.getClass().getName().equals("ij.ImageJ")) return f;
			return null;
		});
		log.println("ImageJ window: " + ij.getTitle());
		final ClassLoader loader = ij.getClass().getClassLoader();
		final Class<?> ijClass = loader.loadClass("ij.IJ");

		// open the image and start the recorder, as File>Open and Plugins>Macros>Record... do
		ijClass.getMethod("open", String.class).invoke(null, image.toString());
		final String title = image.getFileName().toString();
		final Frame imageWindow = await("the image window", () -> frame(title));
		ijClass.getMethod("run", String.class).invoke(null, "Record...");
		final Frame recorderWindow = await("the recorder", () -> frame("Recorder"));
		recorderWindow.setBounds(10, 420, 600, 300);
		imageWindow.setLocation(10, 110);
		imageWindow.toFront();
		Thread.sleep(300);

		// Plugins>ConvNet-IJ>Filters>Convolve Image... from the menu bar
		final MenuItem item = menuItem(ij.getMenuBar(), "Plugins", "ConvNet-IJ", "Filters",
			"Convolve Image...");
		final Thread pick = new Thread(() -> {
			for (final ActionListener l : item.getActionListeners())
				l.actionPerformed(new ActionEvent(item, ActionEvent.ACTION_PERFORMED, item
					.getActionCommand()));
		}, "menu pick");
		pick.start();
		final Dialog dialog = await("the Convolve Image dialog", () -> {
			for (final Window w : Window.getWindows())
				if (w instanceof Dialog && w.isShowing() && "Convolve Image".equals(((Dialog) w)
					.getTitle())) return (Dialog) w;
			return null;
		});
		Thread.sleep(500);
		dialog.setLocation(Math.max(imageWindow.getX() + imageWindow.getWidth() + 20, 380), 110);
		final TextArea kernel = find(dialog, TextArea.class, 0);
		kernel.setText("sobel-x");
		final Choice boundary = find(dialog, Choice.class, 0);
		boundary.select("nearest");
		fire(boundary, new ItemEvent(boundary, ItemEvent.ITEM_STATE_CHANGED, "nearest",
			ItemEvent.SELECTED));
		Checkbox preview = null;
		for (int i = 0; preview == null; i++) {
			final Checkbox c = find(dialog, Checkbox.class, i);
			if ("Preview".equals(c.getLabel())) preview = c;
		}
		preview.setState(true);
		fire(preview, new ItemEvent(preview, ItemEvent.ITEM_STATE_CHANGED, preview,
			ItemEvent.SELECTED));
		Thread.sleep(2000); // the preview runs in the background
		screenshot(out.resolve("gui-dialog-preview.png"));
		log.println("dialog and preview: " + out.resolve("gui-dialog-preview.png"));

		final Button ok = button(dialog, "OK");
		for (final ActionListener l : ok.getActionListeners())
			l.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK"));
		final String base = title.replaceFirst("\\.[^.]*$", "");
		final Frame result = await("the result window", () -> frame(base + "-convolved"));
		pick.join(TIMEOUT_MS);
		result.setLocation(imageWindow.getX() + imageWindow.getWidth() + 20, 110);
		result.toFront();
		Thread.sleep(1000);
		screenshot(out.resolve("gui-result.png"));
		log.println("result window: " + result.getTitle());

		// the result and the original (the preview must have been undone) as files
		final Class<?> wm = loader.loadClass("ij.WindowManager");
		final Method getImage = wm.getMethod("getImage", String.class);
		final Method saveAsTiff = ijClass.getMethod("saveAsTiff", loader.loadClass("ij.ImagePlus"),
			String.class);
		saveAsTiff.invoke(null, getImage.invoke(null, result.getTitle()), out.resolve("result.tif")
			.toString());
		saveAsTiff.invoke(null, getImage.invoke(null, title), out.resolve("original.tif").toString());
		final Object recorder = loader.loadClass("ij.plugin.frame.Recorder").getMethod("getInstance")
			.invoke(null);
		Files.writeString(out.resolve("recorded.ijm"), (String) recorder.getClass().getMethod(
			"getText").invoke(recorder));
	}

	private static Frame frame(final String title) {
		for (final Frame f : Frame.getFrames())
			if (f.isShowing() && title.equals(f.getTitle())) return f;
		return null;
	}

	private static MenuItem menuItem(final MenuBar bar, final String... path) {
		Menu menu = null;
		for (int i = 0; i < bar.getMenuCount() && menu == null; i++)
			if (bar.getMenu(i).getLabel().equals(path[0])) menu = bar.getMenu(i);
		if (menu == null) throw new IllegalStateException("no menu " + path[0]);
		for (int p = 1; p < path.length; p++) {
			MenuItem next = null;
			for (int i = 0; i < menu.getItemCount() && next == null; i++)
				if (path[p].equals(menu.getItem(i).getLabel())) next = menu.getItem(i);
			if (next == null) throw new IllegalStateException("no menu item " + path[p] + " in " + menu
				.getLabel());
			if (p == path.length - 1) return next;
			menu = (Menu) next;
		}
		throw new IllegalStateException("empty path");
	}

	private static void fire(final Component c, final AWTEvent e) {
		if (c instanceof Choice) for (final ItemListener l : ((Choice) c).getItemListeners())
			l.itemStateChanged((ItemEvent) e);
		else if (c instanceof Checkbox) for (final ItemListener l : ((Checkbox) c).getItemListeners())
			l.itemStateChanged((ItemEvent) e);
	}

	/** The n-th component of {@code type} in {@code c}, depth first. */
	private static <T extends Component> T find(final Container c, final Class<T> type, final int n) {
		final java.util.List<T> found = new java.util.ArrayList<>();
		collect(c, type, found);
		if (n >= found.size()) throw new IllegalStateException("no " + type.getSimpleName() + " #" +
			n + " in the dialog");
		return found.get(n);
	}

	private static <T extends Component> void collect(final Container c, final Class<T> type,
		final java.util.List<T> found)
	{
		for (final Component child : c.getComponents()) {
			if (type.isInstance(child)) found.add(type.cast(child));
			if (child instanceof Container) collect((Container) child, type, found);
		}
	}

	private static Button button(final Container c, final String label) {
		final java.util.List<Button> buttons = new java.util.ArrayList<>();
		collect(c, Button.class, buttons);
		for (final Button b : buttons)
			if (label.equals(b.getLabel().trim())) return b;
		throw new IllegalStateException("no button " + label);
	}

	private static void screenshot(final Path png) throws Exception {
		final Rectangle screen = new Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
		ImageIO.write(new Robot().createScreenCapture(screen), "png", png.toFile());
	}

	private static <T> T await(final String what, final Callable<T> probe) throws Exception {
		final long end = System.currentTimeMillis() + TIMEOUT_MS;
		while (System.currentTimeMillis() < end) {
			final T t = probe.call();
			if (t != null) return t;
			Thread.sleep(100);
		}
		throw new IllegalStateException("timed out waiting for " + what);
	}
}
