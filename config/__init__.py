"""The configuration model of ipaas-auth: profiles, secrets, OAuth URL templates, presets.

Nothing here imports Textual or speaks HTTP, so the command line, the console and the tests
share one model.
"""

# What tells this package from any other named `config` found first on the Python path
# (tui/shadowing.py checks it at start).
IPAAS_AUTH_CONFIG = True
