package io.github.convnetij.ij1;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.TextArea;
import java.awt.TextField;
import java.awt.event.ItemEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import org.scijava.MenuEntry;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;

/**
 * The dialog of a command run from the menu: a {@link GenericDialog} with one field per input,
 * built from the parameter metadata (label, kind, choices, default), with a help page listing
 * every macro key. Values are read from the fields directly (not with {@code getNext...()}, which
 * would record keys made from the labels): {@link CommandBridge} records them by parameter name.
 * Invalid values disable OK and show the key's error in the status bar. Filters (commands in a
 * {@code Filters} menu with one image input) get a <i>Preview</i> checkbox, as ImageJ's
 * <i>Convolve...</i> has ({@link FilterPreview}).
 * <pre>{@code
 * Map<String, Object> values = new ParameterDialog(command).show(); // null if canceled
 * }</pre>
 */
final class ParameterDialog implements DialogListener {

	/** A dialog field and the input it sets. */
	private static final class Field {

		final CommandInput input;
		final Component component;

		Field(final CommandInput input, final Component component) {
			this.input = input;
			this.component = component;
		}
	}

	private final BridgedCommand command;
	private final List<Field> fields = new ArrayList<>();
	private final ImagePlus active;
	private final CommandInput singleImage;
	private Checkbox previewBox;
	private FilterPreview preview;

	ParameterDialog(final BridgedCommand command) {
		this.command = command;
		this.active = WindowManager.getCurrentImage();
		final List<CommandInput> images = command.imageInputs();
		this.singleImage = images.size() == 1 ? images.get(0) : null;
	}

	/** True for a filter: one image input, under a {@code Filters} menu. */
	static boolean isFilter(final BridgedCommand command) {
		if (command.imageInputs().size() != 1 || command.info().getMenuPath() == null) return false;
		for (final MenuEntry e : command.info().getMenuPath())
			if (e.getName().trim().equals("Filters")) return true;
		return false;
	}

	/**
	 * Shows the dialog and returns the values (the active image for a single image input), or null
	 * if the user canceled. A preview shown in the image is undone before this returns.
	 */
	Map<String, Object> show() {
		final GenericDialog gd = new GenericDialog(command.title());
		boolean textArea = false;
		for (final CommandInput in : command.inputs()) {
			if (in == singleImage) continue;
			final Object d = in.defaultValue();
			final String text = d == null ? "" : in.format(d);
			switch (in.kind()) {
				case IMAGE:
					gd.addImageChoice(in.label(), active == null ? null : active.getTitle());
					fields.add(new Field(in, last(gd.getChoices())));
					break;
				case BOOLEAN:
					gd.addCheckbox(in.label(), Boolean.TRUE.equals(d));
					fields.add(new Field(in, last(gd.getCheckboxes())));
					break;
				case INTEGER:
					gd.addNumericField(in.label(), d == null ? 0 : ((Number) d).doubleValue(), 0);
					fields.add(new Field(in, last(gd.getNumericFields())));
					break;
				case REAL:
					gd.addNumericField(in.label(), d == null ? 0 : ((Number) d).doubleValue(), decimals(
						text));
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
						break;
					}
					// fall through: a further text area becomes a text field
				case TEXT:
				default:
					gd.addStringField(in.label(), text, Math.max(12, Math.min(32, text.length() + 4)));
					fields.add(new Field(in, last(gd.getStringFields())));
			}
		}
		if (isFilter(command) && active != null) {
			gd.addCheckbox("Preview", false);
			previewBox = (Checkbox) last(gd.getCheckboxes());
			preview = new FilterPreview(command, singleImage, active);
		}
		gd.addHelp(helpPage());
		gd.addDialogListener(this);
		try {
			gd.showDialog();
			if (gd.wasCanceled()) return null;
			return read();
		}
		finally {
			if (preview != null) preview.stop();
		}
	}

	@Override
	public boolean dialogItemChanged(final GenericDialog gd, final AWTEvent e) {
		if (e == null) return true; // GenericDialog's final call after OK
		final Map<String, Object> values;
		try {
			values = read();
		}
		catch (final IllegalArgumentException ex) {
			IJ.showStatus(command.title() + ": " + ex.getMessage());
			return false;
		}
		IJ.showStatus("");
		if (preview != null) {
			final boolean previewToggled = e instanceof ItemEvent && ((ItemEvent) e)
				.getSource() == previewBox;
			if (previewBox.getState()) preview.update(values);
			else if (previewToggled) preview.stop();
		}
		return true;
	}

	/** The values in the fields, parsed. */
	private Map<String, Object> read() {
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final CommandInput in : command.inputs())
			if (in == singleImage) values.put(in.key(), active);
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
			else if (f.component instanceof TextArea) v = in.parse(((TextArea) f.component).getText());
			else v = in.parse(((TextField) f.component).getText());
			values.put(in.key(), v);
		}
		return values;
	}

	private String helpPage() {
		final StringBuilder sb = new StringBuilder("<html><h2>").append(escape(command.title()))
			.append("</h2>");
		final String d = command.info().getDescription();
		if (d != null && !d.isEmpty()) sb.append("<p>").append(escape(d)).append("</p>");
		sb.append("<p>Macro: <tt>run(&quot;").append(escape(command.info().getMenuPath()
			.getLeaf().getName())).append("&quot;, &quot;key=value ...&quot;);</tt> with the keys " +
				"below; a missing key takes its default.</p><ul>");
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

	/** Decimals to show a default written as {@code text}: 0 for whole numbers, at most 6. */
	private static int decimals(final String text) {
		final int dot = text.indexOf('.');
		if (dot < 0 || text.contains("E")) return 0;
		return Math.min(6, text.length() - dot - 1);
	}
}
