package io.github.convnetij.ij1;

import java.awt.AWTEvent;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Color;
import java.awt.Choice;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.Panel;
import java.awt.TextArea;
import java.awt.TextComponent;
import java.awt.TextField;
import java.awt.event.ItemEvent;
import java.awt.event.TextEvent;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.scijava.MenuEntry;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.io.OpenDialog;
import ij.io.SaveDialog;
import io.github.convnetij.command.model.CommandModel;
import io.github.convnetij.ops.Kernels;

/**
 * The dialog of a command run from the menu: a {@link GenericDialog} with one field per input,
 * built from the parameter metadata (label, kind, choices, default, validater, description), with
 * a help page listing every macro key. Values are read from the fields directly (not with
 * {@code getNext...()}, which would record keys made from the labels): {@link CommandBridge}
 * records them by parameter name. What every command's dialog gets from its metadata:
 * <ul>
 * <li>the values last accepted with OK ({@link DialogMemory}, never when a macro runs), and a
 * <i>Reset</i> button back to the declared defaults;</li>
 * <li>every field checked as the user types: the parse of each value and the command's live
 * checks ({@code check<Key>()} methods, see {@link #validate}); an invalid value disables OK, and the whole reason, wrapped, naming
 * the field by its label with the macro key in parentheses, is shown in the dialog;</li>
 * <li>a live preview ({@link FilterPreview}) for filters (commands in a {@code Filters} menu with
 * one image input: a <i>Preview</i> checkbox, as ImageJ's <i>Convolve...</i> has) and for commands
 * with a {@code preview} checkbox and an optional image output (Augment's montage, shown in a
 * window of its own); an invalid value puts the original back, so no stale result stays on
 * screen;</li>
 * <li>a text key whose choices the command computes from another key's value
 * ({@link io.github.convnetij.command.model.DynamicChoices}: the layers of the chosen model file) is a
 * drop-down, filled in the background whenever that value changes; it keeps the chosen item when
 * the new list has it (macros still take any text, and the recorder records the item);</li>
 * <li>a numeric field described as "for {@code key=choice}" (the constant value of
 * {@code boundary=constant}) enabled only with that choice; {@code stack...} choices shown only for
 * stacks; for a {@code kernel} field, a drop-down of the named kernels and <i>Open...</i> /
 * <i>Save...</i> buttons for kernel text files, as ImageJ's <i>Convolve...</i> has.</li>
 * </ul>
 * <pre>{@code
 * Map<String, Object> values = new ParameterDialog(command).show(); // null if canceled
 * }</pre>
 */
final class ParameterDialog implements DialogListener {

	/** Columns of the wrapped messages in dialogs. */
	static final int MESSAGE_COLUMNS = 64;

	/** A dialog field and the input it sets. */
	private static final class Field {

		final CommandInput input;
		final Component component;

		Field(final CommandInput input, final Component component) {
			this.input = input;
			this.component = component;
		}
	}

	/** A drop-down of computed choices ({@link CommandModel#choices}) and the field they follow. */
	private static final class Following {

		final CommandInput input;
		final String follows;
		final Choice choice;
		/** The followed field's text the items are (being) computed for. */
		String requested;
		/** Counts requests: only the latest one's result is shown. */
		int generation;

		Following(final CommandInput input, final String follows, final Choice choice) {
			this.input = input;
			this.follows = follows;
			this.choice = choice;
		}
	}

	/** {@code for boundary=constant} in a description: the field is used only with that choice. */
	private static final Pattern ONLY_FOR = Pattern.compile("\\bfor ([a-z][a-z0-9_]*)=([A-Za-z]+)");

	private final BridgedCommand command;
	private final List<Field> fields = new ArrayList<>();
	/** Drop-downs whose items follow another field's value, by key. */
	private final Map<String, Following> following = new LinkedHashMap<>();
	private final Map<String, Object> hidden = new LinkedHashMap<>();
	private final ImagePlus active;
	private final CommandInput singleImage;
	private final boolean interactive;
	private GenericDialog gd;
	private TextArea message;
	private Checkbox previewBox;
	private FilterPreview preview;
	/** True when the preview checkbox is the command's own {@code preview} input. */
	private boolean previewKey;

