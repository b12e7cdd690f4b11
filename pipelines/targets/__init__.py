"""KPI targets (METRICS.md "KPI targets"): what leadership aims for per KPI and month.

- scoring.py: attainment, status and the current month's projection (pure arithmetic);
- scorecard.py: a month's KPIs against their targets, and the 12 months before;
- reads.py / store.py: targets, their change log and the monthly commentary in the warehouse
  (reads through named queries, writes through writable_copy);
- csv_io.py: targets as CSV, for spreadsheets;
- clock.py: "today", replaceable in tests.
"""
