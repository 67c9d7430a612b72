package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

import org.junit.jupiter.api.Test;

/**
 * The whole text of {@link ModelInfo#describe}, written out by hand: column widths, parameter
 * counts per layer (conv 2 x 1 x 3 x 3 + 2 = 20, dense 8 x 3 + 3 = 27), numbers of the history
 * (integers plain, others with 6 significant digits and no trailing zeros), metadata cut after 200
 * characters.
 */
class ModelInfoMutationGapsTest {

	private static final String ARCH = "c1:conv(2,3), r:relu, f:flatten, classifier:dense(3)";

	private static ModelFile model() {
		final Network net = Architectures.parse(ARCH, new int[] { 1, 4, 4 }, 0);
		return ModelFile.of(net, List.of("a", "b", "c"), new InputSpec(1, 4, 4, 1 / 255.0, new double[] {
			0.5 }, new double[] { 0.25 }, "bilinear"));
	}

	private static String layers() {
		// names 10 wide ("classifier"), types 7 wide ("flatten"), shapes 18 wide
		return "layers:\n" +
			"  name        type     output shape        parameters\n" +
			"  input                [1, 4, 4]           \n" +
			"  c1          conv     [2, 2, 2]           20\n" +
			"  r           relu     [2, 2, 2]           0\n" +
			"  f           flatten  [8]                 0\n" +
			"  classifier  dense    [3]                 27\n";
	}

	@Test
	void aModelWithoutHistoryOrMetadata() {
		final ModelFile m = model();
		assertEquals("input: 1 x 4 x 4 (channels x height x width), scale 0.00392157, mean [0.5], std [0.25], " +
			"resize bilinear\n" +
			"preprocessing: (not recorded: 8-bit /255, 16-bit /65535, 32-bit as stored, then the input's " +
			"scale, mean and std)\n" +
			"classes (3): a, b, c\n" +
			"architecture: " + m.network().architecture() + "\n" +
			"parameters: 47\n" +
			layers() +
			"augmentation: none recorded\n" +
			"training history: none recorded\n", ModelInfo.describe(m));
	}

	@Test
	void historyNumbersAndMetadata() {
		final Map<String, Object> e1 = new LinkedHashMap<>(), e2 = new LinkedHashMap<>();
		e1.put("epoch", 1);
		e1.put("loss", 0.123456789);
		e1.put("accuracy", 0.5);
		e1.put("note", "x");
		e2.put("epoch", 2L);
		e2.put("loss", 1.5e-7);
		e2.put("images_per_s", 1e15);
		e2.put("big", 999999999999999.0);
		e2.put("delta", -2.5f);
		e2.put("rate", 0.1);
		e2.put("seconds", 1234.5);
		final String cut = "y".repeat(201), whole = "z".repeat(200);
		final ModelFile m = model().withHistory(List.of(e1, e2)).withMetadata(Classifier.PREPROCESSING,
			"{\"bits\":8}").withMetadata(ModelInfo.AUGMENTATION, "{\"flip\":\"horizontal\"}").withMetadata(
				"cut", cut).withMetadata("whole", whole);
		final String s = ModelInfo.describe(m);
		final String mid = "preprocessing: {\"bits\":8}\n" +
			"classes (3): a, b, c\n" +
			"architecture: " + m.network().architecture() + "\n" +
			"parameters: 47\n" +
			layers() +
			"augmentation: {\"flip\":\"horizontal\"}\n" +
			"training history (2 epochs):\n" +
			"  epoch=1 loss=0.123457 accuracy=0.5 note=x\n" +
			"  epoch=2 loss=1.5e-07 images_per_s=1e+15 big=999999999999999 delta=-2.5 rate=0.1 " +
			"seconds=1234.5\n" +
			"metadata cut: " + "y".repeat(200) + "...\n" +
			"metadata whole: " + whole + "\n";
		assertEquals(mid, s.substring(s.indexOf('\n') + 1));
	}

	@Test
	void shortNamesKeepColumnsOfFour() {
		final Network net = Architectures.parse("d:dense(2), r:relu", new int[] { 2 }, 0);
		final String s = ModelInfo.describe(ModelFile.of(net, List.of("p", "q"), InputSpec.uint8(1, 1, 2)));
		// dense 2 x 2 + 2 = 6
		final String table = "layers:\n" +
			"  name  type   output shape        parameters\n" +
			"  input         [2]                 \n" +
			"  d     dense  [2]                 6\n" +
			"  r     relu   [2]                 0\n";
		assertEquals(table, s.substring(s.indexOf("layers:"), s.indexOf("augmentation:")));
		assertEquals("input: 1 x 1 x 2 (channels x height x width), scale 0.00392157, mean [0.0], std [1.0], " +
			"resize none", s.substring(0, s.indexOf('\n')));
		assertEquals(true, s.contains("\nparameters: 6\n"), s);
	}
}
