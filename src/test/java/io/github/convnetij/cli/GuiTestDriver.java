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
import java.awt.TextComponent;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.ItemEvent;
import java.awt.event.ItemListener;
import java.awt.event.TextEvent;
import java.awt.event.TextListener;
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
		Choice boundary = null; // the choice with the boundary modes (the first is the named kernels)
		for (int i = 0; boundary == null; i++) {
			final Choice c = find(dialog, Choice.class, i);
			for (int k = 0; k < c.getItemCount(); k++)
				if (c.getItem(k).equals("nearest")) boundary = c;
		}
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
		final TextField constant = find(dialog, TextField.class, 0);
		check(!constant.isEnabled(), "Constant value is enabled with boundary=nearest");

		// an invalid kernel: OK disabled, the whole reason wrapped in the dialog, the original back
		final Button ok = button(dialog, "OK");
		setText(kernel, "laplaciansobel-x");
		Thread.sleep(1500);
		check(!ok.isEnabled(), "OK is enabled with kernel laplaciansobel-x");
		final TextArea message = find(dialog, TextArea.class, 1);
		check(message.getText().startsWith("Kernel (kernel): 'laplaciansobel-x'"), "message: " +
			message.getText());
		for (final String line : message.getText().split("\n"))
			check(line.length() <= 64, "message line of " + line.length() + " characters: " + line);
		check(message.getWidth() <= dialog.getWidth(), "message wider than the dialog");
		screenshot(out.resolve("gui-convolve-invalid.png"));
		final Class<?> wm0 = ij.getClass().getClassLoader().loadClass("ij.WindowManager");
		final Object image0 = wm0.getMethod("getImage", String.class).invoke(null, title);
		final Object shown = image0.getClass().getMethod("duplicate").invoke(image0); // saving renames
		ijClass(ij, "ij.IJ").getMethod("saveAsTiff", ij.getClass().getClassLoader().loadClass(
			"ij.ImagePlus"), String.class).invoke(null, shown, out.resolve("original-invalid.tif")
				.toString());
		setText(kernel, "sobel-x");
		Thread.sleep(1500);
		check(ok.isEnabled(), "OK stays disabled after the kernel was corrected");
		check(message.getText().isEmpty(), "message left: " + message.getText());

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
		final Object original = getImage.invoke(null, title);
		saveAsTiff.invoke(null, original.getClass().getMethod("duplicate").invoke(original), out
			.resolve("original.tif").toString()); // a copy: saving renames the image
		final Object recorder = loader.loadClass("ij.plugin.frame.Recorder").getMethod("getInstance")
			.invoke(null);
		Files.writeString(out.resolve("recorded.ijm"), (String) recorder.getClass().getMethod(
			"getText").invoke(recorder));

		// the dialog reopens with the values of the last OK; Reset goes back to the defaults
		log.println("step: reopen");
		selectImage(loader, title);
		final Dialog again = pick(ij, "Convolve Image", "Plugins", "ConvNet-IJ", "Filters",
			"Convolve Image...");
		again.setLocation(Math.max(imageWindow.getX() + imageWindow.getWidth() + 20, 380), 110);
		Thread.sleep(500);
		final TextArea kernelAgain = find(again, TextArea.class, 0);
		log.println("step: reopened");
		check(kernelAgain.getText().equals("sobel-x"), "reopened with kernel " + kernelAgain
			.getText());
		check(find(again, Choice.class, 1).getSelectedItem().equals("nearest"),
			"reopened with boundary " + find(again, Choice.class, 1).getSelectedItem());
		screenshot(out.resolve("gui-convolve-dialog.png"));
		press(button(again, "Reset"));
		log.println("step: reset");
		Thread.sleep(300);
		check(kernelAgain.getText().equals("laplacian"), "after Reset: kernel " + kernelAgain
			.getText());
		check(find(again, Choice.class, 1).getSelectedItem().equals("reflect"),
			"after Reset: boundary " + find(again, Choice.class, 1).getSelectedItem());
		press(button(again, "Cancel"));
		await("the closed Convolve dialog", () -> again.isShowing() ? null : again);

		// Pool: Window size 0 disables OK as it is typed; a run-time error comes in a wrapped dialog
		log.println("step: pool");
		selectImage(loader, title);
		final Dialog pool = pick(ij, "Pool Image", "Plugins", "ConvNet-IJ", "Filters",
			"Pool Image...");
		pool.setLocation(Math.max(imageWindow.getX() + imageWindow.getWidth() + 20, 380), 110);
		Thread.sleep(500);
		final TextField size = find(pool, TextField.class, 0);
		setText(size, "0");
		Thread.sleep(300);
		check(!button(pool, "OK").isEnabled(), "Pool: OK is enabled with Window size 0");
		final TextArea poolMessage = find(pool, TextArea.class, 0);
		check(poolMessage.getText().startsWith("Window size (size): 0 is not allowed"),
			"Pool message: " + poolMessage.getText());
		screenshot(out.resolve("gui-pool-dialog.png"));
		setText(size, "300");
		Thread.sleep(300);
		check(button(pool, "OK").isEnabled(), "Pool: OK is disabled with Window size 300");
		press(button(pool, "OK"));
		log.println("step: pool OK");
		final Dialog error = await("the Pool Image error", () -> {
			for (final Window w : Window.getWindows())
				if (w instanceof Dialog && w != pool && w.isShowing() && "Pool Image".equals(((Dialog) w)
					.getTitle())) return (Dialog) w;
			return null;
		});
		Thread.sleep(500);
		final Rectangle screen = new Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
		log.println("error dialog: " + error.getWidth() + " x " + error.getHeight() + " on a screen " +
			screen.width + " wide");
		check(error.getWidth() <= screen.width, "the error dialog is " + error.getWidth() +
			" pixels wide, the screen " + screen.width);
		check(error.getWidth() <= 640, "the error dialog is " + error.getWidth() + " pixels wide");
		screenshot(out.resolve("gui-pool-error.png"));
		press(button(error, "OK"));
		await("the closed error", () -> error.isShowing() ? null : error);

		// Augment: the montage live while the dialog is open; after OK the replicates are active
		log.println("step: augment");
		selectImage(loader, title);
		final Dialog augment = pick(ij, "Augment Image", "Plugins", "ConvNet-IJ",
			"Augment Image...");
		augment.setLocation(Math.max(imageWindow.getX() + imageWindow.getWidth() + 20, 380), 20);
		Thread.sleep(500);
		setText(find(augment, TextField.class, 0), "20");
		Checkbox montage = null;
		for (int i = 0; montage == null; i++) {
			final Checkbox c = find(augment, Checkbox.class, i);
			if (c.getLabel().startsWith("Preview montage")) montage = c;
		}
		montage.setState(true);
		fire(montage, new ItemEvent(montage, ItemEvent.ITEM_STATE_CHANGED, montage,
			ItemEvent.SELECTED));
		final Frame live = await("the live montage", () -> frame("Preview of rings-augment-preview"));
		live.setLocation(10, 420);
		Thread.sleep(1000);
		screenshot(out.resolve("gui-augment-dialog.png"));
		press(button(augment, "OK"));
		log.println("step: augment OK");
		await("the replicates", () -> frame("rings-augmented"));
		await("the montage", () -> frame("rings-augment-preview"));
		Thread.sleep(1000);
		final Object current = wm.getMethod("getCurrentImage").invoke(null);
		final String currentTitle = (String) current.getClass().getMethod("getTitle").invoke(current);
		check(currentTitle.equals("rings-augmented"), "active after Augment: " + currentTitle);
		check(frame("Preview of rings-augment-preview") == null, "the live montage is still open");
		screenshot(out.resolve("gui-augment-result.png"));
		Files.writeString(out.resolve("recorded.ijm"), (String) recorder.getClass().getMethod(
			"getText").invoke(recorder));
	}

	private static void check(final boolean ok, final String problem) {
		if (!ok) throw new IllegalStateException(problem);
	}

	private static Class<?> ijClass(final Frame ij, final String name) throws Exception {
		return ij.getClass().getClassLoader().loadClass(name);
	}

	private static void selectImage(final ClassLoader loader, final String title) throws Exception {
		final Class<?> wm = loader.loadClass("ij.WindowManager");
		final Object imp = wm.getMethod("getImage", String.class).invoke(null, title);
		final Object win = imp.getClass().getMethod("getWindow").invoke(imp);
		((Frame) win).toFront();
		wm.getMethod("setCurrentWindow", loader.loadClass("ij.gui.ImageWindow")).invoke(null, win);
		Thread.sleep(300);
	}

	/** Picks a menu item on a thread of its own; the dialog it opens. */
	private static Dialog pick(final Frame ij, final String dialogTitle, final String... path)
		throws Exception
	{
		final MenuItem item = menuItem(ij.getMenuBar(), path);
		final Thread t = new Thread(() -> {
			for (final ActionListener l : item.getActionListeners())
				l.actionPerformed(new ActionEvent(item, ActionEvent.ACTION_PERFORMED, item
					.getActionCommand()));
		}, "menu pick " + dialogTitle);
		t.setDaemon(true);
		t.start();
		return await("the " + dialogTitle + " dialog", () -> {
			for (final Window w : Window.getWindows())
				if (w instanceof Dialog && w.isShowing() && dialogTitle.equals(((Dialog) w).getTitle()))
					return (Dialog) w;
			return null;
		});
	}

	private static void press(final Button b) {
		for (final ActionListener l : b.getActionListeners())
			l.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, b.getLabel()));
	}

	/** Sets a text field's text and tells its listeners, as typing does. */
	private static void setText(final TextComponent c, final String text) {
		c.setText(text);
		for (final TextListener l : c.getTextListeners())
			l.textValueChanged(new TextEvent(c, TextEvent.TEXT_VALUE_CHANGED));
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
		final StringBuilder windows = new StringBuilder();
		for (final Window w : Window.getWindows())
			if (w.isShowing()) windows.append("\n  ").append(w.getClass().getSimpleName()).append(' ')
				.append(w instanceof Frame ? ((Frame) w).getTitle() : w instanceof Dialog ? ((Dialog) w)
					.getTitle() : "").append(w instanceof Dialog ? ": " + texts((Dialog) w) : "");
		throw new IllegalStateException("timed out waiting for " + what + "; windows:" + windows);
	}

	/** The labels and texts in a dialog, for a failure message. */
	private static String texts(final Container c) {
		final StringBuilder sb = new StringBuilder();
		for (final Component child : c.getComponents()) {
			if (child instanceof java.awt.Label) sb.append(((java.awt.Label) child).getText()).append(
				" | ");
			if (child instanceof TextComponent) sb.append(((TextComponent) child).getText()).append(
				" | ");
			if (child instanceof Container) sb.append(texts((Container) child));
			if (child.getClass().getSimpleName().equals("MultiLineLabel")) sb.append(child).append(
				" | ");
		}
		return sb.toString();
	}
}
