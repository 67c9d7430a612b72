// Convolve every image in a folder twice, with a named kernel and with a kernel typed as
// numbers, and save both results as 32-bit TIFFs (the originals are not changed).
//
// "Convolve Image..." computes true convolution (the kernel flipped, as scipy.ndimage.convolve);
// ImageJ's own Process>Filters>Convolve... computes correlation: use "Correlate Image..." to get
// its results.
//
// Run it from ImageJ or Fiji with Plugins>Macros>Run... (it asks for the folders), or headless:
//   java -jar convnet-ij-cli.jar macro convolve_folder.ijm "input=[/data/in] output=[/data/out]"
// The argument's keys, as in run(...) options (a value with spaces in [brackets]):
//   input   folder of images (.tif, .png, .jpg, .gif, .bmp); asked for when missing
//   output  folder for the results (created if needed); asked for when missing
//   kernel  a kernel name: identity, box(n), laplacian, sharpen, sobel-x, sobel-y, prewitt-x,
//           prewitt-y, emboss, gaussian5, gaussian(sigma)... (default: sobel-x)
//   custom  a kernel as numbers, rows separated by ';' (default: a 3x3 ridge detector)
// For each image <name>.<ext> it writes <name>-<kernel>.tif and <name>-custom.tif.

arg = getArgument();
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
kernel = call("ij.Macro.getValue", arg, "kernel", "sobel-x");
custom = call("ij.Macro.getValue", arg, "custom", "-1 -1 -1; 2 2 2; -1 -1 -1");
if (input == "") input = getDirectory("Choose a folder of images");
if (output == "") output = getDirectory("Choose a folder for the results");
input = withSeparator(input);
output = withSeparator(output);
File.makeDirectory(output);

setBatchMode(true); // no windows: faster, and the same headless
files = getFileList(input);
n = 0;
for (i = 0; i < files.length; i++) {
	if (!isImageFile(files[i])) continue;
	open(input + files[i]);
	original = getImageID();
	base = File.getNameWithoutExtension(files[i]);

	// 1. a named kernel; boundary=reflect mirrors the image at its edges (scipy's 'reflect')
	run("Convolve Image...", "kernel=[" + kernel + "] boundary=reflect output_size=same");
	saveAs("Tiff", output + base + "-" + kernel + ".tif");
	close();

	// 2. the same image with a kernel typed as numbers (in [brackets]: it has spaces);
	//    boundary=nearest repeats the edge pixels, as ImageJ's Convolve... does
	selectImage(original);
	run("Convolve Image...", "kernel=[" + custom + "] boundary=nearest output_size=same normalize=false");
	saveAs("Tiff", output + base + "-custom.tif");
	close();

	selectImage(original);
	close();
	n++;
}
setBatchMode(false);
print("Convolved " + n + " images from " + input + " into " + output);

function isImageFile(name) {
	return matches(toLowerCase(name), ".*\\.(tif|tiff|png|jpg|jpeg|gif|bmp)");
}

function withSeparator(dir) {
	if (endsWith(dir, "/") || endsWith(dir, File.separator)) return dir;
	return dir + File.separator;
}
