package io.github.convnetij.ij1.site;

/**
 * The document type of the ImageJ updater's {@code db.xml}: the elements and attributes an update
 * site's index has (the updater's local index adds {@code update-site} elements, which a site does
 * not have). {@link UpdateSite} writes it into the file; a validating parser checks a written
 * index against it.
 * <pre>{@code
 * <pluginRecords>
 *     <plugin filename="jars/convnet-ij-0.1.0.jar">
 *         <version checksum="<sha1>" timestamp="20260101120000" filesize="123456">
 *             <description>...</description>
 *             <dependency filename="jars/ij.jar" timestamp="20250101000000"/>
 *         </version>
 *     </plugin>
 * </pluginRecords>
 * }</pre>
 */
final class DbXml {

	/** The {@code <!DOCTYPE ...>} declaration with the internal subset. */
	static final String DOCTYPE = String.join("\n",
		"<!DOCTYPE pluginRecords [",
		"<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>",
		"<!ELEMENT update-site EMPTY>",
		"<!ELEMENT disabled-update-site EMPTY>",
		"<!ELEMENT plugin (platform*, category*, version?, previous-version*)>",
		"<!ELEMENT version (description?, dependency*, link*, author*)>",
		"<!ELEMENT previous-version EMPTY>",
		"<!ELEMENT description (#PCDATA)>",
		"<!ELEMENT dependency EMPTY>",
		"<!ELEMENT link (#PCDATA)>",
		"<!ELEMENT author (#PCDATA)>",
		"<!ELEMENT platform (#PCDATA)>",
		"<!ELEMENT category (#PCDATA)>",
		"<!ATTLIST update-site name CDATA #REQUIRED url CDATA #REQUIRED timestamp CDATA #REQUIRED>",
		"<!ATTLIST disabled-update-site name CDATA #REQUIRED url CDATA #REQUIRED " +
			"timestamp CDATA #REQUIRED>",
		"<!ATTLIST plugin update-site CDATA #IMPLIED filename CDATA #REQUIRED " +
			"executable CDATA #IMPLIED>",
		"<!ATTLIST dependency filename CDATA #REQUIRED timestamp CDATA #IMPLIED " +
			"overrides CDATA #IMPLIED>",
		"<!ATTLIST version timestamp CDATA #REQUIRED checksum CDATA #REQUIRED " +
			"filesize CDATA #REQUIRED>",
		"<!ATTLIST previous-version filename CDATA #IMPLIED timestamp CDATA #REQUIRED " +
			"timestamp-obsolete CDATA #IMPLIED checksum CDATA #REQUIRED>",
		"]>");

	private DbXml() {}
}
