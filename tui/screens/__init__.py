"""The console's screens, one a module."""
