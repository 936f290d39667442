"""The stored item kinds of the single table, one model each, with the key that finds it: one module
per group of kinds, so that a function imports the models it uses and no others (cold start).

Field names are the attribute names already stored, so reading old items needs no migration;
`extra="ignore"` lets an item carry attributes a model does not name (keys, GSI keys, `type`,
digests) and lets new attributes arrive before their readers. Values that DynamoDB stores as
ISO strings stay strings: they sort and compare as stored, and API models parse them to dates.
Keys themselves are built in `certtrack.keys`; each `key_of` only pairs them up.
"""
