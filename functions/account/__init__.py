"""The signed-in account: who am I, is my profile complete, support cases (guide §1)."""
