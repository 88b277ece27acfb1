// Fuzz target: the Python package's entry points, with the conversion code of
// baton._core (python/src/, built into this binary and instrumented like the
// rest) under the real package (python/baton/) in an embedded interpreter.
// The input's bytes go to tests/fuzz/fuzz_python.py, which calls
// score_jsonl, score_many, score_csv, score_frame and explain with them and
// checks what they give back; a Python exception it does not expect is a
// finding, as is any crash or sanitizer report in the C++ below.
#include <pybind11/embed.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "support.hpp"

namespace py = pybind11;

// The extension module's entry point (python/src/module.cpp).
extern "C" PyObject* PyInit__core();

// The interpreter keeps objects alive between inputs (module caches,
// interned strings): those are not leaks of baton's.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

namespace {

py::object& entry() {
  static std::unique_ptr<py::scoped_interpreter> interpreter;
  static py::object one_input;
  if (!interpreter) {
    interpreter = std::make_unique<py::scoped_interpreter>();
    py::module_ sys = py::module_::import("sys");
    sys.attr("path").attr("insert")(0, BATON_SOURCE_DIR "/python");
    sys.attr("path").attr("insert")(0, BATON_SOURCE_DIR "/tests/fuzz");
    // baton/__init__.py imports `from . import _core`: this binary's copy.
    PyObject* core = PyInit__core();
    if (!core) baton::fuzz::finding("baton._core does not initialise");
    sys.attr("modules")["baton._core"] = py::reinterpret_steal<py::object>(core);
    one_input = py::module_::import("fuzz_python").attr("one_input");
  }
  return one_input;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  py::object& one_input = entry();
  try {
    one_input(py::bytes(reinterpret_cast<const char*>(data), size));
  } catch (const py::error_already_set& e) {
    baton::fuzz::finding("the Python entry points broke a property", e.what());
  }
  return 0;
}
