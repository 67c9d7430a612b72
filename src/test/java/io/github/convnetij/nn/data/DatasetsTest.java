package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every dataset kind from files this test writes; expected values computed here, not by the code. */
class DatasetsTest {

	@TempDir
	Path dir;

	/** An 8-bit gray image whose pixel (x, y) is {@code base + 3x + 7y} (mod 256). */
	static int gray8(final int base, final int x, final int y) {
		return (base + 3 * x + 7 * y) & 0xFF;
	}

	static void writeGray8(final Path file, final String format, final int w, final int h,
		final int base) throws IOException
	{
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		final WritableRaster r = img.getRaster();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				r.setSample(x, y, 0, gray8(base, x, y));
		Files.createDirectories(file.getParent());
		assertTrue(ImageIO.write(img, format, file.toFile()), format);
	}

	static void writeGray16(final Path file, final int w, final int h, final int base)
		throws IOException
	{
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
		final WritableRaster r = img.getRaster();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				r.setSample(x, y, 0, (base + 1000 * x + 77 * y) & 0xFFFF);
		Files.createDirectories(file.getParent());
		assertTrue(ImageIO.write(img, "png", file.toFile()));
	}

	static void writeRgb(final Path file, final int w, final int h, final int base)
		throws IOException
	{
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				img.setRGB(x, y, (base + x) % 256 << 16 | (base + y) % 256 << 8 | (base + x + y) % 256);
		Files.createDirectories(file.getParent());
		assertTrue(ImageIO.write(img, "png", file.toFile()));
	}

