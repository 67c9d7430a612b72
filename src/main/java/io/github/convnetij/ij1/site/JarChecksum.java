package io.github.convnetij.ij1.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksum the ImageJ updater records for a {@code .jar} file: not the SHA-1 of the file's
 * bytes, but of its entries, so that rebuilding a jar with the same content (new entry dates, a new
 * build date in the manifest or in {@code pom.properties}) does not make it a new version.
 * <ol>
 * <li>The entries, directories included, sorted by name ({@link String#compareTo}).</li>
 * <li>For each: its name as ASCII bytes, then its content.</li>
 * <li>The content of a {@code *.properties} entry leaves out the lines that start with {@code #}
 * (the date {@link java.util.Properties} writes), by the updater's exact rule:
 * {@link #withoutHashedLines(byte[])}.</li>
 * <li>The content of {@code META-INF/MANIFEST.MF} keeps only its {@code Main-Class} line, by the
 * updater's exact rule, under which no line is kept: {@link #filteredManifest(byte[])}.</li>
 * </ol>
 * The digest is written as 40 lower-case hex digits. (Files other than jars are checksummed by
 * the updater as the SHA-1 of their path and bytes; this site has only jars.)
 * <pre>{@code
 * String checksum = JarChecksum.of(Path.of("target/convnet-ij-0.1.0.jar"));
 * }</pre>
 */
public final class JarChecksum {

	private JarChecksum() {}

	/** The updater's checksum of {@code jar}. */
	public static String of(final Path jar) throws IOException {
		final MessageDigest sha1 = sha1();
		try (JarFile file = new JarFile(jar.toFile(), false)) {
			final List<JarEntry> entries = new ArrayList<>(Collections.list(file.entries()));
			entries.sort(Comparator.comparing(JarEntry::getName));
			for (final JarEntry e : entries) {
				sha1.update(e.getName().getBytes(StandardCharsets.US_ASCII));
				byte[] content;
				try (InputStream in = file.getInputStream(e)) {
					content = in.readAllBytes();
				}
				if (e.getName().endsWith(".properties")) content = withoutHashedLines(content);
				if (e.getName().equals("META-INF/MANIFEST.MF")) content = filteredManifest(content);
				sha1.update(content);
			}
		}
		return hex(sha1.digest());
	}

	/**
	 * A {@code .properties} file as the updater reads it: a {@code #} at the start of a line drops
	 * everything up to the next line feed, which is kept. The updater's notion of a line start is
	 * reproduced exactly: the start of the file, or the byte after a line feed that was not itself
	 * read at a line start; so a {@code #} line that follows an empty line (or a line that is just
	 * {@code #}) is kept, and a dropped line may be followed by more dropped lines.
	 */
	public static byte[] withoutHashedLines(final byte[] in) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		final Reader r = new Reader(in);
		for (int ch; (ch = r.read()) >= 0;)
			out.write(ch);
		return out.toByteArray();
	}

	/** The updater's line-start state machine over the bytes of a properties file. */
	private static final class Reader {

		private final byte[] in;
		private int pos;
		private boolean atLineStart = true;

		Reader(final byte[] in) {
			this.in = in;
		}

		int read() {
			int ch = pos < in.length ? in[pos++] & 0xff : -1;
			if (atLineStart) {
				if (ch == '#') {
					do
						ch = read();
					while (ch != '\n' && ch != -1);
				}
				else atLineStart = false;
			}
			else if (ch == '\n') atLineStart = true;
			return ch;
		}
	}

	/**
	 * A manifest as the updater reads it for the current checksum: the lines (without their line
	 * ends) that, upper-cased, start with {@code Main-Class:} — a mixed-case prefix that no
	 * upper-cased line starts with, so none is kept — each followed by a line feed.
	 */
	public static byte[] filteredManifest(final byte[] manifest) {
		final StringBuilder kept = new StringBuilder();
		for (final String line : new String(manifest, StandardCharsets.UTF_8).split("\r\n|\r|\n"))
			if (line.toUpperCase(Locale.ROOT).startsWith("Main-Class:")) kept.append(line).append('\n');
		return kept.toString().getBytes(StandardCharsets.UTF_8);
	}

	static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("this JVM has no SHA-1", e);
		}
	}

	static String hex(final byte[] bytes) {
		final StringBuilder sb = new StringBuilder(bytes.length * 2);
		for (final byte b : bytes)
			sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return sb.toString();
	}
}
