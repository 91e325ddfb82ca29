"""compose.yaml: no Docker engine runs here, so the file is checked as far as can be
without one: it parses, every bouncekit service runs a command the CLI accepts with the
options given, and they all share one environment."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import yaml

from bouncekit.cli import main

COMPOSE = Path(__file__).resolve().parent.parent / "compose.yaml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_services(compose: dict) -> None:
    assert set(compose["services"]) == {"rabbitmq", "postgres", "service", "smtpd", "worker"}
    for name in ("rabbitmq", "postgres"):
        assert compose["services"][name]["healthcheck"]["test"][0] == "CMD"
    assert compose["services"]["worker"]["deploy"]["replicas"] == "${BOUNCEKIT_WORKERS:-2}"


@pytest.mark.parametrize("name", ["service", "smtpd", "worker"])
def test_each_bouncekit_service_runs_a_command_the_cli_accepts(compose: dict, name: str) -> None:
    service = compose["services"][name]
    assert service["environment"]["BOUNCEKIT_BROKER_URL"] == "amqp://bouncekit:bouncekit@rabbitmq:5672//"
    assert service["environment"]["BOUNCEKIT_DATABASE_URL"].startswith("postgresql://bouncekit:")
    assert service["depends_on"] == {"rabbitmq": {"condition": "service_healthy"},
                                     "postgres": {"condition": "service_healthy"}}
    command, *args = service["command"]
    sub = main.commands[command]
    context = sub.make_context(command, list(args), resilient_parsing=False)  # raises on a bad option
    assert isinstance(context, click.Context)
