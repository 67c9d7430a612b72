package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * What the classifier makes of an image before the network sees it, on cases worked by hand:
 * bit depths, channel conversion, resizing plane by plane, per-channel normalisation in both
 * arithmetics, the model's own resize and crop; and the ranking, softmax and batching of the
 * outputs.
 */
class ClassifierMutationGapsTest {

	private static Network net(final String arch, final int c, final int h, final int w, final int k) {
		final Network n = Architectures.parse(arch, new int[] { c, h, w }, k);
		n.initialize(3);
		return n;
	}

	private static Classifier classifier(final int c, final int h, final int w, final InputSpec spec,
		final String preprocessing)
	{
		ModelFile m = ModelFile.of(net("flatten, dense(2), softmax", c, h, w, 2), List.of("a", "b"),
			spec);
		if (preprocessing != null) m = m.withMetadata(Classifier.PREPROCESSING, preprocessing);
		return Classifier.of(m);
	}

	private static InputSpec spec(final int c, final int h, final int w, final double scale,
		final double[] mean, final double[] std, final String resize)
	{
		return new InputSpec(c, h, w, scale, mean, std, resize);
	}

	private static Classifier.Image image(final int bits, final int c, final int h, final int w,
		final float... v)
	{
		return new Classifier.Image("img", Tensor.of(v, c, h, w), bits);
	}

	private static float[] pre(final Classifier c, final Classifier.Image i) {
		return c.preprocess(i).data();
	}

	/** The model's input spec: (v / range * 255 * scale - mean) / std per channel, in double. */
	@Test
	void theInputSpecByHand() {
		final double[] m1 = { 0.5 }, s1 = { 0.25 };
		// scale 1/255: (51/255 - 0.5) / 0.25 = -1.2, (1 - 0.5) / 0.25 = 2
		assertArrayEquals(new float[] { -1.2f, 2f }, pre(classifier(1, 1, 2, spec(1, 1, 2, 1 / 255.0,
			m1, s1, "none"), null), image(8, 1, 1, 2, 51, 255)), 1e-6f);
		// scale 1: the samples as they are
		assertArrayEquals(new float[] { 51, 255 }, pre(classifier(1, 1, 2, spec(1, 1, 2, 1, new double[] {
			0 }, new double[] { 1 }, "none"), null), image(8, 1, 1, 2, 51, 255)), 1e-4f);
		// 16-bit and 32-bit images: divided by 65535 and 1
		final Classifier plain = classifier(1, 1, 2, InputSpec.uint8(1, 1, 2), null);
		assertArrayEquals(new float[] { 1, 0.5f }, pre(plain, image(16, 1, 1, 2, 65535, 32767.5f)),
			1e-6f);
		assertArrayEquals(new float[] { -3, 0.25f }, pre(plain, image(32, 1, 1, 2, -3, 0.25f)), 0f);
		assertArrayEquals(new float[] { 1, 0.2f }, pre(plain, image(24, 1, 1, 2, 255, 51)), 1e-6f);
		// three channels, each with its own mean and std
		final Classifier rgb = classifier(3, 1, 2, spec(3, 1, 2, 1 / 255.0, new double[] { 0.1, 0.2,
			0.3 }, new double[] { 0.5, 0.25, 2 }, "none"), null);
		assertArrayEquals(new float[] { (0 - 0.1f) / 0.5f, (1 - 0.1f) / 0.5f, (0.2f - 0.2f) / 0.25f, 0,
			(0.4f - 0.3f) / 2, (0.6f - 0.3f) / 2 }, pre(rgb, image(8, 3, 1, 2, 0, 255, 51, 51, 102, 153)),
			1e-6f);
	}

