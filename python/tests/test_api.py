"""compile, load, score, explain: the one-lead API and its errors."""
import io
import json
import pickle
from datetime import datetime, timedelta, timezone

import pytest

import baton
from conftest import AS_OF, cli_score

SLA = '''sla "tiny" version "1.0"
lead {
  email: string
  company_size: int?
  signed_up: time?
}
event demo_request {}
score fit max 50 {
  +30 when company_size >= 100
}
export let big = company_size >= 1000
stages {
  sql  when any(demo_request within 30d)
  mql  when fit >= 30
  lead otherwise
}
routes {
  sql -> "team:sales" within 4h
  mql -> "nurture"
}
'''


@pytest.fixture(scope="module")
def tiny():
    return baton.compile(SLA)


def test_decision_attributes_and_dict(tiny):
    lead = {"id": "T1", "email": "a@b.example", "company_size": 5000,
            "events": [{"type": "demo_request", "at": "2026-11-20T00:00:00Z"}]}
    d = tiny.score(lead, as_of=AS_OF)
    assert d.to_dict() == {
        "id": "T1", "stage": "sql", "route": {"to": "team:sales", "deadline": "2026-11-23T04:00:00Z"},
        "scores": {"fit": 30}, "values": {"big": True}, "sla": "tiny", "version": "1.0",
        "fingerprint": tiny.fingerprint, "as_of": "2026-11-23T00:00:00Z"}
    assert (d.id, d.stage, d.route) == ("T1", "sql", "team:sales")
    assert d.deadline == datetime(2026, 11, 23, 4, tzinfo=timezone.utc)
    assert d.as_of == datetime(2026, 11, 23, tzinfo=timezone.utc)
    assert d.scores == {"fit": 30} and d.values == {"big": True}
    assert (d.sla, d.version, d.fingerprint) == ("tiny", "1.0", tiny.fingerprint)
    assert d["route"] == {"to": "team:sales", "deadline": "2026-11-23T04:00:00Z"}
    assert json.loads(d.json) == d.to_dict()
    assert d.scored
    with pytest.raises(AttributeError):
        d.no_such_field


def test_no_route_and_no_id(tiny):
    d = tiny.score('{"email": "a@b.example"}', as_of=AS_OF)
    assert d.id is None and d.stage == "lead" and d.route is None and d.deadline is None


def test_as_of_forms_agree(tiny):
    lead = {"email": "a@b.example", "events": [{"type": "demo_request", "at": "2026-10-25T00:00:00Z"}]}
    forms = [AS_OF, "2026-11-23", datetime(2026, 11, 23, tzinfo=timezone.utc), datetime(2026, 11, 23),
             datetime(2026, 11, 23, 1, tzinfo=timezone(timedelta(hours=1))), 1795392000, 1795392000.7]
    assert {tiny.score(lead, as_of=f).json for f in forms} == {tiny.score(lead, as_of=AS_OF).json}
    assert tiny.score(lead, as_of=AS_OF).stage == "sql"          # 29 days: within 30d
    assert tiny.score(lead, as_of="2026-11-25").stage == "lead"  # 31 days: not
    with pytest.raises(ValueError, match="not a time"):
        tiny.score(lead, as_of="tomorrow")
    with pytest.raises(TypeError):
        tiny.score(lead, as_of=[2026])


