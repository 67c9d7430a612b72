package io.github.convnetij.nn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset streamed from image files: each image is decoded and preprocessed when it is asked
 * for ({@link MiniBatches} does this ahead, on a background thread). Made by {@link Datasets}
 * when the decoded images would not fit in the heap.
 */
final class FileDataset implements Dataset {

	private final Path[] files;
	private final int[] labels;
	/** Indices into {@code files}, or null for all in order. */
	private final int[] index;
	private final List<String> classNames, notes;
	private final Preprocessing preprocessing;
	private final ImageDecoder decoder;
	private final String source, description;

	FileDataset(final Path[] files, final int[] labels, final int[] index,
		final List<String> classNames, final Preprocessing preprocessing, final ImageDecoder decoder,
		final String source, final String description, final List<String> notes)
	{
		this.files = files;
		this.labels = labels;
		this.index = index;
		this.classNames = List.copyOf(classNames);
		this.preprocessing = preprocessing;
		this.decoder = decoder;
		this.source = source;
		this.description = description;
		this.notes = List.copyOf(notes);
	}

	@Override
	public int size() {
		return index == null ? files.length : index.length;
	}

	@Override
	public int channels() {
		return preprocessing.channels();
	}

	@Override
	public int height() {
		return preprocessing.height();
	}

	@Override
	public int width() {
		return preprocessing.width();
	}

	@Override
	public int label(final int i) {
		return labels[at(i)];
	}

	@Override
	public void copyImage(final int i, final float[] dst, final int offset) {
		final Path f = files[at(i)];
		final DecodedImage img;
		try {
			img = decoder.decode(f);
		}
		catch (final IOException e) {
			throw Datasets.unchecked(f, e);
		}
		preprocessing.apply(img, "'" + f + "'", dst, offset);
	}

	@Override
	public List<String> classNames() {
		return classNames;
	}

	@Override
	public String source() {
		return source;
	}

	@Override
	public String description() {
		return description;
	}

	@Override
	public List<String> notes() {
		return notes;
	}

	@Override
	public Preprocessing preprocessing() {
		return preprocessing;
	}

	@Override
	public boolean streamed() {
		return true;
	}

	@Override
	public Dataset subset(final int[] indices) {
		final int[] abs = new int[indices.length];
		for (int k = 0; k < indices.length; k++) {
			if (indices[k] < 0 || indices[k] >= size()) throw new IndexOutOfBoundsException("index " +
				indices[k] + " is outside 0.." + (size() - 1));
			abs[k] = at(indices[k]);
		}
		return new FileDataset(files, labels, abs, classNames, preprocessing, decoder, source,
			description, notes);
	}

	private int at(final int i) {
		return index == null ? i : index[i];
	}

	@Override
	public String toString() {
		return "FileDataset[" + size() + " x " + channels() + " x " + height() + " x " + width() +
			", " + source + "]";
	}
}
