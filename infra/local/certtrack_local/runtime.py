"""Starts the embedded AWS, creates the template's resources, and puts the local stage's
environment into `os.environ` before any feature is imported (Chalice's local server does not)."""

import json
import os
import socket
from dataclasses import dataclass, field
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from certtrack_local import atomic, resources

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_SESSION_TOKEN": "local"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stage_environment(stage: str = "local") -> dict[str, str]:
    config = json.loads((resources.ROOT / "chalice.json").read_text())
    env = config["stages"][stage].get("environment_variables", {})
    return {k: v for k, v in env.items() if not k.startswith("_")}


@dataclass
class EmbeddedAws:
    """moto's server on a free loopback port, and the resources of the template on it."""

    endpoint: str = ""
    physical: dict[str, str] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    _server: ThreadedMotoServer | None = None

    def start(self) -> "EmbeddedAws":
        atomic.install()
        port = free_port()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        self._server.start()
        self.endpoint = f"http://127.0.0.1:{port}"
        env = {**stage_environment(), **CREDENTIALS, "AWS_ENDPOINT_URL": self.endpoint}
        os.environ.update(env)
        session = boto3.session.Session(region_name=env["AWS_REGION"])
        self.physical = resources.create(session)
        env.update(self.resource_environment())
        os.environ.update(env)
        self.environment = env
        return self

    def resource_environment(self) -> dict[str, str]:
        return resources.function_environment(self.physical)

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def session() -> Any:
    return boto3.session.Session(region_name=os.environ.get("AWS_REGION", "us-east-1"))
