"""The contract files, checked by real validators.

`docs/errors.schema.json` (JSON Schema 2020-12) and `docs/errors.openapi.json`
(OpenAPI 3.1), and the same outputs of every fixture catalog beside it in
tests/fixtures/, are checked with the pinned `jsonschema` and
`openapi-spec-validator` (e2e/requirements.txt):

- the schema passes the 2020-12 meta-schema, the OpenAPI document passes
  openapi-spec-validator;
- every example on the page and in the OpenAPI document validates against the
  schema;
- envelopes built here from the catalog (PyYAML) validate, and every mutation
  the catalog says is wrong is rejected: each required detail missing, each
  field type given every JSON type it does not take (money as a JSON number
  among them), each known code under every other type, a required `param`
  missing, a request id missing, ...; while what forward compatibility allows
  (unknown codes, types and fields) still validates;
- the hostile fixture's catalog text gives JSON that parses, a schema that
  passes the meta-schema and an OpenAPI document that passes the validator
  (generated with the CLI, $HASP_CODEGEN_BIN);
- the value shapes of tests/value_shapes.json are judged as the runtime
  judges them, by the patterns alone and as a client that asserts `format`.

Run with `bash e2e/run.sh` (only these checks: `bash e2e/run.sh -k contract`).
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from openapi_spec_validator import validate as validate_openapi

ROOT = Path(__file__).resolve().parent.parent

# Each catalog with its committed outputs: the real one and every fixture.
CATALOGS = [
    (ROOT / "catalog" / "errors.yaml", ROOT / "docs" / "errors.schema.json", ROOT / "docs" / "errors.openapi.json", ROOT / "docs" / "errors.md"),
] + [
    (p, p.with_suffix(".schema.json"), p.with_suffix(".openapi.json"), p.with_suffix(".md"))
    for p in sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
]
IDS = [str(c[0].relative_to(ROOT)) for c in CATALOGS]


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def validator(schema) -> Draft202012Validator:
    # `format` is an annotation in 2020-12 (validators differ on asserting
    # it); the schema's patterns assert the shape of timestamps, URLs and
    # money, the same everywhere. `format_validator` asserts it too.
    return Draft202012Validator(schema)


def format_validator(schema) -> Draft202012Validator:
    # As a client that asserts `format` validates: `date-time` by
    # rfc3339-validator, `uri` by rfc3986-validator (both pinned).
    checker = Draft202012Validator.FORMAT_CHECKER
    assert {"date-time", "uri"} <= set(checker.checkers), "the format checkers are installed"
    return Draft202012Validator(schema, format_checker=checker)


class Catalog:
    """What the tests need to know of a catalog, read with PyYAML."""

    def __init__(self, path: Path):
        self.raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.types = self.raw["types"]
        self.codes = self.raw["codes"]
        self.error_code = self.raw.get("details_error_code", True)

    def retryable(self, code: str) -> bool:
        retry = self.codes[code]["retry"]
        kind = next(iter(retry)) if isinstance(retry, dict) else retry
        return kind in ("backoff", "after_delay")

    def fields(self, code: str) -> dict:
        return self.codes[code].get("details") or {}

    def param(self, code: str) -> str:
        return self.codes[code].get("param", "none")


# A valid wire value of each field type, and JSON values of the wrong type
# or shape for it (money as a JSON number first among them).
VALID = {
    "string": "some text",
    "integer": -42,
    "boolean": False,
    "duration_seconds": 30,
    "timestamp": "2026-12-01T00:00:00Z",
    "url": "https://docs.hasp.example/models/retirements",
    "money": "412.50",
    "string_list": ["PERSON_NAME", "MEDICAL_RECORD_NUMBER"],
}
ALSO_VALID = {
    "string": [""],
    "integer": [0, 9007199254740991, 2**63 - 1, -(2**63)],
    "boolean": [True],
    "duration_seconds": [0, 2**64 - 1],
    "timestamp": ["2026-12-01T00:00:00.123+05:30", "1972-06-30t23:59:60z"],
    "url": ["urn:isbn:0451450523", "http://[::1]:8080/a?b=c#d"],
    "money": ["-0.01", "0", "123456789012345678.5"],
    "string_list": [[]],
}
JSON_TYPES = {"string": "text", "integer": 7, "number": 1.5, "boolean": True, "array": ["a"], "object": {"a": 1}, "null": None}
WRONG = {
    "string": ["integer", "number", "boolean", "array", "object"],
    "integer": ["string", "number", "boolean", "array", "object"],
    "boolean": ["string", "integer", "number", "array", "object"],
    "duration_seconds": ["string", "number", "boolean", "array", "object"],
    "timestamp": ["integer", "number", "boolean", "array", "object"],
    "url": ["integer", "number", "boolean", "array", "object"],
    "money": ["integer", "number", "boolean", "array", "object"],
    "string_list": ["string", "integer", "number", "boolean", "object"],
}
WRONG_SHAPE = {
    "integer": [1.0e300, "42", 2**63, -(2**63) - 1],
    "duration_seconds": [-1, "30", 30.5, 2**64],
    "timestamp": ["2026-12-01", "2026-12-01T00:00:00", "yesterday", "2026-12-01 00:00:00Z", 1764547200],
    "url": ["not a url", "/relative/path", "https://example.com/a b", "https://example.com/<script>"],
    "money": [412.5, 412, "412.", ".5", "4e2", "+1", "1,000.00", " 1", "NaN"],
    "string_list": [[1], [None], ["a", 2], "a,b"],
    "string": [],
    "boolean": ["true", 1, 0],
}


def envelope(cat: Catalog, code: str, *, optional: bool = True) -> dict:
    """A valid envelope of `code`, built from the catalog alone."""
    spec = cat.codes[code]
    details = {}
    if cat.error_code:
        details["error_code"] = code
    for name, field in cat.fields(code).items():
        if field["required"] or optional:
            details[name] = copy.deepcopy(VALID[field["type"]])
    return {
        "error": {
            "type": spec["type"],
            "code": code,
            "message": spec["summary"],
            "param": None if cat.param(code) == "none" else "messages.0.content",
            # An object whenever the code has details fields (`{}` when
            # every one is optional and none is set), as the runtime sends.
            "details": details if details or cat.fields(code) else None,
            "retryable": cat.retryable(code),
            "request_id": "req_contract",
        },
        "meta": {"request_id": "req_contract"},
    }


def errors(v: Draft202012Validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(instance)]


def assert_valid(v, instance, what=""):
    problems = errors(v, instance)
    assert not problems, f"{what}: {json.dumps(instance)}\n" + "\n".join(problems)


def assert_invalid(v, instance, what=""):
    assert errors(v, instance), f"{what}: must be rejected: {json.dumps(instance)}"


# --- the validators on the committed files --------------------------------------


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_schema_passes_the_2020_12_meta_schema(catalog, schema, openapi, page):
    doc = load_json(schema)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert validator_for(doc) is Draft202012Validator
    Draft202012Validator.check_schema(doc)


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_openapi_document_passes_openapi_spec_validator(catalog, schema, openapi, page):
    doc = load_json(openapi)
    assert doc["openapi"].startswith("3.1.")
    validate_openapi(doc)


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_every_example_on_the_page_and_in_openapi_validates(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    page_examples = re.findall(r"```json\n(.*?)\n```", page.read_text(encoding="utf-8"), re.S)
    assert page_examples, f"{page} has no JSON example"
    for text in page_examples:
        assert_valid(v, json.loads(text), f"{page}")
    seen = set()
    for status, response in load_json(openapi)["components"]["responses"].items():
        for code, example in response["content"]["application/json"]["examples"].items():
            assert_valid(v, example["value"], f"{openapi} {status} {code}")
            assert example["value"]["error"]["code"] == code
            assert status == f"Error{cat.types[cat.codes[code]['type']]['status']}"
            seen.add(code)
    assert seen == set(cat.codes)


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_openapi_schemas_are_the_json_schemas(catalog, schema, openapi, page):
    """The OpenAPI components are the JSON Schema's definitions (and the
    envelope, its root), referred to under #/components/schemas/."""
    standalone = load_json(schema)
    components = load_json(openapi)["components"]["schemas"]
    text = json.dumps(components).replace("#/components/schemas/", "#/$defs/")
    components = json.loads(text)
    for definition in components.values():
        definition.pop("externalDocs", None)
    assert {k: v for k, v in components.items() if k != "ErrorEnvelope"} == standalone["$defs"]
    root = {k: v for k, v in standalone.items() if k in ("type", "required", "properties")}
    assert {k: v for k, v in components["ErrorEnvelope"].items() if k != "description"} == root


