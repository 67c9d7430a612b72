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
 * <li>Anything else (text images, JPEG, GIF, BMP, PGM): the file must fit in the heap.</li>
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