	/** Resized plane by plane (bilinear, centres aligned): RGB 2x2 to 3x3. */
	@Test
	void resizedPlaneByPlane() {
		final Classifier c = classifier(3, 3, 3, spec(3, 3, 3, 1 / 255.0, new double[3], new double[] {
			1, 1, 1 }, "bilinear"), null);
		final float[] want = new float[27];
		final float[] red = { 0, 5, 10, 10, 15, 20, 20, 25, 30 };
		for (int i = 0; i < 9; i++) {
			want[i] = red[i] / 255;
			want[9 + i] = 50 / 255f;
			want[18 + i] = 100 / 255f;
		}
		assertArrayEquals(want, pre(c, image(8, 3, 2, 2, 0, 10, 20, 30, 50, 50, 50, 50, 100, 100, 100,
			100)), 1e-6f);
		assertEquals("img: the image is 3 x 2 x 2 (channels x height x width) but the model takes 3 x 3 x " +
			"3 (channels x height x width) and does not resize (its resize mode is none): scale the image " +
			"to 3x3 first", assertThrows(IllegalArgumentException.class, () -> pre(classifier(3, 3, 3,
				InputSpec.uint8(3, 3, 3), null), image(8, 3, 2, 2, new float[12]))).getMessage());
	}

	/** convert=auto: gray replicated, RGB averaged (30, 60, 90 -> 60); else refused. */
	@Test
	void channelConversion() {
		final String auto = "{\"convert\": \"auto\"}";
		assertArrayEquals(new float[] { 0.2f, 0.4f, 0.2f, 0.4f, 0.2f, 0.4f }, pre(classifier(3, 1, 2,
			InputSpec.uint8(3, 1, 2), auto), image(8, 1, 1, 2, 51, 102)), 1e-6f);
		assertArrayEquals(new float[] { 60 / 255f, 85 / 255f }, pre(classifier(1, 1, 2, InputSpec.uint8(
			1, 1, 2), auto), image(8, 3, 1, 2, 30, 0, 60, 255, 90, 0)), 1e-6f);
		// the spec's mean and std still apply after a conversion (factor 1: the samples are scaled)
		assertArrayEquals(new float[] { (60 / 255f - 0.5f) / 0.25f }, pre(classifier(1, 1, 1, spec(1, 1,
			1, 1 / 255.0, new double[] { 0.5 }, new double[] { 0.25 }, "none"), auto), image(8, 3, 1, 1, 30,
				60, 90)), 1e-5f);
		assertEquals("img: the image is 1 x 1 x 2 (channels x height x width) but the model takes 3 x 1 x " +
			"2 (channels x height x width): convert the image to RGB first", assertThrows(
				IllegalArgumentException.class, () -> pre(classifier(3, 1, 2, InputSpec.uint8(3, 1, 2), null),
					image(8, 1, 1, 2, 1, 2))).getMessage());
		assertEquals("img: the image is 3 x 1 x 2 (channels x height x width) but the model takes 1 x 1 x " +
			"2 (channels x height x width): convert the image to gray first", assertThrows(
				IllegalArgumentException.class, () -> pre(classifier(1, 1, 2, InputSpec.uint8(1, 1, 2), null),
					image(8, 3, 1, 2, new float[6]))).getMessage());
		assertEquals("img: the image is 2 x 1 x 2 (channels x height x width) but the model takes 3 x 1 x " +
			"2 (channels x height x width)", assertThrows(IllegalArgumentException.class, () -> pre(
				classifier(3, 1, 2, InputSpec.uint8(3, 1, 2), auto), image(8, 2, 1, 2, new float[4])))
			.getMessage());
	}

