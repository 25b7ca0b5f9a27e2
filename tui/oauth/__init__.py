"""The OAuth browser flow: state and PKCE, the authorize URL, the loopback callback listener,
paste-back, the browser policy and the token exchange. Never imports Textual."""
