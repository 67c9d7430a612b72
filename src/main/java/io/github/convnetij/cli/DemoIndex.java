package io.github.convnetij.cli;

import java.util.List;
import java.util.Locale;

/**
 * The demo's {@code index.html}: every picture with its caption, and a script that records each
 * image's natural size (or that it failed to load) in the {@code <pre id="image-check">} element,
 * so that a headless browser's {@code --dump-dom} shows whether every picture loaded.
 */
final class DemoIndex {

	private DemoIndex() {}

	/** @param figures {file name, caption} in order */
	static String html(final List<String[]> figures, final double accuracy, final int testImages) {
		final StringBuilder sb = new StringBuilder();
		sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
		sb.append("<title>ConvNet-IJ demo</title>\n<style>\n");
		sb.append("body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; " +
			"padding: 0 1em; color: #202020; line-height: 1.45; }\n");
		sb.append("figure { margin: 2em 0; } img { max-width: 100%; border: 1px solid #ddd; }\n");
		sb.append("figcaption { margin-top: 0.4em; color: #444; } code { background: #f2f2f2; }\n");
		sb.append("#image-check { color: #888; font-size: 80%; }\n</style>\n</head>\n<body>\n");
		sb.append("<h1>ConvNet-IJ demo</h1>\n<p>Made by <code>java -jar convnet-ij-cli.jar demo</code>:" +
			" convolution and pooling worked out by hand (<a href=\"worked-examples.txt\">" +
			"worked-examples.txt</a>), the named kernels, a CNN architecture, data augmentation, and a " +
			"small CNN trained on bundled Fashion-MNIST images (Zalando SE, MIT licence), reaching a " +
			"test accuracy of <b>").append(String.format(Locale.ROOT, "%.3f", accuracy)).append(
				"</b> on ").append(testImages).append(" held-out images; the model is <a href=\"" +
					"model.onnx\">model.onnx</a>.</p>\n");
		int n = 1;
		for (final String[] f : figures) {
			sb.append("<figure>\n<img src=\"").append(escape(f[0])).append("\" alt=\"").append(escape(
				f[0])).append("\">\n<figcaption><b>Figure ").append(n++).append(" (").append(escape(f[0]))
				.append(").</b> ").append(escape(f[1])).append("</figcaption>\n</figure>\n");
		}
		sb.append("<pre id=\"image-check\">images not checked yet</pre>\n");
		sb.append("<script>\nwindow.addEventListener('load', function () {\n" +
			"  var lines = [];\n" +
			"  document.querySelectorAll('img').forEach(function (im) {\n" +
			"    var ok = im.complete && im.naturalWidth > 0 && im.naturalHeight > 0;\n" +
			"    lines.push((ok ? 'loaded ' : 'broken ') + im.getAttribute('src') + ' ' +\n" +
			"      im.naturalWidth + 'x' + im.naturalHeight);\n" +
			"  });\n" +
			"  document.getElementById('image-check').textContent = lines.join('\\n');\n" +
			"});\n</script>\n</body>\n</html>\n");
		return sb.toString();
	}

	static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"",
			"&quot;");
	}
}
