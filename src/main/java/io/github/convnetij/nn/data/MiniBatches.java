package io.github.convnetij.nn.data;

import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;

import io.github.convnetij.compute.Tensor;

/**
 * Mini-batches streamed from a {@link Dataset}: each batch is converted to a float tensor
 * {@code [B, C, H, W]} when it is asked for, so an epoch never copies the whole set. The
 * last batch is smaller when the batch size does not divide the set (PyTorch's default,
 * {@code drop_last=False}).
 * <p>
 * The order of a shuffled epoch depends only on {@code (seed, epoch)}, so epoch 5 of a resumed
 * run sees exactly the batches it would have seen without the interruption.
 * <pre>{@code
 * for (int epoch = 0; epoch < epochs; epoch++)
 * 	for (Batch b : MiniBatches.shuffled(train, 64, seed, epoch))
 * 		trainStep(b.images(), b.labels());
 * }</pre>
 */
public final class MiniBatches implements Iterable<Batch> {

	private final Dataset data;
	private final int batchSize;
	/** Order of the images, or null for in order. */
	private final int[] order;

	private MiniBatches(final Dataset data, final int batchSize, final int[] order) {
		if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize +
			" is not allowed: expected a whole number >= 1");
		this.data = data;
		this.batchSize = batchSize;
		this.order = order;
	}

	/** The images in their order, {@code batchSize} at a time. */
	public static MiniBatches inOrder(final Dataset data, final int batchSize) {
		return new MiniBatches(data, batchSize, null);
	}

	/**
	 * The images in an order shuffled from {@code seed} and {@code epoch}, {@code batchSize} at a
	 * time.
	 */
	public static MiniBatches shuffled(final Dataset data, final int batchSize,
		final long seed, final int epoch)
	{
		return new MiniBatches(data, batchSize, permutation(data.size(), seed, epoch));
	}

	/**
	 * A permutation of {@code 0 .. n-1} (Fisher-Yates) that depends only on {@code seed} and
	 * {@code stream} (an epoch number, say).
	 */
	public static int[] permutation(final int n, final long seed, final long stream) {
		final int[] p = new int[n];
		for (int i = 0; i < n; i++)
			p[i] = i;
		final SplittableRandom rnd = new SplittableRandom(mix(seed + 0x9E3779B97F4A7C15L * (stream +
			1)));
		for (int i = n - 1; i > 0; i--) {
			final int j = rnd.nextInt(i + 1);
			final int t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		return p;
	}

	/** Number of batches: {@code ceil(size / batchSize)}. */
	public int numBatches() {
		return (data.size() + batchSize - 1) / batchSize;
	}

	/** Batch {@code k}, {@code 0 <= k < numBatches()}. */
	public Batch batch(final int k) {
		if (k < 0 || k >= numBatches()) throw new IndexOutOfBoundsException("batch " + k +
			" is outside 0.." + (numBatches() - 1));
		final int start = k * batchSize;
		final int b = Math.min(batchSize, data.size() - start);
		final int per = data.imageSize();
		final float[] x = new float[b * per];
		final int[] labels = new int[b];
		final int[] idx = new int[b];
		for (int j = 0; j < b; j++) {
			final int i = order == null ? start + j : order[start + j];
			idx[j] = i;
			labels[j] = data.label(i);
			data.copyImage(i, x, j * per);
		}
		return new Batch(Tensor.of(x, b, data.channels(), data.height(), data.width()), labels, idx);
	}

	/**
	 * The batches in order, the next {@code ahead} of them built on a background thread while the
	 * caller works on the current one when the data are {@linkplain Dataset#streamed() streamed}
	 * (decoded from disk); for data in memory, batches are built when asked for, on the caller's
	 * thread. Close it to stop the background thread.
	 * <pre>{@code
	 * try (MiniBatches.Ahead ahead = batches.ahead(2)) {
	 * 	for (int b = 0; b < batches.numBatches(); b++)
	 * 		train(ahead.batch(b));
	 * }
	 * }</pre>
	 *
	 * @param ahead batches to build ahead, &gt;= 1
	 */
	public Ahead ahead(final int ahead) {
		return new Ahead(ahead);
	}

	/** Batches built ahead: see {@link MiniBatches#ahead}. */
	public final class Ahead implements AutoCloseable {

		private final int ahead;
		private final ExecutorService executor;
		private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
		/** The batch number of the first future in {@code pending}. */
		private int first, next;

		Ahead(final int ahead) {
			if (ahead < 1) throw new IllegalArgumentException("batches ahead " + ahead +
				" is not allowed: expected a whole number >= 1");
			this.ahead = ahead;
			if (data.streamed()) {
				// one daemon thread that ends when idle, so an abandoned iteration leaks nothing
				final ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), r -> {
						final Thread t = new Thread(r, "convnet-batches-ahead");
						t.setDaemon(true);
						return t;
					});
				e.allowCoreThreadTimeOut(true);
				executor = e;
			}
			else executor = null;
		}

		/**
		 * Batch {@code k}: the batches must be asked for in order {@code 0, 1, 2, ...} (one may be
		 * skipped only by closing).
		 *
		 * @throws IllegalArgumentException or {@link UncheckedIOException} as building it threw
		 */
		public Batch batch(final int k) {
			if (executor == null) return MiniBatches.this.batch(k);
			if (k != first) throw new IllegalStateException("batch " + k + " asked for, expected " +
				first);
			while (next < numBatches() && next <= k + ahead) {
				final int b = next++;
				pending.add(executor.submit(() -> MiniBatches.this.batch(b)));
			}
			final Future<Batch> f = pending.poll();
			first++;
			try {
				return f.get();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for batch " + k, e);
			}
			catch (final ExecutionException e) {
				final Throwable c = e.getCause();
				if (c instanceof RuntimeException r) throw r;
				if (c instanceof Error err) throw err;
				throw new IllegalStateException(c);
			}
		}

		/** Stops building batches ahead. */
		@Override
		public void close() {
			if (executor == null) return;
			for (final Future<Batch> f : pending)
				f.cancel(false);
			pending.clear();
			executor.shutdownNow();
		}
	}

	@Override
	public Iterator<Batch> iterator() {
		final Ahead ahead = ahead(2);
		return new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return next < numBatches();
			}

			@Override
			public Batch next() {
				if (!hasNext()) throw new NoSuchElementException();
				final Batch b = ahead.batch(next++);
				if (next == numBatches()) ahead.close();
				return b;
			}
		};
	}

	/** Stafford's variant 13 of the MurmurHash3 finaliser. */
	private static long mix(long z) {
		z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L;
		z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
		return z ^ z >>> 31;
	}
}
