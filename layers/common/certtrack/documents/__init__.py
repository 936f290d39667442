"""PDF documents: score reports (and certificates)."""
