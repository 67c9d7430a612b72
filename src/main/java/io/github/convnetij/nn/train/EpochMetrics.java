package io.github.convnetij.nn.train;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.nn.onnx.Json;

/**
 * What one epoch gave: the mean training loss and accuracy (over the epoch's batches, as the
 * weights changed), the loss and accuracy on the validation split and on the test set after the
 * epoch ({@code NaN} when there is none), the training speed and the learning rate at the end.
 * <pre>{@code
 * Map<String, Object> json = m.toMap();  // epoch, loss, accuracy, [validation_loss, validation_accuracy,]
 *                                        // [test_loss, test_accuracy,] images_per_s, seconds, learning_rate
 * }</pre>
 *
 * @param epoch 1-based
 * @param loss mean softmax cross-entropy over the training images
 * @param accuracy fraction of training images classified correctly while training
 * @param validationLoss on the validation split, or NaN
 * @param validationAccuracy on the validation split, or NaN
 * @param testLoss on the test set, or NaN
 * @param testAccuracy on the test set, or NaN
 * @param imagesPerSecond training images per second of training (evaluation excluded)
 * @param seconds wall time of the epoch's training
 * @param learningRate the learning rate of the epoch's last batch
 */
public record EpochMetrics(int epoch, double loss, double accuracy, double validationLoss,
	double validationAccuracy, double testLoss, double testAccuracy, double imagesPerSecond,
	double seconds, double learningRate)
{

	/** The metrics as a JSON object; NaN values are left out. */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("epoch", epoch);
		m.put("loss", loss);
		m.put("accuracy", accuracy);
		if (!Double.isNaN(validationLoss)) m.put("validation_loss", validationLoss);
		if (!Double.isNaN(validationAccuracy)) m.put("validation_accuracy", validationAccuracy);
		if (!Double.isNaN(testLoss)) m.put("test_loss", testLoss);
		if (!Double.isNaN(testAccuracy)) m.put("test_accuracy", testAccuracy);
		m.put("images_per_s", imagesPerSecond);
		m.put("seconds", seconds);
		m.put("learning_rate", learningRate);
		return m;
	}

	/**
	 * Metrics from {@link #toMap()}'s form.
	 *
	 * @throws IllegalArgumentException for a missing or non-numeric {@code epoch}
	 */
	public static EpochMetrics fromMap(final Map<String, Object> m) {
		return new EpochMetrics((int) Json.integer(m.get("epoch"), "epoch"), num(m, "loss"), num(m,
			"accuracy"), num(m, "validation_loss"), num(m, "validation_accuracy"), num(m, "test_loss"),
			num(m, "test_accuracy"), num(m, "images_per_s"), num(m, "seconds"), num(m,
				"learning_rate"));
	}

	private static double num(final Map<String, Object> m, final String key) {
		final Object v = m.get(key);
		return v instanceof Number n ? n.doubleValue() : Double.NaN;
	}

	/**
	 * The accuracy early stopping watches: validation if there is a split, else test, else NaN.
	 */
	public double monitored() {
		return !Double.isNaN(validationAccuracy) ? validationAccuracy : testAccuracy;
	}
}
