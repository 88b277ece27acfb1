"""score_many / score_jsonl: order, one result per input, threads, the GIL."""
import io
import json
import threading
import time

import pytest

import baton
from conftest import AS_OF, cli_score


def many_leads(leads, copies):
    out = []
    for c in range(copies):
        for lead in leads:
            out.append(dict(lead, id=f"{lead['id']}-{c}"))
    return out


def test_one_result_per_input_in_order(b2b, b2b_leads):
    inputs = []
    for i, lead in enumerate(many_leads(b2b_leads, 3)):
        inputs.append(lead if i % 3 else json.dumps(lead))
        if i % 17 == 0:
            inputs.append({"id": f"bad-{i}", "email": "x@y.example", "company_size": "lots"})
        if i % 29 == 0:
            inputs.append(i)  # not a lead at all
        if i % 31 == 0:
            inputs.append("")  # an empty record
    expected = []
    for i, item in enumerate(inputs, 1):
        try:
            expected.append(("ok", b2b.score(item, as_of=AS_OF).json))
        except (baton.RecordError, TypeError) as e:
            expected.append(("rejected", i, getattr(e, "id", None), str(e)))
    for threads in (1, 2, 4):
        results = list(b2b.score_many(iter(inputs), as_of=AS_OF, threads=threads, batch_size=64))
        assert len(results) == len(inputs)
        got = []
        for r in results:
            if r.scored:
                got.append(("ok", r.json))
            else:
                got.append(("rejected", r.line, r.id, r.error))
        assert [g[0] for g in got] == [e[0] for e in expected]
        assert [g for g in got if g[0] == "ok"] == [e for e in expected if e[0] == "ok"]
        for g, e in zip(got, expected):
            if g[0] == "rejected":
                assert g[1] == e[1] and g[2] == e[2] and g[3] in e[3]
    bad = next(r for r in results if not r.scored and r.id == "bad-0")
    assert (bad.line, bad.field, bad.error) == (1 + 1, "company_size", 'expected int, got string "lots"')


def test_score_many_is_lazy(b2b, b2b_leads):
    seen = []

    def source():
        for lead in many_leads(b2b_leads, 100):
            seen.append(lead["id"])
            yield lead

    it = b2b.score_many(source(), as_of=AS_OF, batch_size=100)
    first = next(it)
    assert first.id == b2b_leads[0]["id"] + "-0"
    assert len(seen) <= 300  # the batch being read, the one being scored, and the one yielded
    assert sum(1 for _ in it) == 100 * len(b2b_leads) - 1


def test_a_program_shared_by_python_threads(b2b, b2b_leads):
    leads = many_leads(b2b_leads, 20)
    expected = [d.json for d in b2b.score_many(leads, as_of=AS_OF)]
    outputs = [None] * 6
    errors = []

    def work(k):
        try:
            if k % 2:
                outputs[k] = [d.json for d in b2b.score_many(leads, as_of=AS_OF, threads=2)]
            else:
                outputs[k] = [b2b.score(lead, as_of=AS_OF).json for lead in leads]
        except Exception as e:  # surfaced below
            errors.append(e)

    workers = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    assert all(o == expected for o in outputs)


def test_the_gil_is_released_while_a_batch_is_scored(b2b, b2b_leads):
    lines = [json.dumps(lead) for lead in many_leads(b2b_leads, 400)]  # 30,000 leads in one batch
    scorer = b2b._batch_scorer(1, baton._program.decode_options())
    ticks = 0
    done = threading.Event()

    def tick():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    epoch = baton._program.epoch_seconds(AS_OF)
    started = time.perf_counter()
    scorer.score(lines[:2000], epoch)
    small = time.perf_counter() - started
    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.01)
    before = ticks
    scorer.score(lines, epoch)  # ~15x the small batch
    during = ticks - before
    done.set()
    ticker.join()
    # With the GIL held for the whole call the other thread could not run at all.
    assert during > 10, (during, small)


