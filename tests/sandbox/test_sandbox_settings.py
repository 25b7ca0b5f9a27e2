"""The sandbox's evidence settings, from the `sandbox` command's flags and, for the console's own
sandbox, from the environment: they default to the evidence (tui/sandbox/evidence.py), and a
wrong value is an error that names the fix."""

from __future__ import annotations

import pytest

from config.errors import ConfigError
from tui.sandbox.settings import SandboxSettingError, options_from_env


def test_the_sandbox_command_flags_default_to_the_evidence() -> None:
    from tui.__main__ import build_parser

    parser = build_parser()
    defaults = parser.parse_args(["sandbox"])
    assert (defaults.custom_fields, defaults.integrators_read) == ("dict", "on")
    chosen = parser.parse_args(["sandbox", "--custom-fields", "list", "--integrators-read", "off"])
    assert (chosen.custom_fields, chosen.integrators_read) == ("list", "off")
    for wrong in (["--integrators-read", "no"], ["--custom-fields", "tuple"]):
        with pytest.raises(SystemExit):
            parser.parse_args(["sandbox", *wrong])


def test_the_environment_sets_the_consoles_own_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.connection import open_target, sandbox_profile

    assert options_from_env({}) == {
        "custom_fields": "dict",
        "integrators_read": True,
        "latency": 0.0,
    }
    monkeypatch.setenv("IPAAS_AUTH_SANDBOX_INTEGRATORS_READ", "off")
    monkeypatch.setenv("IPAAS_AUTH_SANDBOX_CUSTOM_FIELDS", "List")
    target = open_target(sandbox_profile())
    try:
        assert target.sandbox is not None
        assert target.sandbox.ipaas.integrators_read is False
        assert target.sandbox.ipaas.data.fields_shape == "list"
    finally:
        target.close()


def test_a_wrong_environment_value_is_a_config_error_naming_the_fix() -> None:
    env = {"IPAAS_AUTH_SANDBOX_INTEGRATORS_READ": "maybe"}
    with pytest.raises(SandboxSettingError) as caught:
        options_from_env(env)
    assert isinstance(caught.value, ConfigError)  # the console shows it instead of crashing
    assert str(caught.value) == (
        "IPAAS_AUTH_SANDBOX_INTEGRATORS_READ='maybe' is not a sandbox setting: use on or off, "
        "or unset it for on."
    )
