#pragma once
// JSON text <-> Python objects, through simdjson (the runtime's parser).
#include <pybind11/pybind11.h>
#include <simdjson.h>

namespace baton::python {

namespace py = pybind11;

// A parsed JSON value as the Python object json.loads would give.
py::object to_python(simdjson::dom::element v);

// The elements of a JSON array, each as its own (minified) JSON text.
py::list split_json_array(const py::bytes& text);

}  // namespace baton::python