	ParameterDialog(final BridgedCommand command) {
		this.command = command;
		this.active = WindowManager.getCurrentImage();
		final List<CommandInput> images = command.imageInputs();
		this.singleImage = images.size() == 1 ? images.get(0) : null;
		this.interactive = DialogMemory.interactive();
	}

	/** True for a filter: one image input, under a {@code Filters} menu. */
	static boolean isFilter(final BridgedCommand command) {
		if (command.imageInputs().size() != 1 || command.info().getMenuPath() == null) return false;
		for (final MenuEntry e : command.info().getMenuPath())
			if (e.getName().trim().equals("Filters")) return true;
		return false;
	}

	/**
	 * The image output a {@code preview} checkbox shows: the first optional image output of a
	 * command with a boolean {@code preview} input and one image input; null for other commands.
	 */
	static String previewOutput(final BridgedCommand command) {
		if (command.imageInputs().size() != 1) return null;
		boolean box = false;
		for (final CommandInput in : command.inputs())
			if (in.key().equals("preview") && in.kind() == CommandInput.Kind.BOOLEAN) box = true;
		if (!box) return null;
		for (final ModuleItem<?> out : command.info().outputs())
			if (!out.isRequired() && ImagePlus.class.isAssignableFrom(out.getType())) return out
				.getName();
		return null;
	}

	/** The text a field starts with: the last accepted value (interactive only) or the default. */
	private String initialText(final CommandInput in) {
		final String remembered = interactive ? DialogMemory.recall(command, in) : null;
		if (remembered != null) return remembered;
		final Object d = in.defaultValue();
		return d == null ? "" : in.format(d);
	}

	/** True for a {@code stack...} choice on an image that is no stack: not shown. */
	private boolean hiddenForThisImage(final CommandInput in) {
		return in.kind() == CommandInput.Kind.CHOICE && in.key().startsWith("stack") &&
			singleImage != null && active != null && active.getStackSize() == 1;
	}