def test_score_jsonl_sources(b2b, root, tmp_path):
    path = root / "examples" / "b2b-saas-leads.jsonl"
    text = path.read_text()
    expected = [d.json for d in b2b.score_jsonl(path, as_of=AS_OF)]
    assert [d.json for d in b2b.score_jsonl(str(path), as_of=AS_OF)] == expected
    assert [d.json for d in b2b.score_jsonl(io.StringIO(text), as_of=AS_OF)] == expected
    assert [d.json for d in b2b.score_jsonl(io.BytesIO(text.encode()), as_of=AS_OF)] == expected
    crlf = tmp_path / "crlf.jsonl"
    crlf.write_bytes(("\r\n\r\n".join(text.splitlines()) + "\r\n").encode())
    results = list(b2b.score_jsonl(crlf, as_of=AS_OF))
    assert [d.json for d in results] == expected
    with pytest.raises(TypeError):
        b2b.score_jsonl(42, as_of=AS_OF)
    with pytest.raises(FileNotFoundError):
        b2b.score_jsonl(tmp_path / "missing.jsonl", as_of=AS_OF)


def test_rejection_lines_are_file_lines(b2b, tmp_path):
    path = tmp_path / "leads.jsonl"
    path.write_text('\n{"id": "a", "email": "a@b.example"}\n\n   \n{"id": "b", "company_size": 1.5}\n')
    results = list(b2b.score_jsonl(path, as_of=AS_OF))
    assert [r.scored for r in results] == [True, False]
    assert results[1].to_dict() == {"line": 5, "id": "b", "field": "company_size",
                                    "error": "expected int, got number 1.5", "file": str(path)}


def test_bad_arguments(b2b):
    with pytest.raises(ValueError):
        b2b.score_many([], as_of=AS_OF, threads=-1)
    with pytest.raises(ValueError):
        b2b.score_many([], as_of="soon")
    assert list(b2b.score_many([], as_of=AS_OF)) == []
    assert list(b2b.score_many([{"email": "a@b.example"}], as_of=AS_OF, threads=0))[0].scored


def test_str_with_lone_surrogates_is_read_as_its_bytes(b2b):
    # The same line as bytes that are not UTF-8 and as a str holding lone
    # surrogates (bytes decoded with surrogateescape, a truncated emoji):
    # the same rejection, with the id, as `baton score` gives the bytes.
    line = b'{"id":"B7","email":"caf\xe9@y.com"}'
    # Escaped surrogates that spell valid UTF-8 ("\udcc3\udca9" is "é" in
    # bytes) are no UTF-8 text either: rejected, as a dict holding them is.
    texts = [line, line.decode("utf-8", "surrogateescape"), '{"id":"B7","email":"Acme \ud83d"}',
             '{"id":"B7","email":"caf\udcc3\udca9@y.com"}']
    results = list(b2b.score_many(texts, as_of=AS_OF))
    assert [(r.scored, r.id, r.field, r.error) for r in results] == [(False, "B7", None, "not valid UTF-8")] * 4
    for text in texts[1:]:
        for call in (b2b.score, b2b.explain):
            with pytest.raises(baton.RecordError) as e:
                call(text, as_of=AS_OF)
            assert (e.value.id, e.value.field, e.value.error) == ("B7", None, "not valid UTF-8")


def test_a_failing_source_yields_every_lead_read_before_its_error(b2b):
    # 5000 leads then the source's error: the first batches were scored
    # (one in the background) and the last one read in part; all 5000
    # results come out, in order, then the error.
    def source():
        for i in range(5000):
            yield {"id": f"s{i}", "email": "a@b.example"}
        raise OSError("CRM export connection reset")

    got = []
    with pytest.raises(OSError, match="connection reset"):
        for result in b2b.score_many(source(), as_of=AS_OF, batch_size=1000, threads=2):
            got.append(result.id)
    assert got == [f"s{i}" for i in range(5000)]
    got = []
    with pytest.raises(OSError, match="connection reset"):
        for result in b2b.score_many(source(), as_of=AS_OF):  # one batch of 4096, then a part of one
            got.append(result.id)
    assert len(got) == 5000


