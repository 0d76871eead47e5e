"""The SP4N-LAPOR! connector: reports the national system routes to the region come in
without retyping, and the region's dispositions, answers and closings go back, once each.
adapter.py speaks to the national API (pluggable: LAPOR_SP4N_ADAPTER), mapping.py holds the
one field table, sync.py runs an import and records it. docs/sp4n.md is the region
developer's guide."""
