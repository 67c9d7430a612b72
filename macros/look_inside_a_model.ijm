// Look inside a CNN model: its architecture, the filters of its first conv layer, the feature maps
// of chosen layers for one image, and the model's top 3 classes for that image. Saves into <output>:
//   architecture.png               one block per layer with its output shape (C x H x W)
//   filters.png                    the learned kernels of the first conv layer
//   features-<layer>.tif / .png    per layer: the activations (32-bit, one slice per channel,
//                                  labelled layer/channel) and a labelled montage beside the image
//   predictions.png                the image with the top 3 classes (classifiers only)
// The model is any .onnx file ConvNet-IJ reads: trained here (Train CNN), imported, or an
// image-to-image network (then leave predictions=false). No image needs to be open.
//
// Run it from ImageJ or Fiji (Plugins>Macros>Run...; it asks for the files), or headless:
//   java -jar convnet-ij-cli.jar macro look_inside_a_model.ijm "model=[/data/model.onnx] image=[/data/cell.png] output=[/data/inside] layers=conv1,relu2"
// The argument's keys (a value with spaces in [brackets]):
//   model        the .onnx model file
//   image        an image file the model can take (its size and channels, or resized when the
//                model says so)
//   output       the folder for the pictures (created if missing)
//   layers       layer names (or positions, 0 = the first layer) separated by commas (default: 0);
//                the dialog of Show Feature Maps lists a model's layers, and so does Show Architecture
//   predictions  true or false (default: true): draw the top 3 classes

arg = getArgument();
model = call("ij.Macro.getValue", arg, "model", "");
image = call("ij.Macro.getValue", arg, "image", "");
output = call("ij.Macro.getValue", arg, "output", "");
layers = split(call("ij.Macro.getValue", arg, "layers", "0"), ",");
predictions = call("ij.Macro.getValue", arg, "predictions", "true");
if (model == "") model = File.openDialog("Model file (.onnx)");
if (image == "") image = File.openDialog("An image for the model");
if (output == "") output = getDirectory("Folder for the pictures");
if (!endsWith(output, "/") && !endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
setBatchMode(true);

// what the model is, and what its first conv layer learned (no image needed)
run("Show Architecture...", "model=[" + model + "] output=[" + output + "architecture.png]");
run("Show CNN Filters...", "model=[" + model + "] layer=0 mode=auto scale=shared output=[" + output +
	"filters.png]");

// feature maps of each layer for the image: the model is read once, then kept for the next layer
open(image);
photo = getTitle();
for (i = 0; i < layers.length; i++) {
	layer = String.trim(layers[i]);
	selectImage(photo);
	run("Show Feature Maps...", "model=[" + model + "] layer=[" + layer + "] max_channels=32 output=[" +
		output + "features-" + layer + ".tif]");
	// the command showed two images, the stack and "<image> <layer> montage": save the montage,
	// then close both
	for (k = nImages; k >= 1; k--) {
		selectImage(k);
		if (endsWith(getTitle(), " montage")) saveAs("PNG", output + "features-" + layer + ".png");
		if (getTitle() != photo) close();
	}
}
if (predictions == "true") {
	selectImage(photo);
	run("Show Predictions...", "model=[" + model + "] top_k=3 output=[" + output + "predictions.png]");
}
close("*");
print("pictures of " + model + " saved to " + output);
setBatchMode(false);
