package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.onnx.OnnxNetworks;

/** Top-k ranking, preprocessing and refusals of {@link Classifier}. */
class ClassifierTest {

	@TempDir
	Path dir;

	private static Network net(final String arch, final int[] shape, final int k) {
		final Network n = Architectures.parse(arch, shape, k);
		n.initialize(3);
		return n;
	}

	private static Tensor bytes(final long seed, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		final Random r = new Random(seed);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = r.nextInt(256);
		return t;
	}

	@Test
	void topKIsSortedByProbabilityThenIndex() {
		final float[] p = { 0.1f, 0.3f, 0.05f, 0.3f, 0.25f, Float.NaN };
		assertArrayEquals(new int[] { 1, 3, 4 }, Classifier.top(p, 0, 6, 3));
		assertArrayEquals(new int[] { 1, 3, 4, 0, 2, 5 }, Classifier.top(p, 0, 6, 9));
		// relative to the offset: values 1, 2, 2
		assertArrayEquals(new int[] { 1, 2 }, Classifier.top(new float[] { 9, 1, 2, 2 }, 1, 3, 2));
	}

	@Test
	void classifiesAsTheNetworkOnScaledPixels() throws Exception {
		final Network n = net("conv(3,3,pad=1), relu, flatten, dense(7), softmax", new int[] { 1, 6,
			5 }, 7);
		final List<String> names = List.of("a", "b", "c", "d", "e", "f", "g");
		final Path file = dir.resolve("m.onnx");
		ModelFile.of(n, names, InputSpec.uint8(1, 6, 5)).save(file);
		final Classifier c = Classifier.load(file);
		assertTrue(c.namedClasses());
		final List<Classifier.Image> images = new ArrayList<>();
		for (int i = 0; i < 70; i++) // two batches
			images.add(new Classifier.Image("img" + i, bytes(i, 1, 6, 5), 8));
		final List<List<Classifier.Ranked>> r = c.classify(images, 3);
		assertEquals(70, r.size());
		for (int i = 0; i < 70; i++) {
			// reference: v / 255f as the IDX training data, one image at a time, ranked by hand
			final float[] x = images.get(i).pixels().data().clone();
			for (int j = 0; j < x.length; j++)
				x[j] = x[j] / 255f;
			final float[] p = n.predict(Tensor.of(x, 1, 1, 6, 5)).data();
			final boolean[] used = new boolean[7];
			for (int rank = 0; rank < 3; rank++) {
				int best = -1;
				for (int j = 0; j < 7; j++)
					if (!used[j] && (best < 0 || p[j] > p[best])) best = j;
				used[best] = true;
				final Classifier.Ranked got = r.get(i).get(rank);
				assertEquals(rank + 1, got.rank());
				assertEquals(best, got.index());
				assertEquals(names.get(best), got.name());
				assertEquals(p[best], got.probability(), 1e-6f);
			}
		}
	}

	@Test
	void topKLargerThanTheClassesIsClampedWithANote() {
		final Classifier c = Classifier.of(ModelFile.of(net("flatten, dense(4), softmax", new int[] {
			1, 2, 2 }, 4), ModelFile.numberedClasses(4), InputSpec.uint8(1, 2, 2)));
		final List<String> notes = new ArrayList<>();
		assertEquals(4, c.topK(10, notes::add));
		assertEquals(List.of("top_k 10 is more than the model's 4 classes: showing all 4"), notes);
		assertEquals(2, c.topK(2, notes::add));
		assertEquals(1, notes.size());
		assertEquals(4, c.classify(List.of(new Classifier.Image("x", bytes(1, 1, 2, 2), 8)), 10).get(0)
			.size());
		assertThrows(IllegalArgumentException.class, () -> c.topK(0, null));
	}

	@Test
	void unnamedClassesAreIndices() throws Exception {
		final Network n = net("flatten, dense(3), softmax", new int[] { 1, 2, 2 }, 3);
		final Path file = dir.resolve("plain.onnx");
		Onnx.write(OnnxNetworks.toOnnx(n, Map.of(), List.of()), file);
		final Classifier c = Classifier.load(file);
		assertFalse(c.namedClasses());
		assertEquals(List.of("0", "1", "2"), c.classes());
	}

