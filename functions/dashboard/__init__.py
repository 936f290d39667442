"""The landing page: announcements, recent activity, upcoming expirations (guide §3)."""
