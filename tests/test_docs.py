"""The docs are checked: every command, option and setting is documented."""

from __future__ import annotations

import re

import typer

from hisab.cli import app
from hisab.settings import Settings
from tests.conftest import REPO


def test_every_cli_command_and_option_is_documented() -> None:
    doc = (REPO / "docs" / "cli.md").read_text()
    root = typer.main.get_command(app)
    commands = getattr(root, "commands", {})
    assert commands, "the CLI has no commands"
    for param in root.params:
        for opt in param.opts:
            if opt != "--help":
                assert f"`{opt}`" in doc, f"global option {opt} is not in docs/cli.md"
    for name, command in commands.items():
        assert f"## `hisab {name}" in doc, f"command {name} has no section in docs/cli.md"
        section = doc.split(f"## `hisab {name}", 1)[1].split("\n## ", 1)[0]
        for param in command.params:
            if param.param_type_name == "option":
                for opt in param.opts:
                    if opt.startswith("--") and opt != "--help":
                        assert f"`{opt}`" in section, f"{name} {opt} is not documented in docs/cli.md"


def test_every_setting_is_documented() -> None:
    doc = (REPO / "docs" / "settings.md").read_text()
    for name in Settings.model_fields:
        assert f"`HISAB_{name.upper()}`" in doc, f"setting {name} is not in docs/settings.md"


def test_readme_starts_with_the_setup_commands() -> None:
    readme = (REPO / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first_block is not None, "README has no shell block"
    assert "make demo" in first_block.group(1) and "make test" in first_block.group(1)


def test_the_documented_default_threshold_is_the_algorithms() -> None:
    from hisab.match.algorithm import default_algorithm

    threshold = f"{default_algorithm().threshold:.2f}"
    cli = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    matching = (REPO / "docs" / "matching.md").read_text(encoding="utf-8")
    assert f"the algorithm's, {threshold}" in cli
    assert f"**default threshold, {threshold}**" in matching