	/**
	 * Shows the dialog and returns the values (the active image for a single image input), or null
	 * if the user canceled. A preview shown in the image is undone before this returns.
	 */
	Map<String, Object> show() {
		gd = new GenericDialog(command.title());
		boolean textArea = false;
		for (final CommandInput in : command.inputs()) {
			if (in == singleImage) continue;
			if (hiddenForThisImage(in)) {
				hidden.put(in.key(), in.defaultValue());
				continue;
			}
			final String text = initialText(in);
			final String follows = command.model().choicesFollow(in.key());
			if (follows != null && in.kind() == CommandInput.Kind.TEXT) {
				// the items come when the followed value is known (refreshChoices)
				gd.addChoice(in.label(), new String[] { text }, text);
				final Choice c = (Choice) last(gd.getChoices());
				fields.add(new Field(in, c));
				following.put(in.key(), new Following(in, follows, c));
				continue;
			}
			switch (in.kind()) {
				case IMAGE:
					gd.addImageChoice(in.label(), active == null ? null : active.getTitle());
					fields.add(new Field(in, last(gd.getChoices())));
					break;
				case BOOLEAN:
					gd.addCheckbox(in.label(), Boolean.parseBoolean(text));
					fields.add(new Field(in, last(gd.getCheckboxes())));
					break;
				case INTEGER:
					gd.addNumericField(in.label(), number(text), 0);
					fields.add(new Field(in, last(gd.getNumericFields())));
					break;
				case REAL:
					gd.addNumericField(in.label(), number(text), decimals(text));
					fields.add(new Field(in, last(gd.getNumericFields())));
					break;
				case CHOICE:
					gd.addChoice(in.label(), in.choices().toArray(new String[0]), text);
					fields.add(new Field(in, last(gd.getChoices())));
					break;
				case FILE:
				case SAVE_FILE:
					gd.addFileField(in.label(), text);
					fields.add(new Field(in, last(gd.getStringFields())));
					break;
				case DIRECTORY:
					gd.addDirectoryField(in.label(), text);
					fields.add(new Field(in, last(gd.getStringFields())));
					break;
				case TEXT_AREA:
					if (!textArea) { // a GenericDialog has one labelled text area to offer
						gd.addMessage(in.label() + ":");
						gd.addTextAreas(text, null, 4, 32);
						fields.add(new Field(in, gd.getTextArea1()));
						textArea = true;
						if (in.key().equals("kernel")) kernelTools(gd.getTextArea1());
						break;
					}
					// fall through: a further text area becomes a text field
				case TEXT:
				default:
					gd.addStringField(in.label(), text, Math.max(12, Math.min(32, text.length() + 4)));
					fields.add(new Field(in, last(gd.getStringFields())));
					if (in.key().equals("kernel")) kernelTools((TextField) last(gd.getStringFields()));
			}
		}
		final String previewOutput = previewOutput(command);
		if (active != null && singleImage != null) {
			if (isFilter(command)) {
				gd.addCheckbox("Preview", false);
				previewBox = (Checkbox) last(gd.getCheckboxes());
				preview = new FilterPreview(command, singleImage, active, null, this::previewProblem);
			}
			else if (previewOutput != null) {
				previewBox = (Checkbox) component("preview");
				previewKey = true;
				preview = new FilterPreview(command, singleImage, active, previewOutput,
					this::previewProblem);
			}
		}
		message = new TextArea("", 5, MESSAGE_COLUMNS, TextArea.SCROLLBARS_NONE);
		message.setEditable(false);
		message.setFocusable(false);
		final Panel messagePanel = new Panel(new FlowLayout(FlowLayout.LEFT, 0, 0));
		messagePanel.add(message);
		gd.addPanel(messagePanel);
		gd.addButton("Reset", e -> reset());
		gd.addHelp(helpPage());
		gd.addDialogListener(this);
		check();
		try {
			gd.showDialog();
			if (gd.wasCanceled()) return null;
			final Map<String, Object> values = read();
			if (interactive) DialogMemory.remember(command, values);
			return values;
		}
		finally {
			if (preview != null) preview.stop();
		}
	}

	/** The component of the field of {@code key}, or null. */
	private Component component(final String key) {
		for (final Field f : fields)
			if (f.input.key().equals(key)) return f.component;
		return null;
	}

	/** The named-kernel drop-down and the Open... / Save... buttons under a kernel field. */
	private void kernelTools(final TextComponent kernel) {
		final Panel p = new Panel(new FlowLayout(FlowLayout.LEFT, 4, 0));
		final Choice named = new Choice();
		named.add("Named kernel...");
		for (final String n : Kernels.names())
			named.add(n.replace("(n)", "(3)").replace("(sigma)", "(1.5)"));
		named.addItemListener(e -> {
			if (named.getSelectedIndex() <= 0) return;
			setText(kernel, named.getSelectedItem());
			named.select(0);
		});
		final Button open = new Button("Open...");
		open.addActionListener(e -> {
			final OpenDialog od = new OpenDialog("Open Kernel...", "");
			if (od.getFileName() == null) return;
			try {
				setText(kernel, Files.readString(new File(od.getDirectory(), od.getFileName()).toPath(),
					StandardCharsets.UTF_8).strip());
			}
			catch (final IOException | RuntimeException ex) {
				showMessage("Cannot read the kernel file " + od.getFileName() + ": " + ex.getMessage());
			}
		});
		final Button save = new Button("Save...");
		save.addActionListener(e -> {
			final SaveDialog sd = new SaveDialog("Save Kernel...", "kernel", ".txt");
			if (sd.getFileName() == null) return;
			try {
				Files.writeString(new File(sd.getDirectory(), sd.getFileName()).toPath(), kernel
					.getText().strip() + "\n", StandardCharsets.UTF_8);
			}
			catch (final IOException | RuntimeException ex) {
				showMessage("Cannot save the kernel file " + sd.getFileName() + ": " + ex.getMessage());
			}
		});
		p.add(named);
		p.add(open);
		p.add(save);
		gd.addPanel(p);
	}

