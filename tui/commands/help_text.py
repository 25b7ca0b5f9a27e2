"""What `--help` says beyond each option: the examples of every command, and the top level's
promise (no command opens the console), environment variables and exit codes.

The two tables are declared once, here: the top-level help prints them, and docs/scripts.md
shows them as Markdown (`markdown_table`; a test keeps the page the same). Standard library only,
imported when a parser is built.
"""

from __future__ import annotations

import textwrap

from tui.commands import CONFLICT, FAILURE, LOGIN_NEEDED, NO_PERMISSION, OK, USAGE

# (code, meaning): what a script can rely on.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (OK, "ok"),
    (FAILURE, "failure"),
    (USAGE, "usage error"),
    (LOGIN_NEEDED, "a log-in, a company choice or consent is needed"),
    (CONFLICT, "conflict with a change made on iPaaS.com"),
    (NO_PERMISSION, "no permission"),
    (130, "interrupted (Ctrl+C)"),
    (141, "the reader went away (`| head`)"),
)

# (variables, what, where the docs say more: a Markdown link, shown in docs/scripts.md only).
ENVIRONMENT: tuple[tuple[str, str, str], ...] = (
    (
        "IPAAS_AUTH_HOME",
        "one directory for every file, instead of the platform's",
        "[Profiles](profiles.md#where-the-files-are)",
    ),
    ("IPAAS_AUTH_PROFILE", "the profile to use when `--profile` is not given", ""),
    (
        "IPAAS_AUTH_PASSWORD, IPAAS_AUTH_API_KEY",
        "log in without a stored secret (never stored)",
        "",
    ),
    ("IPAAS_AUTH_DEBUG=1", "as `--debug`", "[Troubleshooting](troubleshooting.md#--debug)"),
    (
        "IPAAS_AUTH_SSH_HOST",
        "the host (or `-J jump alias`) the `ssh -L` hint names, as you reach this machine",
        "[Authenticate](authenticate.md#where-the-browser-opens)",
    ),
    (
        "IPAAS_AUTH_SANDBOX_LATENCY",
        "milliseconds every answer of the console's own sandbox waits (benches)",
        "[Development](development.md#round-trips-to-ipaascom)",
    ),
    (
        "IPAAS_AUTH_SANDBOX_CUSTOM_FIELDS, IPAAS_AUTH_SANDBOX_INTEGRATORS_READ",
        "the console's own sandbox's settings",
        "[The sandbox](sandbox.md#the-worst-real-case)",
    ),
    ("BROWSER", "the browser to open; `false` opens none", ""),
    ("PYTHON_KEYRING_BACKEND", "the keyring to use", ""),
    (
        "HTTPS_PROXY, HTTP_PROXY, NO_PROXY, SSL_CERT_FILE, SSL_CERT_DIR",
        "proxies and certificate authorities",
        "[Corporate networks](troubleshooting.md#corporate-networks)",
    ),
)

TOP_DESCRIPTION = (
    "Set up Zoho Commerce internal authentication on iPaaS.com from a keyboard.\n\n"
    "`ipaas-auth` alone (or with only --profile, --sandbox, --debug) opens the console. No\n"
    "command opens it: a command runs, prints text or one JSON document (--json), and exits,\n"
    "so scripts and SSH sessions never land in a full-screen program. --profile, --json and\n"
    "--debug go before or after the command's name."
)


def _rows(rows: list[tuple[str, str]], width: int = 24) -> str:
    """Two columns as argparse sets its options: a long name gets its own line."""
    lines = []
    for name, what in rows:
        if len(name) <= width - 4:
            lines.append(f"  {name:<{width - 2}}{what}")
        else:
            lines += [f"  {name}", f"{'':<{width}}{what}"]
    return "\n".join(lines)


def top_epilog() -> str:
    """The top-level help's end: examples, the environment variables, the exit codes."""
    variables = [(name, what.replace("`", "")) for name, what, _ in ENVIRONMENT]
    codes = [(str(code), what.replace("`", "")) for code, what in EXIT_CODES]
    return (
        f"{examples('')}\n\n"
        f"environment variables:\n{_rows(variables)}\n\n"
        f"exit codes:\n{_rows(codes, 8)}\n\n"
        "Each command's --help has examples; `ipaas-auth completion bash` (zsh, fish, powershell)\n"
        "completes profile, integration and subscription names."
    )


def _cell(text: str) -> str:
    """A Markdown table cell: a `|` in it escaped."""
    return text.replace("|", "\\|")


def markdown_table(table: str) -> str:
    """`exit codes` or `environment`, as docs/scripts.md shows it."""
    if table == "exit codes":
        lines = ["| exit | meaning |", "|---|---|"]
        lines += [f"| `{code}` | {_cell(what)} |" for code, what in EXIT_CODES]
    else:
        lines = ["| variable | what |", "|---|---|"]
        for names, what, see in ENVIRONMENT:
            shown = ", ".join(f"`{name.strip()}`" for name in names.split(","))
            lines.append(f"| {shown} | {_cell(what)}{f' (see {see})' if see else ''} |")
    return "\n".join(lines)


