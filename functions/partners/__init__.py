"""Partner systems post exam results and CE credits here (signed, idempotent)."""
