"""Daily job: reminders for certifications expiring in 180, 90, 60, 30, 7 and 1 days, and notices
for those that expired that day. Reads go through the expiration index only, so the job's cost
grows with that day's expirations, never with the number of candidates."""

from certtrack import jobs
from reminders import service

handler = jobs.scheduled("reminders", service.run, counts={"RemindersQueued": "queued"})