def test_a_failing_file_yields_the_lines_read_before(b2b, tmp_path):
    class Failing(io.RawIOBase):
        """A file whose read fails after its first MiB of leads."""
        def __init__(self):
            self.data = b"".join(b'{"id": "f%d", "email": "a@b.example"}\n' % i for i in range(40000))
            self.at = 0

        def readable(self):
            return True

        def read(self, size=-1):
            if self.at >= 1 << 20:
                raise OSError("disk error")
            size = len(self.data) if size < 0 else size
            chunk = self.data[self.at:self.at + size]
            self.at += len(chunk)
            return chunk

        def readline(self, size=-1):
            end = self.data.index(b"\n", self.at) + 1
            chunk = self.data[self.at:end]
            self.at = end
            return chunk

    got = []
    with pytest.raises(OSError, match="disk error"):
        for result in b2b.score_jsonl(Failing(), as_of=AS_OF):
            got.append(result.id)
    assert got and got == [f"f{i}" for i in range(len(got))]
    first = Failing().data[:1 << 20]  # the first block: whole lines, read on to the end of its last one
    assert len(got) == first.count(b"\n") + (not first.endswith(b"\n"))


def test_score_jsonl_cr_lines_with_an_lf_among_them_as_baton_score(b2b, root, tmp_path):
    # A file of CR lines where one line ends CR LF: the LF is whitespace at the
    # start of the next line, and a line of it alone is blank, so the line
    # numbers are the CLI's and the C API's (an LF once counted as a line).
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id":"m1","email":"a@b.example"}\r\r{"id":"m2","email":7}\r\n'
                     b'{"id":"m3","email":8}\r\n\r{"id":"m4","email":"c@d.example"}\r')
    results = list(b2b.score_jsonl(path, as_of=AS_OF))
    decisions, rejected = cli_score(root / "examples" / "b2b-saas.baton", path)
    assert [r.id for r in results] == ["m1", "m2", "m3", "m4"]
    assert [(r.id, r.to_dict()["line"]) for r in results if not r.scored] == \
        [(e["id"], e["line"]) for e in rejected] == [("m2", 3), ("m3", 4)]
    assert [d["id"] for d in decisions] == ["m1", "m4"]


def test_score_jsonl_line_ends_and_byte_order_marks(b2b, root, tmp_path):
    # As `baton score` reads them (tests/golden/score_cr_lines, score_bom_*):
    # lines ending in CR alone, told by the first line end, with their line
    # numbers; a byte-order mark alone is no record, at the start or on a line.
    cr = root / "tests" / "golden" / "cr-lines.jsonl"
    results = list(b2b.score_jsonl(cr, as_of=AS_OF))
    assert [r.id for r in results] == ["L001", "L006", "CRBAD", "L035", "L043"]
    assert results[2].to_dict()["line"] == 4 and not results[2].scored
    data = cr.read_bytes()

    class OneByteAtATime:  # the first line end and the byte-order mark split over reads
        def __init__(self, data):
            self.data = data

        def read(self, size):
            piece, self.data = self.data[:1], self.data[1:]
            return piece

    assert [r.id for r in b2b.score_jsonl(OneByteAtATime(b"\xef\xbb\xbf" + data), as_of=AS_OF)] == \
        [r.id for r in results]
    assert list(b2b.score_jsonl(root / "tests" / "golden" / "bom-only.jsonl", as_of=AS_OF)) == []
    bom_lines = list(b2b.score_jsonl(root / "tests" / "golden" / "bom-lines.jsonl", as_of=AS_OF))
    assert [(r.id, r.scored) for r in bom_lines] == [("L001", True), ("L006", True)]