	@Test
	void wrongSizeOrChannelsNameBothShapes() {
		final Classifier c = Classifier.of(ModelFile.of(net("flatten, dense(3), softmax", new int[] {
			1, 4, 5 }, 3), ModelFile.numberedClasses(3), InputSpec.uint8(1, 4, 5)));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c
			.classify(List.of(new Classifier.Image("big.png", bytes(1, 1, 8, 5), 8)), 1));
		assertEquals("big.png: the image is 1 x 8 x 5 (channels x height x width) but the model " +
			"takes 1 x 4 x 5 (channels x height x width) and does not resize (its resize mode is " +
			"none): scale the image to 5x4 first", e.getMessage());
		final IllegalArgumentException rgb = assertThrows(IllegalArgumentException.class, () -> c
			.preprocess(new Classifier.Image("rgb.png", bytes(1, 3, 4, 5), 8)));
		assertTrue(rgb.getMessage().startsWith("rgb.png: the image is 3 x 4 x 5 (channels x height " +
			"x width) but the model takes 1 x 4 x 5"), rgb.getMessage());
	}

	@Test
	void bilinearResizeAndBitDepths() {
		final InputSpec spec = new InputSpec(1, 2, 2, 1 / 255.0, new double[] { 0.5 }, new double[] {
			0.25 }, "bilinear");
		final Classifier c = Classifier.of(ModelFile.of(net("flatten, dense(2), softmax", new int[] { 1,
			2, 2 }, 2), ModelFile.numberedClasses(2), spec));
		// halving a 4x4 image with pixel centres aligned averages each 2x2 block
		final float[] v = new float[16];
		for (int i = 0; i < 16; i++)
			v[i] = i * 1000;
		final Tensor x = c.preprocess(new Classifier.Image("s", Tensor.of(v, 1, 4, 4), 16));
		final float[] blocks = { 2500, 4500, 10500, 12500 };
		for (int i = 0; i < 4; i++)
			assertEquals((blocks[i] / 65535.0 - 0.5) / 0.25, x.data()[i], 1e-5, "pixel " + i);
		final Tensor y = c.preprocess(new Classifier.Image("f", Tensor.of(new float[] { 0.5f, 2, -1,
			0 }, 1, 2, 2), 32));
		assertArrayEquals(new float[] { 0, 6, -6, -2 }, y.data(), 1e-6f);
	}

	@Test
	void notAClassifierIsRefused() throws Exception {
		final Network conv = net("conv(2,3,pad=1)", new int[] { 1, 3, 3 }, 0);
		final Path a = dir.resolve("conv.onnx");
		Onnx.write(OnnxNetworks.toOnnx(conv, Map.of(), List.of()), a);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifier
			.load(a));
		assertEquals("'" + a + "' is not a classifier: its output has shape [2, 3, 3], not one " +
			"vector of class scores", e.getMessage());
	}

	/**
	 * A classifier ending in logits (no softmax, as torchvision's exports) gets softmax applied for
	 * its probabilities, with a note; its raw outputs stay the logits.
	 */
	@Test
	void logitsGetSoftmaxWithANote() throws Exception {
		final Network logits = net("flatten, dense(3)", new int[] { 1, 2, 2 }, 3);
		final Path b = dir.resolve("logits.onnx");
		ModelFile.of(logits, List.of("x", "y", "z"), InputSpec.uint8(1, 2, 2)).save(b);
		final Classifier c = Classifier.load(b);
		assertTrue(c.appliesSoftmax());
		assertEquals(List.of("the model's last layer is dense, not softmax: its outputs are taken as " +
			"logits and softmax is applied for the probabilities"), c.notes());
		final List<Classifier.Image> images = List.of(new Classifier.Image("i", Tensor.of(new float[] {
			0, 255, 40, 7 }, 1, 2, 2), 8));
		final float[] z = c.outputs(images), p = c.probabilities(images);
		final float[] direct = logits.predict(Tensor.of(new float[] { 0, 1, 40 / 255f, 7 / 255f }, 1, 1,
			2, 2)).data();
		assertArrayEquals(direct, z, 0f);
		double sum = 0;
		for (final float v : z)
			sum += Math.exp(v);
		for (int i = 0; i < 3; i++)
			assertEquals(Math.exp(z[i]) / sum, p[i], 1e-6, "class " + i);
		final float[][] raw = new float[1][];
		final List<List<Classifier.Ranked>> r = c.classify(images, 1, (img, v) -> raw[0] = v);
		assertArrayEquals(z, raw[0], 0f);
		assertEquals(p[r.get(0).get(0).index()], r.get(0).get(0).probability());
	}

	/**
	 * 1,000 outputs without names take ImageNet's names with a note; 1,001 take background first;
	 * a labels file replaces them, its count checked.
	 */
	@Test
	void imageNetNamesAndLabels() throws Exception {
		// the shipped list: ILSVRC-2012's classes in the usual order (207 golden retriever, 281 tabby)
		assertEquals(1000, ImageNetClasses.names().size());
		assertEquals("golden retriever", ImageNetClasses.names().get(207));
		assertEquals("tabby", ImageNetClasses.names().get(281));
		assertEquals("crane", ImageNetClasses.names().get(517)); // the machine; the bird is 134
		assertEquals(null, ImageNetClasses.forOutputs(999));
		for (final int k : new int[] { 1000, 1001 }) {
			final Network n = net("flatten, dense(" + k + "), softmax", new int[] { 1, 1, 2 }, k);
			final Path f = dir.resolve("k" + k + ".onnx");
			Onnx.write(OnnxNetworks.toOnnx(n, Map.of(), List.of()), f);
			final Classifier c = Classifier.load(f);
			assertTrue(c.namedClasses());
			final int off = k - 1000;
			if (off == 1) assertEquals("background", c.classes().get(0));
			assertEquals("tench", c.classes().get(off));
			assertEquals("goldfish", c.classes().get(off + 1));
			assertEquals("toilet tissue", c.classes().get(off + 999));
			assertEquals(1, c.notes().size(), c.notes().toString());
			assertTrue(c.notes().get(0).startsWith("the model names no classes and has " + k + " outputs"));
			final List<String> names = new java.util.ArrayList<>();
			for (int i = 0; i < k; i++)
				names.add("n" + i);
			final Classifier d = c.withLabels(names, "labels 'l.txt'");
			assertEquals("n7", d.classes().get(7));
			assertEquals(List.of(), d.notes());
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c
				.withLabels(names.subList(0, 3), "labels 'l.txt'"));
			assertEquals("labels 'l.txt' has 3 names but the model has " + k + " outputs: expected one " +
				"name per line, " + k + " lines", e.getMessage());
		}
		final Path l = dir.resolve("labels.txt");
		java.nio.file.Files.writeString(l, "cat\r\ndog\n\n");
		assertEquals(List.of("cat", "dog"), Classifier.readLabels(l));
	}

	/** preprocess=none: samples / 255 only, and the image must have the model's size. */
	@Test
	void preprocessNoneOnlyScales() throws Exception {
		final Network n = net("flatten, dense(2), softmax", new int[] { 1, 1, 2 }, 2);
		final Classifier c = Classifier.of(ModelFile.of(n, List.of("a", "b"), new InputSpec(1, 1, 2,
			1 / 255.0, new double[] { 0.5 }, new double[] { 0.25 }, "bilinear"))).withPreprocessing("none");
		assertArrayEquals(new float[] { 51 / 255f, 1 }, c.preprocess(new Classifier.Image("i", Tensor.of(
			new float[] { 51, 255 }, 1, 1, 2), 8)).data(), 0f);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c
			.preprocess(new Classifier.Image("j", Tensor.of(new float[3], 1, 1, 3), 8)));
		assertTrue(e.getMessage().startsWith("j: the image is 1 x 1 x 3 (channels x height x width) " +
			"but the model takes 1 x 1 x 2"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> c.withPreprocessing("torch"));
	}
}
