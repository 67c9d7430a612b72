#!/usr/bin/python3
"""Writes the 1,000 ImageNet class names in torchvision's order (the order of the outputs of
torchvision's ImageNet classifiers), one per line, UTF-8, from torchvision's own metadata
(torchvision.models.ResNet50_Weights.IMAGENET1K_V1.meta["categories"], the same list as
torchvision.models._meta._IMAGENET_CATEGORIES; DESIGN.md section 6).

Run once by hand when the list must be regenerated; its output is committed as
src/main/resources/io/github/convnetij/nn/predict/imagenet-classes.txt and checked by
ImageNetClassesTest:
  /usr/bin/python3 src/test/python/write_imagenet_classes.py \
      src/main/resources/io/github/convnetij/nn/predict/imagenet-classes.txt
"""
import sys

import torchvision.models

names = torchvision.models.ResNet50_Weights.IMAGENET1K_V1.meta["categories"]
assert len(names) == 1000, len(names)
for n in names:
    assert "\n" not in n and n == n.strip(), repr(n)
with open(sys.argv[1], "w", encoding="utf-8", newline="\n") as f:
    for n in names:
        f.write(n + "\n")
print("wrote %d names to %s" % (len(names), sys.argv[1]))