def test_as_of_past_9999_through_an_offset_is_not_a_time(tiny):
    # 9999-12-31T23:00:00-01:00 is 10000-01-01 UTC: Decision.as_of could not hold it.
    with pytest.raises(ValueError, match="not a time"):
        tiny.score({"email": "a@b.example"}, as_of="9999-12-31T23:00:00-01:00")
    d = tiny.score({"email": "a@b.example"}, as_of="9999-12-31T22:59:59-01:00")
    assert d.as_of == datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    assert tiny.score({"email": "a@b.example"}, as_of=253402300799).as_of == d.as_of
    assert tiny.score({"email": "a@b.example"}, as_of=-62135596800).as_of == datetime(1, 1, 1, tzinfo=timezone.utc)
    # The last microsecond of 9999 is in range (a float timestamp rounded it up to 10000-01-01).
    last = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
    assert tiny.score({"email": "a@b.example"}, as_of=last).as_of == d.as_of
    assert tiny.score({"email": "a@b.example"}, as_of=last.replace(tzinfo=None)).as_of == d.as_of
    # Epoch seconds, a datetime east of UTC on 0001-01-01 or the year 0000 as text: no decision could state them.
    for outside in (253402300800, 253402300799.5 + 1, -62135596801, "0000-12-31T23:59:59Z",
                    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))):
        with pytest.raises(ValueError, match="outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z"):
            tiny.score({"email": "a@b.example"}, as_of=outside)


def test_as_of_numpy_scalars_on_every_entry_point(tiny):
    # numpy's integers are epoch seconds and a datetime64 a UTC instant, as
    # an int and a Timestamp are (both raised TypeError); the same range.
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    import baton.spark

    lead = {"id": "N1", "email": "a@b.example", "events": [{"type": "demo_request", "at": "2026-10-25T00:00:00Z"}]}
    want = tiny.score(lead, as_of=AS_OF).json
    entry_points = {
        "score": lambda a: tiny.score(lead, as_of=a).json,
        "explain": lambda a: tiny.explain(lead, as_of=a).decision.json,
        "score_many": lambda a: next(tiny.score_many([lead], as_of=a)).json,
        "score_jsonl": lambda a: next(tiny.score_jsonl(io.StringIO(json.dumps(lead) + "\n"), as_of=a)).json,
        "score_csv": lambda a: next(tiny.score_csv(b"id,email\nN1,a@b.example\n", as_of=a)).json,
        "score_frame": lambda a: tiny.score_frame(pd.DataFrame([lead]), as_of=a)["as_of"][0],
        "spark.scorer": lambda a: next(baton.spark.scorer(tiny, as_of=a)(iter([pd.DataFrame([lead])])))["as_of"][0],
    }
    forms = [np.int64(1795392000), np.uint32(1795392000), np.float64(1795392000.7), np.float32(1795392000),
             np.datetime64("2026-11-23"), np.datetime64("2026-11-23T00:00:00.999", "ms"),
             np.datetime64("2026-11-23T00:00:00.999999999", "ns"), np.datetime64("2026-11", "M") + 0]
    for name, run in entry_points.items():
        expected = run(AS_OF)
        got = [run(f) for f in forms[:-1]]
        assert got == [expected] * len(got), name
    assert tiny.score(lead, as_of=forms[-1]).as_of == datetime(2026, 11, 1, tzinfo=timezone.utc)
    assert tiny.score(lead, as_of=np.datetime64("1969-12-31T23:59:59.5")).as_of == \
        datetime(1969, 12, 31, 23, 59, 59, tzinfo=timezone.utc)  # floored, as a float's seconds are
    assert {tiny.score(lead, as_of=f).json for f in forms[:-1]} == {want}
    assert tiny.score(lead, as_of=np.datetime64("9999-12-31T23:59:59")).as_of == \
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    assert tiny.score(lead, as_of=np.datetime64("0001-01-01")).as_of == datetime(1, 1, 1, tzinfo=timezone.utc)
    for outside in (np.int64(253402300800), np.int64(-62135596801), np.uint64(2**64 - 1),
                    np.datetime64("10000-01-01"), np.datetime64("0000-12-31T23:59:59"),
                    np.datetime64(10**17, "D"), np.datetime64(-10**15, "Y")):
        for name, run in entry_points.items():
            with pytest.raises(ValueError, match="outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z"):
                run(outside)
    for nat in (np.datetime64("NaT"), pd.NaT):  # the same words for both
        for name, run in entry_points.items():
            with pytest.raises(ValueError, match=r"^as_of: .*NaT.* is not a time$"):
                run(nat)
    with pytest.raises(TypeError, match="not bool"):
        tiny.score(lead, as_of=np.bool_(True))


