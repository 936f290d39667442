"""Back office: support cases and account mapping (and, later, announcements and challenges)."""
