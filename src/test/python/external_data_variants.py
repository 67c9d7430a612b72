#!/usr/bin/python3
"""Writes a model with its tensors in an external file, as ONNX's own library does, and broken
variants of it, for ExternalDataTest.

Usage: /usr/bin/python3 src/test/python/external_data_variants.py MODEL.onnx OUT_DIR
Writes OUT_DIR/ext.onnx + OUT_DIR/ext.weights (onnx.save_model with save_as_external_data), and
OUT_DIR/bad_<case>.onnx whose first external tensor points elsewhere: escape (../ext.weights),
absolute (/etc/hostname), missing (no such file), beyond (offset = the file size), length (a wrong
length). Prints 'OK'; 'NO-ONNX' (exit 0) when python3-onnx is missing."""
import os
import sys

try:
    import onnx
    from onnx.external_data_helper import uses_external_data
except ImportError:
    print("NO-ONNX")
    sys.exit(0)

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
m = onnx.load(src)
onnx.save_model(m, os.path.join(out, "ext.onnx"), save_as_external_data=True,
                all_tensors_to_one_file=True, location="ext.weights", size_threshold=0)
size = os.path.getsize(os.path.join(out, "ext.weights"))


def variant(case, change):
    v = onnx.load(os.path.join(out, "ext.onnx"), load_external_data=False)
    t = next(t for t in v.graph.initializer if uses_external_data(t))
    entries = {e.key: e for e in t.external_data}
    change(t, entries)
    with open(os.path.join(out, "bad_" + case + ".onnx"), "wb") as f:
        f.write(v.SerializeToString())


def set_entry(t, entries, key, value):
    if key in entries:
        entries[key].value = value
    else:
        e = t.external_data.add()
        e.key, e.value = key, value


variant("escape", lambda t, e: set_entry(t, e, "location", "../ext.weights"))
variant("absolute", lambda t, e: set_entry(t, e, "location", "/etc/hostname"))
variant("missing", lambda t, e: set_entry(t, e, "location", "no_such.weights"))
variant("beyond", lambda t, e: set_entry(t, e, "offset", str(size)))
variant("length", lambda t, e: set_entry(t, e, "length", "12"))
print("OK")
