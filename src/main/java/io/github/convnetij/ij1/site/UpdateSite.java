package io.github.convnetij.ij1.site;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Lays out an ImageJ update site as the update server stores it, ready to be copied to one: each
 * file under {@code jars/} named {@code <name>-<version>.jar-<timestamp>} (the server keeps every
 * upload under its timestamp), and {@code db.xml.gz}, the updater's index, with one
 * {@code <plugin>} record per file: file name, timestamp, the updater's checksum
 * ({@link JarChecksum}), file size, description, link, and dependencies.
 * <p>
 * Each runtime dependency of the plugin jar follows a policy read from a text file
 * ({@code update-site/dependencies.txt}), one {@code <artifactId> <policy>} per line:
 * {@code provided} (Fiji ships it: the plugin's record depends on {@code jars/<artifactId>.jar},
 * the updater's version-less name, and the jar is not uploaded again), {@code ship} (uploaded to
 * this site with its own record) or {@code skip} (not needed in Fiji, such as the command line's
 * own libraries). A dependency without a policy is an error, so that adding one to the pom forces
 * a decision here. Timestamps are the updater's: local time as {@code yyyyMMddHHmmss}; a
 * dependency's is the time its jar was last modified, as the updater takes it.
 * <pre>{@code
 * java -cp convnet-ij.jar io.github.convnetij.ij1.site.UpdateSite --jar target/convnet-ij-0.1.0.jar \
 *     --dependencies target/update-site-dependencies --policy update-site/dependencies.txt \
 *     --description "..." --link https://... --output target/update-site
 * }</pre>
 * {@code mvn -Pupdate-site package} runs this with the project's values.
 */
public final class UpdateSite {

