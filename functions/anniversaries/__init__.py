"""The daily 25-year-anniversary job."""