def test_default_as_of_is_now(tiny):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    d = tiny.score({"email": "a@b.example"})
    assert before <= d.as_of <= datetime.now(timezone.utc)


def test_python_values_in_leads(tiny):
    at = datetime(2026, 11, 20, tzinfo=timezone.utc)
    lead = {"email": "a@b.example", "signed_up": datetime(2026, 1, 1), "company_size": 100,
            "events": [{"type": "demo_request", "at": at}]}
    assert tiny.score(lead, as_of=AS_OF).stage == "sql"


def test_bad_records_raise_record_error(tiny):
    with pytest.raises(baton.RecordError) as e:
        tiny.score({"id": "T9", "email": "a@b.example", "company_size": "lots"}, as_of=AS_OF)
    assert (e.value.id, e.value.field, e.value.error) == ("T9", "company_size", 'expected int, got string "lots"')
    with pytest.raises(baton.RecordError, match="not valid JSON"):
        tiny.score("{nope", as_of=AS_OF)
    with pytest.raises(baton.RecordError, match="expected a JSON object"):
        tiny.score("[1]", as_of=AS_OF)
    with pytest.raises(baton.RecordError, match="email"):
        tiny.score({}, as_of=AS_OF)
    with pytest.raises(baton.RecordError, match="unknown field"):
        tiny.score({"email": "a@b.example", "shoe": 1}, as_of=AS_OF, strict=True)
    assert tiny.score({"email": "a@b.example", "shoe": 1}, as_of=AS_OF).stage == "lead"
    with pytest.raises(baton.RecordError, match="cannot be written as JSON"):
        tiny.score({"email": object()}, as_of=AS_OF)
    with pytest.raises(TypeError, match="dict or a JSON string"):
        tiny.score(42, as_of=AS_OF)
    with pytest.raises(TypeError):
        tiny.score(None, as_of=AS_OF)


def test_compile_error_carries_every_diagnostic():
    bad = SLA.replace("when company_size >= 100", "when compnay_size >= 100").replace("lead otherwise", "lead when true")
    with pytest.raises(baton.CompileError) as e:
        baton.compile(bad, path="tiny.baton")
    codes = sorted(d.code for d in e.value.diagnostics)
    assert codes == ["E0101", "E0301"]
    unknown = next(d for d in e.value.diagnostics if d.code == "E0101")
    assert (unknown.line, unknown.column, unknown.severity) == (9, 12, "error")
    assert unknown.message == "unknown name `compnay_size`"
    assert unknown.text.startswith("tiny.baton:9:12: error[E0101]: unknown name `compnay_size`\n")
    assert "did you mean `company_size`?" in unknown.text
    assert unknown.help == ["did you mean `company_size`?"]
    assert str(e.value).startswith("tiny.baton: 2 error(s)")
    assert e.value.text == "".join(d.text for d in e.value.diagnostics)


def test_compile_from_a_path_and_syntax_errors(tmp_path, root):
    p = baton.compile(root / "examples" / "small-shop.baton")
    assert p.name and p.version and len(p.fingerprint) == 32
    path = tmp_path / "broken.baton"
    path.write_text('sla "x" version "1"\nlead {\n')
    with pytest.raises(baton.CompileError) as e:
        baton.compile(str(path))
    assert e.value.diagnostics[0].text.startswith(f"{path}:")
    with pytest.raises(TypeError):
        baton.compile(b"bytes")
    with pytest.raises(FileNotFoundError):
        baton.compile("examples/no-such-file.baton")
    with pytest.raises(FileNotFoundError):
        baton.load(tmp_path / "missing.batonc")


