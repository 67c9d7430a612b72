package io.github.convnetij.ij1.site;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.GZIPInputStream;
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

	/**
	 * One {@code <plugin>} record of {@code db.xml.gz}: the current version (none, for a file the
	 * site has made obsolete: {@code checksum} null) and the versions it replaced.
	 */
	public record Record(String filename, String timestamp, String checksum, long filesize,
		String description, List<Dependency> dependencies, List<String> links, List<String> authors,
		List<String> platforms, List<String> categories, boolean executable, List<Previous> previous)
	{

		/** A record with a current version only. */
		public Record(final String filename, final String timestamp, final String checksum,
			final long filesize, final String description, final List<Dependency> dependencies,
			final List<String> links)
		{
			this(filename, timestamp, checksum, filesize, description, dependencies, links, List.of(),
				List.of(), List.of(), false, List.of());
		}

		/** This record with other previous versions. */
		Record withPrevious(final List<Previous> p) {
			return new Record(filename, timestamp, checksum, filesize, description, dependencies, links,
				authors, platforms, categories, executable, List.copyOf(p));
		}
	}

	/**
	 * A {@code <previous-version>}: a version the site once served, by its checksum (so that the
	 * updater offers an update to whoever has it), its file name when it differed from the current
	 * one, and when it was replaced.
	 */
	public record Previous(String filename, String timestamp, String timestampObsolete,
		String checksum)
	{}

	/**
	 * A {@code <dependency>}: a version-less file name, its timestamp, and whether it overrides
	 * (makes obsolete) that file instead of needing it.
	 */
	public record Dependency(String filename, String timestamp, boolean overrides) {

		/** A dependency that is needed, not overridden. */
		public Dependency(final String filename, final String timestamp) {
			this(filename, timestamp, false);
		}
	}

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
		return build(jar, dependencies, policies, description, links, output, timestamp, null);
	}

	/**
	 * As {@link #build(Path, List, Map, String, List, Path, String)}, merged with the site's current
	 * index {@code previousDb} ({@code db.xml.gz} as downloaded from the site; null for a new site),
	 * as the updater merges an upload: a file whose checksum the site already serves keeps its
	 * record and is not uploaded again; a changed file gets a new record that lists the version it
	 * replaces, and the site's earlier ones, as {@code <previous-version>}s (matched by the file name
	 * without its version, so {@code jars/convnet-ij-0.1.0.jar} is replaced by
	 * {@code jars/convnet-ij-0.2.0.jar}); the site's other records are kept as they are.
	 *
	 * @throws IllegalArgumentException also if {@code previousDb} is not an update site's index
	 */
	public static List<Record> build(final Path jar, final List<Path> dependencies,
		final Map<String, Policy> policies, final String description, final List<String> links,
		final Path output, final String timestamp, final Path previousDb) throws IOException
	{
		final List<Record> site = previousDb == null ? new ArrayList<>() : new ArrayList<>(readDb(
			previousDb));
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
		records.add(upload(jar, description, provided, links, output, timestamp, site));
		for (final Path d : shipped)
			records.add(upload(d, "Dependency of " + jar.getFileName() + ".", List.of(), List.of(),
				output, timestamp, site));
		records.addAll(site); // the site's other files, as they were
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

	/**
	 * The record of {@code file}, merged with its record in {@code site} (removed from it), if any;
	 * the file is copied to {@code output} unless the site already serves it.
	 */
	private static Record upload(final Path file, final String description,
		final List<Dependency> dependencies, final List<String> links, final Path output,
		final String timestamp, final List<Record> site) throws IOException
	{
		final String filename = "jars/" + file.getFileName();
		final Record fresh = new Record(filename, timestamp, JarChecksum.of(file), Files.size(file),
			description, List.copyOf(dependencies), List.copyOf(links));
		Record old = null;
		for (final Record r : site)
			if (unversioned(r.filename()).equals(unversioned(filename))) old = r;
		if (old != null) site.remove(old);
		if (old != null && fresh.checksum().equals(old.checksum())) {
			// served already: its upload stands, with this build's description and dependencies
			return new Record(old.filename(), old.timestamp(), old.checksum(), old.filesize(),
				description, fresh.dependencies(), fresh.links(), old.authors(), old.platforms(), old
					.categories(), old.executable(), old.previous());
		}
		Files.copy(file, output.resolve(filename + "-" + timestamp),
			StandardCopyOption.REPLACE_EXISTING);
		if (old == null) return fresh;
		final List<Previous> previous = new ArrayList<>();
		if (old.checksum() != null) previous.add(new Previous(old.filename(), old.timestamp(),
			timestamp, old.checksum()));
		for (final Previous v : old.previous())
			if (!v.checksum().equals(fresh.checksum())) previous.add(v);
		return fresh.withPrevious(previous);
	}

	/**
	 * A jar name with a version: the longest name before {@code -<digits>[.<digits>...]}, then
	 * letters, digits and dots (such as {@code 1.54p}), then qualifiers that start with a letter
	 * (such as {@code -SNAPSHOT}).
	 */
	private static final Pattern VERSIONED = Pattern.compile(
		"(.+)-\\d+(\\.\\d+)*[A-Za-z0-9.]*?(-[A-Za-z][A-Za-z0-9.]*)*(\\.jar)");

	/**
	 * {@code jars/name-1.2.3.jar} as the updater matches files: {@code jars/name.jar}
	 * ({@code jars/log4j-1.2-api-2.17.1.jar}: {@code jars/log4j-1.2-api.jar}).
	 */
	public static String unversioned(final String filename) {
		final java.util.regex.Matcher m = VERSIONED.matcher(filename);
		return m.matches() ? m.group(1) + m.group(4) : filename;
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
	 * document with its DTD, per file its platforms and categories, its current {@code version} (if
	 * any) and its {@code previous-version}s, in the updater's element order.
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
				if (r.executable()) x.writeAttribute("executable", "true");
				text(x, "        ", "platform", r.platforms());
				text(x, "        ", "category", r.categories());
				if (r.checksum() != null) {
					x.writeCharacters("\n        ");
					x.writeStartElement("version");
					x.writeAttribute("checksum", r.checksum());
					x.writeAttribute("timestamp", r.timestamp());
					x.writeAttribute("filesize", Long.toString(r.filesize()));
					if (r.description() != null) text(x, "            ", "description", List.of(r
						.description()));
					for (final Dependency d : r.dependencies()) {
						x.writeCharacters("\n            ");
						x.writeEmptyElement("dependency");
						x.writeAttribute("filename", d.filename());
						if (d.timestamp() != null) x.writeAttribute("timestamp", d.timestamp());
						if (d.overrides()) x.writeAttribute("overrides", "true");
					}
					text(x, "            ", "link", r.links());
					text(x, "            ", "author", r.authors());
					x.writeCharacters("\n        ");
					x.writeEndElement(); // version
				}
				for (final Previous v : r.previous()) {
					x.writeCharacters("\n        ");
					x.writeEmptyElement("previous-version");
					x.writeAttribute("timestamp", v.timestamp());
					if (v.timestampObsolete() != null) x.writeAttribute("timestamp-obsolete", v
						.timestampObsolete());
					x.writeAttribute("checksum", v.checksum());
					if (v.filename() != null) x.writeAttribute("filename", v.filename());
				}
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

	private static void text(final XMLStreamWriter x, final String indent, final String element,
		final List<String> values) throws XMLStreamException
	{
		for (final String v : values) {
			x.writeCharacters("\n" + indent);
			x.writeStartElement(element);
			x.writeCharacters(v);
			x.writeEndElement();
		}
	}

	/**
	 * Reads an update site's {@code db.xml.gz} (or an uncompressed {@code db.xml}).
	 *
	 * @throws IllegalArgumentException if it is not such an index, naming the file and the problem
	 */
	public static List<Record> readDb(final Path file) throws IOException {
		final org.w3c.dom.Document doc;
		try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file))) {
			raw.mark(2);
			final boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
			raw.reset();
			final javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory
				.newInstance();
			f.setExpandEntityReferences(false);
			f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			final javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(null);
			doc = b.parse(gzip ? new GZIPInputStream(raw) : raw);
		}
		catch (final javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
			throw new IllegalArgumentException(file + " is not an update site's db.xml(.gz): " + e
				.getMessage(), e);
		}
		final org.w3c.dom.Element root = doc.getDocumentElement();
		if (!root.getTagName().equals("pluginRecords")) throw new IllegalArgumentException(file +
			" is not an update site's db.xml(.gz): its root element is <" + root.getTagName() +
			">, not <pluginRecords>");
		final List<Record> records = new ArrayList<>();
		for (final org.w3c.dom.Element p : children(root, "plugin")) {
			final String filename = required(file, p, "filename");
			final List<Previous> previous = new ArrayList<>();
			for (final org.w3c.dom.Element v : children(p, "previous-version"))
				previous.add(new Previous(optional(v, "filename"), required(file, v, "timestamp"), optional(v,
					"timestamp-obsolete"), required(file, v, "checksum")));
			final List<org.w3c.dom.Element> versions = children(p, "version");
			final org.w3c.dom.Element v = versions.isEmpty() ? null : versions.get(0);
			final List<Dependency> deps = new ArrayList<>();
			if (v != null) for (final org.w3c.dom.Element d : children(v, "dependency"))
				deps.add(new Dependency(required(file, d, "filename"), optional(d, "timestamp"), "true"
					.equals(d.getAttribute("overrides"))));
			final List<String> description = v == null ? List.of() : texts(v, "description");
			long size = 0;
			if (v != null) try {
				size = Long.parseLong(required(file, v, "filesize"));
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(file + ": " + filename + ": filesize '" + v.getAttribute(
					"filesize") + "' is not a number", e);
			}
			records.add(new Record(filename, v == null ? null : required(file, v, "timestamp"), v == null
				? null : required(file, v, "checksum"), size, description.isEmpty() ? null : description.get(
					0), deps, v == null ? List.of() : texts(v, "link"), v == null ? List.of() : texts(v,
						"author"), texts(p, "platform"), texts(p, "category"), "true".equals(p.getAttribute(
							"executable")), previous));
		}
		return records;
	}

	private static List<org.w3c.dom.Element> children(final org.w3c.dom.Element e,
		final String tag)
	{
		final List<org.w3c.dom.Element> l = new ArrayList<>();
		for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
			if (n instanceof org.w3c.dom.Element && ((org.w3c.dom.Element) n).getTagName().equals(tag)) l
				.add((org.w3c.dom.Element) n);
		return l;
	}

	private static List<String> texts(final org.w3c.dom.Element e, final String tag) {
		final List<String> l = new ArrayList<>();
		for (final org.w3c.dom.Element c : children(e, tag))
			l.add(c.getTextContent());
		return l;
	}

	private static String required(final Path file, final org.w3c.dom.Element e,
		final String attribute)
	{
		if (!e.hasAttribute(attribute)) throw new IllegalArgumentException(file + ": a <" + e
			.getTagName() + "> has no " + attribute);
		return e.getAttribute(attribute);
	}

	private static String optional(final org.w3c.dom.Element e, final String attribute) {
		return e.hasAttribute(attribute) ? e.getAttribute(attribute) : null;
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
	 * --output DIR [--timestamp yyyyMMddHHmmss] [--previous DB.XML.GZ]} (also {@code --key=value};
	 * an empty {@code --previous=} is ignored); prints what it wrote.
	 */
	public static void main(final String[] args) throws IOException {
		final Map<String, String> a = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			final int eq = args[i].indexOf('=');
			if (args[i].startsWith("--") && eq > 2) {
				a.put(args[i].substring(2, eq), args[i].substring(eq + 1));
				continue;
			}
			if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException(
				"usage: --jar FILE --dependencies DIR --policy FILE --description TEXT [--link URL] " +
					"--output DIR [--timestamp yyyyMMddHHmmss] [--previous DB.XML.GZ]; got '" + args[i] +
					"'");
			a.put(args[i].substring(2), args[++i]);
		}
		final String previous = a.getOrDefault("previous", "").trim();
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
			ts, previous.isEmpty() ? null : Path.of(previous));
		for (final Record r : records)
			System.out.println("update site: " + (r.checksum() == null ? r.filename() + " (obsolete)" : r
				.filename() + "-" + r.timestamp() + " (" + r.filesize() + " bytes, checksum " + r
					.checksum() + ", " + r.dependencies().size() + " dependencies" + (ts.equals(r.timestamp())
						? ", uploaded now" : ", already on the site") + (r.previous().isEmpty() ? "" : ", " + r
							.previous().size() + " previous versions") + ")"));
		System.out.println("update site: " + out.resolve("db.xml.gz"));
	}

	private static String required(final Map<String, String> a, final String key) {
		final String v = a.get(key);
		if (v == null) throw new IllegalArgumentException("missing --" + key);
		return v;
	}
}