	/** Sets a field's text as if typed: the dialog checks it and the preview follows. */
	private void setText(final TextComponent field, final String text) {
		field.setText(text);
		gd.textValueChanged(new TextEvent(field, TextEvent.TEXT_VALUE_CHANGED));
	}

	/** Every field back to the command's declared default (not to the remembered values). */
	private void reset() {
		for (final Field f : fields) {
			final Object d = f.input.defaultValue();
			final String text = d == null ? "" : f.input.format(d);
			if (f.component instanceof Checkbox) {
				if (f.component != previewBox) ((Checkbox) f.component).setState(Boolean.TRUE.equals(d));
			}
			else if (f.input.kind() == CommandInput.Kind.IMAGE) continue;
			else if (f.component instanceof Choice) ((Choice) f.component).select(text);
			else if (f.component instanceof TextField && (f.input.kind() == CommandInput.Kind.REAL ||
				f.input.kind() == CommandInput.Kind.INTEGER)) ((TextField) f.component).setText(IJ.d2s(
					number(text), f.input.kind() == CommandInput.Kind.INTEGER ? 0 : decimals(text)));
			else ((TextComponent) f.component).setText(text);
		}
		gd.textValueChanged(new TextEvent(fields.isEmpty() ? message : fields.get(0).component,
			TextEvent.TEXT_VALUE_CHANGED));
	}

	@Override
	public synchronized boolean dialogItemChanged(final GenericDialog dialog, final AWTEvent e) {
		if (e == null) return true; // GenericDialog's final call after OK
		final Map<String, Object> values = check();
		if (values == null) {
			if (preview != null) preview.invalidate();
			return false;
		}
		if (preview != null) {
			final boolean previewToggled = e instanceof ItemEvent && ((ItemEvent) e)
				.getSource() == previewBox;
			// the state read with the values: a checkbox read again could be newer than they are
			final boolean on = previewKey ? Boolean.TRUE.equals(values.get("preview")) : previewBox
				.getState();
			if (on) preview.update(values);
			else if (previewToggled) preview.stop();
		}
		return true;
	}

	/**
	 * Reads and checks every field, enables the fields that apply, and shows the problem: the
	 * values, or null when a field is invalid.
	 */
	private Map<String, Object> check() {
		enableDependentFields();
		refreshChoices();
		try {
			final Map<String, Object> values = read();
			validate(command, values);
			showMessage("");
			return values;
		}
		catch (final IllegalArgumentException ex) {
			showMessage(dialogMessage(command, ex.getMessage()));
			return null;
		}
	}

	/** Shows {@code text} (wrapped) in the dialog and its first line in the status bar. */
	private void showMessage(final String text) {
		final String wrapped = wrap(text, MESSAGE_COLUMNS - 4);
		if (message != null && !message.getText().equals(wrapped)) {
			message.setText(wrapped);
			message.setCaretPosition(0); // the start of the reason in view
		}
		IJ.showStatus(text.isEmpty() ? "" : command.title() + ": " + text);
	}

	/** A preview that could not be computed: the reason, in the dialog. */
	private void previewProblem(final String problem) {
		showMessage(problem == null ? "" : "Preview: " + dialogMessage(command, problem));
	}

	/** Fields described as "for key=choice" are enabled only while that choice is selected. */
	private void enableDependentFields() {
		for (final Field f : fields) {
			final Matcher m = ONLY_FOR.matcher(f.input.description());
			if (!m.find()) continue;
			final Component c = component(m.group(1));
			if (!(c instanceof Choice)) continue;
			final boolean on = m.group(2).equalsIgnoreCase(((Choice) c).getSelectedItem());
			if (f.component.isEnabled() != on) {
				f.component.setEnabled(on);
				// AWT's X11 text fields look the same when disabled: grey the value
				f.component.setForeground(on ? Color.black : Color.gray);
			}
		}
	}

