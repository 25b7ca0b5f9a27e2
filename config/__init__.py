"""The configuration model of ipaas-auth: profiles, secrets, OAuth URL templates, presets.

Nothing here imports Textual or speaks HTTP, so the command line, the console and the tests
share one model.
"""
