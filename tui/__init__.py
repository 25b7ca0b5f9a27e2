"""ipaas-auth's console and command line. Screens live in `tui.screens`; code that speaks HTTP
(`tui.clients`, `tui.oauth`, `tui.sandbox`) never imports Textual."""
