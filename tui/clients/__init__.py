"""HTTP clients for iPaaS.com and Zoho. Never imports Textual: usable from scripts and tests."""
