package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.ImageDataset;
import io.github.convnetij.nn.data.TestIdx;
import io.github.convnetij.nn.train.Trainer;
import io.github.convnetij.nn.train.TrainingConfig;

/**
 * A model trained here gives the same outputs in ONNX Runtime's Java API (Microsoft's engine,
 * reading the file we wrote) as in our network, within 1e-5: the file format and the operators'
 * semantics (pads, pooling, batch norm, residual add, softmax) are what other tools read.
 */
class OnnxRuntimeEqualityTest {

	@TempDir
	Path dir;

	@Test
	void trainedModelsGiveOnnxRuntimesOutputs() throws Exception {
		final String[] archs = { //
			"conv(6,3,pad=1), relu, maxpool(2), conv(8,3), batchnorm, relu, flatten, dense(16), relu, " +
				"dropout(0.25), dense(4), softmax", //
			"conv(4,3,pad=same), relu, avgpool(2), globalavgpool, flatten, dense(4), softmax", //
			"conv(4,3,pad=1), leakyrelu, maxpool(2), flatten, dense(4), softmax" };
		final io.github.convnetij.nn.data.IdxArray[] idx = TestIdx.make(96, 12, 10, 4, 3);
		final ImageDataset data = ImageDataset.of(idx[0].data(), labels(idx[1].data()), 1, 12, 10,
			"test images");
		try (OrtEnvironment env = OrtEnvironment.getEnvironment()) {
			for (int a = 0; a < archs.length; a++) {
				final Network net = Architectures.parse(archs[a], new int[] { 1, 12, 10 }, 4);
				net.initialize(a);
				// trained, so that batch norm statistics and weights are not their initial values
				final TrainingConfig config = TrainingConfig.builder().epochs(2).batchSize(16).seed(a)
					.build();
				final Network trained = new Trainer(config).train(net, ModelFile.numberedClasses(4),
					InputSpec.uint8(1, 12, 10), data, null, null, null).network();
				final Path file = dir.resolve("m" + a + ".onnx");
				ModelFile.of(trained, ModelFile.numberedClasses(4), InputSpec.uint8(1, 12, 10)).save(file);
				final int n = 5;
				final float[] x = new float[n * 120];
				final Random r = new Random(a);
				for (int i = 0; i < x.length; i++)
					x[i] = r.nextInt(256) / 255f;
				final float[] ours = ModelFile.load(file).network().predict(Tensor.of(x, n, 1, 12, 10))
					.data();
				try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
					ai.onnxruntime.OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
						new long[] { n, 1, 12, 10 }); OrtSession.Result out = s.run(Map.of(s.getInputNames()
							.iterator().next(), in)))
				{
					final float[][] theirs = (float[][]) out.get(0).getValue();
					assertEquals(n, theirs.length, archs[a]);
					for (int i = 0; i < n; i++)
						assertArrayEquals(java.util.Arrays.copyOfRange(ours, i * 4, i * 4 + 4), theirs[i], 1e-5f,
							archs[a] + ", image " + i);
				}
			}
		}
	}

	private static int[] labels(final byte[] b) {
		final int[] l = new int[b.length];
		for (int i = 0; i < b.length; i++)
			l[i] = b[i];
		return l;
	}
}
