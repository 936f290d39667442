"""Sign-up, confirmation, login and refresh over the identity provider (guide §1)."""
