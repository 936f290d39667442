"""Personal information: profile, mailing address, settings, external IDs (guide §2)."""