	static IllegalArgumentException fails(final Executable e) {
		final IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e::run);
		assertFalse(x.getMessage().contains("\n"), x.getMessage());
		return x;
	}

	@FunctionalInterface
	interface Executable {

		void run() throws Exception;
	}

	/** Class folders with PNG, BMP and GIF, non-image files and a corrupt image. */
	private Path mixedFolder() throws IOException {
		final Path root = dir.resolve("shapes");
		writeGray8(root.resolve("circle/a1.png"), "png", 6, 5, 10);
		writeGray8(root.resolve("circle/a2.bmp"), "bmp", 6, 5, 20);
		writeGray8(root.resolve("square/b1.gif"), "gif", 6, 5, 30);
		writeGray8(root.resolve("square/b2.PNG"), "png", 6, 5, 40);
		writeGray8(root.resolve("triangle/c1.png"), "png", 6, 5, 50);
		Files.writeString(root.resolve("circle/notes.txt"), "not an image");
		Files.writeString(root.resolve("square/.DS_Store"), "junk");
		Files.writeString(root.resolve("square/Thumbs.db"), "junk");
		Files.writeString(root.resolve("readme.md"), "top-level file");
		Files.write(root.resolve("triangle/corrupt.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1,
			2, 3 });
		return root;
	}

	@Test
	void folderOfMixedFormatsSkipsJunkAndWarnsOnce() throws IOException {
		final Path root = mixedFolder();
		final Dataset d = Datasets.open(root, DatasetOptions.defaults());
		assertEquals(List.of("circle", "square", "triangle"), d.classNames());
		assertEquals(5, d.size());
		assertEquals(1, d.channels());
		assertEquals(5, d.height());
		assertEquals(6, d.width());
		assertArrayEquals(new int[] { 0, 0, 1, 1, 2 }, d.labels());
		assertTrue(d.description().contains("auto") && d.description().contains("folder"), d
			.description());
		final String notes = String.join("\n", d.notes());
		assertTrue(notes.contains("corrupt.png"), notes);
		assertTrue(notes.contains(".txt"), notes);
		assertEquals(1, d.notes().stream().filter(n -> n.contains("corrupt.png")).count());
		final int[] bases = { 10, 20, 30, 40, 50 };
		final float[] x = new float[30];
		for (int i = 0; i < 5; i++) {
			d.copyImage(i, x, 0);
			for (int y = 0; y < 5; y++)
				for (int xx = 0; xx < 6; xx++)
					assertEquals(gray8(bases[i], xx, y) / 255f, x[y * 6 + xx], "image " + i);
		}
		assertEquals(1, d.preprocessing().channels());
		assertTrue(d.preprocessing().toJson().contains("\"resize\":\"bilinear\""));
	}

	@Test
	void strictStopsAtTheCorruptImage() throws IOException {
		final Path root = mixedFolder();
		final IllegalArgumentException e = fails(() -> Datasets.open(root, DatasetOptions.defaults()
			.strict(true)));
		assertTrue(e.getMessage().contains("corrupt.png") && e.getMessage().contains("strict"), e
			.getMessage());
	}

	@Test
	void badFolders() throws IOException {
		final Path none = dir.resolve("none");
		Files.createDirectories(none);
		Files.writeString(none.resolve("a.png"), "x");
		assertTrue(fails(() -> Datasets.open(none, DatasetOptions.defaults().dataFormat("folder")))
			.getMessage().contains("no class subfolders"));
		final Path one = dir.resolve("one");
		writeGray8(one.resolve("only/a.png"), "png", 4, 4, 0);
		assertTrue(fails(() -> Datasets.open(one, DatasetOptions.defaults())).getMessage().contains(
			"one class subfolder ('only')"));
		final Path empty = dir.resolve("empty");
		writeGray8(empty.resolve("a/1.png"), "png", 4, 4, 0);
		Files.createDirectories(empty.resolve("b"));
		Files.writeString(empty.resolve("b/readme.txt"), "x");
		final String m = fails(() -> Datasets.open(empty, DatasetOptions.defaults())).getMessage();
		assertTrue(m.contains("b'") && m.contains("holds no images"), m);
		final Path allBad = dir.resolve("allbad");
		writeGray8(allBad.resolve("a/1.png"), "png", 4, 4, 0);
		Files.createDirectories(allBad.resolve("b"));
		Files.writeString(allBad.resolve("b/1.png"), "not a png");
		final String m2 = fails(() -> Datasets.open(allBad, DatasetOptions.defaults())).getMessage();
		assertTrue(m2.contains("'b'") && m2.contains("no readable image"), m2);
		assertTrue(fails(() -> Datasets.open(dir.resolve("missing"), DatasetOptions.defaults()))
			.getMessage().contains("does not exist"));
	}

	@Test
	void mixedSizes() throws IOException {
		final Path root = dir.resolve("sizes");
		writeGray8(root.resolve("a/1.png"), "png", 4, 4, 0);
		writeGray8(root.resolve("a/2.png"), "png", 4, 4, 0);
		final BufferedImage small = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
		small.getRaster().setSample(0, 0, 0, 0);
		small.getRaster().setSample(1, 0, 0, 255);
		Files.createDirectories(root.resolve("b"));
		ImageIO.write(small, "png", root.resolve("b/small.png").toFile());
		final String m = fails(() -> Datasets.open(root, DatasetOptions.defaults().resize("none")))
			.getMessage();
		assertTrue(m.contains("small.png") && m.contains("2x1") && m.contains("4x4"), m);
		final Dataset d = Datasets.open(root, DatasetOptions.defaults().resize("bilinear"));
		assertTrue(String.join(" ", d.notes()).contains("resized 1"), d.notes().toString());
		final float[] x = new float[16];
		d.copyImage(2, x, 0);
		// 2 -> 4 columns with centres aligned: sources -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
		final float[] row = { 0, 0.25f, 0.75f, 1 };
		for (int y = 0; y < 4; y++)
			for (int i = 0; i < 4; i++)
				assertEquals(row[i], x[y * 4 + i], 1e-6, "row " + y + " column " + i);
		// image_size given: everything resized to it
		final Dataset e = Datasets.open(root, DatasetOptions.defaults().imageSize("2x2"));
		assertEquals(2, e.width());
		assertEquals(2, e.height());
	}

	@Test
	void grayAndRgbMixed() throws IOException {
		final Path root = dir.resolve("colours");
		writeGray8(root.resolve("a/g.png"), "png", 3, 2, 5);
		writeRgb(root.resolve("b/c.png"), 3, 2, 9);
		final String m = fails(() -> Datasets.open(root, DatasetOptions.defaults())).getMessage();
		assertTrue(m.contains("g.png") && m.contains("c.png") && m.contains("convert=auto"), m);
		final Dataset d = Datasets.open(root, DatasetOptions.defaults().convert("auto"));
		assertEquals(3, d.channels());
		assertTrue(String.join(" ", d.notes()).contains("gray"), d.notes().toString());
		final float[] x = new float[18];
		d.copyImage(0, x, 0);
		for (int c = 0; c < 3; c++)
			for (int y = 0; y < 2; y++)
				for (int xx = 0; xx < 3; xx++)
					assertEquals(gray8(5, xx, y) / 255f, x[c * 6 + y * 3 + xx]);
		d.copyImage(1, x, 0);
		for (int y = 0; y < 2; y++)
			for (int xx = 0; xx < 3; xx++) {
				assertEquals((9 + xx) / 255f, x[y * 3 + xx]);
				assertEquals((9 + y) / 255f, x[6 + y * 3 + xx]);
				assertEquals((9 + xx + y) / 255f, x[12 + y * 3 + xx]);
			}
		// RGB given to a 1-channel model: the mean of R, G, B
		final Dataset g = Datasets.open(root, DatasetOptions.defaults().convert("auto").channels(1));
		g.copyImage(1, x, 0);
		assertEquals(((9 + 1) / 255f + (9 + 1) / 255f + (9 + 2) / 255f) / 3f, x[1 * 3 + 1], 1e-6);
		// a 3-channel model without convert=auto refuses gray
		final Path grays = dir.resolve("grays");
		writeGray8(grays.resolve("a/1.png"), "png", 3, 2, 0);
		writeGray8(grays.resolve("b/1.png"), "png", 3, 2, 0);
		assertTrue(fails(() -> Datasets.open(grays, DatasetOptions.defaults().channels(3)))
			.getMessage().contains("convert=auto"));
	}

	@Test
	void sixteenBitScaledBy65535AndEightBitBy255() throws IOException {
		final Path root = dir.resolve("deep");
		writeGray16(root.resolve("a/1.png"), 5, 3, 123);
		writeGray8(root.resolve("b/1.png"), "png", 5, 3, 17);
		final Dataset d = Datasets.open(root, DatasetOptions.defaults());
		final float[] x = new float[15];
		d.copyImage(0, x, 0);
		for (int y = 0; y < 3; y++)
			for (int xx = 0; xx < 5; xx++)
				assertEquals(((123 + 1000 * xx + 77 * y) & 0xFFFF) / 65535f, x[y * 5 + xx]);
		d.copyImage(1, x, 0);
		for (int y = 0; y < 3; y++)
			for (int xx = 0; xx < 5; xx++)
				assertEquals(gray8(17, xx, y) / 255f, x[y * 5 + xx]);
	}

	@Test
	void jpegReadsAsRgb() throws IOException {
		final Path root = dir.resolve("jpegs");
		for (final String c : new String[] { "x", "y" }) {
			final BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
			Files.createDirectories(root.resolve(c));
			assertTrue(ImageIO.write(img, "jpg", root.resolve(c + "/1.jpg").toFile()));
		}
		final Dataset d = Datasets.open(root, DatasetOptions.defaults());
		assertEquals(3, d.channels());
		assertEquals(2, d.size());
	}

	@Test
	void csvManifest() throws IOException {
		writeGray8(dir.resolve("img/one.png"), "png", 4, 3, 1);
		writeGray8(dir.resolve("img/two.png"), "png", 4, 3, 2);
		writeGray8(dir.resolve("img/sub/three.png"), "png", 4, 3, 3);
		final Path csv = dir.resolve("img/list.csv");
		Files.writeString(csv, "path,class\none.png,zebra\n\"sub/three.png\",ant\ntwo.png,zebra\n");
		final Dataset d = Datasets.open(csv, DatasetOptions.defaults());
		assertEquals(List.of("ant", "zebra"), d.classNames());
		assertArrayEquals(new int[] { 1, 0, 1 }, d.labels());
		final float[] x = new float[12];
		d.copyImage(1, x, 0);
		assertEquals(gray8(3, 2, 1) / 255f, x[4 + 2]);
		// the folder holding one .csv is detected too
		assertTrue(Datasets.open(dir.resolve("img"), DatasetOptions.defaults()).description().contains(
			"CSV"));
		Files.writeString(csv, "one.png,zebra\nmissing.png,ant\n");
		final String m = fails(() -> Datasets.open(csv, DatasetOptions.defaults())).getMessage();
		assertTrue(m.contains("line 2") && m.contains("missing.png"), m);
		Files.writeString(csv, "one.png,zebra\ntwo.png,zebra\n");
		assertTrue(fails(() -> Datasets.open(csv, DatasetOptions.defaults())).getMessage().contains(
			"one class"));
	}

	/** CIFAR-10 records written byte by byte: label, then 1024 R, 1024 G, 1024 B. */
	private static byte[] cifar(final int n, final int labelBytes, final int seed) {
		final byte[] b = new byte[n * (labelBytes + 3072)];
		final Random r = new Random(seed);
		r.nextBytes(b);
		for (int i = 0; i < n; i++) {
			final int o = i * (labelBytes + 3072);
			if (labelBytes == 1) b[o] = (byte) ((i + seed) % 10);
			else {
				b[o] = (byte) ((i + seed) % 20); // coarse
				b[o + 1] = (byte) ((i * 7 + seed) % 100); // fine
			}
		}
		return b;
	}

	@Test
	void cifar10() throws IOException {
		final Path c = dir.resolve("cifar-10-batches-bin");
		Files.createDirectories(c);
		final byte[] b1 = cifar(3, 1, 1), b2 = cifar(2, 1, 2), t = cifar(4, 1, 3);
		Files.write(c.resolve("data_batch_1.bin"), b1);
		Files.write(c.resolve("data_batch_2.bin"), b2);
		Files.write(c.resolve("test_batch.bin"), t);
		final List<String> names = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
			"frog", "horse", "ship", "truck");
		Files.writeString(c.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n");
		final Dataset d = Datasets.open(c, DatasetOptions.defaults());
		assertTrue(d.description().contains("CIFAR-10"), d.description());
		assertEquals(names, d.classNames());
		assertEquals(5, d.size());
		assertEquals(3, d.channels());
		assertEquals(32, d.height());
		final float[] x = new float[3072];
		d.copyImage(3, x, 0); // first record of batch 2
		assertEquals(b2[0], d.label(3));
		// channel 1 (G), row 5, column 7
		assertEquals((b2[1 + 1024 + 5 * 32 + 7] & 0xFF) / 255f, x[1024 + 5 * 32 + 7]);
		final Dataset test = Datasets.open(c, DatasetOptions.defaults().part(DatasetOptions.Part.TEST));
		assertEquals(4, test.size());
		// a single file
		assertEquals(3, Datasets.open(c.resolve("data_batch_1.bin"), DatasetOptions.defaults()).size());
		Files.write(c.resolve("data_batch_3.bin"), java.util.Arrays.copyOf(b1, 3073 * 2 + 5));
		final String m = fails(() -> Datasets.open(c, DatasetOptions.defaults())).getMessage();
		assertTrue(m.contains("data_batch_3.bin") && m.contains("6151 bytes") && m.contains("3073"), m);
	}

	@Test
	void cifar100FineAndCoarse() throws IOException {
		final Path c = dir.resolve("cifar-100-binary");
		Files.createDirectories(c);
		final byte[] tr = cifar(5, 2, 4);
		Files.write(c.resolve("train.bin"), tr);
		Files.write(c.resolve("test.bin"), cifar(2, 2, 5));
		final List<String> fine = new ArrayList<>(), coarse = new ArrayList<>();
		for (int i = 0; i < 100; i++)
			fine.add("fine" + i);
		for (int i = 0; i < 20; i++)
			coarse.add("coarse" + i);
		Files.writeString(c.resolve("fine_label_names.txt"), String.join("\n", fine));
		Files.writeString(c.resolve("coarse_label_names.txt"), String.join("\n", coarse));
		final Dataset f = Datasets.open(c, DatasetOptions.defaults());
		assertTrue(f.description().contains("CIFAR-100"), f.description());
		assertEquals(fine, f.classNames());
		for (int i = 0; i < 5; i++)
			assertEquals(tr[i * 3074 + 1], f.label(i));
		final float[] x = new float[3072];
		f.copyImage(4, x, 0);
		assertEquals((tr[4 * 3074 + 2 + 2048 + 31] & 0xFF) / 255f, x[2048 + 31]);
		final Dataset k = Datasets.open(c, DatasetOptions.defaults().labelMode("coarse"));
		assertEquals(coarse, k.classNames());
		for (int i = 0; i < 5; i++)
			assertEquals(tr[i * 3074], k.label(i));
		Files.write(c.resolve("train.bin"), java.util.Arrays.copyOf(tr, 3073 * 2));
		final String m = fails(() -> Datasets.open(c, DatasetOptions.defaults().dataFormat("cifar100")))
			.getMessage();
		assertTrue(m.contains("train.bin") && m.contains("3074") && m.contains("CIFAR-10 file"), m);
	}

	@Test
	void idxWithClassNames() throws IOException {
		TestIdx.write(dir, "train", 20, 6, 6, 3, 1, true);
		TestIdx.write(dir, "t10k", 9, 6, 6, 3, 2, false);
		final Dataset d = Datasets.open(dir, DatasetOptions.defaults().classNames("red, green ,blue"));
		assertEquals(List.of("red", "green", "blue"), d.classNames());
		assertEquals(20, d.size());
		assertTrue(d.description().contains("IDX"), d.description());
		final Path names = dir.resolve("names.txt");
		Files.writeString(names, "a\nb\n\nc\n");
		final Dataset t = Datasets.open(dir, DatasetOptions.defaults().classNames(names.toString())
			.part(DatasetOptions.Part.TEST));
		assertEquals(List.of("a", "b", "c"), t.classNames());
		assertEquals(9, t.size());
		assertTrue(fails(() -> Datasets.open(dir, DatasetOptions.defaults().classNames("a,b")))
			.getMessage().contains("one name per class"));
		assertTrue(fails(() -> DatasetOptions.defaults().classNames("a,,b")).getMessage().contains(
			"empty"));
		// a 3-channel model: gray IDX only with convert=auto
		assertTrue(fails(() -> Datasets.open(dir, DatasetOptions.defaults().channels(3))).getMessage()
			.contains("convert=auto"));
		final Dataset rgb = Datasets.open(dir, DatasetOptions.defaults().channels(3).convert("auto"));
		assertEquals(3, rgb.channels());
		final float[] g = new float[36], c3 = new float[108];
		d.copyImage(5, g, 0);
		rgb.copyImage(5, c3, 0);
		for (int ch = 0; ch < 3; ch++)
			for (int k = 0; k < 36; k++)
				assertEquals(g[k], c3[ch * 36 + k]);
	}

	@Test
	void stackFromPlanesWithSliceLabelsOrCsv() throws IOException {
		final List<Object> planes = new ArrayList<>();
		final List<String> labels = new ArrayList<>();
		for (int s = 0; s < 6; s++) {
			final byte[] p = new byte[12];
			for (int k = 0; k < 12; k++)
				p[k] = (byte) (s * 10 + k);
			planes.add(p);
			labels.add(s % 2 == 0 ? "dog/img" + s + ".png\ninfo" : "cat");
		}
		final Dataset d = Datasets.fromPlanes(planes, 4, 3, labels, null, "pets", DatasetOptions
			.defaults());
		assertEquals(List.of("cat", "dog"), d.classNames());
		assertArrayEquals(new int[] { 1, 0, 1, 0, 1, 0 }, d.labels());
		final float[] x = new float[12];
		d.copyImage(3, x, 0);
		assertEquals((30 + 7) / 255f, x[7]);
		final Path csv = dir.resolve("classes.csv");
		Files.writeString(csv, "slice,class\n1,a\n2,b\n3,a\n4,b\n5,c\n6,c\n");
		final Dataset e = Datasets.fromPlanes(planes, 4, 3, null, csv, "pets", DatasetOptions
			.defaults());
		assertEquals(List.of("a", "b", "c"), e.classNames());
		assertArrayEquals(new int[] { 0, 1, 0, 1, 2, 2 }, e.labels());
		final List<String> distinct = List.of("a1", "b2", "c3", "d4", "e5", "f6");
		assertTrue(fails(() -> Datasets.fromPlanes(planes, 4, 3, distinct, null, "pets",
			DatasetOptions.defaults())).getMessage().contains("its own class"));
		Files.writeString(csv, "1,a\n2,b\n");
		assertTrue(fails(() -> Datasets.fromPlanes(planes, 4, 3, null, csv, "pets", DatasetOptions
			.defaults())).getMessage().contains("slice 3"));
		// RGB planes (packed ints) and float planes
		final int[] rgb = { 0x102030, 0x405060 };
		final Dataset r = Datasets.fromPlanes(List.of(rgb, rgb.clone()), 2, 1, List.of("x", "y"), null,
			"rgb", DatasetOptions.defaults());
		final float[] y = new float[6];
		r.copyImage(0, y, 0);
		assertArrayEquals(new float[] { 0x10 / 255f, 0x40 / 255f, 0x20 / 255f, 0x50 / 255f, 0x30 /
			255f, 0x60 / 255f }, y);
		final Dataset f = Datasets.fromPlanes(List.of(new float[] { 1.5f, -2 }, new float[] { 3, 4 }),
			2, 1, List.of("x", "y"), null, "f", DatasetOptions.defaults());
		f.copyImage(0, y, 0);
		assertEquals(1.5f, y[0]);
		assertEquals(-2f, y[1]);
	}

	@Test
	void streamedGivesTheSameBatchesAsInMemory() throws IOException {
		final Path root = dir.resolve("stream");
		final Random r = new Random(3);
		for (int i = 0; i < 23; i++)
			writeGray8(root.resolve((i % 3 == 0 ? "p" : "q") + "/" + i + ".png"), "png", 7, 5, r.nextInt(
				256));
		final Dataset mem = Datasets.open(root, DatasetOptions.defaults().memory(
			DatasetOptions.Memory.MEMORY));
		final Dataset disk = Datasets.open(root, DatasetOptions.defaults().memory(
			DatasetOptions.Memory.STREAM));
		assertFalse(mem.streamed());
		assertTrue(disk.streamed());
		final MiniBatches a = MiniBatches.shuffled(mem, 4, 9, 1), b = MiniBatches.shuffled(disk, 4, 9,
			1);
		final List<Batch> fromA = new ArrayList<>(), fromB = new ArrayList<>();
		a.forEach(fromA::add);
		try (MiniBatches.Ahead ahead = b.ahead(2)) {
			for (int k = 0; k < b.numBatches(); k++)
				fromB.add(ahead.batch(k));
		}
		assertEquals(fromA.size(), fromB.size());
		for (int k = 0; k < fromA.size(); k++) {
			assertArrayEquals(fromA.get(k).labels(), fromB.get(k).labels());
			assertArrayEquals(fromA.get(k).images().data(), fromB.get(k).images().data());
		}
		final Dataset.Split s1 = mem.split(0.3, 5), s2 = disk.split(0.3, 5);
		assertArrayEquals(s1.validation().labels(), s2.validation().labels());
		assertTrue(s2.validation().streamed());
	}

	@Test
	void autoDetectionSaysWhatItFound() throws IOException {
		final String m = fails(() -> {
			final Path e = dir.resolve("nothing");
			Files.createDirectories(e);
			Files.writeString(e.resolve("x.txt"), "x");
			Datasets.open(e, DatasetOptions.defaults());
		}).getMessage();
		assertTrue(m.contains("x.txt") && m.contains("expected"), m);
		assertTrue(fails(() -> DatasetOptions.defaults().dataFormat("tiff")).getMessage().contains(
			"auto, folder, idx, cifar10, cifar100, csv, stack"));
		assertTrue(fails(() -> DatasetOptions.defaults().imageSize("64")).getMessage().contains(
			"WxH"));
		assertEquals(64, DatasetOptions.defaults().imageSize("64 x 32").width());
	}

	@Test
	void trainAndTestSubfolders() throws IOException {
		final Path root = dir.resolve("split");
		for (final String part : new String[] { "train", "test" })
			for (final String c : new String[] { "a", "b" })
				for (int i = 0; i < (part.equals("train") ? 3 : 1); i++)
					writeGray8(root.resolve(part + "/" + c + "/" + i + ".png"), "png", 3, 3, i);
		final Dataset train = Datasets.open(root, DatasetOptions.defaults());
		assertEquals(6, train.size());
		assertEquals(2, Datasets.open(root, DatasetOptions.defaults().part(DatasetOptions.Part.TEST))
			.size());
		// a test folder lacking class 'a' keeps the training set's label of 'b'; unknown classes refused
		final Path other = dir.resolve("other");
		writeGray8(other.resolve("b/1.png"), "png", 5, 5, 1);
		writeGray8(other.resolve("b/2.png"), "png", 3, 3, 1);
		final Dataset test = Datasets.open(other, Datasets.like(train, DatasetOptions.defaults()));
		assertEquals(List.of("a", "b"), test.classNames());
		assertArrayEquals(new int[] { 1, 1 }, test.labels());
		assertEquals(3, test.width());
		writeGray8(other.resolve("zebra/1.png"), "png", 3, 3, 1);
		final String m = fails(() -> Datasets.open(other, Datasets.like(train, DatasetOptions
			.defaults()))).getMessage();
		assertTrue(m.contains("'zebra'") && m.contains("[a, b]"), m);
	}

	@Test
	void preprocessingJsonRoundTrip() {
		final Preprocessing p = new Preprocessing(3, 32, 48, "bilinear", "auto");
		assertEquals(p, Preprocessing.fromJson(p.toJson()));
		assertTrue(p.toJson().contains("\"8\":0.00392156862745098"), p.toJson());
	}

	@Test
	void decoderRefusesAHugeHeader() throws IOException {
		// a PNG header claiming 100000 x 100000 pixels
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
		ImageIO.write(img, "png", out);
		final byte[] b = out.toByteArray();
		// IHDR width and height at bytes 16..23 (the CRC is then wrong, which ImageIO ignores or reports)
		for (int k = 16; k < 24; k += 4) {
			b[k] = 0;
			b[k + 1] = 1;
			b[k + 2] = (byte) 0x86;
			b[k + 3] = (byte) 0xA0;
		}
		final Path f = dir.resolve("huge.png");
		Files.write(f, b);
		assertThrows(IOException.class, () -> ImageDecoder.standard().decode(f));
	}

	@Test
	void decoderStretchesEachBandOfA565Image() throws IOException {
		final BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_565_RGB);
		img.setRGB(0, 0, 0xFFFFFF);
		img.setRGB(1, 0, 0x000000);
		final DecodedImage d = ImageIODecoder.convert(img);
		assertEquals(3, d.channels());
		assertEquals(8, d.bitDepth());
		for (int c = 0; c < 3; c++) {
			assertEquals(255f, d.sample(c, 0, 0), "channel " + c);
			assertEquals(0f, d.sample(c, 0, 1));
		}
		// 16-bit gray read back as written
		final Path f = dir.resolve("g16.png");
		writeGray16(f, 3, 2, 5);
		final DecodedImage g = ImageDecoder.standard().decode(f);
		assertEquals(16, g.bitDepth());
		assertEquals((5 + 1000 * 2 + 77) & 0xFFFF, (int) g.sample(0, 1, 2));
		assertEquals(new DecodedImage.Info(3, 2, 1, 16), ImageDecoder.standard().probe(f));
	}

	@Test
	void streamedEqualsInMemoryFor16BitResizedAndConvertedImages() throws IOException {
		final Path root = dir.resolve("mix");
		writeGray16(root.resolve("a/1.png"), 6, 4, 9);
		writeGray16(root.resolve("a/2.png"), 5, 3, 900);
		writeGray8(root.resolve("b/1.png"), "png", 6, 4, 3);
		writeRgb(root.resolve("b/2.png"), 4, 4, 7);
		for (final int channels : new int[] { 1, 3 }) {
			final DatasetOptions o = DatasetOptions.defaults().convert("auto").channels(channels);
			final Dataset mem = Datasets.open(root, o.memory(DatasetOptions.Memory.MEMORY));
			final Dataset disk = Datasets.open(root, o.memory(DatasetOptions.Memory.STREAM));
			assertEquals(6, mem.width());
			assertEquals(4, mem.height());
			final float[] x = new float[mem.imageSize()], y = new float[mem.imageSize()];
			for (int i = 0; i < 4; i++) {
				mem.copyImage(i, x, 0);
				disk.copyImage(i, y, 0);
				assertArrayEquals(x, y, "image " + i + ", " + channels + " channel(s)");
			}
			// the unresized 16-bit image: v / 65535 in every channel
			mem.copyImage(0, x, 0);
			assertEquals(((9 + 1000 * 5 + 77 * 3) & 0xFFFF) / 65535f, x[(channels - 1) * 24 + 3 * 6 + 5]);
		}
	}
}