	/**
	 * The model's own resize, crop, mean and std (float arithmetic): a 1x2 image is already of the
	 * shorter side 1, cropped to itself, then (v / 255 - 0.5) / 0.25; an RGB image averaged first.
	 */
	@Test
	void theModelsOwnPreprocessing() {
		final String json = "{\"resize\": \"bilinear\", \"crop\": \"center\", \"resize_size\": 1, " +
			"\"convert\": \"auto\", \"mean\": 0.5, \"std\": [0.25]}";
		final Classifier c = classifier(1, 1, 2, InputSpec.uint8(1, 1, 2), json);
		assertArrayEquals(new float[] { (51 / 255f - 0.5f) / 0.25f, (1 - 0.5f) / 0.25f }, pre(c, image(8,
			1, 1, 2, 51, 255)), 1e-6f);
		assertArrayEquals(new float[] { (60 / 255f - 0.5f) / 0.25f, (85 / 255f - 0.5f) / 0.25f }, pre(c,
			image(8, 3, 1, 2, 30, 0, 60, 255, 90, 0)), 1e-6f);
		// any size is taken: 2x4 -> shorter side 1 -> 1x2 (PIL: 500/7 and 1600/7 per row, rows averaged;
		// a 32-bit image is not divided)
		assertArrayEquals(new float[] { (850 / 7f - 0.5f) / 0.25f, (1950 / 7f - 0.5f) / 0.25f },
			pre(c, image(32, 1, 2, 4, 0, 100, 200, 300, 100, 200, 300, 400)), 2e-3f);
		final String[][] bad = { { "{\"resize\": \"cubic\"}", "convnet.preprocessing resize 'cubic' is " +
			"not known: expected none or bilinear" }, { "{\"crop\": \"corner\"}", "convnet.preprocessing " +
				"crop 'corner' is not known: expected none or center" }, { "{\"crop\": \"center\"}",
					"convnet.preprocessing crop center needs resize_size (the shorter side before cropping)" }, {
						"{\"resize_size\": 4, \"crop\": \"center\", \"resize\": \"none\"}", "convnet.preprocessing " +
							"resize_size needs resize bilinear and crop center, not resize none and crop center" }, {
								"{\"resize_size\": 4, \"resize\": \"bilinear\"}", "convnet.preprocessing resize_size " +
									"needs resize bilinear and crop center, not resize bilinear and crop none" }, {
										"{\"std\": 0}", "convnet.preprocessing std [0.0] must be > 0" }, {
											"{\"mean\": [1, 2]}", "convnet.preprocessing mean: 2 values for 1 channels" } };
		for (final String[] b : bad)
			assertEquals(b[1], assertThrows(IllegalArgumentException.class, () -> classifier(1, 1, 2,
				InputSpec.uint8(1, 1, 2), b[0]), b[0]).getMessage());
		// the input spec must match the network
		assertEquals("the model's input 1 x 1 x 3 (channels x height x width) does not match its " +
			"network's input [1, 1, 2]", assertThrows(IllegalArgumentException.class, () -> Classifier.of(
				ModelFile.of(net("flatten, dense(2), softmax", 1, 1, 2, 2), List.of("a", "b"), InputSpec
					.uint8(1, 1, 3)))).getMessage());
	}

	/**
	 * The model's own mean and std are applied in float arithmetic, as torchvision's Normalize:
	 * {@code (v / 255f - 0.485f) / 0.229f} exactly, for every 8-bit value; without its own mean and
	 * std, the samples are scaled by their bit depth whatever the input spec's scale.
	 */
	@Test
	void floatArithmeticAndScales() {
		final float[] v = new float[256];
		final float[] want = new float[256];
		for (int i = 0; i < 256; i++) {
			v[i] = i;
			want[i] = (i / 255f - 0.485f) / 0.229f;
		}
		final Classifier c = classifier(1, 1, 256, InputSpec.uint8(1, 1, 256), "{\"mean\": [0.485], " +
			"\"std\": 0.229}");
		assertArrayEquals(want, pre(c, image(8, 1, 1, 256, v)), 0f);
		// a mean without a std: the std is 1
		assertArrayEquals(new float[] { 0.2f - 0.5f, 0.5f }, pre(classifier(1, 1, 2, InputSpec.uint8(1, 1,
			2), "{\"mean\": [0.5]}"), image(8, 1, 1, 2, 51, 255)), 1e-6f);
		// with preprocessing metadata the spec's scale (1 here) is not applied: v / 255
		assertArrayEquals(new float[] { 0.2f, 1 }, pre(classifier(1, 1, 2, spec(1, 1, 2, 1, new double[] {
			0 }, new double[] { 1 }, "none"), "{\"convert\": \"auto\"}"), image(8, 1, 1, 2, 51, 255)),
			1e-6f);
		// PIL's filter unless antialias is false: 2x4 -> 1x2 plainly is the rows' mean at columns 0.5, 2.5
		final String plain = "{\"resize\": \"bilinear\", \"crop\": \"center\", \"resize_size\": 1, " +
			"\"antialias\": false, \"convert\": \"auto\", \"mean\": 0, \"std\": 1}";
		final Classifier p = classifier(1, 1, 2, InputSpec.uint8(1, 1, 2), plain);
		assertArrayEquals(new float[] { 100, 300 }, pre(p, image(32, 1, 2, 4, 0, 100, 200, 300, 100, 200,
			300, 400)), 1e-4f);
		assertEquals("auto", p.convert());
		assertEquals("bilinear", p.resize());
		assertTrue(p.model().network() != null && p.namedClasses());
		// a size that differs in width only, or height only, is refused without resizing
		assertTrue(assertThrows(IllegalArgumentException.class, () -> pre(classifier(1, 2, 3, InputSpec
			.uint8(1, 2, 3), null), image(8, 1, 2, 2, new float[4]))).getMessage().endsWith(
				"scale the image to 3x2 first"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> pre(classifier(1, 3, 2, InputSpec
			.uint8(1, 3, 2), null), image(8, 1, 2, 2, new float[4]))).getMessage().endsWith(
				"scale the image to 2x3 first"));
	}

