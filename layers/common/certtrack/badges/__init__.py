"""Digital badges: Open Badges 3.0 credentials signed as VC-JWTs, revocable through a Bitstring
Status List, baked into PNG and SVG artwork."""
