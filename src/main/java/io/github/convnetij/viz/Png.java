package io.github.convnetij.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.w3c.dom.Node;

/**
 * PNG files with text: {@link #write} stores a {@link Figure}'s text entries as {@code tEXt}
 * chunks (Latin-1; other characters become {@code ?}) through {@code javax.imageio}, writing to a
 * temporary file first and moving it into place, so an error leaves no half-written file;
 * {@link #readText} gives them back.
 */
public final class Png {

	private static final String FORMAT = "javax_imageio_png_1.0";

	private Png() {}

	/** Writes {@code figure} as a PNG file with its text entries. */
	public static void write(final Figure figure, final Path file) throws IOException {
		final Path parent = file.toAbsolutePath().getParent();
		// a new file with the usual permissions (createTempFile would make it owner-only)
		final Path tmp = parent.resolve("." + file.getFileName() + "." + Long.toHexString(System
			.nanoTime()) + ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE)) {
				write(figure, out);
			}
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Writes {@code figure} as PNG bytes to {@code out} (not closed). */
	public static void write(final Figure figure, final OutputStream out) throws IOException {
		final BufferedImage image = figure.image();
		final Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
		if (!writers.hasNext()) throw new IOException("this Java has no PNG writer");
		final ImageWriter writer = writers.next();
		try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(ios);
			final IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier
				.createFromRenderedImage(image), writer.getDefaultWriteParam());
			final IIOMetadataNode root = new IIOMetadataNode(FORMAT);
			final IIOMetadataNode text = new IIOMetadataNode("tEXt");
			for (final Map.Entry<String, String> e : figure.text().entrySet()) {
				final IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
				entry.setAttribute("keyword", latin1(e.getKey()));
				entry.setAttribute("value", latin1(e.getValue()));
				text.appendChild(entry);
			}
			root.appendChild(text);
			try {
				meta.mergeTree(FORMAT, root);
			}
			catch (final IIOInvalidTreeException ex) {
				throw new IOException("cannot store the PNG text: " + ex.getMessage(), ex);
			}
			writer.write(new IIOImage(image, null, meta));
		}
		finally {
			writer.dispose();
		}
	}

	/** The {@code tEXt} entries of a PNG file, in file order. */
	public static Map<String, String> readText(final Path file) throws IOException {
		final Map<String, String> m = new LinkedHashMap<>();
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) throw new IOException("cannot open " + file);
			final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) throw new IOException(file + " is not an image file");
			final ImageReader reader = readers.next();
			try {
				reader.setInput(in);
				final IIOMetadata meta = reader.getImageMetadata(0);
				if (meta == null || !java.util.Arrays.asList(meta.getMetadataFormatNames()).contains(FORMAT))
					return m;
				final Node root = meta.getAsTree(FORMAT);
				for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling())
					if (n.getNodeName().equals("tEXt")) for (Node e = n.getFirstChild(); e != null; e = e
						.getNextSibling())
					{
						final IIOMetadataNode entry = (IIOMetadataNode) e;
						m.put(entry.getAttribute("keyword"), entry.getAttribute("value"));
					}
			}
			finally {
				reader.dispose();
			}
		}
		return m;
	}

	/** {@code s} with characters outside Latin-1 replaced by {@code ?}. */
	private static String latin1(final String s) {
		return new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
	}
}
