package io.github.convnetij.nn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an image file into a {@link DecodedImage}. The {@linkplain #standard() standard decoder}
 * uses {@code javax.imageio} (PNG, JPEG, GIF, BMP, TIFF; 8- and 16-bit gray, RGB; works headless);
 * the ImageJ front end plugs in one built on ImageJ 1.x that opens whatever ImageJ opens (32-bit
 * TIFF and the like). Datasets ask {@link #accepts} to tell image files from the rest of a folder
 * ({@code .txt}, {@code .DS_Store}, ...), so a decoder lists the file name endings it reads.
 * <pre>{@code
 * ImageDecoder d = ImageDecoder.standard();
 * if (d.accepts(file)) {
 * 	DecodedImage.Info info = d.probe(file); // header only
 * 	DecodedImage img = d.decode(file);
 * }
 * }</pre>
 * Implementations must be safe to call from several threads at once.
 */
public interface ImageDecoder {

	/**
	 * Decodes {@code file}.
	 *
	 * @throws IOException when the file cannot be read or is not an image this decoder reads; the
	 *           message says why (the caller names the file)
	 */
	DecodedImage decode(Path file) throws IOException;

	/**
	 * The size, channels and bit depth of {@code file}, from its header when the decoder can (the
	 * default decodes the whole image).
	 *
	 * @throws IOException as {@link #decode}
	 */
	default DecodedImage.Info probe(final Path file) throws IOException {
		return decode(file).info();
	}

	/** The file name endings this decoder reads, lower case without the dot: {@code png}, ... */
	Set<String> extensions();

	/**
	 * Whether {@code file} looks like an image this decoder reads: a name ending in one of
	 * {@link #extensions()} (any case), not hidden (a name starting with {@code .}, such as macOS's
	 * {@code ._name.png} resource forks).
	 */
	default boolean accepts(final Path file) {
		final String name = file.getFileName().toString();
		if (name.startsWith(".")) return false;
		final int dot = name.lastIndexOf('.');
		return dot > 0 && extensions().contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	/** The decoder on {@code javax.imageio}: PNG, JPEG, GIF, BMP, WBMP, TIFF. */
	static ImageDecoder standard() {
		return ImageIODecoder.INSTANCE;
	}
}
