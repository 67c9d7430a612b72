/**
 * Publishing ConvNet-IJ on an ImageJ update site: {@link io.github.convnetij.ij1.site.UpdateSite}
 * lays out the files as the update server stores them ({@code jars/<name>-<version>.jar-<timestamp>})
 * and writes the updater's index {@code db.xml.gz}, with the updater's jar checksums
 * ({@link io.github.convnetij.ij1.site.JarChecksum}). Only the Fiji jar goes there (not
 * {@code ConvNet_IJ.jar}, whose ImageJ 1.x menu entries Fiji must not see).
 * <pre>{@code
 * mvn -Pupdate-site package   # target/update-site/{db.xml.gz, jars/...}
 * }</pre>
 */
package io.github.convnetij.ij1.site;
