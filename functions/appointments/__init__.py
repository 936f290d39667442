"""Around an appointment: the daily reminders and no-shows, and a partner result that completes it."""
