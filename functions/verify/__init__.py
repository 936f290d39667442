"""Public verification of what candidates share: certificates (later transcripts and badges)."""