# --- envelopes built from the catalog, and their mutations ----------------------


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_envelopes_built_from_the_catalog_validate(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    for code in cat.codes:
        assert_valid(v, envelope(cat, code), code)
        assert_valid(v, envelope(cat, code, optional=False), f"{code} without optional fields")
        for name, field in cat.fields(code).items():
            for value in ALSO_VALID[field["type"]]:
                e = envelope(cat, code)
                e["error"]["details"][name] = value
                assert_valid(v, e, f"{code}.{name} = {value!r}")
            if not field["required"]:
                e = envelope(cat, code)
                e["error"]["details"][name] = None
                assert_valid(v, e, f"{code}.{name}: an optional field may be null")
        if cat.param(code) == "optional":
            e = envelope(cat, code)
            e["error"]["param"] = None
            assert_valid(v, e, f"{code}: optional param")


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_a_missing_required_detail_is_rejected(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    checked = 0
    for code in cat.codes:
        required = [n for n, f in cat.fields(code).items() if f["required"]]
        if cat.error_code:
            required.append("error_code")
        for name in required:
            e = envelope(cat, code)
            del e["error"]["details"][name]
            assert_invalid(v, e, f"{code} without details.{name}")
            checked += 1
        if required:
            e = envelope(cat, code)
            e["error"]["details"] = None
            assert_invalid(v, e, f"{code} with null details")
            e["error"]["details"] = ["not", "an", "object"]
            assert_invalid(v, e, f"{code} with array details")
    # Something was checked whenever some code has something required.
    some_required = cat.error_code or any(
        f["required"] for c in cat.codes for f in cat.fields(c).values()
    )
    assert checked > 0 or not some_required


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_every_field_type_rejects_the_json_types_it_does_not_take(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    for code in cat.codes:
        for name, field in cat.fields(code).items():
            ty = field["type"]
            bad = [JSON_TYPES[t] for t in WRONG[ty]] + WRONG_SHAPE.get(ty, [])
            if field["required"]:
                bad.append(None)
            for value in bad:
                e = envelope(cat, code)
                e["error"]["details"][name] = value
                assert_invalid(v, e, f"{code}.{name} ({ty}) = {value!r}")


def test_the_real_catalog_has_every_field_type_and_money_is_never_a_number():
    cat = Catalog(CATALOGS[0][0])
    v = validator(load_json(CATALOGS[0][1]))
    money = [(c, n) for c in cat.codes for n, f in cat.fields(c).items() if f["type"] == "money"]
    assert money
    for code, name in money:
        for number in (412.5, 412, 0, -1.25):
            e = envelope(cat, code)
            e["error"]["details"][name] = number
            assert_invalid(v, e, f"{code}.{name} as a JSON number")
    # The shapes fixture has every field type, optional and required.
    shapes = Catalog(ROOT / "tests" / "fixtures" / "shapes.yaml")
    types = {f["type"] for c in shapes.codes for f in shapes.fields(c).values()}
    assert types == set(VALID)


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_a_known_code_under_another_type_is_rejected(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    for code, spec in cat.codes.items():
        for other in list(cat.types) + ["brand_new_type", ""]:
            if other == spec["type"]:
                continue
            e = envelope(cat, code)
            e["error"]["type"] = other
            assert_invalid(v, e, f"{code} as {other}")


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_the_param_rule_of_each_code_holds(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    for code in cat.codes:
        rule = cat.param(code)
        e = envelope(cat, code)
        if rule == "required":
            e["error"]["param"] = None
            assert_invalid(v, e, f"{code}: required param null")
            del e["error"]["param"]
            assert_invalid(v, e, f"{code}: required param missing")
        elif rule == "none":
            # A later catalog may add a param (a compatible change): the
            # schema must not reject the envelopes of that version.
            e["error"]["param"] = "messages"
            assert_valid(v, e, f"{code}: param set where this catalog has none")
        e = envelope(cat, code)
        e["error"]["param"] = 3
        assert_invalid(v, e, f"{code}: param a number")


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_envelope_fields_are_required_with_their_json_types(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    code = next(iter(cat.codes))
    # A missing request id, wherever it goes missing.
    for path in (("error", "request_id"), ("meta", "request_id"), ("meta",)):
        e = envelope(cat, code)
        target = e
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        assert_invalid(v, e, f"without {'.'.join(path)}")
    for field, wrong in [
        ("type", 1), ("code", None), ("message", None), ("message", 5), ("retryable", "true"),
        ("retryable", None), ("request_id", 12), ("details", "x"),
    ]:
        e = envelope(cat, code)
        e["error"][field] = wrong
        assert_invalid(v, e, f"error.{field} = {wrong!r}")
    for field in ("type", "code", "message", "param", "details", "retryable", "request_id"):
        e = envelope(cat, code)
        del e["error"][field]
        assert_invalid(v, e, f"without error.{field}")
    for top in ([], "x", None, {"error": None, "meta": {"request_id": "r"}}):
        assert_invalid(v, top, "not an envelope")
    # error_code is the code (the retryable flag: see
    # test_retryable_is_pinned_only_where_a_change_would_be_breaking).
    for code in cat.codes:
        if cat.error_code:
            for other in [c for c in cat.codes if c != code][:3] + [code.lower(), 5]:
                e = envelope(cat, code)
                e["error"]["details"]["error_code"] = other
                assert_invalid(v, e, f"{code} with details.error_code {other!r}")


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_what_this_catalog_does_not_know_still_validates(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    newer = {
        "error": {
            "type": "brand_new_type", "code": "NEW_CODE_FROM_2027", "message": "m",
            "param": "tools.2", "details": {"error_code": "NEW_CODE_FROM_2027", "quota": 7, "nested": {"a": [None]}},
            "retryable": True, "request_id": "req_future", "doc_url": "https://x.example",
        },
        "meta": {"request_id": "req_future", "region": "eu"},
        "links": {"status": "https://status.example"},
    }
    assert_valid(v, newer, "unknown code and type")
    for details in (None, {}, {"anything": [1, 2]}):
        e = copy.deepcopy(newer)
        e["error"]["details"] = details
        assert_valid(v, e, f"unknown code with details {details!r}")
    for known_type in cat.types:
        e = copy.deepcopy(newer)
        e["error"]["type"] = known_type
        assert_valid(v, e, f"unknown code under known type {known_type}")
    for code in cat.codes:
        e = envelope(cat, code)
        e["error"]["details"] = dict(e["error"]["details"] or {}, added_in_a_later_version="x")
        e["error"]["trace"] = {"span": 1}
        e["meta"]["served_by"] = 3
        e["extra"] = True
        assert_valid(v, e, f"{code} with fields this catalog does not know")


# --- hostile catalog text ----------------------------------------------------------


def codegen(*args: str) -> str:
    binary = os.environ.get("HASP_CODEGEN_BIN", str(ROOT / "target" / "debug" / "hasp-errors-codegen"))
    if not Path(binary).exists():
        pytest.fail(f"{binary} is missing: cargo build -p hasp-errors-codegen")
    out = subprocess.run([binary, *args], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_hostile_catalog_text_gives_valid_json_a_valid_schema_and_openapi():
    hostile = str(ROOT / "hasp-errors-codegen" / "tests" / "fixtures" / "hostile.yaml")
    schema_text = codegen("json-schema", hostile)
    openapi_text = codegen("openapi", hostile)
    for text in (schema_text, openapi_text):
        # Inert in an HTML page too (a documentation tool's <script> element).
        assert "<" not in text and ">" not in text and "&" not in text
        assert not any(ord(c) < 0x20 and c != "\n" for c in text)
    schema = json.loads(schema_text)
    Draft202012Validator.check_schema(schema)
    validate_openapi(json.loads(openapi_text))
    # The text survives: the hostile summary and description are in there, exactly.
    cat = Catalog(Path(hostile))
    code = cat.codes["VALIDATION_FAILED"]
    assert "<script>alert(1)</script>" in code["description"]
    described = schema["$defs"]["ValidationFailedError"]["description"]
    assert "script" in described and "<script>" not in described
    v = validator(schema)
    for name in cat.codes:
        assert_valid(v, envelope(cat, name), f"hostile {name}")
    for resp in json.loads(openapi_text)["components"]["responses"].values():
        for example in resp["content"]["application/json"]["examples"].values():
            assert_valid(v, example["value"], "hostile example")


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_retryable_is_pinned_only_where_a_change_would_be_breaking(catalog, schema, openapi, page):
    v = validator(load_json(schema))
    cat = Catalog(catalog)
    for code in cat.codes:
        e = envelope(cat, code)
        e["error"]["retryable"] = not cat.retryable(code)
        if cat.retryable(code):
            # Retryable to permanent is breaking: this schema rejects it.
            assert_invalid(v, e, f"{code}: retryable false")
        else:
            # Permanent to retryable is compatible: a later version may send it.
            assert_valid(v, e, f"{code}: retryable true")
        e["error"]["retryable"] = "yes"
        assert_invalid(v, e, f"{code}: retryable a string")


# Wire strings the runtime's value types accept, and ones both the runtime and
# the schema refuse: one list, also checked against the runtime
# (tests/tests/value_shapes.rs).
VALUE_SHAPES = json.loads((ROOT / "tests" / "value_shapes.json").read_text(encoding="utf-8"))


def check_value_shapes(v: Draft202012Validator, catalog: Path, *, asserting_format: bool) -> set[str]:
    """Puts every value shape of tests/value_shapes.json in every details
    field of its type: the accepted ones must validate (but, where `format`
    is asserted, the `format_checker_misses`, which the list holds exactly),
    the refused ones must not. Returns the field types checked."""
    cat = Catalog(catalog)
    seen = set()
    for code in cat.codes:
        for name, field in cat.fields(code).items():
            shapes = VALUE_SHAPES.get(field["type"], {})
            misses = set(shapes.get("format_checker_misses", [])) if asserting_format else set()
            assert misses <= set(shapes.get("accepted", []))
            cases = [(x, x not in misses) for x in shapes.get("accepted", [])]
            cases += [(x, False) for x in shapes.get("refused", [])]
            for value, valid in cases:
                e = envelope(cat, code)
                e["error"]["details"][name] = value
                what = f"{code}.{name} ({field['type']}) = {value!r}"
                (assert_valid if valid else assert_invalid)(v, e, what)
                seen.add(field["type"])
    if catalog.name == "errors.yaml":
        assert {"timestamp", "url", "money"} <= seen
    return seen


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_value_shapes_are_judged_as_the_runtime_judges_them(catalog, schema, openapi, page):
    check_value_shapes(validator(load_json(schema)), catalog, asserting_format=False)


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_value_shapes_hold_where_validators_assert_format(catalog, schema, openapi, page):
    # A client whose validator asserts `format` must still accept every
    # value the runtime sends, but for the RFC 3339 date-times that
    # rfc3339-validator does not know (leap seconds, year 0000).
    check_value_shapes(format_validator(load_json(schema)), catalog, asserting_format=True)


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_run_failed_event_data_is_described(catalog, schema, openapi, page):
    # Streams deliver errors as `error` events (data: the envelope, the
    # schema's root) and `run.failed` events (data: the run object and the
    # `error` object), which $defs/RunFailedEventData describes.
    root = load_json(schema)
    v = validator({"$schema": root["$schema"], "$ref": "#/$defs/RunFailedEventData", "$defs": root["$defs"]})
    cat = Catalog(catalog)
    for code in cat.codes:
        data = {"object": {"id": "run_1", "status": "failed"}, "error": envelope(cat, code)["error"]}
        assert_valid(v, data, f"{code}: run.failed data")
        for broken, what in [
            ({"error": data["error"]}, "without object"),
            ({"object": data["object"]}, "without error"),
            ({**data, "object": [1]}, "object not an object"),
            ({**data, "error": {**data["error"], "type": "not_" + data["error"]["type"]}}, "error under another type"),
        ]:
            assert_invalid(v, broken, f"{code}: run.failed data {what}")
    # The OpenAPI document has the same component.
    assert "RunFailedEventData" in load_json(openapi)["components"]["schemas"]


# --- the OpenAPI responses and headers ------------------------------------------


def openapi_validator(doc, schema) -> Draft202012Validator:
    """A validator for `schema`, a part of the OpenAPI document `doc`, with its
    references to #/components/schemas/ resolved."""
    defs = json.loads(json.dumps(doc["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/"))
    schema = json.loads(json.dumps(schema).replace("#/components/schemas/", "#/$defs/"))
    return validator({**schema, "$defs": defs})


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_each_status_response_takes_its_own_types_only(catalog, schema, openapi, page):
    """Each type has one status, so a response of one status refuses a known
    type (and so a known code) of another; unknown types and codes, from a
    later catalog, are valid under any status."""
    doc = load_json(openapi)
    cat = Catalog(catalog)
    responses = doc["components"]["responses"]
    checked = 0
    for status_name, response in responses.items():
        v = openapi_validator(doc, response["content"]["application/json"]["schema"])
        for code in cat.codes:
            status = f"Error{cat.types[cat.codes[code]['type']]['status']}"
            e = envelope(cat, code)
            if status == status_name:
                assert_valid(v, e, f"{code} as {status_name}")
            else:
                assert_invalid(v, e, f"{code} ({status}) as {status_name}")
                checked += 1
            unknown = copy.deepcopy(e)
            unknown["error"]["code"] = "A_CODE_FROM_A_LATER_CATALOG"
            unknown["error"]["type"] = "a_type_from_a_later_catalog"
            if isinstance(unknown["error"].get("details"), dict) and "error_code" in unknown["error"]["details"]:
                unknown["error"]["details"]["error_code"] = "A_CODE_FROM_A_LATER_CATALOG"
            assert_valid(v, unknown, f"an unknown code as {status_name}")
    assert checked or len(responses) == 1


REQUEST_IDS = json.loads((ROOT / "tests" / "request_ids.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("catalog", "schema", "openapi", "page"), CATALOGS, ids=IDS)
def test_request_id_header_schema_is_the_runtimes_rule(catalog, schema, openapi, page):
    """tests/request_ids.json: ids the runtime sends as a header, and ids it
    leaves out (checked against the runtime by hasp-errors/tests/facts_agree.rs)."""
    doc = load_json(openapi)
    v = openapi_validator(doc, doc["components"]["headers"]["RequestId"]["schema"])
    for rid in REQUEST_IDS["sent"]:
        assert_valid(v, rid, "sent")
    for rid in REQUEST_IDS["left_out"]:
        assert_invalid(v, rid, "left out")
    assert len(REQUEST_IDS["sent"]) > 5 and len(REQUEST_IDS["left_out"]) > 5