	/**
	 * A model file without class names (as other tools write them): 1000 outputs are ImageNet's
	 * classes, 1001 have "background" first, other counts are numbered; labels replace the names
	 * and the ImageNet note.
	 */
	@Test
	void modelsWithoutClassNames(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
		throws Exception
	{
		for (final int k : new int[] { 1000, 1001, 3 }) {
			final Network n = net("flatten, dense(" + k + ")", 1, 1, 2, k);
			final java.nio.file.Path f = dir.resolve("m" + k + ".onnx");
			io.github.convnetij.nn.onnx.Onnx.write(io.github.convnetij.nn.onnx.OnnxNetworks.toOnnx(n,
				java.util.Map.of(), List.of()), f);
			final Classifier c = Classifier.load(f);
			assertEquals(k, c.classes().size());
			if (k == 3) {
				assertEquals(false, c.namedClasses());
				assertTrue(c.notes().stream().noneMatch(x -> x.contains("ImageNet")), c.notes().toString());
				assertEquals(false, c.withoutPreprocessing().namedClasses());
				final Classifier named = c.withLabels(List.of("x", "y", "z"), "l.txt");
				assertTrue(named.namedClasses());
				assertEquals(List.of("x", "y", "z"), named.classes());
				continue;
			}
			assertEquals(true, c.namedClasses());
			assertEquals(k == 1000 ? "tench" : "background", c.classes().get(0));
			assertEquals(k == 1000 ? "toilet tissue" : "tench", c.classes().get(k == 1000 ? 999 : 1));
			assertTrue(c.notes().contains("the model names no classes and has " + k + " outputs: they are " +
				"taken as ImageNet's " + (k == 1001 ? "classes, background first" : "1,000 classes") +
				" (torchvision's order); give labels=<file> for other names"), c.notes().toString());
			final List<String> mine = new ArrayList<>();
			for (int i = 0; i < k; i++)
				mine.add("c" + i);
			final Classifier l = c.withLabels(mine, "labels.txt");
			assertEquals("c0", l.classes().get(0));
			assertTrue(l.namedClasses());
			assertTrue(l.notes().stream().noneMatch(x -> x.startsWith("the model names no classes")), l
				.notes().toString());
			assertEquals(c.notes().size() - 1, l.notes().size());
			// preprocess=none keeps the names and notes
			assertEquals(c.notes(), c.withoutPreprocessing().notes());
		}
	}

	/** A model that names its 1000 classes keeps its names (and stays named without preprocessing). */
	@Test
	void namedModelsKeepTheirNames() {
		final List<String> names = new ArrayList<>();
		for (int i = 0; i < 1000; i++)
			names.add("c" + i);
		final Classifier c = Classifier.of(ModelFile.of(net("flatten, dense(1000)", 1, 1, 2, 1000), names,
			InputSpec.uint8(1, 1, 2)));
		assertEquals(names, c.classes());
		assertTrue(c.namedClasses());
		assertTrue(c.withoutPreprocessing().namedClasses());
		assertEquals(names, c.withoutPreprocessing().classes());
	}

	@Test
	void labelFiles(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir) throws Exception {
		final java.nio.file.Path f = dir.resolve("l.txt");
		java.nio.file.Files.writeString(f, "cat\n\n dog \n \n");
		assertEquals(List.of("cat", "", " dog "), Classifier.readLabels(f));
		assertEquals("'" + dir + "' is a folder: expected a text file with one class name per line",
			assertThrows(IllegalArgumentException.class, () -> Classifier.readLabels(dir)).getMessage());
		assertEquals("'" + dir.resolve("no.txt") + "' does not exist", assertThrows(
			IllegalArgumentException.class, () -> Classifier.readLabels(dir.resolve("no.txt")))
			.getMessage());
		java.nio.file.Files.writeString(f, " \n\n");
		assertEquals("'" + f + "' holds no class names: expected one per line", assertThrows(
			IllegalArgumentException.class, () -> Classifier.readLabels(f)).getMessage());
		java.nio.file.Files.write(f, new byte[] { 'a', (byte) 0xff, '\n' });
		assertEquals("'" + f + "' is not UTF-8 text: expected one class name per line", assertThrows(
			IllegalArgumentException.class, () -> Classifier.readLabels(f)).getMessage());
	}

	@Test
	void rankingSoftmaxAndBatches() {
		// ties by the lower index, NaN last, k clamped, at an offset
		assertArrayEquals(new int[] { 2, 3, 4, 0, 1 }, Classifier.top(new float[] { 0.1f, Float.NaN, 0.5f,
			0.5f, 0.2f }, 0, 5, 9));
		assertArrayEquals(new int[] { 1, 2 }, Classifier.top(new float[] { 9, Float.NaN, 3, 2 }, 1, 3, 2));
		assertArrayEquals(new int[] { 0, 1 }, Classifier.top(new float[] { 1, Float.NaN }, 0, 2, 2));
		// softmax of (x, x + ln 3) is (1/4, 3/4), also for large x
		final float[] v = { 0, (float) Math.log(3), 400, 400 + (float) Math.log(3) };
		Classifier.softmaxRows(v, 2);
		assertArrayEquals(new float[] { 0.25f, 0.75f, 0.25f, 0.75f }, v, 1e-5f); // 400 + ln 3 in float
		// top_k
		final Classifier c = classifier(1, 1, 2, InputSpec.uint8(1, 1, 2), null);
		final List<String> notes = new ArrayList<>();
		assertEquals(2, c.topK(2, notes::add));
		assertEquals(List.of(), notes);
		assertEquals(2, c.topK(3, notes::add));
		assertEquals(List.of("top_k 3 is more than the model's 2 classes: showing all 2"), notes);
		assertEquals("0 is not allowed: expected a whole number >= 1", assertThrows(
			IllegalArgumentException.class, () -> c.topK(0, null)).getMessage());
		assertSame(c, c.withPreprocessing(null));
		assertSame(c, c.withPreprocessing(" Model "));
		assertEquals("labels.txt has 1 name but the model has 2 outputs: expected one name per line, 2 " +
			"lines", assertThrows(IllegalArgumentException.class, () -> c.withLabels(List.of("x"),
				"labels.txt")).getMessage());
		// 63 and 65 images (one batch, two batches): each row is its own image's output
		final Network logits = net("flatten, dense(2)", 1, 1, 2, 2);
		final Classifier l = Classifier.of(ModelFile.of(logits, List.of("a", "b"), InputSpec.uint8(1, 1,
			2)));
		for (final int n : new int[] { 63, 65 }) {
			final List<Classifier.Image> images = new ArrayList<>();
			for (int i = 0; i < n; i++)
				images.add(image(32, 1, 1, 2, i, -i));
			final float[] out = l.outputs(images);
			assertEquals(2 * n, out.length);
			final List<float[]> raw = new ArrayList<>();
			final List<List<Classifier.Ranked>> ranked = l.classify(images, 2, (img, r) -> raw.add(r));
			for (int i = 0; i < n; i++) {
				final float[] one = logits.predict(Tensor.of(new float[] { i, -i }, 1, 1, 1, 2)).data();
				assertArrayEquals(one, java.util.Arrays.copyOfRange(out, 2 * i, 2 * i + 2), 1e-6f, "image " + i);
				assertArrayEquals(one, raw.get(i), 1e-6f, "raw " + i);
				final double p0 = 1 / (1 + Math.exp(one[1] - one[0]));
				final Classifier.Ranked first = ranked.get(i).get(0);
				assertEquals(p0 >= 0.5 ? 0 : 1, first.index(), "image " + i);
				assertEquals(Math.max(p0, 1 - p0), first.probability(), 1e-5, "image " + i);
				assertEquals(1, first.rank());
			}
		}
	}
}