	/**
	 * For each drop-down of computed choices whose followed field changed: computes the new items
	 * in the background (reading a model file can take seconds) and shows them when they come,
	 * unless the field changed again meanwhile.
	 */
	private void refreshChoices() {
		for (final Following f : following.values()) {
			final Field followed = field(f.follows);
			final String text = followed == null ? "" : text(followed);
			if (text.equals(f.requested)) continue;
			f.requested = text;
			final int generation = ++f.generation;
			final Object value = followedValue(followed, text);
			final Thread t = new Thread(() -> {
				final List<String> items = command.model().choices(f.input.key(), value);
				java.awt.EventQueue.invokeLater(() -> {
					if (generation == f.generation) showChoices(f, items);
				});
			}, "ConvNet-IJ " + f.input.key() + " choices");
			t.setDaemon(true);
			t.start();
		}
	}

	/** The followed field's value as parsed, or null when it does not parse. */
	private static Object followedValue(final Field followed, final String text) {
		if (followed == null) return null;
		try {
			return followed.input.parse(text);
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	/**
	 * The drop-down's items: {@code items}, keeping the chosen one when it is among them (else the
	 * first); no items keeps the chosen text alone. Then the dialog checks its values again.
	 */
	private void showChoices(final Following f, final List<String> items) {
		final String chosen = f.choice.getSelectedItem();
		final List<String> shown = items.isEmpty() ? List.of(chosen == null ? "" : chosen) : items;
		f.choice.removeAll();
		for (final String item : shown)
			f.choice.add(item);
		f.choice.select(chosen != null && shown.contains(chosen) ? chosen : shown.get(0));
		f.choice.invalidate();
		if (gd != null) {
			gd.validate();
			gd.pack();
			gd.itemStateChanged(new ItemEvent(f.choice, ItemEvent.ITEM_STATE_CHANGED, f.choice
				.getSelectedItem(), ItemEvent.SELECTED));
		}
	}

	/** The field of {@code key}, or null. */
	private Field field(final String key) {
		for (final Field f : fields)
			if (f.input.key().equals(key)) return f;
		return null;
	}

	/** A field's text as typed or chosen. */
	private static String text(final Field f) {
		if (f.component instanceof Choice) {
			final String s = ((Choice) f.component).getSelectedItem();
			return s == null ? "" : s;
		}
		if (f.component instanceof Checkbox) return Boolean.toString(((Checkbox) f.component)
			.getState());
		return ((TextComponent) f.component).getText();
	}

	/**
	 * Runs the command's live checks on {@code values}: for each input, the no-argument method
	 * {@code check<Key>()} of the command class (camel case of the key), if it declares one, on an
	 * instance that is not run (see {@code command.CommandSupport}).
	 *
	 * @throws IllegalArgumentException with the first check's message
	 */
	static void validate(final BridgedCommand command, final Map<String, Object> values) {
		final Module scratch;
		try {
			scratch = command.info().createModule();
		}
		catch (final ModuleException e) {
			return; // the run will report it
		}
		for (final Map.Entry<String, Object> e : values.entrySet())
			scratch.setInput(e.getKey(), e.getValue());
		final Object instance = scratch.getDelegateObject();
		for (final CommandInput in : command.inputs()) {
			final Method check = checkMethod(instance.getClass(), in.key());
			if (check == null) continue;
			try {
				check.invoke(instance);
			}
			catch (final InvocationTargetException ex) {
				final String m = CommandBridge.userMessage(ex);
				if (m != null) throw new IllegalArgumentException(m, ex.getCause());
				return; // a bug in a check: the run will report it
			}
			catch (final ReflectiveOperationException | RuntimeException ex) {
				return;
			}
		}
	}

	/** The method {@code check<Key>()} of {@code type} or a superclass, or null. */
	static Method checkMethod(final Class<?> type, final String key) {
		final StringBuilder name = new StringBuilder("check");
		for (final String part : key.split("_"))
			if (!part.isEmpty()) name.append(Character.toUpperCase(part.charAt(0))).append(part
				.substring(1));
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			try {
				final Method m = c.getDeclaredMethod(name.toString());
				m.setAccessible(true);
				return m;
			}
			catch (final NoSuchMethodException | RuntimeException e) {
				// look further up
			}
		}
		return null;
	}

	/** The values in the fields, parsed. */
	private Map<String, Object> read() {
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final CommandInput in : command.inputs())
			if (in == singleImage) values.put(in.key(), active);
		values.putAll(hidden);
		for (final Field f : fields) {
			final CommandInput in = f.input;
			final Object v;
			if (f.component instanceof Checkbox) v = ((Checkbox) f.component).getState();
			else if (in.kind() == CommandInput.Kind.IMAGE) {
				final String title = ((Choice) f.component).getSelectedItem();
				v = BridgedCommand.image(in, title, WindowManager::getImage);
			}
			else if (f.component instanceof Choice) v = in.parse(((Choice) f.component)
				.getSelectedItem());
			else v = in.parse(((TextComponent) f.component).getText());
			values.put(in.key(), v);
		}
		// declaration order, as recorded
		final Map<String, Object> ordered = new LinkedHashMap<>();
		for (final CommandInput in : command.inputs())
			if (values.containsKey(in.key())) ordered.put(in.key(), values.get(in.key()));
		return ordered;
	}

