"""The daily expiration-reminders job."""