def test_load_round_trip_and_damage(tiny, tmp_path):
    data = tiny.to_bytes()
    again = baton.load(data)
    assert again.fingerprint == tiny.fingerprint
    assert pickle.loads(pickle.dumps(tiny)).fingerprint == tiny.fingerprint
    lead = {"email": "a@b.example", "company_size": 150}
    assert again.score(lead, as_of=AS_OF) == tiny.score(lead, as_of=AS_OF)
    damaged = bytearray(data)
    damaged[len(damaged) // 2] ^= 0xFF
    with pytest.raises(baton.LoadError):
        baton.load(bytes(damaged))
    with pytest.raises(baton.LoadError, match="not compiled baton bytecode"):
        baton.load(b"hello")
    with pytest.raises(baton.LoadError):
        baton.load(data[:20])
    path = tmp_path / "tiny.batonc"
    tiny.save(path)
    assert baton.load(path).fingerprint == tiny.fingerprint
    with pytest.raises(baton.CompileError, match="bytecode"):
        baton.compile(path)


def test_program_tables(tiny):
    assert tiny.stages == ["sql", "mql", "lead"]
    assert tiny.score_names == ["fit"] and tiny.value_names == ["big"]


def test_explain(b2b, b2b_leads, root):
    import subprocess
    from conftest import cli
    lead = next(l for l in b2b_leads if l["id"] == "L007")
    e = b2b.explain(lead, as_of=AS_OF)
    sla = root / "examples" / "b2b-saas.baton"
    leads = root / "examples" / "b2b-saas-leads.jsonl"
    text = subprocess.run([cli(), "explain", str(sla), str(leads), "--id", "L007", "--as-of", AS_OF],
                          capture_output=True, text=True, check=True).stdout
    trace = subprocess.run([cli(), "explain", str(sla), str(leads), "--id", "L007", "--as-of", AS_OF,
                            "--format", "json"], capture_output=True, text=True, check=True).stdout
    assert e.text == text
    assert e.trace == json.loads(trace)
    assert e.decision == b2b.score(lead, as_of=AS_OF)
    assert str(e) == text
    with pytest.raises(baton.RecordError):
        b2b.explain({"id": "x", "company_size": "lots"}, as_of=AS_OF)


def test_explain_says_why_a_route_has_no_deadline(root):
    program = baton.compile(root / "tests" / "golden" / "sla" / "no_deadline.baton")
    leads = [json.loads(line) for line in (root / "tests" / "golden" / "no-deadline-leads.jsonl").open()]
    why = {lead["id"]: program.explain(lead, as_of=AS_OF) for lead in leads}
    assert why["N1"].decision.route == "team:clock" and why["N1"].decision.deadline is None
    assert why["N1"].trace["no_deadline"] == "its `within` is missing for this lead"
    assert "\ndeadline: none: its `within` is missing for this lead\n" in why["N1"].text
    assert why["N2"].trace["no_deadline"] == "its `within` is negative for this lead"
    assert why["N4"].trace["no_deadline"] == "it would fall after 9999-12-31"
    assert why["N5"].decision.deadline is not None and "no_deadline" not in why["N5"].trace


def test_lifecycle_fields(b2b, b2b_leads, tiny):
    decisions = [b2b.score(lead, as_of=AS_OF) for lead in b2b_leads]
    for lead, d in zip(b2b_leads, decisions):
        record = d.to_dict()
        assert d.transition == record["transition"] in ("entered", "stayed", "held")
        assert (d.previous_stage, d.held, d.handoff) == (record["previous_stage"], record["held"], record["handoff"])
        # Since when it is in its stage: as_of when it enters, else the lead's
        # own current_stage_since (none later than as_of); the deadline counts from it.
        since = lead.get("current_stage_since")
        if d.transition == "entered":
            assert d.stage_since == d.as_of
        elif since is None:
            assert d.stage_since is None
        else:
            assert d.stage_since == min(datetime.fromisoformat(since.replace("Z", "+00:00")), d.as_of)
        if d.stage_since is not None and d.deadline is not None:
            assert d.stage_since <= d.as_of and d.stage_since < d.deadline
    assert {d.transition for d in decisions} == {"entered", "stayed", "held"}
    assert any(d.stage_since is not None and d.stage_since < d.as_of for d in decisions)
    assert any(d.handoff for d in decisions)
    plain = tiny.score({"email": "a@b.example"}, as_of=AS_OF)  # no lifecycle block: no such fields
    assert (plain.transition, plain.previous_stage, plain.held, plain.handoff, plain.stage_since) == (None,) * 5
    assert "transition" not in plain.to_dict()


CADENCE = '''sla "cadence" version "1"
lead { email: string  seen: time?  boss: string? }
event visit {}
export let seen_at = seen
stages {
  hot when any(visit within 1h)
  lead otherwise
}
routes {
  hot -> "team:sales" within 4h
         escalate to boss after 1h
         escalate to "manager:sales" after 2h
  lead -> "nurture"
}
'''


def test_escalations_attribute(b2b, b2b_leads, root):
    # The route's cadence: to, after (not in the record: the C++ side hands it
    # over beside it) and due, for every lead, equal to the CLI's record.
    expected, _ = cli_score(root / "examples" / "b2b-saas.baton", root / "examples" / "b2b-saas-leads.jsonl")
    results = list(b2b.score_many(b2b_leads, as_of=AS_OF))
    with_steps = 0
    for d, want in zip(results, expected):
        steps = (want["route"] or {}).get("escalations", [])
        assert [(s.to, s.due) for s in d.escalations] == [
            (s["to"], datetime.fromisoformat(s["due"].replace("Z", "+00:00"))) for s in steps], d.id
        assert all(s.after == timedelta(hours=9) for s in d.escalations)  # `after 9h on americas_hours`
        assert d.to_dict() == want and json.loads(d.json) == want
        with_steps += bool(steps)
    assert with_steps >= 5
    first = next(d for d in results if d.escalations)
    assert first.escalations == [baton.Escalation("manager:inbound-sales", timedelta(hours=9), first.escalations[0].due)]
    assert first.escalations[0].due.tzinfo is not None
    # Every way of getting a decision carries the delays; one made from the
    # record's text alone cannot know them.
    lead = next(lead for lead in b2b_leads if lead["id"] == first.id)
    assert b2b.score(lead, as_of=AS_OF).escalations == first.escalations
    assert b2b.explain(lead, as_of=AS_OF).decision.escalations == first.escalations
    assert pickle.loads(pickle.dumps(first)).escalations == first.escalations
    assert [s.after for s in baton.Decision(first.json).escalations] == [None]
    jsonl = next(d for d in b2b.score_jsonl(root / "examples" / "b2b-saas-leads.jsonl", as_of=AS_OF)
                 if d.id == first.id)
    assert jsonl.escalations == first.escalations and jsonl.json == first.json


def test_escalations_without_route_or_steps(tiny):
    cadence = baton.compile(CADENCE)
    visit = [{"type": "visit", "at": "2026-11-23T09:30:00Z"}]
    d = cadence.score({"email": "a@b.example", "boss": "ana", "events": visit}, as_of="2026-11-23T10:00:00Z")
    assert d.escalations == [
        baton.Escalation("ana", timedelta(hours=1), datetime(2026, 11, 23, 11, tzinfo=timezone.utc)),
        baton.Escalation("manager:sales", timedelta(hours=2), datetime(2026, 11, 23, 12, tzinfo=timezone.utc))]
    # A step whose destination is missing is left out, in the record and here.
    d = cadence.score({"email": "a@b.example", "events": visit}, as_of="2026-11-23T10:00:00Z")
    assert [(s.to, s.after) for s in d.escalations] == [("manager:sales", timedelta(hours=2))]
    assert cadence.score({"email": "a@b.example"}, as_of=AS_OF).escalations == []  # an arm without steps
    assert tiny.score({"email": "a@b.example"}, as_of=AS_OF).escalations == []  # no route
    assert tiny.score({"email": "a@b.example", "company_size": 500}, as_of=AS_OF).escalations == []


STEPS = '''sla "steps" version "1"
lead { email: string  boss: string?  size: int?  wait: duration? }
stages {
  big when size >= 100
  small otherwise
}
routes {
  big -> "team:sales" within 4h
         escalate to boss after 1h
         escalate to "manager:sales" after wait
  small -> "nurture"
}
'''


def test_every_path_keeps_the_step_delays(tmp_path):
    # The delays travel beside the record from the C++ scorer, on every entry
    # point, with rejections among the decisions (batches with gaps, blocks
    # that are not all decisions) and without.
    steps = baton.compile(STEPS)
    leads = [{"id": "a", "email": "a@b.example", "boss": "ana", "size": 500, "wait": "2h"},
             {"id": "bad", "email": 5},
             {"id": "s", "email": "s@b.example", "size": 5},
             {"id": "b", "email": "b@b.example", "size": 500}]
    want = {"a": [("ana", timedelta(hours=1)), ("manager:sales", timedelta(hours=2))],
            "s": [], "b": [("manager:sales", None)]}  # b: no boss (no step), no wait (no delay)

    def delays(results):
        results = list(results)
        assert {r.id for r in results if not r.scored} == {"bad"}
        found = [(r.id, [(s.to, s.after) for s in r.escalations]) for r in results if r.scored]
        assert len(found) == 3 * len(results) // 4
        assert all(steps == want[id] for id, steps in found), found
        return dict(found)

    scored = [lead for lead in leads if lead["id"] != "bad"]
    assert {lead["id"]: [(s.to, s.after) for s in steps.score(lead, as_of=AS_OF).escalations]
            for lead in scored} == want
    assert {lead["id"]: [(s.to, s.after) for s in steps.explain(lead, as_of=AS_OF).decision.escalations]
            for lead in scored} == want
    for batch_size in (1, 2, 100):
        assert delays(steps.score_many(leads, as_of=AS_OF, batch_size=batch_size)) == want
    # A lead that cannot be written as JSON is rejected before the C++ scorer:
    # the others are scored as a batch of their own.
    unwritable = [leads[0], {"id": "bad", "email": "x", "size": float("inf")}] + leads[2:]
    assert delays(steps.score_many(unwritable, as_of=AS_OF)) == want
    assert delays(steps.score_many(leads * 300, as_of=AS_OF, threads=2)) == want
    lines = "\n".join(json.dumps(lead) for lead in leads) + "\n"
    assert delays(steps.score_jsonl(io.StringIO(lines), as_of=AS_OF)) == want
    no_rejection = "\n".join(json.dumps(lead) for lead in scored) + "\n"
    assert {d.id: [(s.to, s.after) for s in d.escalations]
            for d in steps.score_jsonl(io.StringIO(no_rejection), as_of=AS_OF)} == want
    csv = b"id,email,boss,size,wait\na,a@b.example,ana,500,2h\nbad,,,lots,\ns,s@b.example,,5,\nb,b@b.example,,500,\n"
    for batch_size in (1, 100):
        assert delays(steps.score_csv(csv, as_of=AS_OF, batch_size=batch_size)) == want


def test_decision_from_json_text(b2b, b2b_leads):
    # A Decision made from a record's text reads the whole text, however it
    # is laid out; it cannot know the step delays (after is None).
    d = next(d for d in b2b.score_many(b2b_leads, as_of=AS_OF) if d.escalations)
    pretty_text = json.dumps(d.to_dict(), indent=2)
    for text in (pretty_text, json.dumps(d.to_dict()), d.json):
        copy = baton.Decision(text)
        assert copy == d and copy.to_dict() == d.to_dict() and copy.json == text
        assert (copy.id, copy.stage, copy.route, copy.deadline) == (d.id, d.stage, d.route, d.deadline)
        assert [(s.to, s.due) for s in copy.escalations] == [(s.to, s.due) for s in d.escalations]
        assert [s.after for s in copy.escalations] == [None] * len(d.escalations)
    assert baton.Decision(pretty_text).escalations == baton.Decision(d.json).escalations
    # Text holding two records (or anything after the record) is an error,
    # not a record cut at its first line; so is text that is no decision
    # record (a rejection record, other JSON): when the Decision is made,
    # not when an attribute is read.
    for text in (d.json + "\n" + d.json, d.json + "\n32400", d.json + "\n\n{}", "not json"):
        with pytest.raises(ValueError, match="^not a decision record: "):
            baton.Decision(text)
    rejection = '{"line": 3, "id": "c", "field": "company_size", "error": "expected int"}'
    with pytest.raises(ValueError, match="^not a decision record: it has no stage, route, scores, values, sla, "
                                         "version, fingerprint, as_of$"):
        baton.Decision(rejection)
    with pytest.raises(ValueError, match="^not a decision record: a JSON list, not an object$"):
        baton.Decision("[1, 2]")
    with pytest.raises(ValueError, match="^not a decision record: its stage is not text$"):
        baton.Decision(json.dumps(dict(d.to_dict(), stage=None)))
    with pytest.raises(TypeError):
        baton.Decision(d.to_dict())


def test_pickled_decisions_keep_their_escalations():
    steps = baton.compile(STEPS)
    decisions = [steps.score({"id": "a", "email": "a@b.example", "boss": "ana", "size": 500, "wait": "2h"},
                             as_of=AS_OF),
                 steps.score({"id": "b", "email": "b@b.example", "size": 500}, as_of=AS_OF),
                 steps.score({"id": "s", "email": "s@b.example", "size": 5}, as_of=AS_OF)]
    decisions.append(baton.Decision(json.dumps(decisions[0].to_dict(), indent=2)))  # from text: no delays
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        for d in decisions:
            copy = pickle.loads(pickle.dumps(d, protocol))
            assert type(copy) is baton.Decision
            assert copy.json == d.json and copy == d
            assert copy.escalations == d.escalations
    assert [s.after for s in decisions[0].escalations] == [timedelta(hours=1), timedelta(hours=2)]
    assert [s.after for s in pickle.loads(pickle.dumps(decisions[3])).escalations] == [None, None]


def test_nan_is_missing_and_infinity_a_rejection(b2b):
    # NaN (pandas' missing value) is a missing field on every entry point;
    # +-inf has no JSON form: a rejection naming the field, with the lead's id.
    plain = b2b.score({"id": "N1", "email": "a@b.example"}, as_of=AS_OF)
    nan = {"id": "N1", "email": "a@b.example", "budget": float("nan"), "company_size": float("nan")}
    assert b2b.score(nan, as_of=AS_OF) == plain
    assert b2b.explain(nan, as_of=AS_OF).decision == plain
    for infinity in (float("inf"), float("-inf")):
        lead = {"id": "N1", "email": "a@b.example", "budget": float("nan"), "timeline_days": infinity}
        with pytest.raises(baton.RecordError) as e:
            b2b.score(lead, as_of=AS_OF)
        assert (e.value.id, e.value.field, e.value.error) == ("N1", "timeline_days", "not a finite number")
        with pytest.raises(baton.RecordError) as e:
            b2b.explain(lead, as_of=AS_OF)
        assert (e.value.id, e.value.field) == ("N1", "timeline_days")
    events = [{"type": "page_view", "at": "2026-11-20T10:00:00Z", "url": "/"},
              {"type": "webinar", "at": "2026-11-20T10:00:00Z", "name": "x", "attended": float("inf")}]
    results = list(b2b.score_many([nan, {"id": "N2", "email": "a@b.example", "budget": float("-inf")},
                                   {"id": "N3", "email": "a@b.example", "events": events}], as_of=AS_OF))
    assert results[0] == plain
    assert [r.to_dict() for r in results[1:]] == [
        {"line": 2, "id": "N2", "field": "budget", "error": "not a finite number"},
        {"line": 3, "id": "N3", "field": "events[1].attended", "error": "not a finite number"}]


def test_naive_times_are_utc_in_every_form():
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    cadence = baton.compile(CADENCE)
    utc = "2026-10-20T10:00:00Z"
    want = cadence.score({"email": "a@b.example", "seen": utc}, as_of=AS_OF).values["seen_at"]
    assert want == utc
    for seen in (datetime(2026, 10, 20, 10), pd.Timestamp("2026-10-20 10:00:00"),
                 np.datetime64("2026-10-20T10:00:00"), np.datetime64("2026-10-20T10:00:00.000000000")):
        lead = {"email": "a@b.example", "seen": seen}
        assert cadence.score(lead, as_of=AS_OF).values["seen_at"] == utc, repr(seen)
        [d] = cadence.score_many([lead], as_of=AS_OF)
        assert d.values["seen_at"] == utc, repr(seen)
    # A time with a zone keeps it; NaT is a missing value.
    berlin = pd.Timestamp("2026-10-20 12:00:00", tz="Europe/Berlin")
    assert cadence.score({"email": "a@b.example", "seen": berlin}, as_of=AS_OF).values["seen_at"] == utc
    for missing in (pd.NaT, np.datetime64("NaT")):
        assert cadence.score({"email": "a@b.example", "seen": missing}, as_of=AS_OF).values["seen_at"] is None
    # In events: a naive visit time is UTC (09:30Z is within the hour before 10:00Z).
    visit = {"email": "a@b.example", "events": [{"type": "visit", "at": pd.Timestamp("2026-11-23 09:30:00")}]}
    assert cadence.score(visit, as_of="2026-11-23T10:00:00Z").stage == "hot"


ARRAYS = '''sla "arrays" version "1"
lead { email: string  tags: set<string>?  owners: list<string>?  size: int?  vip: bool? }
event visit { url: string  seen: time? }
export let e_tags = tags
export let e_owners = owners
export let e_size = size
export let e_vip = vip
export let visits = count(visit within 30d)
export let seen = last(visit).seen
stages { lead otherwise }
'''


def test_numpy_arrays_and_scalars_are_lists_and_values():
    # to_dict("records") and Dask's to_bag give a list column read from
    # Parquet or Arrow as numpy arrays: lists on every entry point (a
    # one-item array was read as its item, a longer one rejected).
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    program = baton.compile(ARRAYS)
    at = "2026-11-22T00:00:00Z"
    plain = {"id": 7, "email": "a@x", "tags": ["hot", "x"], "owners": ["ana"], "size": 5, "vip": True,
             "events": [{"type": "visit", "at": at, "url": "/", "seen": at}]}
    arrays = {"id": np.int64(7), "email": np.str_("a@x"), "tags": np.array(["hot", "x"]), "owners": np.array(["ana"]),
              "size": np.int64(5), "vip": np.bool_(True),
              "events": np.array([{"type": "visit", "at": at, "url": "/",
                                   "seen": np.datetime64("2026-11-22T00:00:00", "ns")}], dtype=object)}
    want = program.score(plain, as_of=AS_OF)
    assert want.values == {"e_tags": ["hot", "x"], "e_owners": ["ana"], "e_size": 5, "e_vip": True, "visits": 1,
                           "seen": at}
    assert program.score(arrays, as_of=AS_OF).json == want.json
    assert program.explain(arrays, as_of=AS_OF).decision.json == want.json
    assert [d.json for d in program.score_many([arrays, plain], as_of=AS_OF)] == [want.json] * 2
    out = program.score_frame(pd.DataFrame([arrays, plain]), as_of=AS_OF)
    assert out["error"].isna().all() and list(out["e_owners"]) == [["ana"]] * 2 and list(out["visits"]) == [1, 1]
    # +-inf inside an array is found and named, as inside a list.
    bad = dict(plain, events=np.array([{"type": "visit", "at": at, "url": "/", "n": np.array([1.0, np.inf])}]))
    [r] = list(program.score_many([bad], as_of=AS_OF))
    assert (r.id, r.field, r.error) == ("7", "events[0].n[1]", "not a finite number")
    out = program.score_frame(pd.DataFrame([bad]), as_of=AS_OF)
    assert (out.loc[0, "error_field"], out.loc[0, "error"]) == ("events[0].n[1]", "not a finite number")