	/**
	 * {@code message} as a dialog shows it: a leading {@code key: } becomes
	 * {@code Label (key): } (the field as the user sees it, and the macro key).
	 */
	static String dialogMessage(final BridgedCommand command, final String message) {
		if (message == null) return "";
		final int colon = message.indexOf(": ");
		if (colon <= 0) return message;
		final String key = message.substring(0, colon);
		for (final CommandInput in : command.inputs())
			if (in.key().equals(key)) return in.label().equals(key) ? message : in.label() + " (" + key +
				")" + message.substring(colon);
		return message;
	}

	/**
	 * {@code text} wrapped into lines of at most {@code columns} characters at blanks (a longer word
	 * is cut), keeping its own line breaks.
	 */
	static String wrap(final String text, final int columns) {
		final StringBuilder sb = new StringBuilder();
		for (final String para : text.split("\n", -1)) {
			if (sb.length() > 0) sb.append('\n');
			int lineStart = sb.length();
			for (String word : para.split(" ")) {
				while (word.length() > columns) {
					if (sb.length() > lineStart) {
						sb.append('\n');
						lineStart = sb.length();
					}
					sb.append(word, 0, columns).append('\n');
					lineStart = sb.length();
					word = word.substring(columns);
				}
				if (sb.length() > lineStart && sb.length() - lineStart + 1 + word.length() > columns) {
					sb.append('\n');
					lineStart = sb.length();
				}
				else if (sb.length() > lineStart) sb.append(' ');
				sb.append(word);
			}
		}
		return sb.toString();
	}

	private String helpPage() {
		final StringBuilder sb = new StringBuilder("<html><h2>").append(escape(command.title()))
			.append("</h2>");
		final String d = command.info().getDescription();
		if (d != null && !d.isEmpty()) sb.append("<p>").append(escape(d)).append("</p>");
		sb.append("<p>Macro: <tt>run(&quot;").append(escape(command.info().getMenuPath()
			.getLeaf().getName())).append("&quot;, &quot;key=value ...&quot;);</tt> with the keys " +
				"below; a missing key takes its default (never a value remembered by this dialog).</p><ul>");
		for (final CommandInput in : command.inputs())
			sb.append("<li><b>").append(escape(in.key())).append("</b>: ").append(escape(in.help()
				.substring(in.key().length()).replaceFirst("^: ", ""))).append("</li>");
		return sb.append("</ul></html>").toString();
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static Component last(final Vector<?> v) {
		return (Component) v.get(v.size() - 1);
	}

	private static double number(final String text) {
		try {
			return text.isEmpty() ? 0 : Double.parseDouble(text);
		}
		catch (final NumberFormatException e) {
			return 0;
		}
	}

	/** Decimals to show a default written as {@code text}: 0 for whole numbers, at most 6. */
	private static int decimals(final String text) {
		final int dot = text.indexOf('.');
		if (dot < 0 || text.contains("E")) return 0;
		return Math.min(6, text.length() - dot - 1);
	}
}
