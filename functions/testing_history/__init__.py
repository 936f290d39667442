"""Testing history: exam results, practical exams, score reports and challenges (guide §6)."""