	/** The updater's timestamp format (local time). */
	public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss",
		Locale.ROOT);

	private static final Pattern VERSION_START = Pattern.compile("\\d.*");

	/** What to do with a dependency. */
	public enum Policy {
		/** Fiji ships it: a dependency record only. */
		PROVIDED,
		/** Uploaded to this site. */
		SHIP,
		/** Not needed inside Fiji. */
		SKIP
	}

	/** One {@code <plugin>} record of {@code db.xml.gz}. */
	public record Record(String filename, String timestamp, String checksum, long filesize,
		String description, List<Dependency> dependencies, List<String> links)
	{}

	/** A {@code <dependency>}: a version-less file name and its timestamp. */
	public record Dependency(String filename, String timestamp) {}

	private UpdateSite() {}

	/**
	 * Builds the site in {@code output} (emptied first).
	 *
	 * @param jar the plugin jar, {@code <artifactId>-<version>.jar}
	 * @param dependencies the plugin's runtime dependency jars ({@code <artifactId>-<version>.jar})
	 * @param policies each dependency's artifactId and policy
	 * @param timestamp the upload time, {@code yyyyMMddHHmmss}
	 * @return the records written to {@code db.xml.gz}
	 * @throws IllegalArgumentException for a dependency without a policy
	 */
	public static List<Record> build(final Path jar, final List<Path> dependencies,
		final Map<String, Policy> policies, final String description, final List<String> links,
		final Path output, final String timestamp) throws IOException
	{
		final List<Dependency> provided = new ArrayList<>();
		final List<Path> shipped = new ArrayList<>();
		for (final Path d : dependencies) {
			final String artifact = artifactOf(d.getFileName().toString(), policies);
			if (artifact == null) throw new IllegalArgumentException("dependency " + d.getFileName() +
				" has no policy: add '<artifactId> provided|ship|skip' for it to the policy file");
			switch (policies.get(artifact)) {
				case PROVIDED:
					provided.add(new Dependency("jars/" + artifact + ".jar", timestamp(Files
						.getLastModifiedTime(d).toInstant())));
					break;
				case SHIP:
					shipped.add(d);
					provided.add(new Dependency("jars/" + artifact + ".jar", timestamp));
					break;
				default:
			}
		}
		provided.sort(Comparator.comparing(Dependency::filename));
		clean(output);
		Files.createDirectories(output.resolve("jars"));
		final List<Record> records = new ArrayList<>();
		records.add(upload(jar, description, provided, links, output, timestamp));
		for (final Path d : shipped)
			records.add(upload(d, "Dependency of " + jar.getFileName() + ".", List.of(), List.of(),
				output, timestamp));
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(output.resolve(
			"db.xml.gz"))))
		{
			writeDb(records, out);
		}
		return records;
	}

	/** The artifactId (from {@code policies}) that names {@code file}, longest first; or null. */
	static String artifactOf(final String file, final Map<String, Policy> policies) {
		String best = null;
		for (final String a : policies.keySet())
			if (file.startsWith(a + "-") && file.endsWith(".jar") && VERSION_START.matcher(file
				.substring(a.length() + 1)).matches() && (best == null || a.length() > best.length()))
				best = a;
		return best;
	}

	private static Record upload(final Path file, final String description,
		final List<Dependency> dependencies, final List<String> links, final Path output,
		final String timestamp) throws IOException
	{
		final String filename = "jars/" + file.getFileName();
		Files.copy(file, output.resolve(filename + "-" + timestamp),
			StandardCopyOption.REPLACE_EXISTING);
		return new Record(filename, timestamp, JarChecksum.of(file), Files.size(file), description,
			List.copyOf(dependencies), List.copyOf(links));
	}

	/** {@code instant} as the updater writes timestamps: local time, {@code yyyyMMddHHmmss}. */
	public static String timestamp(final Instant instant) {
		return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneId.systemDefault()));
	}

	/** Reads a policy file: {@code <artifactId> provided|ship|skip} per line, {@code #} comments. */
	public static Map<String, Policy> readPolicies(final Path file) throws IOException {
		final Map<String, Policy> p = new LinkedHashMap<>();
		int n = 0;
		for (final String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			n++;
			final String line = raw.replaceFirst("#.*", "").trim();
			if (line.isEmpty()) continue;
			final String[] t = line.split("\\s+");
			try {
				if (t.length != 2) throw new IllegalArgumentException("expected two words");
				p.put(t[0], Policy.valueOf(t[1].toUpperCase(Locale.ROOT)));
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(file + ":" + n + ": '" + raw.trim() +
					"': expected '<artifactId> provided|ship|skip'", e);
			}
		}
		return p;
	}

	/**
	 * Writes the records as the updater's {@code db.xml} (uncompressed): a {@code pluginRecords}
	 * document with its DTD, one {@code plugin} with one current {@code version} each.
	 */
	static void writeDb(final List<Record> records, final OutputStream out) throws IOException {
		try {
			final XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
			x.writeStartDocument("UTF-8", "1.0");
			x.writeCharacters("\n");
			x.writeDTD(DbXml.DOCTYPE);
			x.writeCharacters("\n");
			x.writeStartElement("pluginRecords");
			for (final Record r : records) {
				x.writeCharacters("\n    ");
				x.writeStartElement("plugin");
				x.writeAttribute("filename", r.filename());
				x.writeCharacters("\n        ");
				x.writeStartElement("version");
				x.writeAttribute("checksum", r.checksum());
				x.writeAttribute("timestamp", r.timestamp());
				x.writeAttribute("filesize", Long.toString(r.filesize()));
				x.writeCharacters("\n            ");
				x.writeStartElement("description");
				x.writeCharacters(r.description());
				x.writeEndElement();
				for (final Dependency d : r.dependencies()) {
					x.writeCharacters("\n            ");
					x.writeEmptyElement("dependency");
					x.writeAttribute("filename", d.filename());
					x.writeAttribute("timestamp", d.timestamp());
				}
				for (final String link : r.links()) {
					x.writeCharacters("\n            ");
					x.writeStartElement("link");
					x.writeCharacters(link);
					x.writeEndElement();
				}
				x.writeCharacters("\n        ");
				x.writeEndElement(); // version
				x.writeCharacters("\n    ");
				x.writeEndElement(); // plugin
			}
			x.writeCharacters("\n");
			x.writeEndElement();
			x.writeCharacters("\n");
			x.writeEndDocument();
			x.close();
		}
		catch (final XMLStreamException e) {
			throw new IOException("cannot write db.xml: " + e.getMessage(), e);
		}
	}

	private static void clean(final Path dir) throws IOException {
		if (!Files.exists(dir)) return;
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.delete(p);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
	}

	/**
	 * {@code --jar FILE --dependencies DIR --policy FILE --description TEXT [--link URL]
	 * --output DIR [--timestamp yyyyMMddHHmmss]}; prints what it wrote.
	 */
	public static void main(final String[] args) throws IOException {
		final Map<String, String> a = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException(
				"usage: --jar FILE --dependencies DIR --policy FILE --description TEXT [--link URL] " +
					"--output DIR [--timestamp yyyyMMddHHmmss]; got '" + args[i] + "'");
			a.put(args[i].substring(2), args[++i]);
		}
		final Path jar = Path.of(required(a, "jar"));
		final List<Path> deps = new ArrayList<>();
		final Path depDir = Path.of(required(a, "dependencies"));
		if (Files.isDirectory(depDir)) try (Stream<Path> s = Files.list(depDir)) {
			s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(deps::add);
		}
		final String ts = a.getOrDefault("timestamp", timestamp(Instant.now()));
		if (!ts.matches("\\d{14}")) throw new IllegalArgumentException("--timestamp: '" + ts +
			"' is not yyyyMMddHHmmss");
		final Path out = Path.of(required(a, "output"));
		final List<Record> records = build(jar, deps, readPolicies(Path.of(required(a, "policy"))),
			required(a, "description"), a.containsKey("link") ? List.of(a.get("link")) : List.of(), out,
			ts);
		for (final Record r : records)
			System.out.println("update site: " + r.filename() + "-" + r.timestamp() + " (" + r
				.filesize() + " bytes, checksum " + r.checksum() + ", " + r.dependencies().size() +
				" dependencies)");
		System.out.println("update site: " + out.resolve("db.xml.gz"));
	}

	private static String required(final Map<String, String> a, final String key) {
		final String v = a.get(key);
		if (v == null) throw new IllegalArgumentException("missing --" + key);
		return v;
	}
}
