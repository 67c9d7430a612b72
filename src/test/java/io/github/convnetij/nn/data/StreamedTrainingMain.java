package io.github.convnetij.nn.data;

import java.nio.file.Path;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.train.Trainer;
import io.github.convnetij.nn.train.TrainingConfig;
import io.github.convnetij.nn.train.TrainingResult;

/**
 * Run by {@link StreamedTrainingTest} in a JVM with a small heap: opens a folder dataset (which
 * must be streamed, not held in memory) and trains one epoch on it. Prints
 * {@code streamed=... images=... max_heap_mb=... epochs=...}.
 */
public final class StreamedTrainingMain {

	private StreamedTrainingMain() {}

	public static void main(final String[] args) throws Exception {
		final Dataset d = Datasets.open(Path.of(args[0]), DatasetOptions.defaults());
		final Network net = Architectures.parse(
			"maxpool(8), conv(4,3,pad=same), relu, maxpool(4), flatten, dense(2), softmax", new int[] { d
				.channels(), d.height(), d.width() }, 2);
		net.initialize(1);
		final TrainingResult r = new Trainer(TrainingConfig.builder().epochs(1).batchSize(16).seed(1)
			.build()).train(net, d.classNames(), io.github.convnetij.nn.onnx.InputSpec.uint8(d.channels(),
				d.height(), d.width()), d, null, null, null);
		System.out.println("streamed=" + d.streamed() + " images=" + d.size() + " max_heap_mb=" +
			Runtime.getRuntime().maxMemory() / (1 << 20) + " epochs=" + r.completedEpochs() +
			" accuracy=" + r.history().get(0).accuracy());
	}
}
