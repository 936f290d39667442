"""Exam scheduling (guide §10): the testing network as catalog data, the programme's scheduling
rules, money, and the payment adapter. Shared by the scheduling routes and its daily job."""
