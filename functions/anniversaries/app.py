"""Daily job: candidates whose first certification turns 25 today get the anniversary benefit."""

from certtrack import benefits, jobs

handler = jobs.scheduled("anniversaries", benefits.anniversaries, counts={"AnniversaryBenefitsGranted": "granted"})
