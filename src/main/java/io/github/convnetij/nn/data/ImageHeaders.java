package io.github.convnetij.nn.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.github.convnetij.compute.HeapBudget;

/**
 * Our own read of image file headers, before any decoder allocates: a size in a header is a claim,
 * checked against what the file can hold and the free heap.
 * <ul>
 * <li>TIFF: every image directory (IFD) is read with counts bounded by the file length and loops
 * refused; each image's width, height, samples and bits give the bytes it decodes to, which
 * must fit in the heap together; every strip or tile lies inside the file; uncompressed strips
 * hold the bytes their rows need; PackBits, LZW and Deflate strips are decoded <em>for their
 * length only</em> (nothing is allocated for the pixels), and a strip that decodes to fewer bytes
 * than its rows need is refused as truncated instead of being read as zeros.</li>
 * <li>PNG: the IHDR size and depth, every chunk inside the file, and the compressed data
 * (IDAT) large enough for the declared size (Deflate expands at most 1032 times).</li>
 * <li>JPEG: the markers up to the first scan are walked (every segment inside the file), the
 * frame header (SOF) gives width x height x components, at least one bit of scan data per 8 x 8
 * block is required (Huffman coding cannot do with less), and the end-of-image marker must
 * follow the scan data (a file cut inside its scan is refused instead of being decoded as
 * gray).</li>
 * <li>GIF: the block structure is walked (every block inside the file), the first image's LZW
 * data is decoded for its <em>length</em> only and must give the pixels its descriptor declares
 * (a truncated GIF is refused).</li>
 * <li>BMP: the information header inside the file and the pixels after it, a known compression,
 * run-length encoded pixels that reach their last row or end mark inside the file;
 * the declared width, height and bits per pixel; uncompressed pixel rows must lie
 * inside the file.</li>
 * <li>PNM (PBM, PGM, PPM, ASCII or binary): the header's width, height and maximum value; the
 * file must hold the bytes (binary) or at least the characters (ASCII) the raster needs.</li>
 * <li>Anything else (text images): the file must fit in the heap.</li>
 * </ul>
 * <pre>{@code
 * ImageHeaders.check(Path.of("cells.tif"));   // or an IOException naming the file and the fault
 * }</pre>
 */
public final class ImageHeaders {

	/** Most image directories read in one TIFF file. */
	static final int MAX_IFDS = 1 << 16;
	/** How much Deflate can expand data at most (RFC 1951: 258 bytes from about 2 bits). */
	static final long DEFLATE_RATIO = 1032;

	private ImageHeaders() {}

	/**
	 * Checks an image file's header before it is decoded.
	 *
	 * @throws IOException {@code cannot open FILE: reason} for a file whose header cannot be valid
	 *           or that cannot fit in the heap, or when it cannot be read
	 */
	public static void check(final Path file) throws IOException {
		check(file, "");
	}

