package io.github.convnetij.ij1;

import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.ItemEvent;
import java.awt.event.ItemListener;
import java.awt.event.TextEvent;
import java.awt.event.TextListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * Opens the dialogs of <i>Show Feature Maps...</i> and <i>Show CNN Filters...</i> on a display
 * (run by {@link LayerChoicesDialogTest} under Xvfb), types a model file into the model field as
 * a user would, waits for the layer drop-down to list the model's layers, picks one, saves a
 * screenshot of the dialog, presses OK and prints the values the dialog gives, one
 * {@code key=value} per line; exits 0 after {@code DIALOG TEST OK}, 1 with the reason.
 * <pre>{@code
 * java -Djava.awt.headless=false -cp ... io.github.convnetij.ij1.LayerChoicesDialogDriver OUT_DIR MODEL.onnx
 * }</pre>
 */
public final class LayerChoicesDialogDriver {

	private static final long TIMEOUT_MS = 60_000;

	private LayerChoicesDialogDriver() {}

	public static void main(final String[] args) {
		try {
			run(Path.of(args[0]), Path.of(args[1]));
			System.out.println("DIALOG TEST OK");
			System.exit(0);
		}
		catch (final Throwable t) {
			System.out.println("DIALOG TEST FAILED: " + t);
			for (final StackTraceElement s : t.getStackTrace())
				System.out.println("\tat " + s);
			System.exit(1);
		}
	}

	private static void run(final Path out, final Path model) throws Exception {
		if (GraphicsEnvironment.isHeadless()) throw new IllegalStateException("no display");
		try (Context context = new Context(CommandService.class)) {
			dialog(context, "io.github.convnetij.command.ShowFeatureMapsCommand", "Show Feature Maps",
				model, "relu2", out.resolve("dialog-feature-maps.png"));
			dialog(context, "io.github.convnetij.command.ShowCnnFiltersCommand", "Show CNN Filters",
				model, "conv2", out.resolve("dialog-filters.png"));
		}
	}

	private static void dialog(final Context context, final String className, final String title,
		final Path model, final String pick, final Path png) throws Exception
	{
		final BridgedCommand command = BridgedCommand.of(context, className);
		final AtomicReference<Map<String, Object>> values = new AtomicReference<>();
		final Thread shower = new Thread(() -> values.set(new ParameterDialog(command).show()),
			"dialog");
		shower.start();
		final Dialog d = await("the " + title + " dialog", () -> {
			for (final Window w : Window.getWindows())
				if (w instanceof Dialog && w.isShowing() && title.equals(((Dialog) w).getTitle()))
					return (Dialog) w;
			return null;
		});
		Thread.sleep(500);
		d.setLocation(20, 20);
		final Choice layer = find(d, Choice.class, 0);
		System.out.println(title + ": layer items before a model is chosen: " + items(layer));
		// type the model file as a user would: the dialog hears a text event
		final TextField modelField = find(d, TextField.class, 0);
		EventQueue.invokeAndWait(() -> {
			modelField.setText(model.toString());
			for (final TextListener l : modelField.getTextListeners())
				l.textValueChanged(new TextEvent(modelField, TextEvent.TEXT_VALUE_CHANGED));
		});
		await("the layer list", () -> layer.getItemCount() > 1 ? layer : null);
		System.out.println(title + ": layer items: " + String.join(",", items(layer)));
		EventQueue.invokeAndWait(() -> {
			layer.select(pick);
			for (final ItemListener l : layer.getItemListeners())
				l.itemStateChanged(new ItemEvent(layer, ItemEvent.ITEM_STATE_CHANGED, pick,
					ItemEvent.SELECTED));
		});
		Thread.sleep(800);
		ImageIO.write(new Robot().createScreenCapture(d.getBounds()), "png", png.toFile());
		// and with the list open, as a user clicking it sees it
		final Robot robot = new Robot();
		final java.awt.Point at = layer.getLocationOnScreen();
		robot.mouseMove(at.x + layer.getWidth() / 2, at.y + layer.getHeight() / 2);
		robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
		Thread.sleep(800);
		final java.awt.Rectangle r = d.getBounds();
		r.height += 200;
		ImageIO.write(robot.createScreenCapture(r), "png", png.resolveSibling(png.getFileName()
			.toString().replace(".png", "-open.png")).toFile());
		robot.keyPress(java.awt.event.KeyEvent.VK_ESCAPE);
		robot.keyRelease(java.awt.event.KeyEvent.VK_ESCAPE);
		Thread.sleep(300);
		EventQueue.invokeAndWait(() -> layer.select(pick)); // Escape leaves the pick, but be sure
		final Button ok = button(d, "OK");
		if (!ok.isEnabled()) throw new IllegalStateException(title + ": OK is disabled");
		EventQueue.invokeAndWait(() -> {
			for (final ActionListener l : ok.getActionListeners())
				l.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK"));
		});
		shower.join(TIMEOUT_MS);
		final Map<String, Object> v = values.get();
		if (v == null) throw new IllegalStateException(title + ": the dialog gave no values");
		for (final Map.Entry<String, Object> e : v.entrySet())
			System.out.println(title + ": " + e.getKey() + "=" + e.getValue());
	}

	private static List<String> items(final Choice c) {
		final List<String> l = new ArrayList<>();
		for (int i = 0; i < c.getItemCount(); i++)
			l.add(c.getItem(i));
		return l;
	}

	private static Button button(final Container c, final String label) {
		final List<Button> all = new ArrayList<>();
		collect(c, Button.class, all);
		for (final Button b : all)
			if (b.getLabel() != null && label.equals(b.getLabel().trim())) return b;
		throw new IllegalStateException("no " + label + " button");
	}

	private static <T extends Component> T find(final Container c, final Class<T> type, final int n) {
		final List<T> found = new ArrayList<>();
		collect(c, type, found);
		if (n >= found.size()) throw new IllegalStateException("no " + type.getSimpleName() + " #" +
			n + " in the dialog");
		return found.get(n);
	}

	private static <T extends Component> void collect(final Container c, final Class<T> type,
		final List<T> found)
	{
		for (final Component child : c.getComponents()) {
			if (type.isInstance(child)) found.add(type.cast(child));
			if (child instanceof Container) collect((Container) child, type, found);
		}
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