# Each command's examples, by its words after `ipaas-auth` ("" is the top level). A test parses
# every line that starts with `ipaas-auth`, so none can go stale.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "ipaas-auth                                 # the console (the default profile)",
        "ipaas-auth --sandbox                       # the console on the built-in sandbox",
        "ipaas-auth status --profile prod --json    # a command: prints, exits",
        "ipaas-auth --profile prod token 'Demo Store'",
    ),
    "status": ("ipaas-auth status", "ipaas-auth status --profile prod --json"),
    "integrations": (
        "ipaas-auth integrations --filter zoho",
        "ipaas-auth integrations --json | jq -r '.[].name'",
    ),
    "subscriptions": (
        "ipaas-auth subscriptions --filter 'Demo Store'",
        "ipaas-auth --profile prod subscriptions --json",
    ),
    "version": (
        "ipaas-auth version show 'Zoho Commerce'",
        "ipaas-auth version apply 'Zoho Commerce' --preset zoho-commerce --dry-run",
        "ipaas-auth version export 'Zoho Commerce' > setup.toml",
    ),
    "version show": (
        "ipaas-auth version show 'Zoho Commerce'",
        "ipaas-auth version show 'Zoho Commerce' --version 2 --json",
    ),
    "version apply": (
        "ipaas-auth version apply 'Zoho Commerce' --preset zoho-commerce --dry-run",
        "ipaas-auth version apply 'Zoho Commerce' --preset recommended --yes",
        "ipaas-auth --profile prod version apply 'Zoho Commerce' --from setup.toml",
    ),
    "version export": (
        "ipaas-auth --profile staging version export 'Zoho Commerce' > setup.toml",
        "ipaas-auth version export 'Zoho Commerce' --json",
    ),
    "authenticate": (
        "ipaas-auth authenticate 'Demo Store'",
        "ipaas-auth authenticate 'Demo Store' --no-browser --timeout 600   # over SSH",
    ),
    "tokens": (
        "ipaas-auth tokens 'Demo Store'",
        "ipaas-auth tokens refresh 'Demo Store'",
        "ipaas-auth tokens revoke 'Demo Store' --yes",
        "ipaas-auth tokens --all --verify --json",
    ),
    "token": (
        "ipaas-auth token 'Demo Store'",
        "curl -H \"Authorization: Zoho-oauthtoken $(ipaas-auth token 'Demo Store')\" …",
    ),
    "doctor": (
        "ipaas-auth doctor",
        "ipaas-auth doctor --profile prod --subscription 'Demo Store'",
        "ipaas-auth doctor --check-writes 'Zoho Commerce'",
    ),
    "history": ("ipaas-auth history --limit 10", "ipaas-auth history --profile prod --json"),
    "undo": ("ipaas-auth undo --dry-run", "ipaas-auth undo ID --yes"),
    "profiles": (
        "ipaas-auth profiles list",
        "ipaas-auth profiles set acme environment=staging email=me@example.com",
        "ipaas-auth profiles show acme > acme.toml",
    ),
    "profiles list": ("ipaas-auth profiles list", "ipaas-auth profiles list --json"),
    "profiles show": (
        "ipaas-auth profiles show acme          # TOML",
        "ipaas-auth --profile acme profiles show --json",
    ),
    "profiles set": (
        "ipaas-auth profiles set acme environment=staging email=me@example.com",
        "ipaas-auth profiles set acme callback_port=   # back to the default",
    ),
    "profiles remove": ("ipaas-auth profiles remove acme",),
    "profiles default": ("ipaas-auth profiles default acme",),
    "profiles keys": ("ipaas-auth profiles keys", "ipaas-auth profiles keys --json"),
    "login": (
        "ipaas-auth login acme                  # asks for the password",
        "printf '%s\\n' \"$KEY\" | ipaas-auth login acme --api-key",
    ),
    "logout": ("ipaas-auth logout acme",),
    "sandbox": (
        "ipaas-auth sandbox --port 8900",
        "ipaas-auth sandbox --token-lifetime 60 --dc eu",
    ),
    "completion": (
        "source <(ipaas-auth completion bash)                # in ~/.bashrc",
        "ipaas-auth completion zsh > ~/.zfunc/_ipaas-auth    # with fpath+=(~/.zfunc)",
        "ipaas-auth completion fish > ~/.config/fish/completions/ipaas-auth.fish",
        "ipaas-auth completion powershell | Out-String | Invoke-Expression",
    ),
}


def examples(command: str) -> str:
    """The `examples:` paragraph of `ipaas-auth COMMAND --help`."""
    return "examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[command])


def sentence(help: str) -> str:
    """A one-line help as a description: a capital, a full stop, wrapped at 80 columns (the
    raw formatter keeps the examples' lines as written, so it wraps nothing itself)."""
    return textwrap.fill(help[0].upper() + help[1:] + ".", 80)


def profile_keys_epilog() -> str:
    from config.profile_keys import PROFILE_KEYS

    return textwrap.fill(
        f"KEY is one of: {', '.join(PROFILE_KEYS)}. "
        "`ipaas-auth profiles keys` says what each means, its default, and the endpoints a "
        "profile may override.",
        80,
    )
