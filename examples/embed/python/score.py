#!/usr/bin/env python3
"""Scores JSON Lines with a compiled SLA through libbaton's C API (ctypes).

    score.py LIBBATON.so PROGRAM.batonc LEADS.jsonl AS_OF_EPOCH_SECONDS

Prints one decision per lead, the same lines as `baton score`.
"""
import ctypes
import sys


def load(library_path):
    lib = ctypes.CDLL(library_path)
    lib.baton_abi_version.restype = ctypes.c_int
    lib.baton_program_load_file.restype = ctypes.c_void_p
    lib.baton_program_load_file.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.baton_program_free.argtypes = [ctypes.c_void_p]
    lib.baton_string_free.argtypes = [ctypes.c_void_p]
    lib.baton_evaluator_new.restype = ctypes.c_void_p
    lib.baton_evaluator_new.argtypes = [ctypes.c_void_p]
    lib.baton_evaluator_free.argtypes = [ctypes.c_void_p]
    lib.baton_evaluate_json.restype = ctypes.c_int
    lib.baton_evaluate_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64, ctypes.c_int]
    lib.baton_decision_json.restype = ctypes.c_char_p
    lib.baton_decision_json.argtypes = [ctypes.c_void_p]
    lib.baton_decision_stage.restype = ctypes.c_char_p
    lib.baton_decision_stage.argtypes = [ctypes.c_void_p]
    lib.baton_error_field.restype = ctypes.c_char_p
    lib.baton_error_field.argtypes = [ctypes.c_void_p]
    lib.baton_error_message.restype = ctypes.c_char_p
    lib.baton_error_message.argtypes = [ctypes.c_void_p]
    return lib


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    lib = load(sys.argv[1])
    if lib.baton_abi_version() != 1:
        print("unsupported libbaton ABI", file=sys.stderr)
        return 2
    error = ctypes.c_void_p()
    program = lib.baton_program_load_file(sys.argv[2].encode(), ctypes.byref(error))
    if not program:
        print("cannot load program:", ctypes.string_at(error.value).decode(), file=sys.stderr)
        lib.baton_string_free(error)
        return 2
    evaluator = lib.baton_evaluator_new(program)
    as_of = int(sys.argv[4])
    rejected = 0
    with open(sys.argv[3], "rb") as leads:
        for number, line in enumerate(leads, 1):
            line = line.rstrip(b"\n")
            if not line.strip():
                continue
            status = lib.baton_evaluate_json(evaluator, line, len(line), as_of, 0)
            if status == 0:
                print(lib.baton_decision_json(evaluator).decode())
            else:
                rejected += 1
                print(f"line {number}: {lib.baton_error_field(evaluator).decode()}: "
                      f"{lib.baton_error_message(evaluator).decode()}", file=sys.stderr)
    lib.baton_evaluator_free(evaluator)
    lib.baton_program_free(program)
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
