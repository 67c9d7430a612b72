package io.github.convnetij.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.Onnx;

/**
 * Rewrites a JSON file of per-epoch metrics (a list of {@link EpochMetrics#toMap()} objects)
 * atomically after every epoch, so it can be watched while training runs (and plotted by other
 * tools). A resumed run starts from the checkpoint's history.
 * <pre>{@code
 * TrainingListener m = new MetricsFile(Path.of("metrics.json"), Trainer.maps(checkpoint.history()));
 * }</pre>
 */
public final class MetricsFile implements TrainingListener {

	private final Path file;
	private final List<Map<String, Object>> history;

	/**
	 * @param file the file to rewrite (its folder is created if missing)
	 * @param before the metrics of epochs before this run (a resumed run's), or an empty list
	 */
	public MetricsFile(final Path file, final List<Map<String, Object>> before) {
		this.file = file;
		this.history = new ArrayList<>(before);
	}

	/** @throws UncheckedIOException when the file cannot be written, naming it */
	@Override
	public void onEpoch(final EpochMetrics m) {
		history.add(m.toMap());
		final String json = Json.write(history).replace("},{", "},\n {") + "\n";
		try {
			Onnx.writeAtomically(file, os -> os.write(json.getBytes(StandardCharsets.UTF_8)));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(new IOException("cannot write the metrics file '" + file +
				"': " + e.getMessage(), e));
		}
	}
}
