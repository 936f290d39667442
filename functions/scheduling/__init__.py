"""Exam scheduling, vouchers, payments and receipts (guide §10)."""
