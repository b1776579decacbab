"""Stage 8, across reports once they are all read: text reused from earlier reports and from
other agencies (reuse.py, settings in reuse.yml). The year-over-year rules are checks
(govparse/checks/cross_year.py); what changed against an agency's nearest earlier report and
who published are derived tables of the database (publish/schema.py, publish/across.py)."""
