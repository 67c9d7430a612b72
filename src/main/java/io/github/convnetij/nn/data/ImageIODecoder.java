package io.github.convnetij.nn.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * The standard {@link ImageDecoder}, on {@code javax.imageio}: the first image of a PNG, JPEG,
 * GIF, BMP, WBMP or TIFF file. Gray images (also palette images whose palette is gray) give one
 * channel, colour images three (RGB); an alpha channel is dropped. Samples of fewer than 8 bits
 * are stretched to 8 bits ({@code v * 255 / (2^bits - 1)}), of 9 to 15 bits to 16 bits; float
 * samples are kept as 32-bit. Works headless.
 */
final class ImageIODecoder implements ImageDecoder {

	static final ImageIODecoder INSTANCE = new ImageIODecoder();

	private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "wbmp",
		"tif", "tiff");

	static {
		ImageIO.setUseCache(false); // no temporary files
	}

	private ImageIODecoder() {}

	@Override
	public Set<String> extensions() {
		return EXTENSIONS;
	}

	@Override
	public DecodedImage.Info probe(final Path file) throws IOException {
		try (ImageInputStream in = open(file)) {
			final ImageReader reader = reader(in);
			try {
				reader.setInput(in, true, true);
				final int w = reader.getWidth(0), h = reader.getHeight(0);
				final ImageTypeSpecifier type = reader.getRawImageType(0);
				if (type == null) return decode(file).info();
				final int[] layout = layout(type.getColorModel(), type.getSampleModel());
				return new DecodedImage.Info(w, h, layout[0], layout[1]);
			}
			catch (final RuntimeException e) {
				throw new IOException(reason(e), e);
			}
			catch (final EOFException e) {
				throw new IOException(TRUNCATED, e);
			}
			finally {
				reader.dispose();
			}
		}
	}

	@Override
	public DecodedImage decode(final Path file) throws IOException {
		final BufferedImage img;
		if (Files.exists(file)) ImageHeaders.check(file); // sizes checked before decoding
		try (ImageInputStream in = open(file)) {
			final ImageReader reader = reader(in);
			try {
				reader.setInput(in, true, true);
				final long w = reader.getWidth(0), h = reader.getHeight(0);
				final long need = w * h * 4 * 2; // the decoder's image and our copy, 4 bytes a sample
				final Runtime rt = Runtime.getRuntime();
				final long free = rt.maxMemory() - rt.totalMemory() + rt.freeMemory();
				if (need > free) throw new IOException("its header says " + w + "x" + h +
					" pixels, which needs about " + need / (1 << 20) + " MB, more than the " + free /
						(1 << 20) + " MB of free heap");
				img = reader.read(0);
			}
			catch (final RuntimeException e) {
				throw new IOException(reason(e), e);
			}
			catch (final EOFException e) {
				throw new IOException(TRUNCATED, e);
			}
			finally {
				reader.dispose();
			}
		}
		return convert(img);
	}

	private static ImageInputStream open(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("it is not a readable file");
		final ImageInputStream in = ImageIO.createImageInputStream(file.toFile());
		if (in == null) throw new IOException("it cannot be opened");
		return in;
	}

	private static ImageReader reader(final ImageInputStream in) throws IOException {
		final Iterator<ImageReader> it = ImageIO.getImageReaders(in);
		if (!it.hasNext()) {
			in.close();
			throw new IOException("its contents are not an image format javax.imageio reads (PNG, " +
				"JPEG, GIF, BMP, TIFF)");
		}
		return it.next();
	}

	private static final String TRUNCATED =
		"the file ends inside its image data (truncated or damaged): the decoder reached its end";

	private static String reason(final RuntimeException e) {
		return "the decoder failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
			: ": " + e.getMessage()) + ")";
	}

	/** {channels, bit depth, bits per stored sample} of an image type. */
	private static int[] layout(final ColorModel cm, final SampleModel sm) throws IOException {
		if (cm instanceof IndexColorModel icm) return new int[] { grayPalette(icm) ? 1 : 3, 8, 8 };
		final int colours = cm == null ? sm.getNumBands() : cm.getNumColorComponents();
		if (colours != 1 && colours != 3) throw new IOException("it has " + colours +
			" colour channels: expected 1 (gray) or 3 (RGB)");
		final int type = sm.getDataType();
		if (type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE) return new int[] {
			colours, 32, 32 };
		int bits = 0;
		for (int b = 0; b < Math.min(colours, sm.getNumBands()); b++)
			bits = Math.max(bits, sm.getSampleSize(b));
		if (bits <= 8) return new int[] { colours, 8, bits };
		if (bits <= 16) return new int[] { colours, 16, bits };
		throw new IOException("it has " + bits + "-bit integer samples: expected 8 or 16 bits, or " +
			"32-bit float");
	}

	private static boolean grayPalette(final IndexColorModel icm) {
		for (int i = 0; i < icm.getMapSize(); i++)
			if (icm.getRed(i) != icm.getGreen(i) || icm.getGreen(i) != icm.getBlue(i)) return false;
		return true;
	}

	static DecodedImage convert(final BufferedImage img) throws IOException {
		if (img == null) throw new IOException("it holds no image");
		final Raster r = img.getRaster();
		final ColorModel cm = img.getColorModel();
		final int[] layout = layout(cm, r.getSampleModel());
		final int channels = layout[0], depth = layout[1];
		final int w = img.getWidth(), h = img.getHeight(), plane = w * h;
		final int[] row = new int[w];
		if (cm instanceof IndexColorModel icm) {
			final byte[] out = new byte[plane * channels];
			for (int y = 0; y < h; y++) {
				r.getSamples(0, y, w, 1, 0, row);
				for (int x = 0; x < w; x++) {
					final int v = row[x];
					out[y * w + x] = (byte) icm.getRed(v);
					if (channels == 3) {
						out[plane + y * w + x] = (byte) icm.getGreen(v);
						out[2 * plane + y * w + x] = (byte) icm.getBlue(v);
					}
				}
			}
			return new DecodedImage(w, h, 1 == channels ? 1 : 3, 8, out);
		}
		if (depth == 32) {
			final float[] out = new float[plane * channels];
			final float[] frow = new float[w];
			for (int c = 0; c < channels; c++)
				for (int y = 0; y < h; y++) {
					r.getSamples(0, y, w, 1, c, frow);
					System.arraycopy(frow, 0, out, c * plane + y * w, w);
				}
			return new DecodedImage(w, h, channels, 32, out);
		}
		final int target = depth == 8 ? 255 : 65535;
		final Object out = depth == 8 ? new byte[plane * channels] : new short[plane * channels];
		for (int c = 0; c < channels; c++) {
			// bits per band may differ (5-6-5 BMP): each band stretched by its own maximum
			final int max = (1 << Math.min(16, r.getSampleModel().getSampleSize(c))) - 1;
			for (int y = 0; y < h; y++) {
				r.getSamples(0, y, w, 1, c, row);
				final int o = c * plane + y * w;
				for (int x = 0; x < w; x++) {
					final int v = max == target ? row[x] : (int) ((long) row[x] * target / max);
					if (depth == 8) ((byte[]) out)[o + x] = (byte) v;
					else ((short[]) out)[o + x] = (short) v;
				}
			}
		}
		return new DecodedImage(w, h, channels, depth, out);
	}
}
