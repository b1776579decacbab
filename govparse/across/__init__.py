"""What is found across reports once they are all read: text reused from earlier reports
and from other agencies (reuse.py), changes against an agency's nearest earlier report
(changes.py), who published and who did not (coverage.py)."""