	/**
	 * As {@link #check(Path)}, with {@code suffix} appended to the message of a refusal (e.g. the
	 * accepted formats).
	 */
	public static void check(final Path file, final String suffix) throws IOException {
		// a named pipe would block the open, a device (/dev/zero) never ends
		if (Files.exists(file) && !Files.isRegularFile(file)) throw new IOException("cannot open " +
			file + ": " + (Files.isDirectory(file) ? "it is a folder" : "it is not a regular file (a " +
				"device, pipe or socket)") + suffix);
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			final long length = ch.size();
			final byte[] head = read(ch, 0, (int) Math.min(8, length));
			try {
				if (head.length >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0 ||
					head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))
					new Tiff(ch, length, head[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
						.check();
				else if (head.length == 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' &&
					head[3] == 'G') png(ch, length);
				else if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 &&
					(head[2] & 0xFF) == 0xFF) jpeg(new Bytes(ch, length));
				else if (head.length >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' &&
					head[3] == '8') gif(new Bytes(ch, length));
				else if (head.length >= 2 && head[0] == 'B' && head[1] == 'M') bmp(new Bytes(ch, length));
				else if (head.length >= 3 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6' &&
					Character.isWhitespace(head[2])) pnm(new Bytes(ch, length), head[1] - '0');
				else HeapBudget.require(HeapBudget.times(length, 4), "the file");
			}
			catch (final IllegalArgumentException e) {
				throw new IOException("cannot open " + file + ": " + e.getMessage() + suffix, e);
			}
		}
	}

	private static byte[] read(final FileChannel ch, final long offset, final int n)
		throws IOException
	{
		final ByteBuffer b = ByteBuffer.allocate(n);
		while (b.hasRemaining()) {
			final int r = ch.read(b, offset + b.position());
			if (r < 0) break;
		}
		return b.position() == n ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
	}

	// ---------------------------------------------------------------- PNG

	private static void png(final FileChannel ch, final long length) throws IOException {
		long pos = 8, idat = 0;
		long width = -1, height = -1;
		int depth = 0, colorType = -1;
		boolean end = false;
		while (!end) {
			if (pos + 8 > length) throw new IllegalArgumentException("the PNG file is truncated (it " +
				"ends inside a chunk header at byte " + pos + ")");
			final ByteBuffer h = ByteBuffer.wrap(read(ch, pos, 8));
			final long n = h.getInt() & 0xFFFFFFFFL;
			final String type = new String(new byte[] { h.get(4), h.get(5), h.get(6), h.get(7) },
				java.nio.charset.StandardCharsets.ISO_8859_1);
			if (pos + 12 + n > length) throw new IllegalArgumentException("the PNG file is truncated " +
				"(chunk " + type + " of " + n + " bytes at byte " + pos + " ends past its " + length +
				" bytes)");
			if (width < 0 && !type.equals("IHDR")) throw new IllegalArgumentException(
				"the PNG file does not start with its IHDR chunk");
			switch (type) {
				case "IHDR" -> {
					if (n < 13) throw new IllegalArgumentException("the PNG IHDR chunk is too short");
					final ByteBuffer d = ByteBuffer.wrap(read(ch, pos + 8, 13));
					width = d.getInt() & 0xFFFFFFFFL;
					height = d.getInt() & 0xFFFFFFFFL;
					depth = d.get() & 0xFF;
					colorType = d.get() & 0xFF;
				}
				case "IDAT" -> idat += n;
				case "IEND" -> end = true;
				default -> {}
			}
			pos += 12 + n;
		}
		final int channels = switch (colorType) {
			case 0, 3 -> 1;
			case 2 -> 3;
			case 4 -> 2;
			case 6 -> 4;
			default -> throw new IllegalArgumentException("PNG colour type " + colorType +
				" is not valid");
		};
		if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE ||
			depth < 1 || depth > 16) throw new IllegalArgumentException("the PNG header declares " +
				width + " x " + height + " pixels of " + depth + " bits");
		final long row = 1 + (width * channels * depth + 7) / 8;
		final long raw = HeapBudget.times(row, height);
		if (raw > HeapBudget.plus(HeapBudget.times(idat, DEFLATE_RATIO), 1024))
			throw new IllegalArgumentException("the PNG header declares " + width + " x " + height +
				" pixels (" + raw + " bytes once decompressed) but the file holds only " + idat +
				" bytes of image data, which cannot decompress to that: truncated or corrupt");
		final long pixels = HeapBudget.times(width, height);
		if (pixels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the PNG image of " +
			width + " x " + height + " pixels is larger than an image can be here (2^31 - 9 pixels)");
		// the decoder's raster and the ImageJ image made from it (RGB as 4 bytes per pixel)
		HeapBudget.require(HeapBudget.plus(HeapBudget.times(pixels, (channels * depth + 7) / 8),
			HeapBudget.times(pixels, 4)), "the PNG image of " + width + " x " + height + " pixels");
	}

	// ---------------------------------------------------------------- sequential reads

	/** Buffered reads of a file channel at any position. */
	private static final class Bytes {

		final FileChannel ch;
		final long length;
		private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
		private long start = -1;

		Bytes(final FileChannel ch, final long length) {
			this.ch = ch;
			this.length = length;
		}

		/** The byte at {@code pos}, or -1 past the end. */
		int at(final long pos) throws IOException {
			if (pos < 0 || pos >= length) return -1;
			if (start < 0 || pos < start || pos >= start + buf.limit()) {
				buf.clear();
				start = pos;
				while (buf.hasRemaining()) {
					if (ch.read(buf, start + buf.position()) < 0) break;
				}
				buf.flip();
				if (buf.limit() == 0) return -1;
			}
			return buf.get((int) (pos - start)) & 0xFF;
		}

		/** The byte at {@code pos}, or an error naming {@code what} as truncated. */
		int need(final long pos, final String what) throws IOException {
			final int b = at(pos);
			if (b < 0) throw new IllegalArgumentException("the " + what + " file is truncated (it ends " +
				"at byte " + length + ", inside its headers)");
			return b;
		}

		int u16le(final long pos, final String what) throws IOException {
			return need(pos, what) | need(pos + 1, what) << 8;
		}

		int u16be(final long pos, final String what) throws IOException {
			return need(pos, what) << 8 | need(pos + 1, what);
		}

		long u32le(final long pos, final String what) throws IOException {
			return (u16le(pos, what) | (long) u16le(pos + 2, what) << 16) & 0xFFFFFFFFL;
		}
	}

	/** The size checks every format shares: at least 1 x 1, at most 2^31 - 9 pixels, in the heap. */
	private static void pixels(final String format, final long width, final long height,
		final long bytesPerPixel)
	{
		if (width < 1 || height < 1) throw new IllegalArgumentException("the " + format +
			" header declares " + width + " x " + height + " pixels: expected at least 1 x 1");
		final long pixels = HeapBudget.times(width, height);
		if (pixels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the " + format +
			" image of " + width + " x " + height + " pixels is larger than an image can be here " +
			"(2^31 - 9 pixels)");
		HeapBudget.require(HeapBudget.times(pixels, bytesPerPixel), "the " + format + " image of " +
			width + " x " + height + " pixels");
	}

	// ---------------------------------------------------------------- JPEG

	private static void jpeg(final Bytes in) throws IOException {
		final String what = "JPEG";
		long pos = 2;
		long width = -1, height = -1;
		int components = 0;
		boolean arithmetic = false;
		while (true) {
			int b = in.need(pos++, what);
			if (b != 0xFF) throw new IllegalArgumentException("the JPEG file is corrupt (byte " + (pos -
				1) + " is not a marker where one must be)");
			int m;
			do m = in.need(pos++, what);
			while (m == 0xFF);
			if (m == 0xD8 || m == 0x01 || m >= 0xD0 && m <= 0xD7) continue; // no length
			if (m == 0xD9) throw new IllegalArgumentException("the JPEG file ends (end-of-image marker " +
				"at byte " + (pos - 2) + ") before any image data");
			final int n = in.u16be(pos, what);
			if (n < 2 || pos + n > in.length) throw new IllegalArgumentException("the JPEG file is " +
				"truncated (a segment of " + n + " bytes at byte " + pos + " ends past its " + in.length +
				" bytes)");
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				if (n < 8) throw new IllegalArgumentException("the JPEG frame header is too short");
				height = in.u16be(pos + 3, what);
				width = in.u16be(pos + 5, what);
				components = in.need(pos + 7, what);
				arithmetic = m >= 0xC9;
				if (components < 1 || components > 4) throw new IllegalArgumentException("the JPEG " +
					"frame header declares " + components + " components: expected 1 to 4");
				if (height == 0) throw new IllegalArgumentException("the JPEG frame header declares " +
					"height 0 (a height given later by a DNL marker): not supported");
			}
			if (m == 0xDA) {
				if (width < 0) throw new IllegalArgumentException("the JPEG file has image data " +
					"before its frame header (SOF)");
				pos += n;
				break;
			}
			pos += n;
		}
		// the scan data runs to the end-of-image marker; a file cut inside it has none
		final long scan = pos;
		long end = -1;
		for (long p = scan, prev = -1; p < in.length; p++) {
			final int b = in.at(p);
			if (prev == 0xFF && b == 0xD9) end = p - 1;
			prev = b;
		}
		if (end < 0) throw new IllegalArgumentException("the JPEG file is truncated: no end-of-image " +
			"marker after its image data (which starts at byte " + scan + " of " + in.length + ")");
		final long blocks = HeapBudget.times((width + 7) / 8, (height + 7) / 8);
		if (!arithmetic && blocks > HeapBudget.times(end - scan, 8)) throw new IllegalArgumentException(
			"the JPEG header declares " + width + " x " + height + " pixels (" + blocks + " blocks of " +
				"8 x 8) but the file holds only " + (end - scan) + " bytes of image data, less than a " +
				"bit per block: truncated or corrupt");
		// the decoder's raster (a byte per component) and ImageJ's image (an int per pixel)
		pixels(what, width, height, components + 4);
	}

	// ---------------------------------------------------------------- GIF

	private static void gif(final Bytes in) throws IOException {
		final String what = "GIF";
		final int flags = in.need(10, what);
		long pos = 13;
		if ((flags & 0x80) != 0) pos += 3L * (2 << (flags & 7));
		boolean image = false;
		while (true) {
			final int b = in.at(pos);
			if (b < 0) {
				if (image) return; // no trailer after complete blocks: tolerated
				throw new IllegalArgumentException("the GIF file is truncated (it ends at byte " + pos +
					" before any image)");
			}
			pos++;
			if (b == 0x3B) {
				if (!image) throw new IllegalArgumentException("the GIF file holds no image");
				return;
			}
			if (b == 0x21) {
				in.need(pos++, what); // label
				pos = subBlocks(in, pos, null);
			}
			else if (b == 0x2C) {
				final long w = in.u16le(pos + 4, what), h = in.u16le(pos + 6, what);
				final int f = in.need(pos + 8, what);
				pos += 9;
				if ((f & 0x80) != 0) pos += 3L * (2 << (f & 7));
				final int minCode = in.need(pos++, what);
				if (minCode < 1 || minCode > 11) throw new IllegalArgumentException("the GIF image " +
					"declares an LZW code size of " + minCode + ": expected 1 to 11");
				if (image) {
					pos = subBlocks(in, pos, null); // later frames are refused by the reader
					continue;
				}
				final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
				pos = subBlocks(in, pos, data);
				final long need = w * h;
				final long got = gifLzwLength(data.toByteArray(), minCode, need);
				if (got < need) throw new IllegalArgumentException("the GIF file is truncated or " +
					"corrupt: its image of " + w + " x " + h + " pixels holds " + data.size() + " bytes " +
					"of LZW data that decode to " + (got < 0 ? "an error" : got + " pixels"));
				// the decoder's raster (a byte a pixel) and ImageJ's image (an int a pixel, twice)
				pixels(what, w, h, 9);
				image = true;
			}
			else throw new IllegalArgumentException("the GIF file is corrupt (byte " + (pos - 1) +
				" starts no block: " + b + ")");
		}
	}

	/** Skips (or collects into {@code into}) the data sub-blocks at {@code pos}; the position after. */
	private static long subBlocks(final Bytes in, long pos, final java.io.ByteArrayOutputStream into)
		throws IOException
	{
		while (true) {
			final int n = in.at(pos);
			if (n < 0) throw new IllegalArgumentException("the GIF file is truncated (it ends at byte " +
				pos + " inside a block)");
			pos++;
			if (n == 0) return pos;
			if (pos + n > in.length) throw new IllegalArgumentException("the GIF file is truncated (a " +
				"data block of " + n + " bytes at byte " + pos + " ends past its " + in.length + " bytes)");
			if (into != null) {
				if (into.size() > Integer.MAX_VALUE - 1024) throw new IllegalArgumentException("the GIF " +
					"image data is larger than 2 GB");
				for (int i = 0; i < n; i++)
					into.write(in.at(pos + i));
			}
			pos += n;
		}
	}

	/**
	 * The decoded length of GIF LZW data (LSB-first codes from {@code minCode + 1} to 12 bits,
	 * clear code {@code 2^minCode}, end code one more), up to {@code need}; only the lengths of the
	 * table's strings are kept. -1 when a code is not in the table.
	 */
	static long gifLzwLength(final byte[] data, final int minCode, final long need) {
		final int clear = 1 << minCode, eoi = clear + 1;
		final int[] len = new int[4096];
		long out = 0, bitPos = 0;
		final long bits = 8L * data.length;
		int width = minCode + 1, next = clear + 2, prev = -1;
		while (out < need && bitPos + width <= bits) {
			int code = 0;
			for (int k = 0; k < width; k++, bitPos++)
				code |= (data[(int) (bitPos >>> 3)] >>> (int) (bitPos & 7) & 1) << k;
			if (code == eoi) break;
			if (code == clear) {
				width = minCode + 1;
				next = clear + 2;
				prev = -1;
				continue;
			}
			final int l;
			if (code < clear) l = 1;
			else if (prev < 0) return -1;
			else if (code < next && code > eoi) l = len[code];
			else if (code == next) l = (prev < clear ? 1 : len[prev]) + 1;
			else return -1;
			out += l;
			if (prev >= 0 && next < 4096) {
				len[next++] = (prev < clear ? 1 : len[prev]) + 1;
				if (next == 1 << width && width < 12) width++;
			}
			prev = code;
		}
		return out;
	}

	// ---------------------------------------------------------------- BMP

	private static void bmp(final Bytes in) throws IOException {
		final String what = "BMP";
		final long offset = in.u32le(10, what);
		final long header = in.u32le(14, what);
		final long width, height;
		final int bpp;
		final long compression;
		if (header == 12) {
			width = in.u16le(18, what);
			height = in.u16le(20, what);
			bpp = in.u16le(24, what);
			compression = 0;
		}
		else if (header >= 40) {
			width = (int) in.u32le(18, what);
			height = Math.abs((long) (int) in.u32le(22, what));
			bpp = in.u16le(28, what);
			compression = in.u32le(30, what);
		}
		else throw new IllegalArgumentException("the BMP file has an information header of " + header +
			" bytes: expected 12 or at least 40");
		// the decoder reads the whole information header, then the palette up to the pixels
		final long headersEnd = 14 + header;
		if (headersEnd > in.length) throw new IllegalArgumentException("the BMP file is truncated: " +
			"its information header of " + header + " bytes ends at byte " + headersEnd + ", the file " +
			"has " + in.length);
		if (offset < headersEnd) throw new IllegalArgumentException("the BMP header puts its pixels " +
			"at byte " + offset + ", inside its own headers (they end at byte " + headersEnd + ")");
		if (compression > 6) throw new IllegalArgumentException("the BMP header declares compression " +
			compression + ": expected 0 to 6 (none, RLE8, RLE4, bit fields, JPEG, PNG, alpha bit " +
			"fields)");
		if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
			throw new IllegalArgumentException("the BMP header declares " + bpp + " bits per pixel: " +
				"expected 1, 4, 8, 16, 24 or 32");
		// the decoder's raster and ImageJ's image, 4 bytes a pixel each
		pixels(what, width, height, 8);
		if (offset > in.length) throw new IllegalArgumentException("the BMP file is truncated (its " +
			"pixels start at byte " + offset + ", the file has " + in.length + ")");
		if (compression == 0 || compression == 3 || compression == 6) {
			final long row = (width * bpp + 31) / 32 * 4;
			final long end = HeapBudget.plus(offset, HeapBudget.times(row, height));
			if (end > in.length) throw new IllegalArgumentException("the BMP file is truncated: its " +
				width + " x " + height + " pixels of " + bpp + " bits reach byte " + end + ", the file " +
				"has " + in.length);
		}
		else if (compression == 1 || compression == 2) bmpRle(in, offset, height, compression == 1 ? 8
			: 4);
	}

	/**
	 * Walks run-length encoded BMP pixels (RLE8 or RLE4) from {@code pos}: they must reach their
	 * end-of-bitmap mark or their last row inside the file (the decoder fills what is missing with
	 * zeros and reports nothing). Each step reads at least two bytes, so the walk ends.
	 */
	private static void bmpRle(final Bytes in, final long start, final long height, final int bits)
		throws IOException
	{
		long pos = start, row = 0;
		while (row < height) {
			final int count = in.at(pos), code = in.at(pos + 1);
			if (count < 0 || code < 0) break;
			pos += 2;
			if (count > 0) continue; // a run of one value
			if (code == 0) row++; // end of a row
			else if (code == 1) return; // end of the bitmap
			else if (code == 2) { // move right and down
				if (in.at(pos + 1) < 0) break;
				row += in.at(pos + 1);
				pos += 2;
			}
			else { // code pixels given one by one, padded to an even number of bytes
				final long bytes = bits == 8 ? code : (code + 1) / 2;
				pos += (bytes + 1) / 2 * 2;
				if (pos > in.length) break;
			}
		}
		if (row >= height) return;
		throw new IllegalArgumentException("the BMP file is truncated: its RLE" + bits + " pixels end " +
			"at byte " + in.length + " in row " + (row + 1) + " of " + height + ", before the " +
			"end-of-bitmap mark");
	}

	// ---------------------------------------------------------------- PNM

	private static void pnm(final Bytes in, final int kind) throws IOException {
		final String what = kind == 1 || kind == 4 ? "PBM" : kind == 2 || kind == 5 ? "PGM" : "PPM";
		final long[] pos = { 2 };
		final long width = pnmNumber(in, pos, what, "width");
		final long height = pnmNumber(in, pos, what, "height");
		final long max = kind == 1 || kind == 4 ? 1 : pnmNumber(in, pos, what, "maximum value");
		if (max < 1 || max > 65535) throw new IllegalArgumentException("the " + what + " header " +
			"declares the maximum value " + max + ": expected 1 to 65535");
		final int samples = kind == 3 || kind == 6 ? 3 : 1;
		final int bytes = max > 255 ? 2 : 1;
		// ImageJ's image: 16-bit planes, or an int a pixel for 8-bit RGB
		pixels(what, width, height, samples == 3 ? bytes == 2 ? 6 : 4 : 2);
		final long data = in.length - pos[0] - 1; // one whitespace character after the header
		final long pixels = width * height;
		final long need = switch (kind) {
			case 4 -> (width + 7) / 8 * height;
			case 5, 6 -> HeapBudget.times(pixels, (long) samples * bytes);
			case 1 -> pixels; // ASCII bits need not be separated
			default -> HeapBudget.times(pixels, samples) * 2 - 1; // a digit and a separator
		};
		if (data < need) throw new IllegalArgumentException("the " + what + " file is truncated: its " +
			"header declares " + width + " x " + height + " pixels, which need " + (kind <= 3 ?
				"at least " : "") + need + " bytes, but " + Math.max(0, data) + " follow the header");
	}

	/** The next header number of a PNM file (after whitespace and {@code #} comments). */
	private static long pnmNumber(final Bytes in, final long[] pos, final String what,
		final String name) throws IOException
	{
		int b = in.need(pos[0], what);
		while (Character.isWhitespace(b) || b == '#') {
			if (b == '#') while (b != '\n' && b != '\r')
				b = in.need(++pos[0], what);
			b = in.need(++pos[0], what);
		}
		if (b < '0' || b > '9') throw new IllegalArgumentException("the " + what + " header's " + name +
			" is not a number (byte " + pos[0] + ")");
		long v = 0;
		while (b >= '0' && b <= '9') {
			if (v > Integer.MAX_VALUE) throw new IllegalArgumentException("the " + what + " header " +
				"declares a " + name + " above " + Integer.MAX_VALUE);
			v = v * 10 + (b - '0');
			b = in.at(++pos[0]);
		}
		return v;
	}

	// ---------------------------------------------------------------- TIFF

	private static final int WIDTH = 256, HEIGHT = 257, BITS = 258, COMPRESSION = 259,
			STRIP_OFFSETS = 273, SAMPLES = 277, ROWS_PER_STRIP = 278, STRIP_COUNTS = 279, PLANAR = 284,
			TILE_WIDTH = 322, TILE_LENGTH = 323, TILE_OFFSETS = 324, TILE_COUNTS = 325;

	private static final class Tiff {

		private final FileChannel ch;
		private final long length;
		private final ByteOrder order;

		Tiff(final FileChannel ch, final long length, final ByteOrder order) {
			this.ch = ch;
			this.length = length;
			this.order = order;
		}

		private ByteBuffer at(final long offset, final int n) throws IOException {
			if (offset < 0 || offset + n > length) throw new IllegalArgumentException("the TIFF file is " +
				"truncated (a directory or value at byte " + offset + " ends past its " + length +
				" bytes)");
			return ByteBuffer.wrap(read(ch, offset, n)).order(order);
		}

		void check() throws IOException {
			long ifd = at(4, 4).getInt() & 0xFFFFFFFFL;
			final Set<Long> seen = new HashSet<>();
			long total = 0;
			int images = 0;
			String size = "";
			while (ifd != 0) {
				if (!seen.add(ifd)) throw new IllegalArgumentException("the TIFF image directories form " +
					"a loop (directory at byte " + ifd + " is reached twice)");
				if (seen.size() > MAX_IFDS) throw new IllegalArgumentException("the TIFF file has more " +
					"than " + MAX_IFDS + " image directories");
				final int entries = at(ifd, 2).getShort() & 0xFFFF;
				final ByteBuffer dir = at(ifd + 2, 12 * entries + 4);
				final Ifd d = new Ifd(++images);
				for (int e = 0; e < entries; e++)
					d.entry(dir, 12 * e);
				ifd = dir.getInt(12 * entries) & 0xFFFFFFFFL;
				final long bytes = d.check();
				total = HeapBudget.plus(total, bytes);
				size = d.width + " x " + d.height;
			}
			if (images == 0) throw new IllegalArgumentException("the TIFF file holds no image");
			HeapBudget.require(total, "the TIFF " + (images == 1 ? "image of " + size + " pixels" :
				"stack of " + images + " images (the last " + size + " pixels)"));
		}

		/** The values of one directory entry. */
		private long[] values(final ByteBuffer dir, final int at) throws IOException {
			final int type = dir.getShort(at + 2) & 0xFFFF;
			final long count = dir.getInt(at + 4) & 0xFFFFFFFFL;
			final int size = switch (type) {
				case 1, 2, 6, 7 -> 1;
				case 3, 8 -> 2;
				case 4, 9 -> 4;
				default -> 0; // rationals, floats...: not read
			};
			if (size == 0) return new long[0];
			final long bytes = count * size;
			if (bytes > length) throw new IllegalArgumentException("a TIFF directory entry (tag " +
				(dir.getShort(at) & 0xFFFF) + ") declares " + count + " values, more than the file's " +
				length + " bytes can hold");
			final ByteBuffer v = bytes <= 4 ? dir.duplicate().order(order).position(at + 8).slice().order(
				order) : at(dir.getInt(at + 8) & 0xFFFFFFFFL, (int) bytes);
			final long[] out = new long[(int) count];
			for (int i = 0; i < count; i++)
				out[i] = switch (size) {
					case 1 -> v.get(i) & 0xFFL;
					case 2 -> v.getShort(2 * i) & 0xFFFFL;
					default -> v.getInt(4 * i) & 0xFFFFFFFFL;
				};
			return out;
		}

		/** One image directory. */
		private final class Ifd {

			final int number;
			long width = -1, height = -1, rowsPerStrip = -1, tileWidth = -1, tileLength = -1;
			long compression = 1, samples = 1, planar = 1;
			long[] bits = { 1 }, offsets, counts;
			boolean tiled;

			Ifd(final int number) {
				this.number = number;
			}

			void entry(final ByteBuffer dir, final int at) throws IOException {
				final int tag = dir.getShort(at) & 0xFFFF;
				switch (tag) {
					case WIDTH, HEIGHT, BITS, COMPRESSION, STRIP_OFFSETS, SAMPLES, ROWS_PER_STRIP,
						STRIP_COUNTS, PLANAR, TILE_WIDTH, TILE_LENGTH, TILE_OFFSETS, TILE_COUNTS -> {
						final long[] v = values(dir, at);
						if (v.length == 0) return;
						switch (tag) {
							case WIDTH -> width = v[0];
							case HEIGHT -> height = v[0];
							case BITS -> bits = v;
							case COMPRESSION -> compression = v[0];
							case SAMPLES -> samples = v[0];
							case ROWS_PER_STRIP -> rowsPerStrip = v[0];
							case PLANAR -> planar = v[0];
							case TILE_WIDTH -> tileWidth = v[0];
							case TILE_LENGTH -> tileLength = v[0];
							case STRIP_OFFSETS, TILE_OFFSETS -> {
								offsets = v;
								tiled = tag == TILE_OFFSETS;
							}
							default -> counts = v;
						}
					}
					default -> {}
				}
			}

			private String where() {
				return "TIFF image " + number + " (" + width + " x " + height + ")";
			}

			/** Checks this image; returns the bytes it decodes to. */
			long check() throws IOException {
				if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE)
					throw new IllegalArgumentException("TIFF image " + number + " has the size " + width +
						" x " + height);
				if (samples < 1 || samples > 64) throw new IllegalArgumentException(where() + " has " +
					samples + " samples per pixel");
				final long b = bits[0];
				if (b < 1 || b > 64) throw new IllegalArgumentException(where() + " has " + b +
					" bits per sample");
				final long pixels = HeapBudget.times(width, height);
				if (pixels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(where() +
					" has more pixels than an image can hold here (2^31 - 9)");
				if (offsets == null) throw new IllegalArgumentException(where() + " has no image data " +
					"(no strip or tile offsets)");
				if (counts == null || counts.length != offsets.length) throw new IllegalArgumentException(
					where() + " has " + offsets.length + " data offsets but " + (counts == null ? "no" :
						Integer.toString(counts.length)) + " byte counts");
				for (int i = 0; i < offsets.length; i++)
					if (offsets[i] + counts[i] > length) throw new IllegalArgumentException("the TIFF file " +
						"is truncated: " + (tiled ? "tile " : "strip ") + (i + 1) + " of " + where() +
						" reaches byte " + (offsets[i] + counts[i]) + ", the file has " + length);
				final long perPixel = Math.max(1, (samples * b + 7) / 8);
				// ImageJ holds RGB as one int per pixel
				final long decoded = HeapBudget.times(pixels, samples == 3 && b == 8 ? 4 : perPixel);
				final long[] expected = expected(b);
				if (expected != null) for (int i = 0; i < offsets.length; i++)
					strip(i, expected[i]);
				return decoded;
			}

			/** The decoded bytes each strip or tile must give, or null when the layout is unknown. */
			private long[] expected(final long b) {
				final int n = offsets.length;
				final long[] out = new long[n];
				final long sampleSets = planar == 2 ? samples : 1;
				final long perRow = planar == 2 ? 1 : samples;
				if (tiled) {
					if (tileWidth < 1 || tileLength < 1) throw new IllegalArgumentException(where() +
						" is tiled with tiles of " + tileWidth + " x " + tileLength);
					final long across = (width + tileWidth - 1) / tileWidth, down = (height + tileLength -
						1) / tileLength;
					if (HeapBudget.times(HeapBudget.times(across, down), sampleSets) != n)
						throw new IllegalArgumentException(where() + " has " + n + " tiles, expected " +
							across * down * sampleSets);
					java.util.Arrays.fill(out, HeapBudget.times(tileLength, (tileWidth * perRow * b + 7) /
						8));
					return out;
				}
				final long rps = rowsPerStrip < 1 || rowsPerStrip > height ? height : rowsPerStrip;
				final long stripsPerSet = (height + rps - 1) / rps;
				if (stripsPerSet * sampleSets != n) throw new IllegalArgumentException(where() + " has " +
					n + " strips, expected " + stripsPerSet * sampleSets + " for " + rps +
					" rows per strip");
				final long rowBytes = (width * perRow * b + 7) / 8;
				for (int i = 0; i < n; i++) {
					final long k = i % stripsPerSet;
					out[i] = Math.min(rps, height - k * rps) * rowBytes;
				}
				return out;
			}

			private void strip(final int i, final long need) throws IOException {
				final String which = (tiled ? "tile " : "strip ") + (i + 1) + " of " + where();
				if (compression == 1) {
					if (counts[i] < need) throw new IllegalArgumentException("the TIFF file is truncated: " +
						which + " holds " + counts[i] + " bytes, its rows need " + need);
					return;
				}
				final String method;
				final long got;
				if (compression == 5 || compression == 32773 || compression == 8 ||
					compression == 32946)
				{
					HeapBudget.require(counts[i], which);
					final byte[] data = read(ch, offsets[i], (int) Math.min(counts[i], Integer.MAX_VALUE -
						8));
					if (compression == 5) {
						method = "LZW";
						got = lzwLength(data, need);
					}
					else if (compression == 32773) {
						method = "PackBits";
						got = packBitsLength(data, need);
					}
					else {
						method = "Deflate";
						got = deflateLength(data, need);
					}
				}
				else return; // other compressions: left to the decoder
				if (got < need) throw new IllegalArgumentException("the TIFF file is truncated or " +
					"corrupt: " + which + " holds " + counts[i] + " bytes of " + method + " data that " +
					"decode to " + (got < 0 ? "an error" : got + " bytes") + ", its rows need " + need);
			}
		}
	}

	/** The decoded length of PackBits data, up to {@code need}; -1 when it ends inside a run. */
	static long packBitsLength(final byte[] data, final long need) {
		long out = 0;
		int i = 0;
		while (i < data.length && out < need) {
			final int n = data[i++];
			if (n >= 0) {
				if (i + n + 1 > data.length) return -1;
				out += n + 1;
				i += n + 1;
			}
			else if (n != -128) {
				if (i >= data.length) return -1;
				out += 1 - n;
				i++;
			}
		}
		return out;
	}

	/**
	 * The decoded length of TIFF LZW data (MSB-first codes of 9 to 12 bits, clear code 256,
	 * end-of-information 257), up to {@code need}; only the lengths of the table's strings are
	 * kept. -1 when a code is not in the table.
	 */
	static long lzwLength(final byte[] data, final long need) {
		final int[] len = new int[4096];
		long out = 0;
		int next = 258, width = 9, prev = -1;
		long bitPos = 0;
		final long bits = 8L * data.length;
		while (out < need && bitPos + width <= bits) {
			int code = 0;
			for (int k = 0; k < width; k++, bitPos++)
				code = code << 1 | (data[(int) (bitPos >>> 3)] >>> (7 - (int) (bitPos & 7))) & 1;
			if (code == 257) break;
			if (code == 256) {
				next = 258;
				width = 9;
				prev = -1;
				continue;
			}
			final int l;
			if (code < 256) l = 1;
			else if (prev < 0) return -1;
			else if (code < next) l = len[code];
			else if (code == next) l = (prev < 256 ? 1 : len[prev]) + 1;
			else return -1;
			out += l;
			if (prev >= 0 && next < 4096) {
				len[next++] = (prev < 256 ? 1 : len[prev]) + 1;
				if (next == 511) width = 10;
				else if (next == 1023) width = 11;
				else if (next == 2047) width = 12;
			}
			prev = code;
		}
		return out;
	}

	/** The inflated length of zlib data, up to {@code need}; -1 when it is corrupt. */
	static long deflateLength(final byte[] data, final long need) {
		final Inflater inf = new Inflater();
		try {
			inf.setInput(data);
			final byte[] sink = new byte[1 << 16];
			long out = 0;
			while (out < need && !inf.finished()) {
				final int r = inf.inflate(sink);
				if (r == 0 && (inf.needsInput() || inf.needsDictionary())) break;
				out += r;
			}
			return out;
		}
		catch (final DataFormatException e) {
			return -1;
		}
		finally {
			inf.end();
		}
	}
}
