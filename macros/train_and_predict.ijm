// Train a CNN on a folder of labelled images, classify the images of another folder, and save:
//   <output>/model.onnx            the trained model (with its preprocessing and history)
//   <output>/model-training.png    loss and accuracy per epoch (headless; in Fiji a live plot)
//   <output>/predictions.csv       image, rank, class, probability: the 2 most probable classes
//                                  of every image of the folder to classify (with ImageJ's row
//                                  numbers first when Edit>Options>Input/Output... says so)
// The training folder holds one subfolder of images per class (cats/, dogs/, ...), as
// augment_training_set.ijm writes it; no image needs to be open.
//
// Run it from ImageJ or Fiji (Plugins>Macros>Run...; it asks for the folders), or headless:
//   java -jar convnet-ij-cli.jar macro train_and_predict.ijm "train=[/data/train] images=[/data/new] output=[/data/out]"
// The argument's keys (a value with spaces in [brackets]):
//   train   the folder of class subfolders to train on
//   images  the folder of images to classify
//   output  the folder for the model and the table (created if missing)
//   epochs  training epochs (default: 5)

arg = getArgument();
train = call("ij.Macro.getValue", arg, "train", "");
images = call("ij.Macro.getValue", arg, "images", "");
output = call("ij.Macro.getValue", arg, "output", "");
epochs = call("ij.Macro.getValue", arg, "epochs", "5");
if (train == "") train = getDirectory("Folder with one subfolder of images per class");
if (images == "") images = getDirectory("Folder of images to classify");
if (output == "") output = getDirectory("Folder for the model and the predictions");
if (!endsWith(output, "/") && !endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
setBatchMode(true);

// images of another size are resized to the first one's (resize=bilinear); small random shifts and
// flips every epoch (augmentation on the fly); a fifth of every class held out for validation
run("Train CNN...", "training_data=[" + train + "] data_format=folder epochs=" + epochs +
	" batch_size=8 optimizer=adam seed=1 validation_split=0.2 width_shift_range=0.1" +
	" horizontal_flip=true model=[" + output + "model.onnx]");

// the model's own preprocessing is applied to every image of the folder
run("Predict with CNN...", "model=[" + output + "model.onnx] top_k=2 input_folder=[" + images + "]");
saveAs("Results", output + "predictions.csv");
print("predictions of " + nResults / 2 + " images saved to " + output + "predictions.csv");
setBatchMode(false);
