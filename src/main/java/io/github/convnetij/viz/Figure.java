package io.github.convnetij.viz;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A drawn picture and the text that describes it: a title, a description of what it shows and
 * further key/value facts (the scale of a filter montage, the layer of feature maps, the text
 * table of an architecture). {@link Png#write} stores the text as PNG {@code tEXt} chunks, so a
 * reader (or a test) can find it without looking at the pixels.
 * <pre>{@code
 * Figure f = ArchitecturePicture.draw(LayerSummary.of(net), "My network");
 * Png.write(f, Path.of("architecture.png"));
 * }</pre>
 */
public final class Figure {

	/** Keys of the standard PNG text entries used by every figure. */
	public static final String TITLE = "Title", DESCRIPTION = "Description", SOFTWARE = "Software";

	private final BufferedImage image;
	private final Map<String, String> text;

	/**
	 * @param image an RGB image
	 * @param text text entries in order (keys of 1-79 Latin-1 characters, as PNG requires)
	 */
	public Figure(final BufferedImage image, final Map<String, String> text) {
		this.image = Objects.requireNonNull(image, "image");
		final Map<String, String> t = new LinkedHashMap<>();
		t.put(SOFTWARE, "ConvNet-IJ");
		t.putAll(Objects.requireNonNull(text, "text"));
		this.text = Collections.unmodifiableMap(t);
	}

	public BufferedImage image() {
		return image;
	}

	public int width() {
		return image.getWidth();
	}

	public int height() {
		return image.getHeight();
	}

	/** The text entries (a {@value #SOFTWARE} entry first), unmodifiable. */
	public Map<String, String> text() {
		return text;
	}
}
