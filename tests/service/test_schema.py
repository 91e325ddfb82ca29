"""A schema-driven run (schemathesis) against the real app: every answer must be one the
OpenAPI document promises, every request the document allows must be accepted, and
every request it forbids refused.

A short run here; a longer one:
``BOUNCEKIT_SCHEMA_EXAMPLES=2000 .venv/bin/python -m pytest tests/service/test_schema.py``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

from bouncekit.service import create_app
from bouncekit.store import Store

_FOLDER = Path(tempfile.mkdtemp(prefix="bouncekit-schema-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_STORE = Store.open(f"sqlite:///{_FOLDER / 'db.sqlite3'}")
_KEY = _STORE.create_key("schemathesis")
#: Examples per operation and phase.
EXAMPLES = int(os.environ.get("BOUNCEKIT_SCHEMA_EXAMPLES", "40"))
AUTH = {"Authorization": f"Bearer {_KEY}"}
# A raw message goes on the wire as the octets of its text, as text/plain does.
schemathesis.serializer.alias("message/rfc822", "text/plain")
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_STORE, key_ttl=60))


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_the_promises_of_its_schema(case) -> None:
    response = case.call(headers=AUTH)
    excluded = []
    if case.operation.path == "/v1/messages" and not isinstance(case.body, str | bytes):
        # A raw message is octets: a body of another JSON type goes out as its JSON text,
        # which is octets like any other, so there is nothing on the wire to reject.
        excluded.append(negative_data_rejection)
    elif only_query_was_made_invalid(case) and query_on_the_wire_is_valid(case, response):
        # Query mutations that vanish on the wire: an extra parameter with no value is not
        # sent, and a list of one value is sent as that value. What the server got is valid.
        excluded.append(negative_data_rejection)
    case.validate_response(response, headers=AUTH, excluded_checks=excluded)


def only_query_was_made_invalid(case) -> bool:
    # The header mutation schemathesis adds (no Authorization) is undone: every call has the key.
    negative = {location for location, info in case.meta.components.items() if info.mode.is_negative}
    return case.meta.generation.mode.is_negative and negative <= {ParameterLocation.QUERY,
                                                                  ParameterLocation.HEADER}


def query_on_the_wire_is_valid(case, response) -> bool:
    """Only declared parameters, each once. (Their values are strings on the wire either way;
    values a route refuses are tested one by one in test_app.py.)"""
    sent = [name for name, _ in parse_qsl(urlsplit(response.request.url).query, keep_blank_values=True)]
    declared = {parameter.name for parameter in case.operation.query}
    return len(sent) == len(set(sent)) and set(sent) <= declared
